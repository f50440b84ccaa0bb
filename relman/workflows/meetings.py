"""Review meetings with unit heads, and action items from meetings and interviews."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import insert
from sqlalchemy.orm import Session

from relman.errors import RuleError, ValidationError
from relman.models import (
    ActionItem,
    BusinessUnit,
    Contact,
    GoalsMet,
    Interview,
    Meeting,
    MeetingKind,
    Service,
    Staff,
    meeting_contacts,
    meeting_staff,
)
from relman.workflows.common import author, aware, clean_text, get, stamp


def record_meeting(
    session: Session,
    *,
    kind: MeetingKind,
    held_at: dt.datetime,
    by: uuid.UUID | None,
    unit_id: uuid.UUID | None = None,
    service_id: uuid.UUID | None = None,
    staff_ids: list[uuid.UUID] = (),  # type: ignore[assignment]
    contact_ids: list[uuid.UUID] = (),  # type: ignore[assignment]
    discussed: str = "",
    delivered: str = "",
    planned: str = "",
    goals_met: GoalsMet | None = None,
    goals_note: str = "",
) -> Meeting:
    """Record a meeting held. A monthly review is with a unit; a quarterly service review
    is about a service."""
    recorder = author(session, by)
    if kind is MeetingKind.MONTHLY_REVIEW and unit_id is None:
        raise ValidationError("unit", "A monthly review is held with a business unit: choose it.")
    if kind is MeetingKind.QUARTERLY_SERVICE_REVIEW and service_id is None:
        raise ValidationError(
            "service", "A quarterly service review is about a service: choose it."
        )
    meeting = Meeting(
        kind=kind,
        held_at=aware("held_at", held_at, "The meeting's time"),
        recorded_by_id=recorder.id,
        discussed=clean_text("discussed", discussed, "What was discussed"),
        delivered=clean_text("delivered", delivered, "What was delivered"),
        planned=clean_text("planned", planned, "What is planned"),
        goals_met=goals_met,
        goals_note=clean_text("goals_note", goals_note, "The note on service goals"),
    )
    if unit_id is not None:
        meeting.unit_id = get(session, BusinessUnit, unit_id, "business unit").id
    if service_id is not None:
        meeting.service_id = get(session, Service, service_id, "service").id
    if goals_met in (GoalsMet.NO, GoalsMet.PARTLY) and not meeting.goals_note.strip():
        raise ValidationError("goals_note", "Say which service goals were not met, and why.")
    session.add(meeting)
    session.flush()
    staff = [get(session, Staff, s, "staff member").id for s in dict.fromkeys(staff_ids)]
    contacts = [get(session, Contact, c, "contact").id for c in dict.fromkeys(contact_ids)]
    if staff:
        session.execute(
            insert(meeting_staff), [{"meeting_id": meeting.id, "staff_id": s} for s in staff]
        )
    if contacts:
        session.execute(
            insert(meeting_contacts),
            [{"meeting_id": meeting.id, "contact_id": c} for c in contacts],
        )
    return meeting


def add_action_item(
    session: Session,
    *,
    text: str,
    meeting_id: uuid.UUID | None = None,
    interview_id: uuid.UUID | None = None,
    owner_staff_id: uuid.UUID | None = None,
    owner_contact_id: uuid.UUID | None = None,
    due_on: dt.date | None = None,
) -> ActionItem:
    """An action from a meeting or an interview, owned by a staff member or a contact."""
    if (meeting_id is None) == (interview_id is None):
        raise ValidationError("source", "An action item comes from one meeting or one interview.")
    if owner_staff_id is None and owner_contact_id is None:
        raise ValidationError("owner", "Every action item needs an owner.")
    item = ActionItem(text=clean_text("text", text, "The action", required=True), due_on=due_on)
    if meeting_id is not None:
        item.meeting_id = get(session, Meeting, meeting_id, "meeting").id
    if interview_id is not None:
        item.interview_id = get(session, Interview, interview_id, "interview").id
    if owner_staff_id is not None:
        item.owner_staff_id = get(session, Staff, owner_staff_id, "owner").id
    if owner_contact_id is not None:
        item.owner_contact_id = get(session, Contact, owner_contact_id, "owner").id
    session.add(item)
    session.flush()
    return item


def complete_action_item(
    session: Session, item_id: uuid.UUID, *, at: dt.datetime | None = None
) -> ActionItem:
    item = get(session, ActionItem, item_id, "action item")
    if item.done_at is not None:
        raise RuleError("This action item is already done.")
    item.done_at = stamp(at)
    return item


def reopen_action_item(session: Session, item_id: uuid.UUID) -> ActionItem:
    item = get(session, ActionItem, item_id, "action item")
    item.done_at = None
    return item
