"""Review meetings with unit heads, and action items from meetings and interviews: recording
and changing them. What a monthly review carries from the one before is in
:mod:`relman.workflows.carry_forward` (re-exported here); what the pages show is in
:mod:`relman.workflows.meeting_views` and :mod:`relman.workflows.action_items`.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Table, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from relman.errors import RuleError, ValidationError
from relman.models import (
    ActionItem,
    AgendaItem,
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
from relman.storage.snapshot import Key
from relman.workflows import action_items, history
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
from relman.workflows.commands import Command, command, new_version, undo_by
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
from relman.workflows.inverses import creates, removed

__all__ = [
    "AgendaEntry",
    "add_action_item",
    "agenda_for_new_review",
    "agenda_of",
    "complete_action_item",
    "delete_meeting",
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


@creates("meetings")
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
    actions: list[dict[str, object]] = (),  # type: ignore[assignment]
) -> Meeting:
    """Record a meeting held. A monthly review is with a unit; a quarterly service review
    is about a service. ``actions``: its action items, each a dict of
    :func:`add_action_item`'s fields (``due_on`` may be typed text) and ``done``; one
    refused refuses the meeting, naming which. Undone by taking back what it made."""
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
    for n, row in enumerate(actions, start=1):
        fields = {k: v for k, v in row.items() if k != "done"}
        try:
            if isinstance(fields.get("due_on"), str):
                fields["due_on"] = action_items.parse_due(fields["due_on"])  # type: ignore[arg-type]
            item = add_action_item(session, meeting_id=meeting.id, **fields)  # type: ignore[arg-type]
            if row.get("done"):
                complete_action_item(session, item.id)
        except ValidationError as refused:
            raise ValidationError("actions", f"Action item {n}: {refused.message}") from None
        except TypeError:
            raise ValidationError("actions", f"Action item {n} is not an action item.") from None
    return meeting


@creates("action_items")
def add_action_item(
    session: Session,
    *,
    text: str = "",
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


@command(subject="item_id")
def complete_action_item(
    session: Session,
    item_id: uuid.UUID,
    *,
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> ActionItem:
    """Mark an open item done (at ``at``, default now); undone by reopening it."""
    item = get_to_edit(session, ActionItem, item_id, "action item", expected_version)
    if item.done_at is not None:
        raise RuleError("This action item is already done.")
    item.done_at = stamp(at)
    undo_by(
        session,
        "reopen_action_item",
        item_id=item.id,
        expected_version=new_version(session, item),
    )
    return item


@command(subject="item_id")
def reopen_action_item(
    session: Session, item_id: uuid.UUID, *, expected_version: int | None = None
) -> ActionItem:
    """A done item is open again; undone by marking it done at the moment it was."""
    item = get_to_edit(session, ActionItem, item_id, "action item", expected_version)
    if item.done_at is None:
        raise RuleError("This action item is already open.")
    done_at, item.done_at = item.done_at, None
    undo_by(
        session,
        "complete_action_item",
        item_id=item.id,
        at=done_at,
        expected_version=new_version(session, item),
    )
    return item


#: The fields of an action item :func:`update_action_item` changes.
OWNERS = ("owner_staff_id", "owner_contact_id")


@command(subject="item_id")
def update_action_item(
    session: Session, item_id: uuid.UUID, *, expected_version: int | None, **changes: object
) -> ActionItem:
    """Change the given fields of an action item: text, owner_staff_id, owner_contact_id
    (one owner: setting one clears the other), due_on (None: no due date)."""
    item = get_to_edit(session, ActionItem, item_id, "action item", expected_version)
    fields = [f for f in changes if f not in OWNERS]
    if any(f in OWNERS for f in changes):
        fields += OWNERS  # one owner at a time: the earlier one is put back as it was
    old = {f: getattr(item, f, None) for f in fields}
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
    undo_by(
        session,
        "update_action_item",
        item_id=item.id,
        expected_version=new_version(session, item),
        **old,
    )
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


@command(subject="meeting_id")
def update_meeting(
    session: Session, meeting_id: uuid.UUID, *, expected_version: int | None, **changes: object
) -> Meeting:
    """Change the given fields of a meeting: held_at, discussed, delivered, planned,
    goals_met, goals_note, staff_ids, contact_ids. Its kind, unit and service stay: the
    carried agenda was worked out for them (record a new meeting instead). Undone by the
    same command with the earlier values, based on the version it leaves."""
    meeting = get_to_edit(session, Meeting, meeting_id, "meeting", expected_version)
    old = {
        field: _attending(session, meeting.id, ATTENDEES[field])
        if field in ATTENDEES
        else getattr(meeting, field, None)
        for field in changes
    }
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
    undo_by(
        session,
        "update_meeting",
        meeting_id=meeting.id,
        expected_version=new_version(session, meeting),
        **old,
    )
    return meeting


@command
def delete_meeting(
    session: Session, meeting_id: uuid.UUID, known: frozenset[Key] | None = None
) -> None:
    """Delete a meeting with its action items, attendees and the agenda it carried. A
    review a later review carried items from is refused: that review's agenda rests on it.
    With ``known`` (what the user was shown when asked, history.rows_of), anything added
    to it since makes it refuse too. Undone by putting back exactly what it took."""
    meeting = get(session, Meeting, meeting_id, "meeting")
    items = select(ActionItem.id).where(ActionItem.meeting_id == meeting.id)
    carried = session.scalar(
        select(func.count())
        .select_from(AgendaItem)
        .where(
            AgendaItem.meeting_id != meeting.id,
            or_(AgendaItem.first_meeting_id == meeting.id, AgendaItem.action_item_id.in_(items)),
        )
    )
    if carried:
        raise RuleError(
            f"A later review carried {carried} item{'s' if carried > 1 else ''} from this "
            "meeting onto its agenda, which a delete would change. Edit the meeting instead."
        )
    snapshot = history.remove(session, "meetings", meeting.id, known=known)
    again = Command("delete_meeting", {"meeting_id": meeting_id, "known": known})
    removed(session, snapshot, again)


#: The attendees :func:`update_meeting` changes, by the table listing them.
ATTENDEES = {"staff_ids": meeting_staff, "contact_ids": meeting_contacts}


def _attending(session: Session, meeting_id: uuid.UUID, table: Table) -> list[uuid.UUID]:
    """The ids of the staff (or contacts) ``table`` lists as attending the meeting."""
    column = table.c.staff_id if table is meeting_staff else table.c.contact_id
    return list(session.scalars(select(column).where(table.c.meeting_id == meeting_id)))
