"""The answer field that fits a question's kind: free text for open questions and
restatements, a row of options for ratings, yes/no and choices. Every field reports each
change (``changed``) so that interview mode can save it, and can be driven from the keyboard
alone: options take their number (or first letter) as a key, arrows move between them.

A text field never takes more than an answer holds (the workflows' limit): a longer paste is
cut at once and the field says so; a value the save refuses is shown under its field."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from relman.workflows.common import MAX_TEXT
from relman.workflows.interview_script import QuestionInfo


class LimitedText(QPlainTextEdit):
    """Free text that a paste (or a drop) never takes past :data:`MAX_TEXT`, the longest
    text an answer or the notes hold: what goes beyond is left out and ``cut`` says so.
    ``what`` names the field in that sentence ("an answer", "the notes")."""

    cut = Signal(str)

    def __init__(self, what: str, text: str = "") -> None:
        super().__init__(text)
        self.what = what

    def insertFromMimeData(self, source: QMimeData) -> None:
        text = source.text() if source.hasText() else ""
        selected = len(self.textCursor().selectedText())
        room = max(MAX_TEXT - (len(self.toPlainText()) - selected), 0)
        if len(text) <= room:
            super().insertFromMimeData(source)
            return
        self.textCursor().insertText(text[:room])
        self.ensureCursorVisible()
        self.cut.emit(
            f"The pasted text was cut: {self.what} holds at most {MAX_TEXT:,} characters, "
            f"so its last {len(text) - room:,} characters were left out (they are still on "
            "the clipboard)."
        )


def problem_label() -> QLabel:
    """The red line under a field that says what is wrong with it; hidden while nothing is."""
    label = QLabel()
    label.setObjectName("field_problem")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("color: #c0392b;")
    label.hide()
    return label


class AnswerInput(QWidget):
    """What every answer field offers interview mode; ``problem`` is the line under it."""

    changed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.problem = problem_label()

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def value(self) -> str:
        raise NotImplementedError

    def set_value(self, value: str) -> None:
        raise NotImplementedError

    def focus(self) -> None:
        raise NotImplementedError


class TextAnswer(AnswerInput):
    def __init__(self) -> None:
        super().__init__()
        self.edit = LimitedText("an answer")
        self.edit.setObjectName("answer_text")
        self.edit.cut.connect(self.show_problem)
        self.edit.setTabChangesFocus(True)
        self.edit.setPlaceholderText("The customer's answer, in their words")
        self.edit.textChanged.connect(lambda: self.changed.emit(self.edit.toPlainText()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.problem)

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, value: str) -> None:
        self.edit.blockSignals(True)
        self.edit.setPlainText(value)
        self.edit.moveCursor(self.edit.textCursor().MoveOperation.End)
        self.edit.blockSignals(False)

    def focus(self) -> None:
        self.edit.setFocus()


class OptionAnswer(AnswerInput):
    """One option out of a few; ``keys`` are the shortcut letters or digits, in order."""

    def __init__(self, options: list[tuple[str, str]], keys: list[str]) -> None:
        super().__init__()
        self.options = options
        self.keys = {k.casefold(): n for n, k in enumerate(keys)}
        self.group = QButtonGroup(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        layout = QHBoxLayout()
        outer.addLayout(layout)
        outer.addWidget(self.problem)
        outer.addStretch(1)
        for n, (label, _value) in enumerate(options):
            button = QRadioButton(f"{label}  ({keys[n]})" if keys[n] != label else label)
            button.setObjectName(f"option_{n}")
            self.group.addButton(button, n)
            layout.addWidget(button)
        layout.addStretch(1)
        self.group.idToggled.connect(self._toggled)

    def _toggled(self, index: int, on: bool) -> None:
        if on:
            self.changed.emit(self.options[index][1])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.keys.get(event.text().casefold()) if event.text() else None
        if index is None:
            super().keyPressEvent(event)
            return
        self.group.button(index).setChecked(True)
        self.group.button(index).setFocus()

    def value(self) -> str:
        index = self.group.checkedId()
        return self.options[index][1] if index >= 0 else ""

    def set_value(self, value: str) -> None:
        self.group.blockSignals(True)
        for n, (_label, option) in enumerate(self.options):
            if option.casefold() == value.casefold():
                self.group.button(n).setChecked(True)
        self.group.blockSignals(False)

    def focus(self) -> None:
        checked = self.group.checkedButton() or self.group.button(0)
        checked.setFocus(Qt.FocusReason.OtherFocusReason)


def answer_input(question: QuestionInfo) -> AnswerInput:
    """The field for ``question``'s kind."""
    if question.kind == "rating":
        numbers = [str(n) for n in range(1, 6)]
        return OptionAnswer([(n, n) for n in numbers], numbers)
    if question.kind == "yes_no":
        return OptionAnswer([("Yes", "yes"), ("No", "no")], ["Y", "N"])
    if question.kind == "choice":
        keys = [str(n) for n in range(1, len(question.choices) + 1)]
        return OptionAnswer([(c, c) for c in question.choices], keys)
    return TextAnswer()
