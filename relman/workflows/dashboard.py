"""Queries behind the "My week" dashboard, returning plain rows (frozen dataclasses)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session, aliased

from relman.models import (
    OPEN_ESCALATION,
    Assessment,
    BusinessUnit,
    Contact,
    Escalation,
    EscalationStatus,
    Expectation,
    ExpectationStatus,
    Interview,
    InterviewStatus,
    Service,
    Staff,
    interview_contacts,
    unit_rms,
)
from relman.workflows import common, key_customers
from relman.workflows.action_items import ActionRow, overdue_action_items
from relman.workflows.measurements import MissRow, unexplained_misses
from relman.workflows.unit_reviews import (
    REVIEW_SOON_DAYS,
    ReviewDueRow,
    UnitRow,
    reviews_due,
    units,
    units_without_review,
)


@dataclass(frozen=True)
class InterviewRow:
    id: uuid.UUID
    scheduled_at: dt.datetime
    location: str
    contacts: str
    unit: str


@dataclass(frozen=True)
class EscalationRow:
    id: uuid.UUID
    status: EscalationStatus
    unit: str
    service: str
    statement: str
    raised_by: str
    rm_manager: str
    opened_at: dt.datetime
    due_on: dt.date
    age_days: int
    overdue: bool


@dataclass(frozen=True)
class ReviewRow:
    id: uuid.UUID
    unit: str
    service: str
    statement: str
    review_on: dt.date


def _today(today: dt.date | None) -> dt.date:
    return today or common.today()


def _planned_interviews(
    session: Session, rm_id: uuid.UUID | None, *when: ColumnElement[bool]
) -> list[InterviewRow]:
    """Planned interviews scheduled ``when``, soonest first, with their people and unit."""
    names = (
        select(
            interview_contacts.c.interview_id, func.aggregate_strings(Contact.name, ", ").label("n")
        )
        .join(Contact, Contact.id == interview_contacts.c.contact_id)
        .group_by(interview_contacts.c.interview_id)
        .subquery()
    )
    query = (
        select(
            Interview.id,
            Interview.scheduled_at,
            Interview.location,
            func.coalesce(names.c.n, ""),
            func.coalesce(BusinessUnit.name, ""),
        )
        .outerjoin(names, names.c.interview_id == Interview.id)
        .outerjoin(BusinessUnit, BusinessUnit.id == Interview.unit_id)
        .where(Interview.status == InterviewStatus.PLANNED, *when)
        .order_by(Interview.scheduled_at)
    )
    if rm_id is not None:
        query = query.where(Interview.rm_id == rm_id)
    return [InterviewRow(*row) for row in session.execute(query)]


def upcoming_interviews(
    session: Session, rm_id: uuid.UUID | None, *, days: int = 14, now: dt.datetime | None = None
) -> list[InterviewRow]:
    """Planned interviews from two hours ago (a late start is still upcoming) to ``days``
    ahead; earlier ones are :func:`interviews_not_held`."""
    start = now or common.now()
    return _planned_interviews(
        session,
        rm_id,
        Interview.scheduled_at >= start - NOT_HELD_AFTER,
        Interview.scheduled_at <= start + dt.timedelta(days=days),
    )


def open_escalations(
    session: Session, involving: uuid.UUID | None = None, *, today: dt.date | None = None
) -> list[EscalationRow]:
    """Open escalations, oldest first; only those raised by or taken up by ``involving``."""
    day = _today(today)
    raiser, manager = aliased(Staff), aliased(Staff)
    query = (
        select(
            Escalation.id,
            Escalation.status,
            BusinessUnit.name,
            Service.name,
            Expectation.statement,
            func.coalesce(raiser.name, ""),
            func.coalesce(manager.name, ""),
            Escalation.opened_at,
            Escalation.due_on,
        )
        .join(Expectation, Expectation.id == Escalation.expectation_id)
        .join(BusinessUnit, BusinessUnit.id == Expectation.unit_id)
        .join(Service, Service.id == Expectation.service_id)
        .outerjoin(raiser, raiser.id == Escalation.raised_by_id)
        .outerjoin(manager, manager.id == Escalation.rm_manager_id)
        .where(Escalation.status.in_(OPEN_ESCALATION))
        .order_by(Escalation.opened_at)
    )
    if involving is not None:
        query = query.where(
            or_(Escalation.raised_by_id == involving, Escalation.rm_manager_id == involving)
        )
    return [
        EscalationRow(*row, age_days=(day - row[7].date()).days, overdue=row[8] < day)
        for row in session.execute(query)
    ]


def expectations_due_for_review(
    session: Session,
    rm_id: uuid.UUID | None,
    *,
    today: dt.date | None = None,
    within_days: int = 14,
) -> list[ReviewRow]:
    day = _today(today)
    query = (
        select(
            Expectation.id,
            BusinessUnit.name,
            Service.name,
            Expectation.statement,
            Expectation.review_on,
        )
        .join(BusinessUnit, BusinessUnit.id == Expectation.unit_id)
        .join(Service, Service.id == Expectation.service_id)
        .where(
            Expectation.status == ExpectationStatus.AGREED,
            Expectation.review_on <= day + dt.timedelta(days=within_days),
        )
        .order_by(Expectation.review_on)
    )
    if rm_id is not None:
        query = query.where(Expectation.rm_id == rm_id)
    return [ReviewRow(*row) for row in session.execute(query)]


# -- interviews not held, key customers not interviewed, assessments due (docs/method.md) --

#: A planned interview this long past its time is "not held" (until then it is upcoming).
NOT_HELD_AFTER = dt.timedelta(hours=2)
#: A key customer not interviewed for this many days is flagged.
INTERVIEW_GAP_DAYS = 180
#: An assessment older than this many days is due again.
ASSESSMENT_DUE_DAYS = 365


@dataclass(frozen=True)
class ContactGapRow:
    """A contact and how long since something last happened with them (None: never)."""

    id: uuid.UUID
    name: str
    unit: str
    last: dt.date | None
    days_since: int | None
    is_key: bool = True


def _as_date(value: object) -> dt.date | None:
    """A date aggregated in SQL (SQLite hands back text, not through the column type)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _in_my_units(rm_id: uuid.UUID) -> ColumnElement[bool]:
    return Contact.unit_id.in_(select(unit_rms.c.unit_id).where(unit_rms.c.staff_id == rm_id))


