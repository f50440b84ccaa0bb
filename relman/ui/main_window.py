"""The main window: sidebar, pages, menus, status bar. It assembles; it does not query.

Pages are created the first time they are shown, after the window's first paint, so that
start-up pays for the shell only; the data model and the dashboard load on a worker while
the window appears. Database work goes through ``ctx.runner``; pages reload themselves on
``runner.changed``.
"""

from __future__ import annotations

import gc
import importlib
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
)
from sqlalchemy.orm import Session

from relman import __version__
from relman.storage import Database
from relman.ui import actions as actions_module
from relman.ui import banner, file_ops, icons, identity
from relman.ui.context import AppContext
from relman.ui.pages.base import Page
from relman.ui.runner import Changes, Runner
from relman.ui.settings import Settings

if TYPE_CHECKING:  # the data model loads on a worker after the first paint
    from relman.workflows.staff import Identity

# sidebar key, title, record kinds it opens; page ``key`` is ``PAGE`` in relman/ui/pages/key.py
PAGES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("dashboard", "Dashboard", ()),
    ("units", "Business units", ("unit",)),
    ("contacts", "Contacts", ("contact",)),
    ("services", "Services", ("service",)),
    ("staff", "Staff", ("staff",)),
    ("interviews", "Interviews", ("interview",)),
    ("expectations", "Expectations", ("expectation",)),
    ("escalations", "Escalations", ("escalation",)),
    ("meetings", "Meetings", ("meeting",)),
    ("actions", "Action items", ("action_item",)),
    ("satisfaction", "Satisfaction", ("survey", "support_issue")),
    ("scripts", "Scripts", ("script",)),
    ("reports", "Reports", ()),
)

PREFETCH = ("contacts", "units")
PREFETCH_DELAY_MS = 400


def load_core(who: Callable[[Session], object]) -> Callable[[Session], object]:
    """A job that imports the models and the queries of the first pages (on a worker),
    then reads who is working (``who``, from :func:`relman.ui.identity.reader`)."""

    def load(session: Session) -> object:
        import relman.workflows.contacts
        import relman.workflows.dashboard
        import relman.workflows.portfolio  # noqa: F401

        return who(session)

    return load


def database_is_empty(session: Session) -> bool:
    from relman.workflows.staff import list_staff

    return not list_staff(session)


def make_page(ctx: AppContext, key: str) -> Page:
    """Page ``key``: the ``PAGE`` class of ``relman.ui.pages.<key>`` (every sidebar entry
    has one)."""
    return importlib.import_module(f"relman.ui.pages.{key}").PAGE(ctx)


