"""The action items list: every open item (or all), with its owner, its source (a meeting
or an interview), its unit and whether it is overdue; filtered by owner, unit and source.

One query serves the "Action items" page and the action items of one meeting, so that an
item reads the same wherever it is shown.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from relman.errors import ValidationError
from relman.models import ActionItem, BusinessUnit, Contact, Interview, Meeting, Staff, unit_rms
from relman.workflows import common

#: Where an item came from, as the filter names it.
SOURCES = ("meeting", "interview")


@dataclass(frozen=True)
class Owner:
    """Who owns an item: a staff member or a contact (``kind`` "staff" or "contact")."""

    kind: str
    id: uuid.UUID
    name: str = ""

    @property
    def fields(self) -> dict[str, uuid.UUID | None]:
        """The owner as the workflows take it (one of the two set)."""
        return {
            "owner_staff_id": self.id if self.kind == "staff" else None,
            "owner_contact_id": self.id if self.kind == "contact" else None,
        }


@dataclass(frozen=True)
class ActionItemRow:
    id: uuid.UUID
    version: int
    text: str
    owner: str
    owner_ref: Owner | None
    due_on: dt.date | None
    done_at: dt.datetime | None
    source: str  # "meeting" or "interview"
    source_id: uuid.UUID
    source_label: str  # "monthly review 2026-01-05", "interview 2026-01-07"
    unit_id: uuid.UUID | None
    unit: str
    days_overdue: int  # 0 when not overdue

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def state(self) -> str:
        """In words, what the colour of the row says."""
        if self.done_at is not None:
            return "done"
        if self.overdue:
            return f"overdue · {self.days_overdue} {'day' if self.days_overdue == 1 else 'days'}"
        return "open"


def _query() -> Select:
    unit = func.coalesce(Meeting.unit_id, Interview.unit_id)
    return (
        select(
            ActionItem,
            Staff.name,
            Contact.name,
            Meeting.kind,
            Meeting.held_at,
            Interview.scheduled_at,
            unit,
            BusinessUnit.name,
        )
        .outerjoin(Staff, Staff.id == ActionItem.owner_staff_id)
        .outerjoin(Contact, Contact.id == ActionItem.owner_contact_id)
        .outerjoin(Meeting, Meeting.id == ActionItem.meeting_id)
        .outerjoin(Interview, Interview.id == ActionItem.interview_id)
        .outerjoin(BusinessUnit, BusinessUnit.id == unit)
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.created_at)
    )


def action_items(
    session: Session,
    *,
    include_done: bool = False,
    owner: Owner | None = None,
    unit_id: uuid.UUID | None = None,
    source: str | None = None,
    meeting_id: uuid.UUID | None = None,
    today: dt.date | None = None,
) -> list[ActionItemRow]:
    """Open action items (all when ``include_done``), soonest due first, those with no due
    date last; only ``owner``'s, ``unit_id``'s, from ``source`` or from ``meeting_id``."""
    day = today or common.today()
    query = _query()
    if not include_done:
        query = query.where(ActionItem.done_at.is_(None))
    if owner is not None:
        column = ActionItem.owner_staff_id if owner.kind == "staff" else ActionItem.owner_contact_id
        query = query.where(column == owner.id)
    if unit_id is not None:
        query = query.where(func.coalesce(Meeting.unit_id, Interview.unit_id) == unit_id)
    if source is not None:
        if source not in SOURCES:
            raise ValidationError("source", "An action item comes from a meeting or an interview.")
        column = ActionItem.meeting_id if source == "meeting" else ActionItem.interview_id
        query = query.where(column.is_not(None))
    if meeting_id is not None:
        query = query.where(ActionItem.meeting_id == meeting_id)
    rows = []
    for item, staff, contact, kind, held, scheduled, unit, unit_name in session.execute(query):
        if item.meeting_id is not None:
            what = kind.value.replace("_", " ") if kind else "meeting"
            source_label = f"{what} {held.astimezone():%Y-%m-%d}"
        else:
            source_label = f"interview {scheduled.astimezone():%Y-%m-%d}"
        owner_ref = None
        if item.owner_staff_id is not None:
            owner_ref = Owner("staff", item.owner_staff_id, staff or "")
        elif item.owner_contact_id is not None:
            owner_ref = Owner("contact", item.owner_contact_id, contact or "")
        late = 0
        if item.done_at is None and item.due_on is not None and item.due_on < day:
            late = (day - item.due_on).days
        rows.append(
            ActionItemRow(
                id=item.id,
                version=item.version,
                text=item.text,
                owner=owner_ref.name if owner_ref else "",
                owner_ref=owner_ref,
                due_on=item.due_on,
                done_at=item.done_at,
                source="meeting" if item.meeting_id is not None else "interview",
                source_id=item.meeting_id or item.interview_id,
                source_label=source_label,
                unit_id=unit,
                unit=unit_name or "",
                days_overdue=late,
            )
        )
    return rows


@dataclass(frozen=True)
class Filters:
    """What the filters of the list offer: everyone who may own an item, and the units."""

    owners: list[Owner]
    units: list[tuple[uuid.UUID, str]]


def owners(session: Session, unit_id: uuid.UUID | None = None) -> list[Owner]:
    """Everyone who may own an action item: the active staff, then the contacts (of
    ``unit_id`` only, when given), by name."""
    staff = session.execute(
        select(Staff.id, Staff.name)
        .where(Staff.archived_at.is_(None), Staff.active.is_(True))
        .order_by(Staff.name)
    )
    contacts = select(Contact.id, Contact.name).where(Contact.archived_at.is_(None))
    if unit_id is not None:
        contacts = contacts.where(Contact.unit_id == unit_id)
    return [Owner("staff", i, n) for i, n in staff] + [
        Owner("contact", i, n) for i, n in session.execute(contacts.order_by(Contact.name))
    ]


def filters(session: Session) -> Filters:
    units = session.execute(
        select(BusinessUnit.id, BusinessUnit.name)
        .where(BusinessUnit.archived_at.is_(None))
        .order_by(BusinessUnit.name)
    )
    return Filters(owners(session), [(i, n) for i, n in units])


def parse_due(text: str) -> dt.date | None:
    """A due date typed as YYYY-MM-DD; empty is no due date."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            "due_on", f"“{text[:40]}” is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31."
        ) from None
    return common.clean_date("due_on", day, "The due date")


