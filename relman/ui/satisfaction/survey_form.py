"""The form of a unit's quarterly survey: the quarter, the respondents, a score per question
of the survey's fixed list, and comments. A score of 2 or lower (the workflow's
``FOLLOW_UP_AT``) offers a follow-up line: what the unit said when asked why. It is optional;
it is kept only while the score stays low.

Checked as typed with the workflow's own validators, and again by the workflow on Save; a
refused save marks the field it names and keeps the dialog open with everything typed. Esc,
Cancel and the close box ask before what was typed is thrown away (a :class:`GuardedDialog`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from relman.errors import RelmanError, ValidationError
from relman.ui.dialogs.form import INVALID_STYLE, GuardedDialog, save_bar, state_of
from relman.ui.errors import show_error
from relman.workflows.common import clean_period, number, whole
from relman.workflows.satisfaction import FOLLOW_UP_AT, MAX_RESPONDENTS

#: ``submit(values, done, failed)``: values are quarter, respondents, comments, scores
#: (question → score text) and follow_ups (question → text).
Submit = Callable[[dict[str, Any], Callable[[Any], None], Callable[[BaseException], None]], None]


class QuestionRow:
    """A question's score, its problem, and the follow-up offered when the score is low."""

    def __init__(self, question: str) -> None:
        self.question = question
        self.score = QLineEdit()
        self.score.setPlaceholderText("1–5, e.g. 3.5; empty if not asked")
        self.score.setAccessibleName(f"Score of {question}")
        self.score.setMaxLength(20)
        self.score.setFixedWidth(230)
        self.error = QLabel()  # beside the score; one short line, so never wrapped
        self.error.setStyleSheet("color: #c0392b;")
        policy = self.error.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the score field stays put when it comes and goes
        self.error.setSizePolicy(policy)
        self.error.hide()
        self.follow_up = QLineEdit()
        self.follow_up.setPlaceholderText("A low score: what did they say was wrong? (optional)")
        self.follow_up.setAccessibleName(f"Follow-up of {question}")
        self.follow_up.setMaxLength(2_000)
        self.asked = QWidget()  # "Why so low?" and the follow-up, shown for a low score
        asked = QHBoxLayout(self.asked)
        asked.setContentsMargins(0, 0, 0, 0)
        why = QLabel("Why so low?")
        why.setBuddy(self.follow_up)
        asked.addWidget(why)
        asked.addWidget(self.follow_up, 1)
        self.asked.hide()
        self.label = QLabel(question)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a question may hold "<b>"
        self.label.setWordWrap(True)
        self.label.setBuddy(self.score)
        line = QHBoxLayout()
        line.addWidget(self.score)
        line.addWidget(self.error, 1)
        self.box = QVBoxLayout()
        self.box.setSpacing(3)
        self.box.addWidget(self.label)
        self.box.addLayout(line)
        self.box.addWidget(self.asked)

    def problem(self) -> str:
        text = self.score.text().strip()
        if not text:
            return ""
        try:
            number("score", text, "The score", low=1, high=5)
        except ValidationError as err:
            return err.message
        return ""

    def is_low(self) -> bool:
        text = self.score.text().strip()
        return bool(text) and not self.problem() and float(text.replace(",", ".")) <= FOLLOW_UP_AT

    def mark(self, problem: str) -> None:
        self.score.setStyleSheet(INVALID_STYLE if problem else "")
        self.error.setText(problem)
        self.error.setVisible(bool(problem))


