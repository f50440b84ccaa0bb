"""Review meetings with unit heads, and action items from meetings and interviews: recording
and changing them. What a monthly review carries from the one before is in
:mod:`relman.workflows.carry_forward` (re-exported here); what the pages show is in
:mod:`relman.workflows.meeting_views` and :mod:`relman.workflows.action_items`.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Table, delete, insert, select
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
from relman.workflows.carry_forward import (
    AgendaEntry,
    agenda_for_new_review,
    agenda_of,
    carry_forward,
    last_review,
    mark_delivered,
    planned_items,
    unmark_delivered,
)
from relman.workflows.common import (
    author,
    aware,
    choice,
    clean_date,
    clean_text,
    get,
    get_to_edit,
    now,
    stamp,
)

__all__ = [
    "AgendaEntry",
    "add_action_item",
    "agenda_for_new_review",
    "agenda_of",
    "complete_action_item",
    "last_review",
    "mark_delivered",
    "planned_items",
    "record_meeting",
    "reopen_action_item",
    "set_attendees",
    "unmark_delivered",
    "update_action_item",
    "update_meeting",
]


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
        goals_met=None if goals_met is None else choice("goals_met", GoalsMet, goals_met),
        goals_note=clean_text("goals_note", goals_note, "The note on service goals"),
    )
    if unit_id is not None:
        meeting.unit_id = get(session, BusinessUnit, unit_id, "business unit").id
    if service_id is not None:
        meeting.service_id = get(session, Service, service_id, "service").id
    _check_goals(meeting)
    session.add(meeting)
    session.flush()
    set_attendees(session, meeting.id, staff_ids, contact_ids)
    if kind is MeetingKind.MONTHLY_REVIEW and meeting.unit_id is not None:
        carry_forward(session, meeting)
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
    item = ActionItem(
        text=clean_text("text", text, "The action", required=True),
        due_on=None if due_on is None else clean_date("due_on", due_on, "The due date"),
    )
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
    session.flush()  # so that the change is reported to the window
    return item


def reopen_action_item(session: Session, item_id: uuid.UUID) -> ActionItem:
    item = get(session, ActionItem, item_id, "action item")
    item.done_at = None
    session.flush()  # so that the change is reported to the window
    return item


def update_action_item(
    session: Session, item_id: uuid.UUID, *, expected_version: int | None, **changes: object
) -> ActionItem:
    """Change the given fields of an action item: text, owner_staff_id, owner_contact_id
    (one owner: setting one clears the other), due_on (None: no due date)."""
    item = get_to_edit(session, ActionItem, item_id, "action item", expected_version)
    for field, value in changes.items():
        if field == "text":
            item.text = clean_text("text", value, "The action", required=True)
        elif field == "due_on":
            item.due_on = None if value is None else clean_date("due_on", value, "The due date")
        elif field == "owner_staff_id" and value is not None:
            item.owner_staff_id = get(session, Staff, value, "owner").id  # type: ignore[arg-type]
            item.owner_contact_id = None
        elif field == "owner_contact_id" and value is not None:
            item.owner_contact_id = get(session, Contact, value, "owner").id  # type: ignore[arg-type]
            item.owner_staff_id = None
        elif field not in ("owner_staff_id", "owner_contact_id"):
            raise ValidationError(field, f"An action item has no field '{field}' to change.")
    if item.owner_staff_id is None and item.owner_contact_id is None:
        raise ValidationError("owner", "Every action item needs an owner.")
    session.flush()
    return item


def _check_goals(meeting: Meeting) -> None:
    if meeting.goals_met in (GoalsMet.NO, GoalsMet.PARTLY) and not meeting.goals_note.strip():
        raise ValidationError("goals_note", "Say which service goals were not met, and why.")


def set_attendees(
    session: Session,
    meeting_id: uuid.UUID,
    staff_ids: list[uuid.UUID] | tuple[uuid.UUID, ...] = (),
    contact_ids: list[uuid.UUID] | tuple[uuid.UUID, ...] = (),
) -> None:
    """Who attended: these staff members and contacts, and no one else."""
    meeting = get(session, Meeting, meeting_id, "meeting")
    staff = [get(session, Staff, s, "staff member").id for s in dict.fromkeys(staff_ids)]
    contacts = [get(session, Contact, c, "contact").id for c in dict.fromkeys(contact_ids)]
    session.execute(delete(meeting_staff).where(meeting_staff.c.meeting_id == meeting.id))
    session.execute(delete(meeting_contacts).where(meeting_contacts.c.meeting_id == meeting.id))
    if staff:
        session.execute(
            insert(meeting_staff), [{"meeting_id": meeting.id, "staff_id": s} for s in staff]
        )
    if contacts:
        session.execute(
            insert(meeting_contacts),
            [{"meeting_id": meeting.id, "contact_id": c} for c in contacts],
        )
    session.info.setdefault("changes", set()).add(("meetings", meeting.id))


#: What :func:`update_meeting` changes, and how each is said in a message.
TEXTS = {
    "discussed": "What was discussed",
    "delivered": "What was delivered",
    "planned": "What is planned",
    "goals_note": "The note on service goals",
}


def update_meeting(
    session: Session, meeting_id: uuid.UUID, *, expected_version: int | None, **changes: object
) -> Meeting:
    """Change the given fields of a meeting: held_at, discussed, delivered, planned,
    goals_met, goals_note, staff_ids, contact_ids. Its kind, unit and service stay: the
    carried agenda was worked out for them (record a new meeting instead)."""
    meeting = get_to_edit(session, Meeting, meeting_id, "meeting", expected_version)
    attendees: dict[str, object] = {}
    for field, value in changes.items():
        if field == "held_at":
            meeting.held_at = aware("held_at", value, "The meeting's time")
        elif field in TEXTS:
            setattr(meeting, field, clean_text(field, value, TEXTS[field]))
        elif field == "goals_met":
            meeting.goals_met = None if value is None else choice("goals_met", GoalsMet, value)
        elif field in ("staff_ids", "contact_ids"):
            attendees[field] = value
        else:
            raise ValidationError(field, f"A meeting has no field '{field}' to change.")
    _check_goals(meeting)
    if attendees:
        staff_ids = attendees.get("staff_ids", _attending(session, meeting.id, meeting_staff))
        contact_ids = attendees.get(
            "contact_ids", _attending(session, meeting.id, meeting_contacts)
        )
        set_attendees(session, meeting.id, staff_ids, contact_ids)  # type: ignore[arg-type]
        meeting.updated_at = now()  # the row changes too, so its version counts the change
    session.flush()
    return meeting


def _attending(session: Session, meeting_id: uuid.UUID, table: Table) -> list[uuid.UUID]:
    """The ids of the staff (or contacts) ``table`` lists as attending the meeting."""
    column = table.c.staff_id if table is meeting_staff else table.c.contact_id
    return list(session.scalars(select(column).where(table.c.meeting_id == meeting_id)))