class MainWindow(QMainWindow):
    def __init__(self, db: Database, settings: Settings | None = None) -> None:
        super().__init__()
        undo = QUndoStack(self)
        self.ctx = AppContext(db, Runner(db, self), settings or Settings(), undo)
        self.setWindowTitle(f"{db.path.name if db.path else db.name} — relman")
        self.setWindowIcon(icons.app_icon())
        self.actions = actions_module.build(
            self, undo.createUndoAction(self, "&Undo"), undo.createRedoAction(self, "&Redo")
        )
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setStyleSheet("QListWidget#sidebar::item { padding: 5px 8px; }")
        self.stack = QStackedWidget()
        self.pages: dict[str, Page] = {}
        for index, (key, title, _kinds) in enumerate(PAGES):
            self.sidebar.addItem(QListWidgetItem(icons.page_icon(key), title))
            view = self.actions.view_menu.addAction(title)
            view.setShortcut(QKeySequence(f"Ctrl+{index + 1}") if index < 9 else QKeySequence())
            view.triggered.connect(lambda _c=False, k=key: self.show_page(k))
        self.sidebar.currentRowChanged.connect(lambda row: self.show_page(PAGES[row][0]))
        self.splitter = QSplitter()
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.setCollapsible(1, False)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([180, 1000])
        self.setCentralWidget(self.splitter)
        self.banner = banner.attach(self)  # says so when the file is read-only or damaged
        # "Working…" sits beside the file's name, so a reload never wipes a message shown
        self.working, self.status = QLabel("Working…"), QLabel(db.name)
        self.working.hide()
        self.statusBar().addPermanentWidget(self.working)
        self.statusBar().addPermanentWidget(self.status)
        self.ctx.runner.busy_changed.connect(self.working.setVisible)
        self.ctx.runner.not_undoable.connect(lambda why: self.statusBar().showMessage(why, 8000))
        self.ctx.navigator.open_record.connect(self.open_record)
        self.ctx.navigator.me_changed.connect(lambda _me: identity.refresh(self))
        self._connect_actions()
        self._restore_state()
        if db.path is not None:
            self.ctx.settings.add_recent_file(str(db.path))
        file_ops.fill_recent(self)
        self._painted = False

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._after_first_paint)
        return super().event(event)

    def _after_first_paint(self) -> None:
        """Load what the window shows once it is on screen: start-up paints the shell only.
        The data model is imported on a worker, so that the window keeps answering."""
        self.ctx.runner.read(load_core(identity.reader(self.ctx)), self._core_loaded)

    def _core_loaded(self, known: Identity) -> None:
        banner.verify_later(self)  # once the first connection has set the file up
        if not self.pages:  # unless a page was asked for already
            self.show_page(self._first_page)
        identity.settle(self, known)  # asks who you are if you have not said on this file
        QTimer.singleShot(0, self._offer_demo_if_empty)
        self._install_after_load()
        QTimer.singleShot(PREFETCH_DELAY_MS, self._prefetch)

    def _install_after_load(self) -> None:
        """What needs the data model, once the worker has imported it: File → Import and
        export, and the offer to resume an interview broken off."""
        from relman.ui import exchange
        from relman.ui.interview import resume

        if not self.actions.exchange_menu.actions():
            exchange.install(self)
        QTimer.singleShot(0, lambda: resume.offer_resume(self))
        # What is loaded now lives as long as the window: the collector need not walk it
        # again on every full pass, which otherwise stalls the window while lists load.
        gc.freeze()

    def _connect_actions(self) -> None:
        a = self.actions
        for action, slot in (
            (a.new_db, file_ops.new_database),
            (a.open_db, file_ops.open_database),
            (a.backup, file_ops.back_up),
            (a.restore, file_ops.restore),
            (a.show_data, file_ops.show_data_folder),
            (a.show_log, file_ops.show_log),
        ):
            action.triggered.connect(lambda _c=False, f=slot: f(self))
        a.quit.triggered.connect(self.close)
        a.find.triggered.connect(self.find)
        a.about.triggered.connect(self.about)
        a.toggle_sidebar.toggled.connect(self.sidebar.setVisible)

    def _restore_state(self) -> None:
        settings = self.ctx.settings
        if settings.geometry is None or not self.restoreGeometry(settings.geometry):
            self.resize(1200, 760)
        if settings.window_state is not None:
            self.restoreState(settings.window_state)
        saved = settings.splitter("main")
        if saved is not None:
            self.splitter.restoreState(saved)
        keys = [p[0] for p in PAGES]
        last = settings.last_page if settings.last_page in keys else "dashboard"
        self._first_page = last
        self.sidebar.blockSignals(True)  # the page itself is made after the first paint
        self.sidebar.setCurrentRow(keys.index(last))
        self.sidebar.blockSignals(False)

    # -- pages -----------------------------------------------------------------------------
    def _prefetch(self) -> None:
        """Load the big lists in the background once the window is idle, so that the first
        visit shows them at once instead of waiting for a query over thousands of rows."""
        for key in PREFETCH:
            if key not in self.pages:
                self.page(key).activate()

    def page(self, key: str) -> Page:
        if key not in self.pages:
            self.pages[key] = make_page(self.ctx, key)
            self.stack.addWidget(self.pages[key])
        return self.pages[key]

    def show_page(self, key: str) -> Page:
        page = self.page(key)
        self.stack.setCurrentWidget(page)
        row = [p[0] for p in PAGES].index(key)
        if self.sidebar.currentRow() != row:
            self.sidebar.setCurrentRow(row)
        self.ctx.settings.last_page = key
        page.activate()
        return page

    def open_record(self, kind: str, record_id: uuid.UUID) -> None:
        key = next((p for p, _t, kinds in PAGES if kind in kinds), None)
        if key is None:
            return
        page = self.show_page(key)
        if hasattr(page, "open_kind"):
            page.open_kind(kind, record_id)  # type: ignore[attr-defined]
        else:
            page.open_record(record_id)

    def find(self) -> None:
        from relman.ui.dialogs.search import SearchDialog

        self.search_dialog = SearchDialog.ask(self.ctx, self)

    # -- the database ----------------------------------------------------------------------
    def _offer_demo_if_empty(self) -> None:
        self.ctx.runner.read(database_is_empty, self._maybe_demo)

    def _maybe_demo(self, empty: bool) -> None:
        if not empty or self.ctx.runner.refusal or QApplication.platformName() == "offscreen":
            return
        answer = QMessageBox.question(
            self,
            "An empty database",
            "This database is empty. Fill it with the demo company, Jeans-R-Us, to look around?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.build_demo()

    def build_demo(self) -> None:
        from relman.demo import DemoSummary, build_demo

        def built(summary: DemoSummary) -> None:
            # The demo writes through its own sessions: say what it filled, as a job would.
            filled = frozenset(table for table, rows in summary.counts.items() if rows)
            self.ctx.runner.changed.emit(Changes(filled, frozenset()))
            identity.refresh(self, ask=True)  # the demo's people are there to choose from

        self.ctx.runner.long(
            lambda _s, job: build_demo(self.ctx.db, "small", progress=job.progress),
            built,
            label="Building the demo company…",
        )

    def switch_to(self, path: Path, *, force: bool = False, chosen_new: bool = False) -> None:
        file_ops.switch_to(self, path, force=force, chosen_new=chosen_new)

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About relman",
            f"<b>relman {__version__}</b><p>Relationship management for IT departments: "
            "portfolios, key customers, interviews, expectations and escalations.</p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = self.ctx.settings
        settings.geometry = self.saveGeometry()
        settings.window_state = self.saveState()
        settings.set_splitter("main", self.splitter.saveState())
        settings.sync()
        self.ctx.runner.close()
        self.ctx.db.close()
        super().closeEvent(event)
