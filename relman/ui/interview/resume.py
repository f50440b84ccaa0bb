"""After a start-up: an interview left in progress (relman closed, or the computer stopped,
in the middle of it) is offered to be resumed exactly where it was, with every word typed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from relman.ui.context import AppContext
from relman.ui.interview.launch import hold_interview
from relman.workflows.interview_queries import InterviewListRow, broken_off


def _ask(window: QWidget, ctx: AppContext, rows: list[InterviewListRow]) -> None:
    if not rows:
        return
    row = rows[0]
    when = row.scheduled_at.astimezone()
    more = f"\n\n{len(rows) - 1} more are in progress too." if len(rows) > 1 else ""
    box = QMessageBox(window)
    box.setObjectName("resume_offer")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Resume the interview?")
    box.setText(
        f"The interview with {row.contacts or 'nobody'} ({row.unit or 'no unit'}) of "
        f"{when:%Y-%m-%d %H:%M} was not finished. Resume it where it was?{more}"
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    resume = box.addButton("Resume", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Later", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(resume)
    box.buttonClicked.connect(
        lambda button: hold_interview(ctx, window, row.id) if button is resume else None
    )
    box.open()


def offer_resume(window: QWidget) -> None:
    """Ask whether to resume the interview the user (``window.ctx.me``) left in progress.
    Quiet when there is none; reads on the runner, so start-up does not wait for it."""
    ctx: AppContext = window.ctx  # type: ignore[attr-defined]
    me = ctx.me
    ctx.runner.read(lambda s: broken_off(s, me), lambda rows: _ask(window, ctx, rows))
