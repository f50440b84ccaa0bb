"""Evidence for a negotiation: what IT actually achieves for a service, unit by unit.

Beside an expectation under negotiation the relationship manager sees, for the same
service, each unit's measured values over the last twelve months (aggregated in the
database: count, met, average, best, worst) and the targets already agreed elsewhere, so a
reasonable demand can be told from an unreasonable one. Units that agree their own service
levels, and agreed targets that differ from the usual one for the service, are flagged.
"""

from __future__ import annotations

import datetime as dt
import statistics
import uuid
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from relman.models import (
    BusinessUnit,
    Direction,
    Expectation,
    ExpectationStatus,
    Measurement,
    MeasurementType,
    Service,
)
from relman.workflows.common import get, now

#: How far back measured values count as evidence.
EVIDENCE_DAYS = 365
#: The statuses in which an agreement is in force (see :func:`relman.models.has_terms_in_force`).
IN_FORCE = (
    ExpectationStatus.AGREED,
    ExpectationStatus.NEGOTIATING,
    ExpectationStatus.DISAGREED,
    ExpectationStatus.ESCALATED,
)


@dataclass(frozen=True)
class Achieved:
    """One unit's measured values of the service over the period, for one kind of target."""

    unit_id: uuid.UUID
    unit: str
    own_service_levels: bool
    measurement_type: MeasurementType
    target_unit: str
    direction: Direction
    count: int
    met: int
    average: float
    best: float
    worst: float

    @property
    def met_share(self) -> float:
        return self.met / self.count if self.count else 0.0


@dataclass(frozen=True)
class AgreedTarget:
    """A target agreed for the service with another unit (or another expectation)."""

    expectation_id: uuid.UUID
    unit_id: uuid.UUID
    unit: str
    own_service_levels: bool
    target: float
    target_unit: str
    measurement_type: MeasurementType
    direction: Direction
    unusual: bool  # differs from the usual target for this service and kind


@dataclass(frozen=True)
class Evidence:
    service_id: uuid.UUID
    service: str
    unit_id: uuid.UUID | None  # the unit of the expectation being negotiated
    since: dt.date
    achieved: list[Achieved]
    agreed: list[AgreedTarget]
    usual: dict[tuple[MeasurementType, str], float]  # the median target per kind

    def achieved_here(self) -> list[Achieved]:
        return [a for a in self.achieved if a.unit_id == self.unit_id]


def evidence(
    session: Session,
    service_id: uuid.UUID,
    *,
    unit_id: uuid.UUID | None = None,
    exclude: uuid.UUID | None = None,
    at: dt.datetime | None = None,
) -> Evidence:
    """The evidence for ``service_id``; ``unit_id`` is the unit whose expectation is
    negotiated (listed first), ``exclude`` that expectation (its own terms are not evidence)."""
    service = get(session, Service, service_id, "service")
    since = (at or now()) - dt.timedelta(days=EVIDENCE_DAYS)
    achieved_query = (
        select(
            BusinessUnit.id,
            BusinessUnit.name,
            BusinessUnit.own_service_levels,
            Measurement.measurement_type,
            Measurement.target_unit,
            Measurement.direction,
            func.count(Measurement.id),
            func.sum(case((Measurement.met, 1), else_=0)),
            func.avg(Measurement.value),
            func.max(Measurement.value),
            func.min(Measurement.value),
        )
        .join(Expectation, Expectation.id == Measurement.expectation_id)
        .join(BusinessUnit, BusinessUnit.id == Expectation.unit_id)
        .where(Expectation.service_id == service_id, Measurement.recorded_at >= since)
        .group_by(
            BusinessUnit.id,
            BusinessUnit.name,
            BusinessUnit.own_service_levels,
            Measurement.measurement_type,
            Measurement.target_unit,
            Measurement.direction,
        )
    )
    achieved = []
    for uid, name, own, mtype, tunit, direction, count, met, avg, high, low in session.execute(
        achieved_query
    ):
        best, worst = (high, low) if direction is Direction.AT_LEAST else (low, high)
        achieved.append(
            Achieved(
                uid, name, own, mtype, tunit, direction, count, int(met or 0), avg, best, worst
            )
        )
    agreed_query = (
        select(
            Expectation.id,
            BusinessUnit.id,
            BusinessUnit.name,
            BusinessUnit.own_service_levels,
            Expectation.target,
            Expectation.target_unit,
            Expectation.measurement_type,
            Expectation.direction,
        )
        .join(BusinessUnit, BusinessUnit.id == Expectation.unit_id)
        .where(
            Expectation.service_id == service_id,
            Expectation.status.in_(IN_FORCE),
            Expectation.agreed_at.is_not(None),
            Expectation.target.is_not(None),
        )
    )
    if exclude is not None:
        agreed_query = agreed_query.where(Expectation.id != exclude)
    rows = session.execute(agreed_query).all()
    targets: dict[tuple[MeasurementType, str], list[float]] = {}
    for row in rows:
        targets.setdefault((row[6], row[5]), []).append(row[4])
    usual = {kind: statistics.median(values) for kind, values in targets.items()}
    agreed = [
        AgreedTarget(*row[:6], row[6], row[7], unusual=row[4] != usual[(row[6], row[5])])
        for row in rows
    ]

    def first_here(unit: uuid.UUID, name: str) -> tuple[bool, str]:
        return (unit != unit_id, name.casefold())

    achieved.sort(key=lambda a: (*first_here(a.unit_id, a.unit), a.measurement_type.value))
    agreed.sort(key=lambda a: (*first_here(a.unit_id, a.unit), a.target))
    return Evidence(service.id, service.name, unit_id, since.date(), achieved, agreed, usual)