def interviews_not_held(
    session: Session, rm_id: uuid.UUID | None, *, now: dt.datetime | None = None
) -> list[InterviewRow]:
    """Planned interviews whose time has passed: they stay here, oldest first, until they are
    held (started), moved or cancelled."""
    start = now or common.now()
    return _planned_interviews(session, rm_id, Interview.scheduled_at < start - NOT_HELD_AFTER)


def key_customers_not_interviewed(
    session: Session,
    rm_id: uuid.UUID | None,
    *,
    days: int = INTERVIEW_GAP_DAYS,
    today: dt.date | None = None,
) -> list[ContactGapRow]:
    """Key customers (of ``rm_id``'s units) with no interview held in the last ``days``
    days, or never; longest wait first."""
    day = _today(today)
    held = (
        select(
            interview_contacts.c.contact_id,
            func.max(func.coalesce(Interview.started_at, Interview.scheduled_at)).label("last"),
        )
        .join(Interview, Interview.id == interview_contacts.c.interview_id)
        .where(Interview.status.in_((InterviewStatus.COMPLETED, InterviewStatus.IN_PROGRESS)))
        .group_by(interview_contacts.c.contact_id)
        .subquery()
    )
    query = (
        select(Contact.id, Contact.name, func.coalesce(BusinessUnit.name, ""), held.c.last)
        .outerjoin(held, held.c.contact_id == Contact.id)
        .outerjoin(BusinessUnit, BusinessUnit.id == Contact.unit_id)
        .where(Contact.is_key.is_(True))
    )
    if rm_id is not None:
        query = query.where(_in_my_units(rm_id))
    rows = []
    for id_, name, unit, last in session.execute(query):
        last_day = _as_date(last)
        since = None if last_day is None else (day - last_day).days
        if since is None or since > days:
            rows.append(ContactGapRow(id_, name, unit, last_day, since))
    rows.sort(key=lambda r: (r.last is not None, r.last or dt.date.min, r.name))
    return rows


