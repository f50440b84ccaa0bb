"""Interviews: schedule, move, start, finish or cancel them, each a named command
(relman/workflows/commands.py). What is said in one (the answers and notes, saved as they
are typed) is in :mod:`relman.workflows.interview_answers`, re-exported here.

Starting, finishing and cancelling record who did it. Planning is undone by taking the
interview back, a move by moving it back, a cancellation by putting the interview back where
it was (planned or in progress). The method lets a finished interview be reopened within the
day it was finished, so finishing is undone by :func:`reopen_interview` until midnight and
refused after it. Starting cannot be undone: a started interview is cancelled instead.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from relman.errors import RuleError, ValidationError
from relman.models import Contact, Interview, InterviewStatus, Script, ScriptVersion, Staff
from relman.workflows.commands import command, new_version, undo_by
from relman.workflows.common import (
    author,
    aware,
    clean_text,
    get,
    get_to_edit,
    stamp,
    today,
    whole,
)
from relman.workflows.interview_answers import (
    YES_NO,
    Unsaved,
    answer_question,
    answers_of,
    autosave_progress,
    hidden_answers_of,
    question_in_version,
    save_notes,
    save_progress,
)
from relman.workflows.inverses import creates
from relman.workflows.scripts import condition_met, latest_version

__all__ = [
    "YES_NO",
    "Unsaved",
    "answer_question",
    "answers_of",
    "autosave_progress",
    "condition_met",
    "hidden_answers_of",
    "question_in_version",
    "save_notes",
    "save_progress",
]


@creates("interviews")
def schedule_interview(
    session: Session,
    *,
    script_id: uuid.UUID,
    contact_ids: list[uuid.UUID],
    at: dt.datetime,
    by: uuid.UUID | None,
    location: str = "",
    duration_minutes: int = 60,
    version_id: uuid.UUID | None = None,
    rm_id: uuid.UUID | None = None,
) -> Interview:
    """Plan an interview with one or more contacts, held with the script's latest version
    (or ``version_id``) by ``rm_id`` (by default whoever plans it, ``by``)."""
    rm = author(session, by)
    if rm_id is not None:
        rm = get(session, Staff, rm_id, "relationship manager")
    script = get(session, Script, script_id, "interview script")
    if version_id is not None:
        version = get(session, ScriptVersion, version_id, "script version")
        if version.script_id != script.id:
            raise ValidationError("version", "That version belongs to another script.")
    else:
        version = latest_version(session, script.id)
    if not contact_ids:
        raise ValidationError("contacts", "Choose at least one contact to interview.")
    contacts = [get(session, Contact, c, "contact") for c in dict.fromkeys(contact_ids)]
    duration = whole("duration", duration_minutes, "The length in minutes")
    if not 5 <= duration <= 8 * 60:
        raise ValidationError("duration", "An interview lasts between 5 minutes and 8 hours.")
    interview = Interview(
        script_version_id=version.id,
        rm_id=rm.id,
        unit_id=contacts[0].unit_id,
        scheduled_at=aware("at", at, "The interview's time"),
        duration_minutes=duration,
        location=_location(location),
        status=InterviewStatus.PLANNED,
    )
    interview.contacts.extend(contacts)
    session.add(interview)
    session.flush()
    return interview


def _location(value: object) -> str:
    return clean_text("location", value, "Location", column=Interview.location)


def _interview(session: Session, interview_id: uuid.UUID) -> Interview:
    return get(session, Interview, interview_id, "interview")


@dataclass(frozen=True)
class PlannedTime:
    """When and where an interview is, as a form to move it starts from."""

    at: dt.datetime
    location: str
    status: InterviewStatus
    version: int


def planned_time(session: Session, interview_id: uuid.UUID) -> PlannedTime:
    interview = _interview(session, interview_id)
    return PlannedTime(
        interview.scheduled_at, interview.location, interview.status, interview.version
    )


@command(subject="interview_id")
def reschedule_interview(
    session: Session,
    interview_id: uuid.UUID,
    at: dt.datetime | None = None,
    location: str | None = None,
    *,
    expected_version: int | None,
) -> Interview:
    """Move a planned interview to ``at`` and/or ``location`` (None: unchanged), refused if
    someone changed it since ``expected_version`` was read. Undone by moving it back."""
    interview = get_to_edit(session, Interview, interview_id, "interview", expected_version)
    if interview.status is not InterviewStatus.PLANNED:
        raise RuleError("Only a planned interview can be moved.")
    was_at, was_location = interview.scheduled_at, interview.location
    if at is not None:
        interview.scheduled_at = aware("at", at, "The interview's time")
    if location is not None:
        interview.location = _location(location)
    undo_by(
        session,
        "reschedule_interview",
        interview_id=interview.id,
        at=was_at if at is not None else None,
        location=was_location if location is not None else None,
        expected_version=new_version(session, interview),
    )
    return interview


@command(never="A started interview cannot be put back to planned; cancel it instead.")
def start_interview(
    session: Session,
    interview_id: uuid.UUID,
    *,
    by: uuid.UUID | None,
    at: dt.datetime | None = None,
) -> Interview:
    """Start a planned interview; ``by`` is who holds it."""
    holder = author(session, by)
    interview = _interview(session, interview_id)
    if interview.status is not InterviewStatus.PLANNED:
        raise RuleError(
            f"This interview is {interview.status.value.replace('_', ' ')}; "
            "only a planned one can start."
        )
    interview.status = InterviewStatus.IN_PROGRESS
    interview.started_at = stamp(at)
    interview.started_by_id = holder.id
    return interview


@command(subject="interview_id")
def finish_interview(
    session: Session,
    interview_id: uuid.UUID,
    *,
    by: uuid.UUID | None,
    summary: str = "",
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Interview:
    """Finish an interview in progress; ``by`` is who closes it. Undone, on the day it
    was finished only, by :func:`reopen_interview`."""
    closer = author(session, by)
    interview = get_to_edit(session, Interview, interview_id, "interview", expected_version)
    if interview.status is not InterviewStatus.IN_PROGRESS:
        raise RuleError("Only an interview in progress can be finished.")
    was_summary = interview.summary
    interview.status = InterviewStatus.COMPLETED
    interview.finished_at = stamp(at)
    interview.finished_by_id = closer.id
    interview.summary = clean_text("summary", summary, "Summary")
    undo_by(
        session,
        "reopen_interview",
        interview_id=interview.id,
        expected_version=new_version(session, interview),
        summary=was_summary,
    )
    return interview


@command(subject="interview_id")
def reopen_interview(
    session: Session, interview_id: uuid.UUID, *, expected_version: int, summary: str = ""
) -> Interview:
    """Take back "held" on the day the interview was finished: it is in progress again,
    with the summary it had (``summary``). After that day its record stands: refused.
    Undone by finishing it again as it was."""
    interview = get_to_edit(session, Interview, interview_id, "interview", expected_version)
    if interview.status is not InterviewStatus.COMPLETED or interview.finished_at is None:
        raise RuleError("Only a finished interview can be reopened.")
    finished_on = today(interview.finished_at)
    if finished_on != today():
        raise RuleError(
            "A finished interview can be reopened only on the day it was finished "
            f"({finished_on:%Y-%m-%d}); since then its record stands as held."
        )
    finished_at, finished_summary = interview.finished_at, interview.summary
    interview.status = InterviewStatus.IN_PROGRESS
    interview.finished_at = None
    interview.finished_by_id = None
    interview.summary = clean_text("summary", summary, "Summary")
    undo_by(
        session,
        "finish_interview",
        interview_id=interview.id,
        summary=finished_summary,
        at=finished_at,
        expected_version=new_version(session, interview),
    )
    return interview


@command(subject="interview_id")
def cancel_interview(
    session: Session,
    interview_id: uuid.UUID,
    reason: str,
    *,
    by: uuid.UUID | None,
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Interview:
    """Cancel a planned or running interview, saying why; ``by`` is who cancels it.
    Undone by :func:`uncancel_interview`, which puts it back where it was."""
    canceller = author(session, by)
    interview = get_to_edit(session, Interview, interview_id, "interview", expected_version)
    if interview.status not in (InterviewStatus.PLANNED, InterviewStatus.IN_PROGRESS):
        raise RuleError(f"This interview is already {interview.status.value.replace('_', ' ')}.")
    reason = clean_text("reason", reason, "The reason", required=True)
    was_status, was_notes = interview.status, interview.notes
    interview.status = InterviewStatus.CANCELLED
    interview.cancelled_by_id = canceller.id
    interview.cancelled_at = stamp(at)
    interview.cancel_reason = reason
    interview.notes = (interview.notes + "\n\n" if interview.notes else "") + f"Cancelled: {reason}"
    undo_by(
        session,
        "uncancel_interview",
        interview_id=interview.id,
        expected_version=new_version(session, interview),
        status=was_status,
        notes=was_notes,
    )
    return interview


@command(subject="interview_id")
def uncancel_interview(
    session: Session,
    interview_id: uuid.UUID,
    *,
    expected_version: int,
    status: InterviewStatus,
    notes: str,
) -> Interview:
    """Take a cancellation back: the interview is ``status`` again (planned, or in progress
    as it was), with the notes it had. Undone by cancelling it again for the same reason."""
    interview = get_to_edit(session, Interview, interview_id, "interview", expected_version)
    if interview.status is not InterviewStatus.CANCELLED:
        raise RuleError("This interview is not cancelled.")
    if status not in (InterviewStatus.PLANNED, InterviewStatus.IN_PROGRESS):
        raise RuleError("A cancelled interview goes back to planned or in progress.")
    reason, cancelled_at = interview.cancel_reason, interview.cancelled_at
    interview.status = status
    interview.cancelled_by_id = None
    interview.cancelled_at = None
    interview.cancel_reason = ""
    interview.notes = clean_text("notes", notes, "Notes")
    undo_by(
        session,
        "cancel_interview",
        interview_id=interview.id,
        reason=reason,
        at=cancelled_at,
        expected_version=new_version(session, interview),
    )
    return interview
