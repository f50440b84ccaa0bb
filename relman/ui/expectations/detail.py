"""One expectation in the page's detail: what was stated and the terms in force, the steps
the method allows now as buttons (the others are not offered), and three tabs: the history
as a timeline, the evidence for a negotiation, and the measurements with their trend."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from relman.models import ExpectationStatus
from relman.ui.context import AppContext
from relman.ui.expectations.evidence import EvidencePanel
from relman.ui.expectations.measurements import MeasurementGrid
from relman.ui.expectations.steps import STEPS, allowed_steps, run_step
from relman.ui.expectations.timeline import timeline_html
from relman.ui.pages.base import esc
from relman.ui.table_model import show
from relman.workflows import expectation_views
from relman.workflows.expectation_views import ExpectationDetail

#: Button texts, with the Alt+letter that takes the step from the keyboard.
BUTTONS = {
    "validate": "&Validate…",
    "propose": "&Propose…",
    "counter_propose": "&Counter-propose…",
    "agree": "A&gree…",
    "disagree": "Agree to &disagree…",
    "escalate": "&Escalate…",
    "withdraw": "&Withdraw…",
    "reword": "&Reword…",
}
#: States in which the evidence is what the user needs first.
NEGOTIATING = (ExpectationStatus.VALIDATED, ExpectationStatus.NEGOTIATING)
HISTORY, EVIDENCE, MEASUREMENTS = range(3)


class ExpectationPanel(QWidget):
    """Shows one expectation; ``load(id)`` reads it on a worker. ``stepped`` is emitted when
    a step was saved."""

    stepped = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: ExpectationDetail | None = None
        self.header = QLabel()
        self.header.setObjectName("expectation_header")
        self.header.setWordWrap(True)
        self.header.setOpenExternalLinks(False)
        self.header.linkActivated.connect(self._link)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for step in STEPS:
            button = QPushButton(BUTTONS[step])
            button.setObjectName(f"step_{step}")
            button.clicked.connect(lambda _c=False, s=step: self.take(s))
            button.hide()
            self.buttons[step] = button
            row.addWidget(button)
        row.addStretch(1)
        self.timeline = QTextBrowser()
        self.timeline.setObjectName("timeline")
        self.evidence = EvidencePanel(ctx)
        self.grid = MeasurementGrid(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.timeline, "History")
        self.tabs.addTab(self.evidence, "Evidence")
        self.tabs.addTab(self.grid, "Measurements")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addLayout(row)
        layout.addWidget(self.tabs, 1)
        self.clear()

    def clear(self) -> None:
        self.detail = None
        self.header.setText("<p style='color: gray'>Choose an expectation to see its history.</p>")
        for button in self.buttons.values():
            button.hide()
        self.timeline.clear()
        self.evidence.clear()
        self.grid.load(None)
        self.tabs.setEnabled(False)

    def load(self, expectation_id: uuid.UUID) -> None:
        self.ctx.runner.read(
            lambda s: expectation_views.expectation_detail(s, expectation_id),
            self.show_detail,
            key="expectation-detail",
        )

    def show_detail(self, d: ExpectationDetail) -> None:
        first_look = self.detail is None or self.detail.id != d.id
        self.detail = d
        self.tabs.setEnabled(True)
        contact = (
            f" · stated by <a href='contact:{d.contact_id}'>{esc(d.contact)}</a>"
            if d.contact
            else ""
        )
        terms = ""
        if d.target is not None:
            terms = (
                f"<br><b>Terms in force:</b> {esc(d.terms)}, {esc(show(d.measurement_type))}, "
                f"measured {esc(show(d.frequency))}, met when {esc(show(d.direction))}"
                + (f", review on {d.review_on:%Y-%m-%d}" if d.review_on else "")
            )
        escalation = (
            f"<br><a href='escalation:{d.open_escalation_id}'>Open escalation</a>"
            if d.open_escalation_id
            else ""
        )
        self.header.setText(
            f"<h3 style='margin: 0'>“{esc(d.statement)}”</h3>"
            f"<p><a href='unit:{d.unit_id}'>{esc(d.unit)}</a> · "
            f"<a href='service:{d.service_id}'>{esc(d.service)}</a>{contact} · RM {esc(d.rm)}"
            f"<br>Status: <b>{esc(d.status.value)}</b>{terms}{escalation}</p>"
        )
        allowed = set(allowed_steps(d.status))
        for step, button in self.buttons.items():
            button.setVisible(step in allowed)
        self.timeline.setHtml(timeline_html(d))
        self.evidence.load(d.service_id, d.unit_id, d.id)
        self.grid.load(d.id)
        if first_look:
            self.tabs.setCurrentIndex(
                EVIDENCE
                if d.status in NEGOTIATING
                else MEASUREMENTS
                if d.target is not None and d.status is ExpectationStatus.AGREED
                else HISTORY
            )

    def take(self, step: str) -> None:
        """Open the form of ``step`` for the expectation shown."""
        if self.detail is not None:
            run_step(self.ctx, self, step, self.detail.id, self.detail.version, self.stepped.emit)

    def _link(self, link: str) -> None:
        kind, _, ident = link.partition(":")
        self.ctx.navigator.open_record.emit(kind, uuid.UUID(ident))