def assessments_due(
    session: Session,
    rm_id: uuid.UUID | None,
    *,
    days: int = ASSESSMENT_DUE_DAYS,
    today: dt.date | None = None,
) -> list[ContactGapRow]:
    """Contacts (of ``rm_id``'s units) whose latest key-customer assessment is more than
    ``days`` days old: due to be assessed again. Oldest first."""
    day = _today(today)
    latest = (
        select(Assessment.contact_id, func.max(Assessment.assessed_on).label("last"))
        .group_by(Assessment.contact_id)
        .subquery()
    )
    query = (
        select(
            Contact.id,
            Contact.name,
            func.coalesce(BusinessUnit.name, ""),
            latest.c.last,
            Contact.is_key,
        )
        .join(latest, latest.c.contact_id == Contact.id)
        .outerjoin(BusinessUnit, BusinessUnit.id == Contact.unit_id)
    )
    if rm_id is not None:
        query = query.where(_in_my_units(rm_id))
    rows = []
    for id_, name, unit, last, key in session.execute(query):
        last_day = _as_date(last)
        assert last_day is not None
        since = (day - last_day).days
        if since > days:
            rows.append(ContactGapRow(id_, name, unit, last_day, since, key))
    rows.sort(key=lambda r: (r.last, r.name))
    return rows


def key_customers_over_capacity(
    session: Session, rm_id: uuid.UUID | None
) -> list[key_customers.CapacityRow]:
    """Units (``rm_id``'s, or all) with more key customers than their RMs can interview in a
    quarter (see :func:`relman.workflows.key_customers.units_over_capacity`)."""
    return key_customers.units_over_capacity(session, rm_id=rm_id)


@dataclass(frozen=True)
class MyWeek:
    upcoming_interviews: list[InterviewRow]
    overdue_actions: list[ActionRow]
    open_escalations: list[EscalationRow]
    due_for_review: list[ReviewRow]
    reviews_due: list[ReviewDueRow]
    interviews_not_held: list[InterviewRow] = field(default_factory=list)
    key_customers_not_interviewed: list[ContactGapRow] = field(default_factory=list)
    assessments_due: list[ContactGapRow] = field(default_factory=list)
    #: misses recorded without their explanation yet: the reminder to explain them
    unexplained_misses: list[MissRow] = field(default_factory=list)


def my_week(session: Session, me: uuid.UUID | None, *, today: dt.date | None = None) -> MyWeek:
    """Everything the dashboard shows, for ``me`` (everyone's when None)."""
    return MyWeek(
        upcoming_interviews(session, me),
        overdue_action_items(session, me, today=today),
        open_escalations(session, me, today=today),
        expectations_due_for_review(session, me, today=today),
        reviews_due(session, me, today=today),
        interviews_not_held=interviews_not_held(session, me),
        key_customers_not_interviewed=key_customers_not_interviewed(session, me, today=today),
        assessments_due=assessments_due(session, me, today=today),
        unexplained_misses=unexplained_misses(session, rm_id=me),
    )


__all__ = [
    "REVIEW_SOON_DAYS",
    "ActionRow",
    "ContactGapRow",
    "EscalationRow",
    "InterviewRow",
    "MissRow",
    "MyWeek",
    "ReviewDueRow",
    "ReviewRow",
    "UnitRow",
    "assessments_due",
    "expectations_due_for_review",
    "interviews_not_held",
    "key_customers_not_interviewed",
    "key_customers_over_capacity",
    "my_week",
    "open_escalations",
    "overdue_action_items",
    "reviews_due",
    "unexplained_misses",
    "units",
    "units_without_review",
    "upcoming_interviews",
]
