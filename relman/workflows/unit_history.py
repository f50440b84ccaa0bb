"""What happened in one unit over a period, as plain data: misses with their explanations,
escalations, interviews held, meetings, action items. The review pack prints these and the
interview preparation sheet prints the latest of them; each is one query.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from relman.errors import ValidationError
from relman.models import (
    ActionItem,
    Contact,
    Escalation,
    Expectation,
    Interview,
    InterviewStatus,
    Measurement,
    Meeting,
    Service,
    Staff,
)
from relman.workflows import common
from relman.workflows.interview_queries import contact_names
from relman.workflows.measurements import period_start

#: the period a review pack covers when none is given: the last three months
DEFAULT_DAYS = 91


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}"

    @property
    def begins(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time.min).astimezone()

    @property
    def ends(self) -> dt.datetime:
        """The first instant after the period."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min).astimezone()


def period(start: dt.date | None, end: dt.date | None) -> Period:
    """The period asked for: ``end`` defaults to today, ``start`` to three months before."""
    end = end or common.today()
    start = start or end - dt.timedelta(days=DEFAULT_DAYS)
    if start > end:
        raise ValidationError("from", "The period starts after it ends; swap the two dates.")
    return Period(start, end)


def staff_names(session: Session) -> dict[uuid.UUID, str]:
    return dict(session.execute(select(Staff.id, Staff.name)).all())


def num(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def target_text(target: float | None, unit: str, direction: object) -> str:
    if target is None:
        return ""
    sign = {"at_least": "≥ ", "at_most": "≤ "}.get(getattr(direction, "value", ""), "")
    return f"{sign}{num(target)} {unit}".strip()


@dataclass(frozen=True)
class Miss:
    period: str
    service: str
    statement: str
    value: str
    target: str
    cause: str
    resolution: str
    prevention: str
    told_on: dt.date | None


@dataclass(frozen=True)
class EscalationLine:
    service: str
    statement: str
    status: str
    opened: dt.date
    due: dt.date
    resolved: dt.date | None
    age_days: int
    manager: str
    resolution: str


@dataclass(frozen=True)
class InterviewLine:
    held: dt.date
    customers: str
    rm: str
    key_points: str


@dataclass(frozen=True)
class MeetingLine:
    held: dt.date
    kind: str
    goals: str
    delivered: str
    planned: str


@dataclass(frozen=True)
class ActionLine:
    text: str
    owner: str
    due: dt.date | None
    done: dt.date | None


def unit_misses(session: Session, unit_id: uuid.UUID, span: Period) -> list[Miss]:
    rows = session.execute(
        select(Measurement, Service.name, Expectation.statement)
        .join(Expectation, Expectation.id == Measurement.expectation_id)
        .join(Service, Service.id == Expectation.service_id)
        .where(Expectation.unit_id == unit_id, Measurement.met.is_(False))
    ).all()
    misses = [
        Miss(
            m.period,
            service,
            statement,
            f"{num(m.value)} {m.target_unit}".strip(),
            target_text(m.target, m.target_unit, m.direction),
            m.miss_cause,
            m.miss_resolution,
            m.miss_prevention,
            m.told_customer_on,
        )
        for m, service, statement in rows
        if span.start <= period_start(m.period) <= span.end
    ]
    misses.sort(key=lambda m: (period_start(m.period), m.service))
    return misses


def unit_escalations(session: Session, unit_id: uuid.UUID, span: Period) -> list[EscalationLine]:
    """Open at some time in the period: opened before its end, not resolved before its start."""
    manager = aliased(Staff)
    rows = session.execute(
        select(Escalation, Service.name, Expectation.statement, func.coalesce(manager.name, ""))
        .join(Expectation, Expectation.id == Escalation.expectation_id)
        .join(Service, Service.id == Expectation.service_id)
        .outerjoin(manager, manager.id == Escalation.rm_manager_id)
        .where(
            Expectation.unit_id == unit_id,
            Escalation.opened_at < span.ends,
            or_(Escalation.resolved_at.is_(None), Escalation.resolved_at >= span.begins),
        )
        .order_by(Escalation.opened_at)
    ).all()
    lines = []
    for esc, service, statement, boss in rows:
        closed = esc.resolved_at if esc.resolved_at and esc.resolved_at < span.ends else None
        opened = esc.opened_at.astimezone().date()
        age_end = closed.astimezone().date() if closed else min(span.end, common.today())
        lines.append(
            EscalationLine(
                service,
                statement,
                esc.status.value.replace("_", " ") if closed or not esc.resolved_at else "open",
                opened,
                esc.due_on,
                closed.astimezone().date() if closed else None,
                max((age_end - opened).days, 0),
                boss,
                esc.resolution if closed else "",
            )
        )
    return lines


def unit_interviews(session: Session, unit_id: uuid.UUID, span: Period) -> list[InterviewLine]:
    names = staff_names(session)
    found = session.execute(
        select(
            Interview.id,
            Interview.scheduled_at,
            Interview.rm_id,
            Interview.summary,
            Interview.notes,
        )
        .where(
            Interview.unit_id == unit_id,
            Interview.status == InterviewStatus.COMPLETED,
            Interview.scheduled_at >= span.begins,
            Interview.scheduled_at < span.ends,
        )
        .order_by(Interview.scheduled_at)
    ).all()
    people = contact_names(session, [row.id for row in found])
    return [
        InterviewLine(
            row.scheduled_at.astimezone().date(),
            ", ".join(people[row.id]),
            names.get(row.rm_id, "") if row.rm_id else "",
            row.summary or row.notes,
        )
        for row in found
    ]


def unit_meetings(session: Session, unit_id: uuid.UUID, span: Period) -> list[MeetingLine]:
    rows = session.scalars(
        select(Meeting)
        .where(
            Meeting.unit_id == unit_id, Meeting.held_at >= span.begins, Meeting.held_at < span.ends
        )
        .order_by(Meeting.held_at)
    )
    return [
        MeetingLine(
            m.held_at.astimezone().date(),
            m.kind.value.replace("_", " "),
            (m.goals_met.value if m.goals_met else "")
            + (f": {m.goals_note}" if m.goals_note else ""),
            m.delivered,
            m.planned,
        )
        for m in rows
    ]


def unit_actions(
    session: Session, unit_id: uuid.UUID, span: Period
) -> tuple[list[ActionLine], list[ActionLine]]:
    """Open at the end of the period, and closed during it, from the unit's meetings and
    interviews."""
    owner_staff, owner_contact = aliased(Staff), aliased(Contact)
    rows = session.execute(
        select(
            ActionItem.text,
            func.coalesce(owner_staff.name, owner_contact.name, ""),
            ActionItem.due_on,
            ActionItem.done_at,
        )
        .outerjoin(Meeting, Meeting.id == ActionItem.meeting_id)
        .outerjoin(Interview, Interview.id == ActionItem.interview_id)
        .outerjoin(owner_staff, owner_staff.id == ActionItem.owner_staff_id)
        .outerjoin(owner_contact, owner_contact.id == ActionItem.owner_contact_id)
        .where(
            or_(Meeting.unit_id == unit_id, Interview.unit_id == unit_id),
            ActionItem.created_at < span.ends,
            or_(ActionItem.done_at.is_(None), ActionItem.done_at >= span.begins),
        )
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.text)
    ).all()
    open_, closed = [], []
    for text, owner, due, done_at in rows:
        if done_at is not None and done_at < span.ends:
            closed.append(ActionLine(text, owner, due, done_at.astimezone().date()))
        else:
            open_.append(ActionLine(text, owner, due, None))
    return open_, closed
