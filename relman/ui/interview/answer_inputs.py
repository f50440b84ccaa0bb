"""The answer field that fits a question's kind: free text for open questions and
restatements, a row of options for ratings, yes/no and choices. Every field reports each
change (``changed``) so that interview mode can save it, and can be driven from the keyboard
alone: options take their number (or first letter) as a key, arrows move between them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from relman.workflows.interview_script import QuestionInfo


class AnswerInput(QWidget):
    """What every answer field offers interview mode."""

    changed = Signal(str)

    def value(self) -> str:
        raise NotImplementedError

    def set_value(self, value: str) -> None:
        raise NotImplementedError

    def focus(self) -> None:
        raise NotImplementedError


class TextAnswer(AnswerInput):
    def __init__(self) -> None:
        super().__init__()
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("answer_text")
        self.edit.setTabChangesFocus(True)
        self.edit.setPlaceholderText("The customer's answer, in their words")
        self.edit.textChanged.connect(lambda: self.changed.emit(self.edit.toPlainText()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)

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
