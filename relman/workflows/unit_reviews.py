"""Units with their summary columns, and when each unit's next monthly review is due by
its own rhythm (``review_every_days``): the units list and the dashboard's "reviews due"."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relman.models import (
    BusinessUnit,
    Contact,
    Criticality,
    Expectation,
    ExpectationStatus,
    Meeting,
    MeetingKind,
    Staff,
    unit_rms,
)
from relman.workflows import common


@dataclass(frozen=True)
class UnitRow:
    id: uuid.UUID
    name: str
    division: str
    criticality: Criticality
    rms: str
    key_customers: int
    open_expectations: int
    last_review: dt.datetime | None
    archived: bool = False


def units(
    session: Session, *, rm_id: uuid.UUID | None = None, include_archived: bool = False
) -> list[UnitRow]:
    """Units with their summary columns; only ``rm_id``'s units when given; archived units
    only when ``include_archived``."""
    key = (
        select(Contact.unit_id, func.count().label("n"))
        .where(Contact.is_key.is_(True))
        .group_by(Contact.unit_id)
        .subquery()
    )
    open_exp = (
        select(Expectation.unit_id, func.count().label("n"))
        .where(Expectation.status.not_in((ExpectationStatus.WITHDRAWN,)))
        .group_by(Expectation.unit_id)
        .subquery()
    )
    review = (
        select(Meeting.unit_id, func.max(Meeting.held_at).label("last"))
        .where(Meeting.kind == MeetingKind.MONTHLY_REVIEW)
        .group_by(Meeting.unit_id)
        .subquery()
    )
    rms = (
        select(unit_rms.c.unit_id, func.aggregate_strings(Staff.name, ", ").label("names"))
        .join(Staff, Staff.id == unit_rms.c.staff_id)
        .group_by(unit_rms.c.unit_id)
        .subquery()
    )
    query = (
        select(
            BusinessUnit.id,
            BusinessUnit.name,
            BusinessUnit.division,
            BusinessUnit.criticality,
            func.coalesce(rms.c.names, ""),
            func.coalesce(key.c.n, 0),
            func.coalesce(open_exp.c.n, 0),
            review.c.last,
            BusinessUnit.archived_at,
        )
        .outerjoin(rms, rms.c.unit_id == BusinessUnit.id)
        .outerjoin(key, key.c.unit_id == BusinessUnit.id)
        .outerjoin(open_exp, open_exp.c.unit_id == BusinessUnit.id)
        .outerjoin(review, review.c.unit_id == BusinessUnit.id)
        .order_by(BusinessUnit.name)
    )
    if rm_id is not None:
        query = query.where(
            BusinessUnit.id.in_(select(unit_rms.c.unit_id).where(unit_rms.c.staff_id == rm_id))
        )
    if not include_archived:
        query = query.where(BusinessUnit.archived_at.is_(None))
    rows = []
    for row in session.execute(query):
        last = row[7]
        if isinstance(last, str):  # aggregated in SQL, so not through the column type
            last = dt.datetime.fromisoformat(last).replace(tzinfo=dt.UTC)
        elif last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=dt.UTC)
        rows.append(UnitRow(*row[:7], last_review=last, archived=row[8] is not None))
    return rows


#: A review falls due this many days before the unit's rhythm says it must be held.
REVIEW_SOON_DAYS = 7


@dataclass(frozen=True)
class ReviewDueRow:
    """A unit whose monthly review is due (within :data:`REVIEW_SOON_DAYS`) or overdue by
    its own rhythm (``review_every_days``); never reviewed counts as overdue."""

    id: uuid.UUID
    name: str
    rms: str
    every_days: int
    last_review: dt.date | None
    due_on: dt.date | None  # None: never reviewed
    days_overdue: int  # 0 when not yet overdue

    @property
    def overdue(self) -> bool:
        return self.due_on is None or self.days_overdue > 0


def reviews_due(
    session: Session,
    rm_id: uuid.UUID | None,
    *,
    today: dt.date | None = None,
    soon_days: int = REVIEW_SOON_DAYS,
) -> list[ReviewDueRow]:
    """Units (``rm_id``'s, or all) whose next monthly review, by their rhythm, is due
    within ``soon_days`` or past: never reviewed first, then the most overdue."""
    day = today or common.today()
    rhythm = dict(
        session.execute(
            select(BusinessUnit.id, BusinessUnit.review_every_days).where(
                BusinessUnit.archived_at.is_(None)
            )
        ).all()
    )
    rows = []
    for unit in units(session, rm_id=rm_id):
        every = rhythm[unit.id]
        last = unit.last_review.astimezone().date() if unit.last_review else None
        due = None if last is None else last + dt.timedelta(days=every)
        if due is not None and (due - day).days > soon_days:
            continue
        late = max((day - due).days, 0) if due is not None else 0
        rows.append(ReviewDueRow(unit.id, unit.name, unit.rms, every, last, due, late))
    rows.sort(key=lambda r: (r.due_on is not None, r.due_on or dt.date.min, r.name))
    return rows


def units_without_review(
    session: Session, rm_id: uuid.UUID | None, *, today: dt.date | None = None
) -> list[ReviewDueRow]:
    """Units whose monthly review is overdue by their rhythm, or never held."""
    return [r for r in reviews_due(session, rm_id, today=today) if r.overdue]
