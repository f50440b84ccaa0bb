"""Action items: one list of every open item, from meetings and interviews, overdue ones in
red and in words; filtered by owner, unit and source; marked done (or reopened) with undo."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QPushButton, QTextBrowser

from relman.ui.meetings.actions import (
    DUE,
    STATE,
    TEXT,
    ActionModel,
    action_columns,
    ask_edit_action,
    state_words,
    toggle_done,
)
from relman.ui.meetings.columns import fit_table
from relman.ui.pages.base import ListPage, esc
from relman.workflows import action_items
from relman.workflows.action_items import ActionItemRow, Filters

SOURCES = (("All sources", None), ("From meetings", "meeting"), ("From interviews", "interview"))


class ActionsPage(ListPage):
    key = "actions"
    title = "Action items"
    placeholder = "Filter action items"
    noun = ("action item", "action items")
    list_share = 78  # the detail shows one item's few lines
    columns = action_columns(with_source=True)

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.model = ActionModel(self.columns, self)
        self.table.setModel(self.model)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._update_count)
        self.owner = QComboBox()
        self.owner.setAccessibleName("Owner")
        self.unit = QComboBox()
        self.unit.setAccessibleName("Unit")
        self.source = QComboBox()
        self.source.setAccessibleName("Source")
        for combo in (self.owner, self.unit, self.source):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(12)
        for label, value in SOURCES:
            self.source.addItem(label, value)
        self.show_done = QCheckBox("Show done")
        self.done_button = QPushButton("Mark done")
        self.done_button.setToolTip("Mark the item done, or reopen a done one (Ctrl+D)")
        self.done_button.clicked.connect(self.toggle_selected)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.open_button = QPushButton("Open source")
        self.open_button.setToolTip("Open the meeting or interview the item comes from")
        self.open_button.clicked.connect(self.open_source)
        QShortcut(
            QKeySequence("Ctrl+D"),
            self,
            activated=self.toggle_selected,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        filters = QHBoxLayout()
        for widget in (self.owner, self.unit, self.source, self.show_done):
            filters.addWidget(widget)
        filters.addStretch(1)
        for widget in (self.done_button, self.edit_button, self.open_button):
            filters.addWidget(widget)
        self.splitter.widget(0).layout().insertLayout(1, filters)  # type: ignore[union-attr]
        for combo in (self.owner, self.unit, self.source):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.show_done.toggled.connect(lambda _on: self.reload())
        self.filters_loaded = False
        self.show_detail(None)

    def size_columns(self, widest: int = 200) -> None:
        """The action's text takes the width the other columns leave (no sideways scrolling);
        the state and due date are never shortened."""
        keep = (self.columns.index(STATE), self.columns.index(DUE))
        fit_table(self.table, self.columns.index(TEXT), widest=widest, least=150, keep=keep)

    def reload(self) -> None:
        if not self.filters_loaded:
            self.ctx.runner.read(action_items.filters, self._fill_filters, key=f"{self.key}-f")
            return
        owner, unit, source = (
            self.owner.currentData(),
            self.unit.currentData(),
            self.source.currentData(),
        )
        done = self.show_done.isChecked()
        self.ctx.runner.read(
            lambda s: action_items.action_items(
                s, include_done=done, owner=owner, unit_id=unit, source=source
            ),
            self.set_rows,
            key=self.key,
        )

    def _fill_filters(self, found: Filters) -> None:
        """The owners and units to filter by, keeping what was chosen."""
        for combo, everyone, choices in (
            (self.owner, "All owners", [(o.name, o) for o in found.owners]),
            (self.unit, "All units", [(name, i) for i, name in found.units]),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everyone, None)
            for label, value in choices:
                combo.addItem(label, value)
            found = [n for n, (_label, value) in enumerate(choices, 1) if value == chosen]
            combo.setCurrentIndex(found[0] if found else 0)
            combo.blockSignals(False)
        self.filters_loaded = True
        self.reload()

    def mark_stale(self) -> None:
        self.filters_loaded = False  # a new owner or unit may have come
        super().mark_stale()

    # -- detail ----------------------------------------------------------------------------
    def show_detail(self, row: ActionItemRow | None) -> None:
        for button in (self.done_button, self.edit_button, self.open_button):
            button.setEnabled(row is not None)
        self.done_button.setText("Reopen" if row and row.done_at else "Mark done")
        browser = self.detail
        assert isinstance(browser, QTextBrowser)
        if row is None:
            browser.setHtml("<p style='color: gray'>Choose an action item to see it.</p>")
            return
        colour = "#b3261e" if row.overdue else "inherit"
        source_kind = "meeting" if row.source == "meeting" else "interview"
        browser.setHtml(
            f"<p style='color: {colour}'><b>{esc(state_words(row))}</b></p>"
            f"<p>{esc(row.text).replace(chr(10), '<br>')}</p>"
            f"<p><b>Owner:</b> {esc(row.owner) or '<i>none</i>'}<br>"
            f"<b>Due:</b> {esc(row.due_on) if row.due_on else '<i>no date</i>'}<br>"
            f"<b>Unit:</b> {esc(row.unit) or '<i>none</i>'}<br>"
            f"<b>From:</b> <a href='{source_kind}:{row.source_id}'>{esc(row.source_label)}</a>"
            + (f"<br><b>Done:</b> {row.done_at.astimezone():%Y-%m-%d %H:%M}" if row.done_at else "")
            + "</p>"
        )

    # -- editing ---------------------------------------------------------------------------
    def toggle_selected(self) -> None:
        row = self.selected
        if row is not None:
            toggle_done(self.ctx, row, lambda _r: None)

    def edit_selected(self) -> None:
        row = self.selected
        if row is not None:
            ask_edit_action(self.ctx, self, row)

    def open_source(self) -> None:
        row = self.selected
        if row is not None:
            self.ctx.navigator.open_record.emit(row.source, row.source_id)

    def open_record(self, record_id: uuid.UUID) -> None:
        """An item opened from the dashboard or search: shown even when done or filtered."""
        for combo in (self.owner, self.unit, self.source):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.show_done.blockSignals(True)
        self.show_done.setChecked(True)
        self.show_done.blockSignals(False)
        self.mark_stale()
        super().open_record(record_id)


PAGE = ActionsPage
