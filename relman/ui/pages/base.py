"""What pages share: reloading when the data they show changes, and the list-with-detail
layout (a filterable, sortable table beside a detail panel, split by a remembered splitter)."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from relman.ui.context import AppContext
from relman.ui.runner import Changes
from relman.ui.table_model import ROW_ROLE, Column, RowTableModel


def esc(value: Any) -> str:
    """User text made safe for rich text."""
    return html.escape("" if value is None else str(value))


class Page(QWidget):
    """A sidebar page. Subclasses set ``key`` and ``title`` and implement :meth:`reload`;
    they load only when visible and stale.

    What a page shows is what its reads read: each read job keyed ``key`` or
    ``key-something`` reports the tables its SQL read (``runner.loaded``), and the page
    turns stale when a committed write changed any of them. Nothing is declared by hand."""

    key = ""
    title = ""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.stale = True
        self.reads: dict[str, frozenset[str]] = {}  # read key: the tables its last job read
        ctx.runner.loaded.connect(self._on_loaded)
        ctx.runner.changed.connect(self._on_changed)
        ctx.navigator.me_changed.connect(lambda _me: self.mark_stale())

    def activate(self) -> None:
        """Called when the page is shown."""
        if self.stale:
            self.stale = False
            self.reload()

    def mark_stale(self) -> None:
        self.stale = True
        if self.isVisible():
            self.activate()

    @property
    def read_tables(self) -> frozenset[str]:
        """Every table the page's latest loads read."""
        return frozenset().union(*self.reads.values())

    def _on_loaded(self, key: str, tables: frozenset[str]) -> None:
        if key == self.key or key.startswith(f"{self.key}-"):
            self.reads[key] = tables

    def _on_changed(self, changes: Changes) -> None:
        # before its first load has reported, a page cannot know what it shows: any write
        if not self.reads or changes.touches(*self.read_tables):
            self.mark_stale()

    def reload(self) -> None:
        raise NotImplementedError

    def open_record(self, record_id: uuid.UUID) -> None:
        """Show one record of this page's kind (from search or the dashboard)."""


