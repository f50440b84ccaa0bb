"""Expectations: the list (filter by unit, service, contact, status, mine, due for review;
the query runs on a worker) and the selected expectation's history, the steps the method
allows now, the evidence for a negotiation and the measurements."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QHBoxLayout, QPushButton, QWidget
from sqlalchemy.orm import Session

from relman.models import ExpectationStatus
from relman.ui.expectations.detail import MEASUREMENTS, ExpectationPanel
from relman.ui.expectations.list_model import REVIEW, ExpectationTableModel, Prepared, prepare
from relman.ui.expectations.misses import MissesDialog
from relman.ui.pages.base import ListPage
from relman.ui.runner import Changes
from relman.ui.table_model import Column
from relman.workflows import expectation_views
from relman.workflows.expectation_views import ExpectationRow, FilterChoices, Filters

STATUS_ORDER = {s: n for n, s in enumerate(ExpectationStatus)}


def _choice_box(name: str, what: str, every: str) -> QComboBox:
    """A combo box of names that finds one as you type any part of it; ``every`` (first)
    lists them all."""
    box = QComboBox()
    box.setObjectName(name)
    box.setEditable(True)
    box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    box.setToolTip(f"Only the expectations of this {what}")
    box.setMinimumContentsLength(12)
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    completer = box.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    box.addItem(every)
    return box


class ExpectationsPage(ListPage):
    key = "expectations"
    title = "Expectations"
    kinds = ("expectation",)
    placeholder = "Filter expectations"
    noun = ("expectation", "expectations")
    list_share = 55
    # the RM reads in the detail and "Mine" narrows to one's own: the list keeps the room
    # for the statement, with no sideways scrolling at 1280 pixels
    columns = (
        Column("Unit", lambda r: r.unit),
        Column("Service", lambda r: r.service),
        Column("Status", lambda r: r.status, sort=lambda r: STATUS_ORDER[r.status]),
        Column("Target", lambda r: r.terms, sort=lambda r: r.target or 0.0, align_right=True),
        Column(REVIEW, lambda r: r.review_on),
        Column("Contact", lambda r: r.contact),
        Column("Statement", lambda r: r.statement),
    )

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.choices: FilterChoices | None = None
        self._ids: dict[str, list[uuid.UUID | None]] = {}
        self.unit = _choice_box("unit_filter", "unit", "All units")
        self.service = _choice_box("service_filter", "service", "All services")
        self.contact = _choice_box("contact_filter", "contact", "All contacts")
        self.status = QComboBox()
        self.status.setObjectName("status_filter")
        self.status.addItem("All statuses", None)
        for status in ExpectationStatus:
            self.status.addItem(status.value.capitalize(), status)
        self.mine = QCheckBox("&Mine")
        self.mine.setToolTip("Only the expectations I look after")
        self.due = QCheckBox("Due for re&view")
        self.due.setToolTip(
            f"Agreed, with a review date within {expectation_views.REVIEW_NOTICE_DAYS} days or past"
        )
        self.misses_button = QPushButton("Misses to e&xplain…")
        self.misses_button.setToolTip("Missed targets without an explanation (Ctrl+Shift+M)")
        self.misses_button.clicked.connect(self.show_misses)
        QShortcut(QKeySequence("Ctrl+Shift+M"), self, activated=self.show_misses)
        filters = QHBoxLayout()
        for widget in (self.unit, self.service, self.contact, self.status):
            filters.addWidget(widget, 1)
        for box in (self.unit, self.service, self.contact, self.status):
            box.currentIndexChanged.connect(lambda _i: self.reload())
        for check in (self.mine, self.due):
            check.toggled.connect(lambda _on: self.reload())
            self.toolbar.addWidget(check)
        self.toolbar.addWidget(self.misses_button)
        holder = QWidget()
        holder.setLayout(filters)
        filters.setContentsMargins(0, 0, 0, 0)
        self.splitter.widget(0).layout().insertWidget(0, holder)  # type: ignore[union-attr]
        self.panel.stepped.connect(self.reload)
        # rows come prepared from the worker (sorted, searchable): see list_model
        self.model = ExpectationTableModel(self.columns, self)
        self.table.setModel(self.model)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._update_count)

    def make_detail(self) -> QWidget:
        self.panel = ExpectationPanel(self.ctx)
        return self.panel

    # -- loading ---------------------------------------------------------------------------
    def filters(self) -> Filters:
        return Filters(
            unit_id=self.chosen(self.unit),
            service_id=self.chosen(self.service),
            contact_id=self.chosen(self.contact),
            status=self.status.currentData(),
            rm_id=self.ctx.me if self.mine.isChecked() else None,
            due_for_review=self.due.isChecked(),
        )

    def reload(self) -> None:
        if self.choices is None:
            self.ctx.runner.read(expectation_views.filter_choices, self._fill_choices)
        chosen, columns, order = self.filters(), self.columns, self.model.sort_state

        def load(s: Session) -> Prepared:
            return prepare(expectation_views.expectation_rows(s, chosen), columns, order)

        self.ctx.runner.read(load, self.set_prepared, key=self.key)

    def set_prepared(self, prepared: Prepared) -> None:
        """Show rows that have arrived from the worker: a model reset, nothing more."""
        first_load = not self.model.rows
        self._keeping_selection(lambda: self.model.set_prepared(prepared), wait=False)
        self._update_count()
        if first_load and prepared.rows:
            self.size_columns()

    def size_columns(self, widest: int = 220) -> None:
        """As every list, then the statement (last, stretching) gives up the few pixels its
        header would take beyond the list's width: its text reads whole in the tooltip."""
        super().size_columns(widest)
        header = self.table.horizontalHeader()
        last = header.count() - 1
        room = self.table.viewport().width() - sum(header.sectionSize(c) for c in range(last))
        if 48 <= room < header.sectionSize(last):
            header.resizeSection(last, room)

    def _fill_choices(self, choices: FilterChoices) -> None:
        self.choices = choices
        for box, names in (
            (self.unit, choices.units),
            (self.service, choices.services),
            (self.contact, choices.contacts),
        ):
            kept = self.chosen(box)
            box.blockSignals(True)
            while box.count() > 1:
                box.removeItem(box.count() - 1)
            # thousands of contacts: one call, the ids beside them in Python
            box.addItems([c.name for c in names])
            self._ids[box.objectName()] = [None] + [c.id for c in names]
            if kept is None or not self.set_filter_to(box, kept):
                box.setCurrentIndex(0)
            box.blockSignals(False)

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches("business_units", "services", "contacts"):
            self.choices = None  # a name added, renamed or removed: offered afresh
        super()._on_changed(changes)

    def chosen(self, box: QComboBox) -> uuid.UUID | None:
        """The id chosen in a unit, service or contact box (None: any)."""
        ids = self._ids.get(box.objectName(), [None])
        index = box.currentIndex()
        return ids[index] if 0 <= index < len(ids) else None

    def set_filter_to(self, box: QComboBox, record_id: uuid.UUID) -> bool:
        """Narrow the list to one unit, service or contact (False when it is not offered)."""
        ids = self._ids.get(box.objectName(), [])
        if record_id not in ids:
            return False
        box.setCurrentIndex(ids.index(record_id))
        return True

    # -- detail ----------------------------------------------------------------------------
    def show_detail(self, row: ExpectationRow | None) -> None:
        if row is None:
            self.panel.clear()
        else:
            self.panel.load(row.id)

    def open_kind(self, kind: str, record_id: uuid.UUID) -> None:
        self.open_record(record_id)

    def open_record(self, record_id: uuid.UUID) -> None:
        """Show one expectation, whatever the filters hide: they are cleared first."""
        self.filter.clear()
        for box in (self.unit, self.service, self.contact, self.status):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        for check in (self.mine, self.due):
            check.blockSignals(True)
            check.setChecked(False)
            check.blockSignals(False)
        self._pending_select = record_id
        self.stale = True
        self.activate()
        self.select_record(record_id)
        self.panel.load(record_id)

    def show_misses(self) -> None:
        def open_measurements(expectation_id: uuid.UUID) -> None:
            self.open_record(expectation_id)
            self.panel.tabs.setCurrentIndex(MEASUREMENTS)

        self.misses = MissesDialog(self.ctx, self, open_measurements, mine=self.mine.isChecked())
        self.misses.open()


PAGE = ExpectationsPage
