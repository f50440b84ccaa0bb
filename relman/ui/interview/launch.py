"""Opening interview mode: starting a planned interview, or resuming one in progress exactly
where it was. One window per interview: asking again brings the open one to the front."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QWidget

from relman.models import InterviewStatus
from relman.ui.context import AppContext
from relman.workflows.commands import Command
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
    # Starting is a command of its own that cannot be undone (a started interview is
    # cancelled instead): it is not put on the undo stack.
    start = Command("start_interview", {"interview_id": interview_id}, by=ctx.me)

    def opened(state: InterviewState) -> None:
        if window_of(interview_id) is None:
            open_window(ctx, parent, state)

    def read() -> None:
        ctx.runner.read(lambda s: interview_state(s, interview_id), opened)

    def found(state: InterviewState) -> None:
        if state.status is InterviewStatus.IN_PROGRESS:
            opened(state)
        else:  # a planned one starts; anything else is refused, with the reason
            ctx.runner.run(start, lambda _outcome: read())

    ctx.runner.read(lambda s: interview_state(s, interview_id), found)


def window_of(interview_id: uuid.UUID) -> QWidget | None:
    """The interview's open window, if any."""
    return _open.get(interview_id)
