"""What was written at the last meetings and interviews with a customer: read again before
the next interview (the preparation view and sheet show it)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from relman.models import Contact, Interview, InterviewStatus, Meeting, interview_contacts

#: How many earlier meetings and interviews are shown.
LAST_NOTES = 3


@dataclass(frozen=True)
class NotesInfo:
    """What was written at an earlier meeting or interview."""

    kind: str  # "meeting" or "interview"
    id: uuid.UUID
    held_at: dt.datetime
    title: str  # "Service review" / "Interview with Ana, Ben"
    text: str  # the minutes, or the interview's summary and notes


def meeting_notes(session: Session, unit_ids: list[uuid.UUID]) -> tuple[NotesInfo, ...]:
    """The minutes of the units' last meetings, latest first."""
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.unit_id.in_(unit_ids))
        .order_by(Meeting.held_at.desc())
        .limit(LAST_NOTES)
    )
    notes = []
    for m in meetings:
        parts = [
            # a list written as "- item" lines starts on its own line, under its label
            f"{label}:\n{text.strip()}" if text.lstrip().startswith("- ") else f"{label}: {text}"
            for label, text in (
                ("Discussed", m.discussed),
                ("Delivered", m.delivered),
                ("Planned", m.planned),
            )
            if text.strip()
        ]
        title = m.kind.value.replace("_", " ").capitalize()
        notes.append(NotesInfo("meeting", m.id, m.held_at, title, "\n".join(parts)))
    return tuple(notes)


def interview_notes(
    session: Session,
    interview_id: uuid.UUID,
    unit_ids: list[uuid.UUID],
    contact_ids: list[uuid.UUID],
) -> tuple[NotesInfo, ...]:
    """The summary and notes of the last completed interviews with these contacts or units,
    latest first, leaving out ``interview_id`` itself."""
    with_them = select(interview_contacts.c.interview_id).where(
        interview_contacts.c.contact_id.in_(contact_ids)
    )
    earlier = session.scalars(
        select(Interview)
        .where(
            Interview.id != interview_id,
            Interview.status == InterviewStatus.COMPLETED,
            or_(Interview.unit_id.in_(unit_ids), Interview.id.in_(with_them)),
        )
        .order_by(Interview.scheduled_at.desc())
        .limit(LAST_NOTES)
    ).all()
    notes = []
    for past in earlier:
        names = session.scalars(
            select(Contact.name)
            .join(interview_contacts, interview_contacts.c.contact_id == Contact.id)
            .where(interview_contacts.c.interview_id == past.id)
            .order_by(Contact.name)
        ).all()
        text = "\n\n".join(t for t in (past.summary.strip(), past.notes.strip()) if t)
        held = past.started_at or past.scheduled_at
        notes.append(
            NotesInfo("interview", past.id, held, "Interview with " + ", ".join(names), text)
        )
    return tuple(notes)
