"""The quick panel that adds an action item to the interview without leaving it: what, who
owns it (a colleague or one of the people interviewed), when it is due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from relman.ui.context import AppContext
from relman.ui.interview.quick_panel import QuickPanel
from relman.ui.undo import perform
from relman.workflows import staff
from relman.workflows.commands import Command
from relman.workflows.interview_queries import InterviewState

DUE_IN_DAYS = 14


class ActionPanel(QuickPanel):
    draft_name = "an action item"

    def __init__(self, ctx: AppContext, state: InterviewState, close: Callable[[], None]) -> None:
        super().__init__("Add an action item", close)
        self.setObjectName("action_panel")
        self.ctx, self.state = ctx, state
        self.text = QLineEdit()
        self.text.setObjectName("action_text")
        self.text.setPlaceholderText("What is to be done")
        self.owner = QComboBox()
        self.owner.setObjectName("action_owner")
        for person in state.contacts:
            self.owner.addItem(f"{person.name} (customer)", ("contact", person.id))
        self.has_due = QCheckBox("Due on")
        self.has_due.setChecked(True)
        self.due = QDateEdit(QDate.currentDate().addDays(DUE_IN_DAYS))
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("yyyy-MM-dd")
        self.has_due.toggled.connect(self.due.setEnabled)
        self.added = QLabel()
        self.added.setObjectName("actions_added")
        self.added.setWordWrap(True)
        self.added.setTextFormat(Qt.TextFormat.PlainText)
        self._added: list[str] = []
        self.add_button = QPushButton("Add (Ctrl+Enter in the panel)")
        self.add_button.clicked.connect(self.primary)
        for label, widget in (("What", self.text), ("Owner", self.owner)):
            self.layout_.addWidget(QLabel(label))
            self.layout_.addWidget(widget)
        self.layout_.addWidget(self.has_due)
        self.layout_.addWidget(self.due)
        self.layout_.addWidget(self.add_button)
        self.layout_.addWidget(self.added)
        self.finish_layout()
        ctx.runner.read(staff.staff_rows, self._staff)
        self.text.setFocus()

    def first_field(self) -> QWidget:
        return self.text

    def has_draft(self) -> bool:
        return bool(self.text.text().strip())

    def _staff(self, rows: list[staff.StaffRow]) -> None:
        mine = 0
        for n, row in enumerate(rows):
            self.owner.insertItem(n, row.name, ("staff", row.id))
            if row.id == self.ctx.me:
                mine = n
        self.owner.setCurrentIndex(mine)

    def primary(self) -> None:
        text, owner = self.text.text(), self.owner.currentData()
        if owner is None:
            self.say("Choose who owns the action.")
            return
        kind, owner_id = owner
        due = self.due.date().toPython() if self.has_due.isChecked() else None
        assert due is None or isinstance(due, dt.date)
        args = {
            "text": text,
            "interview_id": self.state.id,
            "owner_staff_id": owner_id if kind == "staff" else None,
            "owner_contact_id": owner_id if kind == "contact" else None,
            "due_on": due,
        }
        short = " ".join(text.split())[:40]
        self.add_button.setEnabled(False)
        perform(
            self.ctx.runner,
            self.ctx.undo,
            Command("add_action_item", args, by=self.ctx.me, text=f"new action item “{short}”"),
            on_done=lambda _id: self._done(text),
            on_error=self._failed,
        )

    def _done(self, text: str) -> None:
        self.add_button.setEnabled(True)
        self.say("")
        self._added.append(f"✓ {text.strip()} — {self.owner.currentText()}")
        self.added.setText("\n".join(self._added))
        self.text.clear()
        self.text.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self.add_button.setEnabled(True)
        self.refused(exc)
        self.text.setFocus()
