"""What the units page shows of one unit: its people, the services it depends on, its
contacts, expectations, escalations and last meeting (:func:`unit_detail`). The changes
to the portfolio are in :mod:`relman.workflows.portfolio`."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relman.models import (
    BusinessUnit,
    Contact,
    Criticality,
    Escalation,
    Expectation,
    Meeting,
    Service,
    Staff,
    UnitService,
    unit_rms,
)
from relman.workflows.common import get


@dataclass(frozen=True)
class Ref:
    """A record named for display: enough to show it and to open it."""

    id: uuid.UUID
    name: str
    extra: str = ""


@dataclass(frozen=True)
class UnitDetail:
    id: uuid.UUID
    version: int
    name: str
    division: str
    criticality: Criticality
    notes: str
    own_service_levels: bool
    head: Ref | None
    rms: list[Ref]
    dependencies: list[Ref]  # extra: the dependence
    contacts: list[Ref]  # extra: "key" or ""
    expectations_by_status: dict[str, int]
    open_escalations: int
    last_meeting: str  # "2026-10-14 monthly review: goals partly met", or ""
    review_every_days: int = 30


GOALS_WORDS = {
    "yes": "service goals met",
    "partly": "service goals partly met",
    "no": "service goals not met",
}


def unit_detail(session: Session, unit_id: uuid.UUID) -> UnitDetail:
    from relman.models import OPEN_ESCALATION

    unit = get(session, BusinessUnit, unit_id, "business unit")
    head = session.get(Contact, unit.head_id) if unit.head_id else None
    rms = session.execute(
        select(Staff.id, Staff.name)
        .join(unit_rms, unit_rms.c.staff_id == Staff.id)
        .where(unit_rms.c.unit_id == unit.id)
        .order_by(Staff.name)
    ).all()
    deps = session.execute(
        select(Service.id, Service.name, UnitService.dependence)
        .join(UnitService, UnitService.service_id == Service.id)
        .where(UnitService.unit_id == unit.id)
        .order_by(Service.name)
    ).all()
    people = session.execute(
        select(Contact.id, Contact.name, Contact.is_key)
        .where(Contact.unit_id == unit.id)
        .order_by(Contact.is_key.desc(), Contact.name)
    ).all()
    by_status = dict(
        session.execute(
            select(Expectation.status, func.count())
            .where(Expectation.unit_id == unit.id)
            .group_by(Expectation.status)
        ).all()
    )
    escalations = session.scalar(
        select(func.count())
        .select_from(Escalation)
        .join(Expectation, Expectation.id == Escalation.expectation_id)
        .where(Expectation.unit_id == unit.id, Escalation.status.in_(OPEN_ESCALATION))
    )
    meeting = session.scalar(
        select(Meeting).where(Meeting.unit_id == unit.id).order_by(Meeting.held_at.desc()).limit(1)
    )
    last = ""
    if meeting is not None:
        last = f"{meeting.held_at:%Y-%m-%d} {meeting.kind.value.replace('_', ' ')}"
        if meeting.goals_met is not None:
            last += ": " + GOALS_WORDS[meeting.goals_met.value]
    return UnitDetail(
        id=unit.id,
        version=unit.version,
        name=unit.name,
        division=unit.division,
        criticality=unit.criticality,
        notes=unit.notes,
        own_service_levels=unit.own_service_levels,
        head=Ref(head.id, head.name, head.title) if head else None,
        rms=[Ref(i, n) for i, n in rms],
        dependencies=[Ref(i, n, d.value) for i, n, d in deps],
        contacts=[Ref(i, n, "key" if k else "") for i, n, k in people],
        expectations_by_status={s.value: n for s, n in by_status.items()},
        open_escalations=escalations or 0,
        last_meeting=last,
        review_every_days=unit.review_every_days,
    )
