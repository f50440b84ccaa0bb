"""Opening interview mode: starting a planned interview, or resuming one in progress exactly
where it was. One window per interview: asking again brings the open one to the front."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from relman.models import InterviewStatus
from relman.ui.context import AppContext
from relman.workflows import interviews
from relman.workflows.interview_queries import InterviewState, interview_state

#: The interview windows open now, by interview; a window leaves when it closes.
_open: dict[uuid.UUID, QWidget] = {}


def open_window(ctx: AppContext, parent: QWidget | None, state: InterviewState) -> QWidget:
    from relman.ui.interview.mode import InterviewWindow

    window = InterviewWindow(ctx, state, parent)
    _open[state.id] = window
    window.closed.connect(lambda interview_id: _open.pop(interview_id, None))
    window.show()
    window.activateWindow()
    return window


def hold_interview(ctx: AppContext, parent: QWidget | None, interview_id: uuid.UUID) -> None:
    """Interview mode for ``interview_id``: a planned one starts now (by whoever is at the
    keyboard), one in progress resumes. Anything else is refused with the workflow's reason."""
    already = _open.get(interview_id)
    if already is not None:
        already.raise_()
        already.activateWindow()
        return
    me = ctx.me

    def start(s: Session) -> InterviewState:
        state = interview_state(s, interview_id)
        if state.status is InterviewStatus.PLANNED:
            interviews.start_interview(s, interview_id, by=me)
            s.flush()
            state = interview_state(s, interview_id)
        elif state.status is not InterviewStatus.IN_PROGRESS:
            interviews.start_interview(s, interview_id, by=me)  # refused, with the reason
        return state

    ctx.runner.write(start, lambda state: open_window(ctx, parent, state))


def window_of(interview_id: uuid.UUID) -> QWidget | None:
    """The interview's open window, if any."""
    return _open.get(interview_id)