class ListPage(Page):
    """A table of rows on the left, the selected row's detail on the right."""

    columns: Sequence[Column[Any]] = ()
    placeholder = "Filter"
    list_share = 70  # percent of the page's width given to the list at first
    noun = ("row", "rows")  # what the list holds, for its count: "3 of 15 rows"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.model: RowTableModel[Any] = RowTableModel(self.columns, self)
        self.filter = QLineEdit(placeholderText=f"{self.placeholder} (Ctrl+L)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter_changed)
        QShortcut(QKeySequence("Ctrl+L"), self, activated=self.filter.setFocus)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.count = QLabel()
        self.detail = self.make_detail()
        # The page's buttons: a tool bar, so that when the list is narrow the buttons that
        # do not fit move behind its » button instead of widening the list.
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.filter.setMinimumWidth(160)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.toolbar, 0)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        # The list gets the room (its columns are the page); the detail keeps its width
        # when the window grows. A splitter the user moved is remembered below.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        saved = ctx.settings.splitter(self.key)
        self._sized = saved is not None and self.splitter.restoreState(saved)
        self.splitter.splitterMoved.connect(
            lambda *_: ctx.settings.set_splitter(self.key, self.splitter.saveState())
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self._pending_select: uuid.UUID | None = None
        self.model.modelReset.connect(self._update_count)

    def showEvent(self, event: QShowEvent) -> None:
        """Share the width out the first time the page has one (unless remembered)."""
        super().showEvent(event)
        width = self.splitter.width()
        if not self._sized and width > 0:
            self._sized = True
            list_width = width * self.list_share // 100
            self.splitter.setSizes([list_width, width - list_width])
            if self.model.rows:
                self.size_columns()  # fit the columns to the width just given

    def make_detail(self) -> QWidget:
        browser = QTextBrowser()
        browser.setOpenLinks(False)
        browser.anchorClicked.connect(self._link)
        return browser

    def _link(self, url: Any) -> None:
        kind, _, ident = url.toString().partition(":")
        self.ctx.navigator.open_record.emit(kind, uuid.UUID(ident))

    def _update_count(self, *_args: object) -> None:
        shown, total = self.model.rowCount(), len(self.model.all_rows)
        self.count.setText(count_text(shown, total, self.noun))

    # -- rows and selection ------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        first_load = not self.model.rows
        self._keeping_selection(lambda: self.model.set_rows(rows), wait=False)
        self._update_count()
        if first_load and rows:
            self.size_columns()

    def _filter_changed(self, text: str) -> None:
        # a row filtered out is selected again when the filter shows it again
        self._keeping_selection(lambda: self.model.set_filter(text), wait=True)

    def _keeping_selection(self, reset: Callable[[], None], *, wait: bool) -> None:
        """Reset the model, then select the same record again; if it is gone (deleted, undone,
        filtered out) the detail is cleared, so that it never shows a record the list lost."""
        pending = self._pending_select
        shown = self.selected.id if self.selected else None
        reset()
        if pending is not None and self.select_record(pending):
            return
        if shown is not None and self.select_record(shown, wait=wait):
            return
        if shown is not None:
            self.show_detail(None)

    def size_columns(self, widest: int = 220) -> None:
        """Fit columns to the first rows shown, none wider than ``widest`` pixels, and all of
        them within the list's width where they can be: a column cut at the right edge or a
        sideways scroll bar hides what the user came for. The last column stretches."""
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(50)
        wanted, least = [], []
        for column in range(self.model.columnCount()):
            self.table.resizeColumnToContents(column)
            wanted.append(min(header.sectionSize(column) + 12, widest))
            whole = self.columns[column].whole if column < len(self.columns) else False
            least.append(
                wanted[-1] if whole else min(wanted[-1], max(header.sectionSizeHint(column), 48))
            )
        widths = fit_widths(wanted, least, self.table.viewport().width())
        for column, width in enumerate(widths):  # the last one too: it stretches from there
            header.resizeSection(column, width)

    @property
    def selected(self) -> Any | None:
        indexes = self.table.selectionModel().selectedRows()
        return indexes[0].data(ROW_ROLE) if indexes else None

    def select_record(self, record_id: uuid.UUID, *, wait: bool = True) -> bool:
        """Select the record's row; when it is not listed (yet), select it once it appears
        if ``wait``."""
        row = self.model.find(lambda r: r.id == record_id)
        if row < 0:
            if wait:
                self._pending_select = record_id
            return False
        self._pending_select = None
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def open_record(self, record_id: uuid.UUID) -> None:
        self.filter.clear()
        self.activate()
        self.select_record(record_id)

    def _selection_changed(self, _new: QItemSelection, _old: QItemSelection) -> None:
        row = self.selected
        if row is not None and row.id != self._pending_select:
            self._pending_select = None  # the user chose another row
        self.show_detail(row)

    def show_detail(self, row: Any | None) -> None:
        """Fill the detail panel for ``row`` (None: nothing selected)."""

    def edit_selected(self) -> None:
        """Double-click or Enter on a row."""

    def current_index(self) -> QModelIndex:
        return self.table.currentIndex()


def count_text(shown: int, total: int, noun: tuple[str, str]) -> str:
    """A list's count in words: "1 unit", "15 units", "3 of 15 units"."""
    word = noun[0] if total == 1 else noun[1]
    return f"{shown:,} of {total:,} {word}" if shown != total else f"{total:,} {word}"


def fit_widths(wanted: Sequence[int], least: Sequence[int], room: int) -> list[int]:
    """Column widths that fit ``room`` pixels. The widest column gives up what is too much
    if it can keep a fair share (its text is cut with an ellipsis, the tooltip holds it
    all); otherwise the columns narrower than a fair share keep their width and the wider
    ones share what is left equally. None goes below its ``least``: when even those do not
    fit, the list scrolls sideways."""
    widths = list(wanted)
    excess = sum(widths) - room
    if room <= 0 or excess <= 0:
        return widths
    widest = max(range(len(widths)), key=lambda n: widths[n])
    floor = max(least[widest], room // len(widths))
    if widths[widest] - excess >= floor:
        widths[widest] -= excess
        return widths
    # the cap at which the capped widths fill the room exactly ("water-filling")
    left, count, cap = room, len(widths), room
    for n in sorted(range(len(widths)), key=lambda n: widths[n]):
        share = left // count
        if widths[n] > share:
            cap = share
            break
        left -= widths[n]
        count -= 1
    return [max(min(w, cap), low) for w, low in zip(widths, least, strict=True)]
