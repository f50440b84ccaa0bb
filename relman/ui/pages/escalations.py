"""Escalations: every escalation across the relationship managers, filtered by manager, RM,
unit, status and age, or a manager's whole team; the detail of one with its negotiation
history, and the steps a manager takes (a discussion note, resolve, withdraw).

The query runs on a worker with the filters chosen (thousands of rows); the list only
filters as you type and sorts in memory. The detail and dialogs are in
:mod:`relman.ui.escalations`.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relman.models import OPEN_ESCALATION, EscalationStatus
from relman.ui.escalations import dialogs
from relman.ui.escalations.detail import EscalationPanel
from relman.ui.pages.base import ListPage
from relman.ui.table_model import Column, show
from relman.workflows.escalation_queries import (
    AgeBand,
    Choice,
    EscalationDetail,
    EscalationFilter,
    EscalationList,
    EscalationListRow,
    escalation_detail,
    escalation_list,
)

STATUS_ORDER = {s: i for i, s in enumerate(EscalationStatus)}
STATUSES: list[tuple[str, frozenset[EscalationStatus]]] = [
    ("Any status", frozenset()),
    ("Open or in discussion", frozenset(OPEN_ESCALATION)),
] + [(show(s).capitalize(), frozenset({s})) for s in EscalationStatus]
AGES: list[tuple[str, AgeBand | None]] = [("Any age", None)] + [
    (band.value.capitalize(), band) for band in AgeBand
]


def _due(row: EscalationListRow) -> str:
    return f"{show(row.due_on)} · past due" if row.past_due else show(row.due_on)


class EscalationsPage(ListPage):
    key = "escalations"
    title = "Escalations"
    placeholder = "Filter escalations"
    list_share = 62
    columns = (
        Column("Opened", lambda r: r.opened_at.date(), sort=lambda r: r.opened_at, whole=True),
        Column("Age\n(days)", lambda r: r.age_days, align_right=True),
        Column("Due", _due, sort=lambda r: r.due_on, whole=True),
        Column("Status", lambda r: r.status, sort=lambda r: STATUS_ORDER[r.status]),
        Column("Unit", lambda r: r.unit),
        Column("Service", lambda r: r.service),
        Column("RM", lambda r: r.rm),
        Column("Manager", lambda r: r.manager),
        Column("Summary", lambda r: r.summary.replace("\n", " ")),
    )

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.current: EscalationDetail | None = None
        self.form: QDialog | None = None  # the step's form, while open
        self.total = 0
        self._choices: dict[int, list[Choice]] = {}  # per filter, what it offers now
        self.manager = self._combo("All managers", "Whose manager takes them up")
        self.rm = self._combo("All RMs", "Which relationship manager raised them")
        self.unit = self._combo("All units", "Which business unit they are about")
        self.status = self._combo("", "Open, in discussion, resolved or withdrawn", STATUSES)
        self.age = self._combo("", "How long they have been open, or are past due", AGES)
        self.team = QCheckBox("My &team")
        self.team.setToolTip(
            "Only the escalations of the people who report to me, directly or further down, "
            "and those my team or I took up (Alt+T)"
        )
        self.team.toggled.connect(lambda _on: self.reload())
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show:"))
        for widget in (self.manager, self.rm, self.unit, self.status, self.age, self.team):
            filters.addWidget(widget)
        filters.addStretch(1)
        self.print_button = QPushButton("&Print summary…")
        self.print_button.setToolTip(
            "The escalation summary as a PDF to preview and print: the manager chosen (or "
            "all), open ones only when the status shown is open or in discussion (Alt+P)"
        )
        self.print_button.clicked.connect(self.print_summary)
        self.toolbar.addWidget(self.print_button)
        left = self.table.parentWidget().layout()
        assert isinstance(left, QVBoxLayout)
        left.insertLayout(1, filters)
        self.panel.note_button.clicked.connect(lambda: self._step(dialogs.add_note))
        self.panel.resolve_button.clicked.connect(lambda: self._step(dialogs.resolve))
        self.panel.withdraw_button.clicked.connect(lambda: self._step(dialogs.withdraw))
        ctx.navigator.me_changed.connect(lambda _me: self._me_changed())
        self._me_changed()

    def _combo(
        self, everyone: str, tip: str, items: list[tuple[str, Any]] | None = None
    ) -> QComboBox:
        combo = QComboBox()
        combo.setToolTip(tip)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setMaximumWidth(220)
        for label, data in items if items is not None else [(everyone, None)]:
            combo.addItem(label, data)
        combo.currentIndexChanged.connect(lambda _i: self.reload())
        return combo

    def _me_changed(self) -> None:
        self.team.setEnabled(self.ctx.me is not None)
        if self.ctx.me is None:
            self.team.setChecked(False)

    def make_detail(self) -> QWidget:
        self.panel = EscalationPanel()
        self.panel.browser.anchorClicked.connect(self._link)
        return self.panel

    # -- the list --------------------------------------------------------------------------
    def wanted(self) -> EscalationFilter:
        """The filter the controls say."""
        return EscalationFilter(
            manager_id=self.manager.currentData(),
            rm_id=self.rm.currentData(),
            unit_id=self.unit.currentData(),
            statuses=self.status.currentData() or frozenset(),
            age=self.age.currentData(),
            team_of=self.ctx.me if self.team.isChecked() else None,
        )

    def reload(self) -> None:
        wanted = self.wanted()
        self.ctx.runner.read(lambda s: escalation_list(s, wanted), self.show_list, key=self.key)

    def show_list(self, found: EscalationList) -> None:
        """Put the rows read in the list, and what can be chosen in the filters."""
        for combo, choices in (
            (self.manager, found.managers),
            (self.rm, found.rms),
            (self.unit, found.units),
        ):
            self._fill_choices(combo, choices)
        self.total = found.total
        self.set_rows(found.rows)

    def _fill_choices(self, combo: QComboBox, choices: list[Choice]) -> None:
        """New choices, the one chosen kept (signals held: it is not a new choice). The
        same choices as before are left alone: hundreds of units take a while to add."""
        if self._choices.get(id(combo)) == choices:
            return
        self._choices[id(combo)] = choices
        chosen = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for choice in choices:
            combo.addItem(choice.name, choice.id)
        kept = next((n for n, c in enumerate(choices, start=1) if c.id == chosen), 0)
        combo.setCurrentIndex(kept)
        combo.blockSignals(False)

    def _update_count(self, *_args: object) -> None:
        shown = self.model.rowCount()
        self.count.setText(f"{shown:,} of {self.total:,} escalations")

    def open_record(self, record_id: uuid.UUID) -> None:
        """Show one escalation, clearing the filters that would hide it."""
        for combo in (self.manager, self.rm, self.unit, self.status, self.age):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.team.blockSignals(True)
        self.team.setChecked(False)
        self.team.blockSignals(False)
        self.filter.clear()
        self._pending_select = record_id
        self.stale = False
        self.reload()

    def print_summary(self) -> None:
        """The escalation summary for the manager chosen (all managers when none), built on
        the runner and opened in the preview."""
        from relman.ui.reports import show_report

        statuses = self.status.currentData() or frozenset()
        show_report(
            self.ctx,
            self,
            "escalations",
            manager=self.manager.currentData(),
            include_closed=not statuses or not statuses <= set(OPEN_ESCALATION),
        )

    # -- the detail ------------------------------------------------------------------------
    def show_detail(self, row: EscalationListRow | None) -> None:
        self.current = None
        if row is None:
            self.panel.show_detail(None)
            return
        self.ctx.runner.read(
            lambda s: escalation_detail(s, row.id), self._fill, key=f"{self.key}-detail"
        )

    def _fill(self, d: EscalationDetail) -> None:
        selected = self.selected
        if selected is None or selected.id != d.row.id:
            return  # another row was chosen meanwhile
        self.current = d
        self.panel.show_detail(d)

    def _refresh_detail(self) -> None:
        self.show_detail(self.selected)

    def edit_selected(self) -> None:
        """Enter or a double-click on an open escalation: add a discussion note."""
        self._step(dialogs.add_note)

    def _step(self, open_form: Any) -> None:
        if self.current is not None and self.current.is_open:
            self.form = open_form(self, self.ctx, self.current, self._refresh_detail)


PAGE = EscalationsPage
