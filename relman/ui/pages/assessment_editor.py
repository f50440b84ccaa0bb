"""The assessment editor of a contact's detail: the department's criteria in use, each a
checkbox with a note, the unreasonable-demands flag and the RM's override. The verdict and
its reasons follow every tick, so the RM sees why before saving."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
)

from relman.workflows import assessments
from relman.workflows.contacts import ContactDetail
from relman.workflows.key_customers import CriterionRow


class AssessmentEditor(QGroupBox):
    """The criteria in use, each a checkbox with a note, the unreasonable-demands flag and
    the RM's override; the verdict and its reasons follow every tick."""

    def __init__(self) -> None:
        super().__init__("New assessment")
        self.grid = QGridLayout(self)
        self.criteria_rows: list[CriterionRow] = []
        self.checks: list[QCheckBox] = []
        self.notes: list[QLineEdit] = []
        self.unreasonable = QCheckBox("Unreasonable demands")
        self.unreasonable.setToolTip(
            "Unreasonable, uncompromising demands: not a key customer, unless you override"
        )
        self.unreasonable.setObjectName("unreasonable")
        self.unreasonable_note = QLineEdit(placeholderText="What was unreasonable (needed)")
        self.unreasonable.toggled.connect(self.update_verdict)
        self.override = QCheckBox("Keep key anyway")
        self.override.setToolTip(
            "A deliberate decision: they stay a key customer despite unreasonable demands"
        )
        self.override.setObjectName("override")
        self.override_note = QLineEdit(placeholderText="Why they stay key (needed)")
        self.override.toggled.connect(self.update_verdict)
        self.override_note.textChanged.connect(lambda _t: self.update_verdict())
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.save = QPushButton("Save assessment")
        self.grid.setColumnStretch(1, 1)
        self.set_criteria([])

    def set_criteria(self, rows: list[CriterionRow]) -> None:
        """Lay out one line per criterion in use (kept ticks and notes stay by criterion)."""
        kept = {
            c.id: (check.isChecked(), note.text())
            for c, check, note in zip(self.criteria_rows, self.checks, self.notes, strict=False)
        }
        for widget in (*self.checks, *self.notes):
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.criteria_rows = list(rows)
        self.checks, self.notes = [], []
        for i, row in enumerate(rows):
            check = QCheckBox(f"{i + 1}. {row.name}")
            check.setToolTip(row.question)
            check.setObjectName(f"criterion{i + 1}")
            note = QLineEdit(placeholderText="Note")
            note.setObjectName(f"note{i + 1}")
            met, text = kept.get(row.id, (False, ""))
            check.setChecked(met)
            note.setText(text)
            check.toggled.connect(self.update_verdict)
            self.grid.addWidget(check, i, 0)
            self.grid.addWidget(note, i, 1)
            self.checks.append(check)
            self.notes.append(note)
        n = len(rows)
        self.grid.addWidget(self.unreasonable, n, 0)
        self.grid.addWidget(self.unreasonable_note, n, 1)
        self.grid.addWidget(self.override, n + 1, 0)
        self.grid.addWidget(self.override_note, n + 1, 1)
        self.grid.addWidget(self.verdict, n + 2, 0, 1, 2)
        # across both columns, so that the button does not widen the notes' column
        self.grid.addWidget(self.save, n + 3, 0, 1, 2, Qt.AlignmentFlag.AlignRight)
        self.update_verdict()

    def load(self, detail: ContactDetail | None) -> None:
        latest = detail.assessments[0] if detail and detail.assessments else None
        answers = {a.criterion_id: a for a in latest.answers} if latest else {}
        for row, check, note in zip(self.criteria_rows, self.checks, self.notes, strict=True):
            answer = answers.get(row.id)
            check.setChecked(bool(answer and answer.met))
            note.setText(answer.note if answer else "")
            note.setCursorPosition(0)
        self.unreasonable.setChecked(bool(latest and latest.unreasonable))
        self.unreasonable_note.setText(latest.unreasonable_note if latest else "")
        self.unreasonable_note.setCursorPosition(0)
        self.override.setChecked(bool(latest and latest.override))
        self.override_note.setText(latest.override_note if latest else "")
        self.override_note.setCursorPosition(0)
        self.update_verdict()

    def criteria(self) -> list[bool]:
        return [c.isChecked() for c in self.checks]

    def answers(self) -> tuple[dict[uuid.UUID, bool], dict[uuid.UUID, str]]:
        """What is ticked and noted, by criterion id."""
        met = {r.id: c.isChecked() for r, c in zip(self.criteria_rows, self.checks, strict=True)}
        notes = {r.id: n.text() for r, n in zip(self.criteria_rows, self.notes, strict=True)}
        return met, notes

    def update_verdict(self) -> None:
        unreasonable = self.unreasonable.isChecked()
        self.unreasonable_note.setEnabled(unreasonable)
        self.override.setEnabled(unreasonable)
        self.override_note.setEnabled(unreasonable and self.override.isChecked())
        found = assessments.verdict(
            self.criteria_rows,
            self.criteria(),
            unreasonable=unreasonable,
            override=unreasonable and self.override.isChecked(),
            override_note=self.override_note.text(),
        )
        if found.problem:
            self.verdict.setText(found.problem)
            self.verdict.setStyleSheet("color: #c0392b;")
        else:
            self.verdict.setText(found.text)
            self.verdict.setStyleSheet("color: #1e7d32;" if found.is_key else "")
        self.save.setEnabled(not found.problem and bool(self.criteria_rows))
