"""What pages share: reloading when the data they show changes, and the list-with-detail
layout (a filterable, sortable table beside a detail panel, split by a remembered splitter)."""

from __future__ import annotations

import html
import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTextBrowser,
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
    """A sidebar page. Subclasses set ``key``, ``title``, ``tables`` (what they show) and
    implement :meth:`reload`; they load only when visible and stale."""

    key = ""
    title = ""
    tables: tuple[str, ...] = ()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.stale = True
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

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(*self.tables):
            self.mark_stale()

    def reload(self) -> None:
        raise NotImplementedError

    def open_record(self, record_id: uuid.UUID) -> None:
        """Show one record of this page's kind (from search or the dashboard)."""


class ListPage(Page):
    """A table of rows on the left, the selected row's detail on the right."""

    columns: Sequence[Column[Any]] = ()
    placeholder = "Filter"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.model: RowTableModel[Any] = RowTableModel(self.columns, self)
        self.filter = QLineEdit(placeholderText=f"{self.placeholder} (Ctrl+L)")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.model.set_filter)
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
        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.filter, 1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(self.toolbar)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        saved = ctx.settings.splitter(self.key)
        if saved is not None:
            self.splitter.restoreState(saved)
        self.splitter.splitterMoved.connect(
            lambda *_: ctx.settings.set_splitter(self.key, self.splitter.saveState())
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self._pending_select: uuid.UUID | None = None
        self.model.modelReset.connect(self._update_count)

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
        self.count.setText(f"{shown} of {total}" if shown != total else f"{total}")

    # -- rows and selection ------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        keep = self._pending_select or (self.selected.id if self.selected else None)
        first_load = not self.model.rows
        self.model.set_rows(rows)
        self._update_count()
        if first_load and rows:
            self.size_columns()
        if keep is not None:
            self.select_record(keep)

    def size_columns(self, widest: int = 260) -> None:
        """Fit columns to the first rows shown, none wider than ``widest`` pixels."""
        header = self.table.horizontalHeader()
        header.setResizeContentsPrecision(50)
        for column in range(self.model.columnCount() - 1):
            self.table.resizeColumnToContents(column)
            header.resizeSection(column, min(header.sectionSize(column) + 12, widest))

    @property
    def selected(self) -> Any | None:
        indexes = self.table.selectionModel().selectedRows()
        return indexes[0].data(ROW_ROLE) if indexes else None

    def select_record(self, record_id: uuid.UUID) -> bool:
        row = self.model.find(lambda r: r.id == record_id)
        if row < 0:
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
        if row is None:
            self.show_detail(None)
        else:
            self.show_detail(row)

    def show_detail(self, row: Any | None) -> None:
        """Fill the detail panel for ``row`` (None: nothing selected)."""

    def edit_selected(self) -> None:
        """Double-click or Enter on a row."""

    def current_index(self) -> QModelIndex:
        return self.table.currentIndex()
