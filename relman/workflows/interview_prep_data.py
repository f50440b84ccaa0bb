"""Gathering the interview preparation sheet: exactly what the preparation view shows
(:func:`relman.workflows.preparation.prepare`), found by the interview's id as the user
typed it (:mod:`relman.reports.interview_prep` prints it)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy.orm import Session

from relman.errors import NotFoundError
from relman.workflows.preparation import Preparation, prepare
from relman.workflows.report_progress import Progress, check_cancel, gathering


def interview_id(value: uuid.UUID | str) -> uuid.UUID:
    """``value`` as an interview id, else a message saying where to find one."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value).strip())
    except ValueError:
        raise NotFoundError(
            f"“{value}” is not an interview id; the Interviews page shows it under each interview."
        ) from None


def gather_interview_prep(
    session: Session,
    interview: uuid.UUID | str,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Preparation:
    """Everything the preparation sheet of interview ``interview`` (its id) prints."""
    gathering(progress, 1)(0, "Gathering what to prepare")
    data = prepare(session, interview_id(interview))
    check_cancel(cancelled)
    return data
