"""What the escalations page reads: every escalation across the relationship managers,
filtered by manager, RM, unit, status and age, a manager's team, and one escalation in full
(its own events and the negotiation history of the expectation behind it).

The steps that change an escalation are in :mod:`relman.workflows.escalations`.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass, field

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased

from relman.models import (
    OPEN_ESCALATION,
    BusinessUnit,
    Contact,
    Escalation,
    EscalationEvent,
    EscalationEventKind,
    EscalationStatus,
    Expectation,
    Service,
    Staff,
    StaffRole,
)
from relman.workflows.common import get, today
from relman.workflows.expectation_views import ExpectationDetail, expectation_detail


class AgeBand(enum.Enum):
    """How long an escalation has been (or was) open, as managers sort their pile."""

    UNDER_7 = "under 7 days"
    FROM_7_TO_30 = "7–30 days"
    OVER_30 = "over 30 days"
    PAST_DUE = "past due"

    def holds(self, age_days: int, past_due: bool) -> bool:
        if self is AgeBand.PAST_DUE:
            return past_due
        if self is AgeBand.UNDER_7:
            return age_days < 7
        if self is AgeBand.FROM_7_TO_30:
            return 7 <= age_days <= 30
        return age_days > 30


@dataclass(frozen=True)
class EscalationFilter:
    """Which escalations to list; every criterion left empty lets all through.

    ``team_of``: only the escalations of the people who report to that manager, directly or
    further down, and those the manager or their team took up (see :func:`team`)."""

    manager_id: uuid.UUID | None = None  # the RM's manager who takes it up
    rm_id: uuid.UUID | None = None  # the RM who raised it
    unit_id: uuid.UUID | None = None
    statuses: frozenset[EscalationStatus] = frozenset()
    age: AgeBand | None = None
    team_of: uuid.UUID | None = None


@dataclass(frozen=True)
class EscalationListRow:
    id: uuid.UUID
    version: int
    status: EscalationStatus
    summary: str
    unit_id: uuid.UUID
    unit: str
    service: str
    expectation_id: uuid.UUID
    rm_id: uuid.UUID | None
    rm: str
    manager_id: uuid.UUID | None
    manager: str
    customer_manager: str
    opened_at: dt.datetime
    due_on: dt.date
    resolved_at: dt.datetime | None
    age_days: int  # open: until today; closed: until it was closed
    past_due: bool  # still open after its due date


@dataclass(frozen=True)
class Choice:
    id: uuid.UUID
    name: str


@dataclass(frozen=True)
class EscalationList:
    """The rows that pass the filter, and what each filter can be set to."""

    rows: list[EscalationListRow]
    total: int  # escalations there are in all, before filtering
    managers: list[Choice] = field(default_factory=list)
    rms: list[Choice] = field(default_factory=list)
    units: list[Choice] = field(default_factory=list)


def team(session: Session, manager_id: uuid.UUID) -> set[uuid.UUID]:
    """Everyone who reports to the manager, directly or further down (archived staff
    included: their escalations are still theirs). A loop in the data ends the walk."""
    reports: dict[uuid.UUID, list[uuid.UUID]] = {}
    for staff_id, boss_id in session.execute(select(Staff.id, Staff.reports_to_id)):
        if boss_id is not None:
            reports.setdefault(boss_id, []).append(staff_id)
    found: set[uuid.UUID] = set()
    waiting = list(reports.get(manager_id, ()))
    while waiting:
        person = waiting.pop()
        if person in found or person == manager_id:
            continue
        found.add(person)
        waiting.extend(reports.get(person, ()))
    return found


def age_of(
    opened_at: dt.datetime, resolved_at: dt.datetime | None, on: dt.date
) -> tuple[int, bool]:
    """Days open (until ``on``, or until it was closed), in the user's calendar."""
    opened = today(opened_at)
    end = today(resolved_at) if resolved_at is not None else on
    return max(0, (end - opened).days), resolved_at is None


def _row_query() -> Select:
    """Every escalation as a list row's columns, oldest first."""
    rm, manager = aliased(Staff), aliased(Staff)
    return (
        select(
            Escalation.id,
            Escalation.version,
            Escalation.status,
            Escalation.summary,
            BusinessUnit.id,
            BusinessUnit.name,
            Service.name,
            Expectation.id,
            Escalation.raised_by_id,
            func.coalesce(rm.name, ""),
            Escalation.rm_manager_id,
            func.coalesce(manager.name, ""),
            func.coalesce(Contact.name, ""),
            Escalation.opened_at,
            Escalation.due_on,
            Escalation.resolved_at,
        )
        .join(Expectation, Expectation.id == Escalation.expectation_id)
        .join(BusinessUnit, BusinessUnit.id == Expectation.unit_id)
        .join(Service, Service.id == Expectation.service_id)
        .outerjoin(rm, rm.id == Escalation.raised_by_id)
        .outerjoin(manager, manager.id == Escalation.rm_manager_id)
        .outerjoin(Contact, Contact.id == Escalation.customer_manager_id)
        .order_by(Escalation.opened_at, Escalation.id)
    )


