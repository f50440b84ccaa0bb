"""Queries behind the "My week" dashboard, returning plain rows (frozen dataclasses)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from relman.models import (
    OPEN_ESCALATION,
    ActionItem,
    BusinessUnit,
    Contact,
    Criticality,
    Escalation,
    EscalationStatus,
    Expectation,
    ExpectationStatus,
    Interview,
    InterviewStatus,
    Meeting,
    MeetingKind,
    Service,
    Staff,
    interview_contacts,
    unit_rms,
)

REVIEW_GAP_DAYS = 35


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


@dataclass(frozen=True)
class InterviewRow:
    id: uuid.UUID
    scheduled_at: dt.datetime
    location: str
    contacts: str
    unit: str


@dataclass(frozen=True)
class ActionRow:
    id: uuid.UUID
    text: str
    due_on: dt.date
    days_overdue: int
    owner: str
    meeting_id: uuid.UUID | None
    interview_id: uuid.UUID | None


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
    return today or dt.date.today()


def units(session: Session, *, rm_id: uuid.UUID | None = None) -> list[UnitRow]:
    """Units with their summary columns; only ``rm_id``'s units when given."""
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
    rows = []
    for row in session.execute(query):
        last = row[7]
        if isinstance(last, str):  # aggregated in SQL, so not through the column type
            last = dt.datetime.fromisoformat(last).replace(tzinfo=dt.UTC)
        elif last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=dt.UTC)
        rows.append(UnitRow(*row[:7], last_review=last))
    return rows


def upcoming_interviews(
    session: Session, rm_id: uuid.UUID | None, *, days: int = 14, now: dt.datetime | None = None
) -> list[InterviewRow]:
    start = now or dt.datetime.now(dt.UTC)
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
        .where(
            Interview.status == InterviewStatus.PLANNED,
            Interview.scheduled_at >= start - dt.timedelta(hours=2),
            Interview.scheduled_at <= start + dt.timedelta(days=days),
        )
        .order_by(Interview.scheduled_at)
    )
    if rm_id is not None:
        query = query.where(Interview.rm_id == rm_id)
    return [InterviewRow(*row) for row in session.execute(query)]


def overdue_action_items(
    session: Session, owner_id: uuid.UUID | None, *, today: dt.date | None = None
) -> list[ActionRow]:
    day = _today(today)
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


def units_without_review(
    session: Session,
    rm_id: uuid.UUID | None,
    *,
    today: dt.date | None = None,
    days: int = REVIEW_GAP_DAYS,
) -> list[UnitRow]:
    """Units whose last monthly review is more than ``days`` ago, or never held."""
    cutoff = dt.datetime.combine(_today(today) - dt.timedelta(days=days), dt.time(), dt.UTC)
    return [
        u for u in units(session, rm_id=rm_id) if u.last_review is None or u.last_review < cutoff
    ]


@dataclass(frozen=True)
class MyWeek:
    upcoming_interviews: list[InterviewRow]
    overdue_actions: list[ActionRow]
    open_escalations: list[EscalationRow]
    due_for_review: list[ReviewRow]
    units_without_review: list[UnitRow]


def my_week(session: Session, me: uuid.UUID | None, *, today: dt.date | None = None) -> MyWeek:
    """Everything the dashboard shows, for ``me`` (everyone's when None)."""
    return MyWeek(
        upcoming_interviews(session, me),
        overdue_action_items(session, me, today=today),
        open_escalations(session, me, today=today),
        expectations_due_for_review(session, me, today=today),
        units_without_review(session, me, today=today),
    )


__all__ = [
    "ActionRow",
    "EscalationRow",
    "InterviewRow",
    "MyWeek",
    "ReviewRow",
    "UnitRow",
    "expectations_due_for_review",
    "my_week",
    "open_escalations",
    "overdue_action_items",
    "units",
    "units_without_review",
    "upcoming_interviews",
]
