"""Finishing an interview: a summary of what it produced (the answers, the expectations
captured and their states, the action items) with room for a closing summary; confirming
(Ctrl+Enter) marks the interview held, which Edit → Undo takes back on the same day. Escape
goes back to the interview."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from relman.errors import RelmanError
from relman.ui.context import AppContext
from relman.ui.errors import show_error
from relman.ui.pages.base import esc
from relman.ui.undo import perform
from relman.workflows.commands import Command
from relman.workflows.interview_queries import InterviewSummary, interview_summary


def _lines(text: str) -> str:
    return esc(text).replace("\n", "<br>")


def summary_html(summary: InterviewSummary) -> str:
    """The summary as rich text, every user text escaped."""
    answers = "".join(
        f"<dt><b>{_lines(q)}</b></dt><dd>{_lines(a)}</dd>" for q, a in summary.answers
    )
    expectations = "".join(
        f"<li><b>{esc(e.service)}</b>: “{esc(e.statement)}” — <i>{esc(e.status)}</i></li>"
        for e in summary.expectations
    )
    actions = "".join(
        f"<li>{esc(a.text)} — {esc(a.owner)}"
        + (f", due {a.due_on.isoformat()}" if a.due_on else "")
        + "</li>"
        for a in summary.action_items
    )
    none = "<p><i>none</i></p>"
    return (
        f"<h3>Answers ({len(summary.answers)})</h3>"
        + (f"<dl>{answers}</dl>" if answers else none)
        + f"<h3>Expectations captured ({len(summary.expectations)})</h3>"
        + (f"<ul>{expectations}</ul>" if expectations else none)
        + f"<h3>Action items ({len(summary.action_items)})</h3>"
        + (f"<ul>{actions}</ul>" if actions else none)
    )


class FinishDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget,
        interview_id: uuid.UUID,
        summary: InterviewSummary,
        on_held: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Finish the interview")
        self.setObjectName("finish_dialog")
        self.ctx, self.interview_id, self.on_held = ctx, interview_id, on_held
        self.resize(760, 620)
        view = QTextBrowser()
        view.setObjectName("summary_view")
        view.setHtml(summary_html(summary))
        self.text = QPlainTextEdit()
        self.text.setObjectName("summary_text")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("In a few lines: what came out of this interview")
        self.text.setMaximumHeight(120)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox()
        self.held = buttons.addButton(
            "Mark as held (Ctrl+Enter)", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton("Back to the interview (Esc)", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.mark_held)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.mark_held)
        layout = QVBoxLayout(self)
        layout.addWidget(view, 1)
        layout.addWidget(QLabel("Summary"))
        layout.addWidget(self.text)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.text.setFocus()

    def mark_held(self) -> None:
        if not self.held.isEnabled():
            return
        self.held.setEnabled(False)
        args = {"interview_id": self.interview_id, "summary": self.text.toPlainText()}
        # undoable on the day it was finished (the method lets it be reopened then)
        perform(
            self.ctx.runner,
            self.ctx.undo,
            Command("finish_interview", args, by=self.ctx.me, text="finishing of an interview"),
            on_done=self._done,
            on_error=self._refused,
        )

    def _done(self, _result: object) -> None:
        self.accept()
        self.on_held()

    def _refused(self, exc: BaseException) -> None:
        self.held.setEnabled(True)
        if isinstance(exc, RelmanError):
            self.message.setText(exc.message)
            self.message.show()
        else:
            show_error(self, exc)


def show_summary(
    ctx: AppContext, parent: QWidget, interview_id: uuid.UUID, on_held: Callable[[], None]
) -> None:
    """Load the interview's summary and open the dialog that finishes it."""

    def opened(summary: InterviewSummary) -> None:
        dialog = FinishDialog(ctx, parent, interview_id, summary, on_held)
        dialog.open()

    ctx.runner.read(lambda s: interview_summary(s, interview_id), opened)
