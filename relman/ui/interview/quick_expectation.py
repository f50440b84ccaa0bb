"""The quick panel that captures an expectation without leaving the interview: which
service, the customer's own words, then the method's next steps (validate, propose a
compromise, agree with target-measure-frequency, agree to disagree, escalate) through the
same workflows as everywhere else. The expectation is linked to the interview and the
contact who stated it."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QWidget
from sqlalchemy.orm import Session

from relman.models import ExpectationStatus
from relman.ui.context import AppContext
from relman.ui.expectations.steps import LABELS, allowed_steps, run_step
from relman.ui.interview.quick_panel import QuickPanel
from relman.ui.undo import perform
from relman.workflows import expectation_views, services
from relman.workflows.commands import Command
from relman.workflows.interview_queries import InterviewState

#: The steps the panel offers (withdrawing is left to the expectation's own page).
OFFERED = ("validate", "propose", "counter_propose", "agree", "disagree", "escalate")
#: The key that takes each step from the panel (with Alt), as its button's mnemonic shows.
MNEMONIC = {
    "validate": "V",
    "propose": "P",
    "counter_propose": "P",
    "agree": "A",
    "disagree": "D",
    "escalate": "S",
}


def _mnemonic(step: str) -> str:
    label, key = LABELS[step], MNEMONIC[step]
    at = label.casefold().find(key.casefold())
    return label[:at] + "&" + label[at:] if at >= 0 else label


class ExpectationPanel(QuickPanel):
    draft_name = "an expectation"

    def __init__(self, ctx: AppContext, state: InterviewState, close: Callable[[], None]) -> None:
        super().__init__("Capture an expectation", close)
        self.setObjectName("expectation_panel")
        self.ctx, self.state = ctx, state
        self.expectation: tuple[uuid.UUID, int, ExpectationStatus] | None = None
        self.contact = QComboBox()
        self.contact.setObjectName("exp_contact")
        for person in state.contacts:
            self.contact.addItem(person.name, person)
        self.service = QComboBox()
        self.service.setObjectName("exp_service")
        self.words = QPlainTextEdit()
        self.words.setObjectName("exp_words")
        self.words.setTabChangesFocus(True)
        self.words.setPlaceholderText("What the customer expects, in their own words")
        self.record_button = QPushButton("Record it (Ctrl+Enter in the panel)")
        self.record_button.clicked.connect(self.primary)
        for label, widget in (
            ("Stated by", self.contact),
            ("Service", self.service),
            ("In the customer's words", self.words),
        ):
            self.layout_.addWidget(QLabel(label))
            self.layout_.addWidget(widget)
        self.layout_.addWidget(self.record_button)
        self.recorded = QLabel()
        self.recorded.setObjectName("exp_recorded")
        self.recorded.setWordWrap(True)
        self.recorded.setTextFormat(Qt.TextFormat.PlainText)
        self.layout_.addWidget(self.recorded)
        self.steps = QWidget()
        self.step_row = QHBoxLayout(self.steps)
        self.step_row.setContentsMargins(0, 0, 0, 0)
        self.another = QPushButton("Capture &another")
        self.another.clicked.connect(self._reset)
        # the next steps and "Capture another" on one row, buttons sized to their words
        row = QHBoxLayout()
        row.addWidget(self.steps, 1)
        row.addWidget(self.another)
        self.layout_.addLayout(row)
        self.finish_layout()
        self._reset()
        ctx.runner.read(lambda s: services.service_rows(s), self._services)

    def first_field(self) -> QWidget:
        return self.service

    def has_draft(self) -> bool:
        return self.expectation is None and bool(self.words.toPlainText().strip())

    def draft_field(self) -> QWidget:
        return self.words

    def _services(self, rows: list[services.ServiceRow]) -> None:
        for row in rows:
            self.service.addItem(row.name, row.id)

    def _reset(self) -> None:
        self.expectation = None
        for widget in (self.contact, self.service, self.record_button):
            widget.setEnabled(True)
        self.words.setReadOnly(False)
        self.words.clear()
        self.recorded.setText("")
        self.steps.hide()
        self.another.hide()
        self.say("")
        self.service.setFocus()

    # -- stating it --------------------------------------------------------------------------
    def primary(self) -> None:
        if self.expectation is not None:
            return
        person = self.contact.currentData()
        unit_id = (person.unit_id if person else None) or self.state.unit_id
        service_id, words = self.service.currentData(), self.words.toPlainText()
        if unit_id is None:
            self.say("This interview has no business unit: an expectation belongs to one.")
            return
        if service_id is None:
            self.say("Choose the service the expectation is about.")
            return
        args = {
            "unit_id": unit_id,
            "service_id": service_id,
            "statement": words,
            "contact_id": person.id if person else None,
            "interview_id": self.state.id,
        }
        text = f"expectation on “{self.service.currentText()}”"
        self.record_button.setEnabled(False)
        perform(
            self.ctx.runner,
            self.ctx.undo,
            Command("state_expectation", args, by=self.ctx.me, text=text),
            on_done=self._stated,
            on_error=self._not_stated,
        )

    def _not_stated(self, exc: BaseException) -> None:
        self.record_button.setEnabled(True)
        self.refused(exc)
        self.words.setFocus()

    def _stated(self, expectation_id: uuid.UUID) -> None:
        self.contact.setEnabled(False)
        self.service.setEnabled(False)
        self.words.setReadOnly(True)  # kept readable: the words as recorded
        self.say("")
        self._taken(expectation_id)  # its state as saved: the steps that follow

    # -- its next steps ----------------------------------------------------------------------
    def _show(self, expectation: tuple[uuid.UUID, int, ExpectationStatus]) -> None:
        self.expectation = expectation
        _id, _version, status = expectation
        steps = [step for step in allowed_steps(status) if step in OFFERED]
        self.recorded.setText(
            f"Saved: an expectation on {self.service.currentText()}, now {status.value}. "
            + ("Take its next step below, or capture another." if steps else "")
        )
        while self.step_row.count():
            item = self.step_row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        first: QPushButton | None = None
        for step in steps:
            button = QPushButton(_mnemonic(step))
            button.setObjectName(f"take_{step}")
            button.clicked.connect(lambda _c=False, st=step: self.take(st))
            self.step_row.addWidget(button)
            button.show()  # now, so that it can take the focus
            first = first or button
        self.step_row.addStretch(1)
        self.steps.show()
        self.another.show()
        self.window().activateWindow()  # back from the step's form
        (first or self.another).setFocus()

    def take(self, step: str) -> None:
        """The step's form (the same as on the expectation's page); once saved, the panel
        shows the expectation's new state and the steps that follow."""
        assert self.expectation is not None
        expectation_id, version, _status = self.expectation
        run_step(
            self.ctx,
            self.window(),
            step,
            expectation_id,
            version,
            lambda: self._taken(expectation_id),
        )

    def _taken(self, expectation_id: uuid.UUID) -> None:
        def read(s: Session) -> tuple[uuid.UUID, int, ExpectationStatus]:
            detail = expectation_views.expectation_detail(s, expectation_id)
            return detail.id, detail.version, detail.status

        self.ctx.runner.read(read, self._show)
