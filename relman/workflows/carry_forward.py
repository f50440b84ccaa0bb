"""Carry-forward (docs/method.md): a new monthly review's agenda opens with what the unit's
previous review left open — its open action items and the lines of "what is planned" not
marked delivered — each with its age and how many reviews it has been carried through.

:func:`agenda_for_new_review` shows that agenda before the review is recorded;
:func:`carry_forward` records the carry on the new review (:class:`AgendaItem` rows), so
the next review carries it on again until the action is done or the plan delivered.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from relman.errors import RuleError
from relman.models import (
    ActionItem,
    AgendaItem,
    AgendaKind,
    BusinessUnit,
    Contact,
    Meeting,
    MeetingKind,
    Staff,
)
from relman.workflows.commands import command, undo_by
from relman.workflows.common import get, stamp

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


def carry_forward(session: Session, meeting: Meeting) -> None:
    """Record on ``meeting`` (a monthly review) what it carries from the one before."""
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


@command(subject="agenda_item_id")
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
    session.flush()  # so that the change is reported to the window
    undo_by(session, "unmark_delivered", agenda_item_id=item.id)
    return item


@command(subject="agenda_item_id")
def unmark_delivered(session: Session, agenda_item_id: uuid.UUID) -> AgendaItem:
    """Take back "delivered" (its undo): the planned item is carried on again. Undone by
    marking it delivered at the moment it was."""
    item = get(session, AgendaItem, agenda_item_id, "agenda item")
    if item.delivered_at is None:
        raise RuleError("This planned item is not marked delivered.")
    delivered_at, item.delivered_at = item.delivered_at, None
    session.flush()  # so that the change is reported to the window
    undo_by(session, "mark_delivered", agenda_item_id=item.id, at=delivered_at)
    return item