class SurveyDialog(GuardedDialog):
    def __init__(
        self,
        parent: QWidget | None,
        unit_name: str,
        questions: list[str],
        quarter: str,
        submit: Submit,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Survey of {unit_name}")
        self.setMinimumWidth(560)
        self.submit = submit
        self.saving = False
        self.quarter = QLineEdit(quarter)
        self.quarter.setObjectName("quarter")
        self.respondents = QLineEdit("0")
        self.respondents.setObjectName("respondents")
        self.comments = QPlainTextEdit()
        self.comments.setObjectName("comments")
        self.comments.setTabChangesFocus(True)
        self.comments.setMaximumHeight(90)
        self.errors = {name: self._error() for name in ("quarter", "respondents", "comments")}
        self.rows = [QuestionRow(q) for q in questions]
        form = QFormLayout()
        for label, editor, name in (
            ("&Quarter *", self.quarter, "quarter"),
            ("&Respondents", self.respondents, "respondents"),
        ):
            form.addRow(self._label(label, editor), self._with_error(editor, name))
        column = QVBoxLayout()
        for row in self.rows:
            column.addLayout(row.box)
            row.score.textChanged.connect(lambda _t, r=row: self._score_changed(r))
        column.addStretch(1)
        inner = QWidget()
        inner.setLayout(column)
        ending = QFormLayout()
        ending.addRow(
            self._label("&Comments", self.comments), self._with_error(self.comments, "comments")
        )
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        hint = QLabel(
            "Score each question the unit was asked, 1 (very unsatisfied) to 5 (very "
            f"satisfied); overall is their mean. A score of {FOLLOW_UP_AT} or lower offers a "
            "follow-up line."
        )
        hint.setWordWrap(True)
        self.message, self.buttons = save_bar(self)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Scores</b>"))
        layout.addWidget(scroll, 1)
        layout.addLayout(ending)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.quarter.textChanged.connect(lambda _t: self._check_field("quarter"))
        self.respondents.textChanged.connect(lambda _t: self._check_field("respondents"))
        self.resize(600, min(760, 260 + 64 * len(self.rows)))
        self.keep_snapshot()

    def snapshot(self) -> object:
        typed = [w for row in self.rows for w in (row.score, row.follow_up)]
        return state_of(self.quarter, self.respondents, self.comments, *typed)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    @staticmethod
    def _error() -> QLabel:
        error = QLabel()
        error.setStyleSheet("color: #c0392b;")
        error.setWordWrap(True)
        error.hide()
        return error

    def _with_error(self, editor: QWidget, name: str) -> QVBoxLayout:
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(editor)
        box.addWidget(self.errors[name])
        return box

    # -- checking as typed -----------------------------------------------------------------
    def _score_changed(self, row: QuestionRow) -> None:
        row.mark(row.problem())
        row.asked.setVisible(row.is_low())

    def field_problem(self, name: str) -> str:
        try:
            if name == "quarter":
                clean_period("quarter", self.quarter.text(), "quarterly", "A satisfaction survey")
            elif name == "respondents":
                whole(
                    "respondents",
                    self.respondents.text().strip() or "0",
                    "The number of respondents",
                    low=0,
                    high=MAX_RESPONDENTS,
                )
        except ValidationError as err:
            return err.message
        return ""

    def _check_field(self, name: str) -> None:
        self.mark(name, self.field_problem(name))

    def mark(self, name: str, problem: str) -> None:
        editor = {"quarter": self.quarter, "respondents": self.respondents}.get(name)
        if editor is not None:
            editor.setStyleSheet(INVALID_STYLE if problem else "")
        self.errors[name].setText(problem)
        self.errors[name].setVisible(bool(problem))

    def values(self) -> dict[str, Any]:
        scored = [r for r in self.rows if r.score.text().strip()]
        return {
            "quarter": self.quarter.text(),
            "respondents": self.respondents.text().strip() or "0",
            "comments": self.comments.toPlainText(),
            "scores": {r.question: r.score.text().strip() for r in scored},
            # a follow-up typed, then its score raised, is no longer asked for
            "follow_ups": {r.question: r.follow_up.text() for r in scored if r.is_low()},
        }

    # -- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        if self.saving:
            return
        first: QWidget | None = None
        for name, editor in (("quarter", self.quarter), ("respondents", self.respondents)):
            problem = self.field_problem(name)
            self.mark(name, problem)
            first = first or (editor if problem else None)
        for row in self.rows:
            row.mark(row.problem())
            first = first or (row.score if row.problem() else None)
        if not any(r.score.text().strip() for r in self.rows):
            self.show_message("Score at least one question.")
            first = first or (self.rows[0].score if self.rows else None)
        if first is not None:
            first.setFocus()
            return
        self.saving = True
        self.message.hide()
        self.buttons.setEnabled(False)
        self.submit(self.values(), self._saved, self._refused)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _saved(self, _result: Any) -> None:
        self.saving = False
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError) and exc.field in self.errors:
            self.mark(exc.field, exc.message)
        elif isinstance(exc, ValidationError) and exc.field in ("score", "follow_up", "question"):
            # the workflow names the question in “…”: mark that row
            row = next((r for r in self.rows if f"“{r.question}”" in exc.message), None)
            if row is not None and exc.field == "score":
                row.mark(exc.message)
                row.score.setFocus()
            else:
                self.show_message(exc.message)
        elif isinstance(exc, RelmanError):
            self.show_message(exc.message)
        else:
            show_error(self, exc)
