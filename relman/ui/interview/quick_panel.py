"""What the quick panels of interview mode share: a titled column beside the interview with
a message line for refusals and a primary action that Ctrl+Enter takes while the focus is in
the panel (elsewhere Ctrl+Enter goes to the next question).

A panel is put away, never destroyed, while it holds words typed and not yet recorded
(:meth:`QuickPanel.has_draft`): interview mode brings it back as it was, and asks before
closing with it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from relman.errors import RelmanError, ValidationError
from relman.ui.errors import show_error


class QuickPanel(QWidget):
    #: what the panel's unrecorded words are, in "You started … and did not record it"
    draft_name = "something"

    def __init__(self, title: str, close: Callable[[], None]) -> None:
        super().__init__()
        self.layout_ = QVBoxLayout(self)
        heading = QLabel(title)
        font = QFont(heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        self.layout_.addWidget(heading)
        self.message = QLabel()
        self.message.setObjectName("panel_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("color: #c0392b;")
        self.message.hide()
        self.close_button = QPushButton("Close (Esc)")
        self.close_button.clicked.connect(close)

    def finish_layout(self) -> None:
        """Put the message line and Close at the bottom, after the panel's own widgets."""
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.close_button)

    def first_field(self) -> QWidget:
        """Where the focus goes when the panel opens."""
        raise NotImplementedError

    def primary(self) -> None:
        """What Ctrl+Enter does in the panel."""
        raise NotImplementedError

    def has_draft(self) -> bool:
        """Words are typed in the panel and not yet recorded."""
        return False

    def draft_field(self) -> QWidget:
        """Where the focus goes when the panel comes back with its words."""
        return self.first_field()

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def refused(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError | RelmanError):
            self.say(exc.message)
        else:
            show_error(self, exc)
