"""Review meetings with unit heads, and action items from meetings and interviews.

Carry-forward (docs/method.md): a new monthly review's agenda opens with what the unit's
previous review left open — its open action items and the lines of "what is planned" not
marked delivered — each with its age and how many reviews it has been carried through.
:func:`agenda_for_new_review` shows that agenda before the review is recorded;
:func:`record_meeting` records the carry on the new review (:class:`AgendaItem` rows), so
the next review carries it on again until the action is done or the plan delivered.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, insert, or_, select
from sqlalchemy.orm import Session

from relman.errors import RuleError, ValidationError
from relman.models import (
    ActionItem,
    AgendaItem,
    AgendaKind,
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
from relman.workflows.common import author, aware, clean_date, clean_text, get, stamp


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
    if kind is MeetingKind.MONTHLY_REVIEW and meeting.unit_id is not None:
        _carry_forward(session, meeting)
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
    return item


def reopen_action_item(session: Session, item_id: uuid.UUID) -> ActionItem:
    item = get(session, ActionItem, item_id, "action item")
    item.done_at = None
    return item


# -- carry-forward ------------------------------------------------------------------------

#: A bullet or number at the start of a line of "what is planned".
BULLET = re.compile(r"^\s*(?:[-*•·]|\d+[.)])\s*")


@dataclass(frozen=True)
class AgendaEntry:
    """One item of a review's agenda carried from the unit's previous review."""

    kind: AgendaKind
    text: str
    first_raised_on: dt.date
    age_days: int
    times_carried: int
    action_item_id: uuid.UUID | None = None
    first_meeting_id: uuid.UUID | None = None
    owner: str = ""
    due_on: dt.date | None = None
    #: The stored agenda row, once the review is recorded (None on a new review's agenda).
    id: uuid.UUID | None = None
    delivered_at: dt.datetime | None = None

    @property
    def label(self) -> str:
        """How long it has been waiting, e.g. "carried 2×, 47 days"."""
        days = "1 day" if self.age_days == 1 else f"{self.age_days} days"
        return f"carried {self.times_carried}×, {days}"


def planned_items(planned: str) -> list[str]:
    """The items of a review's "what is planned": one per line, bullets and numbers left off."""
    items = []
    for line in planned.splitlines():
        text = BULLET.sub("", line).strip()
        if text and text not in items:
            items.append(text)
    return items


def last_review(
    session: Session,
    unit_id: uuid.UUID,
    before: dt.datetime,
    *,
    exclude: uuid.UUID | None = None,
) -> Meeting | None:
    """The unit's latest monthly review held before ``before``."""
    query = (
        select(Meeting)
        .where(
            Meeting.unit_id == unit_id,
            Meeting.kind == MeetingKind.MONTHLY_REVIEW,
            Meeting.held_at < before,
        )
        .order_by(Meeting.held_at.desc())
        .limit(1)
    )
    if exclude is not None:
        query = query.where(Meeting.id != exclude)
    return session.scalar(query)


def _open_at(when: dt.datetime) -> ColumnElement[bool]:
    """Not done at ``when`` (done later counts as open then: reviews recorded afterwards)."""
    return or_(ActionItem.done_at.is_(None), ActionItem.done_at > when)