def _rows(
    session: Session, query: Select, day: dt.date, age: AgeBand | None = None
) -> list[EscalationListRow]:
    rows = []
    for row in session.execute(query):
        days, still_open = age_of(row[13], row[15], day)
        past_due = still_open and row[14] < day
        if age is None or age.holds(days, past_due):
            rows.append(EscalationListRow(*row, age_days=days, past_due=past_due))
    return rows


def escalation_list(
    session: Session, wanted: EscalationFilter | None = None, *, on: dt.date | None = None
) -> EscalationList:
    """Escalations passing ``wanted``, oldest first; ages are counted up to ``on`` (today)."""
    wanted = wanted or EscalationFilter()
    query = _row_query()
    if wanted.manager_id is not None:
        query = query.where(Escalation.rm_manager_id == wanted.manager_id)
    if wanted.rm_id is not None:
        query = query.where(Escalation.raised_by_id == wanted.rm_id)
    if wanted.unit_id is not None:
        query = query.where(Expectation.unit_id == wanted.unit_id)
    if wanted.statuses:
        query = query.where(Escalation.status.in_(wanted.statuses))
    if wanted.team_of is not None:
        people = team(session, wanted.team_of)
        takers = people | {wanted.team_of}
        query = query.where(
            or_(Escalation.raised_by_id.in_(people), Escalation.rm_manager_id.in_(takers))
        )
    rows = _rows(session, query, on or today(), wanted.age)
    total = session.scalar(select(func.count()).select_from(Escalation)) or 0
    return EscalationList(rows, total, *_choices(session))


def _choices(session: Session) -> tuple[list[Choice], list[Choice], list[Choice]]:
    """Who can be chosen as manager (anyone who took an escalation up, and every manager),
    as RM (anyone who raised one), and which units have escalations."""
    taken_up = select(Escalation.rm_manager_id).where(Escalation.rm_manager_id.is_not(None))
    managers = session.execute(
        select(Staff.id, Staff.name)
        .where(or_(Staff.id.in_(taken_up), Staff.role == StaffRole.MANAGER))
        .order_by(Staff.name)
    ).all()
    raised = select(Escalation.raised_by_id).where(Escalation.raised_by_id.is_not(None))
    rms = session.execute(
        select(Staff.id, Staff.name).where(Staff.id.in_(raised)).order_by(Staff.name)
    ).all()
    escalated_units = select(Expectation.unit_id).join(
        Escalation, Escalation.expectation_id == Expectation.id
    )
    units = session.execute(
        select(BusinessUnit.id, BusinessUnit.name)
        .where(BusinessUnit.id.in_(escalated_units))
        .order_by(BusinessUnit.name)
    ).all()
    return (
        [Choice(*r) for r in managers],
        [Choice(*r) for r in rms],
        [Choice(*r) for r in units],
    )


# -- one escalation in full -----------------------------------------------------------------


@dataclass(frozen=True)
class EscalationStep:
    """One event of the escalation: opened, discussed, resolved, withdrawn."""

    at: dt.datetime
    kind: EscalationEventKind
    author: str
    text: str


@dataclass(frozen=True)
class EscalationDetail:
    """The escalation's row, its resolution and events, and the expectation behind it with
    its whole negotiation history."""

    row: EscalationListRow
    resolution: str
    customer_manager_id: uuid.UUID | None
    events: list[EscalationStep]
    expectation: ExpectationDetail

    @property
    def is_open(self) -> bool:
        return self.row.status in OPEN_ESCALATION


def escalation_detail(
    session: Session, escalation_id: uuid.UUID, *, on: dt.date | None = None
) -> EscalationDetail:
    """The escalation as its detail shows it: its row, its events, and its expectation
    with the negotiation history, each oldest first."""
    esc = get(session, Escalation, escalation_id, "escalation")
    [row] = _rows(session, _row_query().where(Escalation.id == esc.id), on or today())
    events = [
        EscalationStep(at, kind, name or "", text)
        for at, kind, name, text in session.execute(
            select(EscalationEvent.at, EscalationEvent.kind, Staff.name, EscalationEvent.text)
            .outerjoin(Staff, Staff.id == EscalationEvent.author_id)
            .where(EscalationEvent.escalation_id == esc.id)
            .order_by(EscalationEvent.at, EscalationEvent.created_at)
        )
    ]
    return EscalationDetail(
        row=row,
        resolution=esc.resolution,
        customer_manager_id=esc.customer_manager_id,
        events=events,
        expectation=expectation_detail(session, esc.expectation_id),
    )