# -- the dashboard's overdue items -------------------------------------------------------


@dataclass(frozen=True)
class ActionRow:
    id: uuid.UUID
    text: str
    due_on: dt.date
    days_overdue: int
    owner: str
    meeting_id: uuid.UUID | None
    interview_id: uuid.UUID | None


def overdue_action_items(
    session: Session, owner_id: uuid.UUID | None, *, today: dt.date | None = None
) -> list[ActionRow]:
    """Open items past their due date, most overdue first: for the dashboard, ``owner_id``'s
    own, those of meetings with their units and those of their interviews."""
    day = today or common.today()
    owner = func.coalesce(Staff.name, Contact.name, "")
    query = (
        select(
            ActionItem.id,
            ActionItem.text,
            ActionItem.due_on,
            owner,
            ActionItem.meeting_id,
            ActionItem.interview_id,
        )
        .outerjoin(Staff, Staff.id == ActionItem.owner_staff_id)
        .outerjoin(Contact, Contact.id == ActionItem.owner_contact_id)
        .where(ActionItem.done_at.is_(None), ActionItem.due_on < day)
        .order_by(ActionItem.due_on)
    )
    if owner_id is not None:
        mine = select(unit_rms.c.unit_id).where(unit_rms.c.staff_id == owner_id)
        query = (
            query.outerjoin(Meeting, Meeting.id == ActionItem.meeting_id)
            .outerjoin(Interview, Interview.id == ActionItem.interview_id)
            .where(
                or_(
                    ActionItem.owner_staff_id == owner_id,
                    Meeting.unit_id.in_(mine),
                    Interview.rm_id == owner_id,
                )
            )
        )
    return [
        ActionRow(id_, text, due, (day - due).days, own, meeting, interview)
        for id_, text, due, own, meeting, interview in session.execute(query)
    ]
