"""What is read of measurements: the periods they are recorded in, the corrections of a
value, the misses still to explain and the trend of an expectation's values (all named
from :mod:`relman.workflows.measurements` too, where they are written)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from relman.errors import ValidationError
from relman.models import (
    BusinessUnit,
    Direction,
    Expectation,
    Measurement,
    MeasurementCorrection,
    Service,
    Staff,
)
from relman.workflows.common import get

# --- periods -------------------------------------------------------------------------------


def period_start(period: str) -> dt.date:
    """The first day of a period written ``2026-W07``, ``2026-10`` or ``2026-Q3``."""
    year, part = period[:4], period[5:]
    if part.startswith("W"):
        return dt.date.fromisocalendar(int(year), int(part[1:]), 1)
    if part.startswith("Q"):
        return dt.date(int(year), 3 * (int(part[1:]) - 1) + 1, 1)
    return dt.date(int(year), int(part), 1)


# --- corrections and misses ---------------------------------------------------------------


@dataclass(frozen=True)
class CorrectionRow:
    id: uuid.UUID
    old_value: float
    new_value: float
    old_met: bool
    new_met: bool
    corrected_by: str
    corrected_at: dt.datetime
    reason: str


def measurement_corrections(session: Session, measurement_id: uuid.UUID) -> list[CorrectionRow]:
    """The corrections of one measurement, oldest first."""
    return corrections_of(session, [measurement_id]).get(measurement_id, [])


def corrections_of(
    session: Session, measurement_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[CorrectionRow]]:
    """The corrections of each of ``measurement_ids`` that has any, oldest first."""
    query = (
        select(
            MeasurementCorrection.measurement_id,
            MeasurementCorrection.id,
            MeasurementCorrection.old_value,
            MeasurementCorrection.new_value,
            MeasurementCorrection.old_met,
            MeasurementCorrection.new_met,
            Staff.name,
            MeasurementCorrection.corrected_at,
            MeasurementCorrection.reason,
        )
        .outerjoin(Staff, Staff.id == MeasurementCorrection.corrected_by_id)
        .where(MeasurementCorrection.measurement_id.in_(measurement_ids))
        .order_by(MeasurementCorrection.corrected_at, MeasurementCorrection.created_at)
    )
    found: dict[uuid.UUID, list[CorrectionRow]] = {}
    for m_id, i, old, new, om, nm, name, when, why in session.execute(query):
        found.setdefault(m_id, []).append(CorrectionRow(i, old, new, om, nm, name or "", when, why))
    return found


@dataclass(frozen=True)
class MissRow:
    """A missed target still without its explanation (the reminder on the dashboard)."""

    measurement_id: uuid.UUID
    version: int
    expectation_id: uuid.UUID
    unit: str
    service: str
    statement: str
    period: str
    value: float
    target: float
    target_unit: str
    recorded_at: dt.datetime
    recorded_by: str


def unexplained_misses(
    session: Session,
    *,
    rm_id: uuid.UUID | None = None,
    unit_id: uuid.UUID | None = None,
) -> list[MissRow]:
    """Misses recorded without an explanation, oldest first; only those of ``rm_id``'s
    expectations, or of ``unit_id``, when given."""
    recorder = aliased(Staff)
    query = (
        select(
            Measurement.id,
            Measurement.version,
            Expectation.id,
            BusinessUnit.name,
            Service.name,
            Expectation.statement,
            Measurement.period,
            Measurement.value,
            Measurement.target,
            Measurement.target_unit,
            Measurement.recorded_at,
            recorder.name,
        )
        .join(Expectation, Expectation.id == Measurement.expectation_id)
        .join(BusinessUnit, BusinessUnit.id == Expectation.unit_id)
        .join(Service, Service.id == Expectation.service_id)
        .outerjoin(recorder, recorder.id == Measurement.recorded_by_id)
        .where(Measurement.met.is_(False), Measurement.explained_at.is_(None))
        .order_by(Measurement.recorded_at, Measurement.period)
    )
    if rm_id is not None:
        query = query.where(Expectation.rm_id == rm_id)
    if unit_id is not None:
        query = query.where(Expectation.unit_id == unit_id)
    return [MissRow(*row[:11], recorded_by=row[11] or "") for row in session.execute(query)]


# --- trend ---------------------------------------------------------------------------------

IMPROVING, WORSENING, STEADY = "improving", "worsening", "steady"
#: A change over the last periods smaller than this share of the target (at least of 1) is
#: "steady": 0.5 points of a 99.5 % availability target, 0.02 h of a 4-hour response time.
STEADY_SHARE = 0.005


@dataclass(frozen=True)
class TrendPoint:
    period: str
    value: float
    target: float
    target_unit: str
    met: bool
    explained: bool


@dataclass(frozen=True)
class Trend:
    """Every measured period of an expectation (oldest first) and which way the last
    ``window`` values go: improving, worsening or steady ("" with fewer than two)."""

    expectation_id: uuid.UUID
    points: tuple[TrendPoint, ...]
    window: int
    direction: str

    @property
    def met(self) -> int:
        return sum(p.met for p in self.points)

    @property
    def missed(self) -> int:
        return sum(not p.met for p in self.points)


def trend(session: Session, expectation_id: uuid.UUID, *, last: int = 6) -> Trend:
    """The values per period, met or missed, and the direction of the last ``last`` values,
    judged by the least-squares slope through them: better is higher for an "at least"
    target, lower for an "at most" one (as the latest measurement was judged)."""
    get(session, Expectation, expectation_id, "expectation")
    if last < 2:
        raise ValidationError("last", "A trend needs at least the last two periods.")
    rows = session.execute(
        select(
            Measurement.period,
            Measurement.value,
            Measurement.target,
            Measurement.target_unit,
            Measurement.met,
            Measurement.explained_at.is_not(None),
            Measurement.direction,
        ).where(Measurement.expectation_id == expectation_id)
    ).all()
    rows.sort(key=lambda r: period_start(r[0]))
    points = tuple(TrendPoint(*r[:5], explained=bool(r[5])) for r in rows)
    recent = rows[-last:]
    direction = ""
    if len(recent) >= 2:
        n = len(recent)
        xs = range(n)
        mean_x = (n - 1) / 2
        mean_y = sum(r[1] for r in recent) / n
        slope = sum((x - mean_x) * (r[1] - mean_y) for x, r in zip(xs, recent, strict=True)) / sum(
            (x - mean_x) ** 2 for x in xs
        )
        better = 1 if recent[-1][6] is Direction.AT_LEAST else -1
        change = slope * (n - 1) * better
        if abs(change) <= STEADY_SHARE * max(abs(recent[-1][2]), 1.0):
            direction = STEADY
        else:
            direction = IMPROVING if change > 0 else WORSENING
    return Trend(expectation_id, points, last, direction)