def _owners(session: Session, item_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not item_ids:
        return {}
    rows = session.execute(
        select(ActionItem.id, func.coalesce(Staff.name, Contact.name, ""))
        .outerjoin(Staff, Staff.id == ActionItem.owner_staff_id)
        .outerjoin(Contact, Contact.id == ActionItem.owner_contact_id)
        .where(ActionItem.id.in_(item_ids))
    )
    return {item_id: owner for item_id, owner in rows}


def agenda_for_new_review(
    session: Session,
    unit_id: uuid.UUID,
    *,
    at: dt.datetime | None = None,
    exclude: uuid.UUID | None = None,
) -> list[AgendaEntry]:
    """What a monthly review held at ``at`` (default now) carries from the unit's previous
    review: its open action items and its planned items not delivered, including those it
    carried itself; oldest first. Empty when the unit had no review before."""
    unit = get(session, BusinessUnit, unit_id, "business unit")
    when = stamp(at)
    last = last_review(session, unit.id, when, exclude=exclude)
    if last is None:
        return []
    raised = last.held_at.date()
    day = when.date()
    entries: list[AgendaEntry] = []
    # action items raised at the last review, and those it carried, still open
    fresh = session.execute(
        select(ActionItem.id, ActionItem.text, ActionItem.due_on)
        .where(ActionItem.meeting_id == last.id, _open_at(when))
        .order_by(ActionItem.created_at)
    ).all()
    carried = session.execute(
        select(AgendaItem, ActionItem.due_on)
        .outerjoin(ActionItem, ActionItem.id == AgendaItem.action_item_id)
        .where(
            AgendaItem.meeting_id == last.id,
            or_(
                AgendaItem.kind == AgendaKind.PLANNED,
                _open_at(when),
            ),
        )
    ).all()
    owners = _owners(
        session,
        [i for i, _, _ in fresh] + [a.action_item_id for a, _ in carried if a.action_item_id],
    )
    for agenda, due in carried:
        if agenda.kind is AgendaKind.PLANNED and agenda.delivered_at is not None:
            continue
        entries.append(
            AgendaEntry(
                agenda.kind,
                agenda.text,
                agenda.first_raised_on,
                (day - agenda.first_raised_on).days,
                agenda.times_carried + 1,
                agenda.action_item_id,
                agenda.first_meeting_id,
                owners.get(agenda.action_item_id, "") if agenda.action_item_id else "",
                due,
            )
        )
    for item_id, text, due in fresh:
        entries.append(
            AgendaEntry(
                AgendaKind.ACTION,
                text,
                raised,
                (day - raised).days,
                1,
                item_id,
                last.id,
                owners.get(item_id, ""),
                due,
            )
        )
    already = {e.text for e in entries if e.kind is AgendaKind.PLANNED}
    for text in planned_items(last.planned):
        if text not in already:
            entries.append(
                AgendaEntry(AgendaKind.PLANNED, text, raised, (day - raised).days, 1, None, last.id)
            )
    entries.sort(key=lambda e: (e.first_raised_on, e.kind.value, e.text))
    return entries


def _carry_forward(session: Session, meeting: Meeting) -> None:
    assert meeting.unit_id is not None
    for entry in agenda_for_new_review(
        session, meeting.unit_id, at=meeting.held_at, exclude=meeting.id
    ):
        session.add(
            AgendaItem(
                meeting_id=meeting.id,
                kind=entry.kind,
                action_item_id=entry.action_item_id,
                text=entry.text,
                first_meeting_id=entry.first_meeting_id,
                first_raised_on=entry.first_raised_on,
                times_carried=entry.times_carried,
            )
        )
    session.flush()


def agenda_of(session: Session, meeting_id: uuid.UUID) -> list[AgendaEntry]:
    """What this review carried from the one before, as recorded when it was created."""
    meeting = get(session, Meeting, meeting_id, "meeting")
    rows = session.execute(
        select(AgendaItem, ActionItem.due_on)
        .outerjoin(ActionItem, ActionItem.id == AgendaItem.action_item_id)
        .where(AgendaItem.meeting_id == meeting.id)
    ).all()
    owners = _owners(session, [a.action_item_id for a, _ in rows if a.action_item_id])
    day = meeting.held_at.date()
    entries = [
        AgendaEntry(
            a.kind,
            a.text,
            a.first_raised_on,
            (day - a.first_raised_on).days,
            a.times_carried,
            a.action_item_id,
            a.first_meeting_id,
            owners.get(a.action_item_id, "") if a.action_item_id else "",
            due,
            a.id,
            a.delivered_at,
        )
        for a, due in rows
    ]
    entries.sort(key=lambda e: (e.first_raised_on, e.kind.value, e.text))
    return entries


def mark_delivered(
    session: Session, agenda_item_id: uuid.UUID, *, at: dt.datetime | None = None
) -> AgendaItem:
    """A planned item carried onto this review was delivered: it is carried no further."""
    item = get(session, AgendaItem, agenda_item_id, "agenda item")
    if item.kind is not AgendaKind.PLANNED:
        raise RuleError(
            "An action item is done when it is completed; mark the action item done instead."
        )
    if item.delivered_at is not None:
        raise RuleError("This planned item is already marked delivered.")
    item.delivered_at = stamp(at)
    return item
