"""Measuring agreed expectations: a value per period judged against the terms in force,
misses explained (now or later) with what is done about them, corrections kept as history,
and the trend per expectation. Stating, negotiating and agreeing are in
:mod:`relman.workflows.expectations`."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from relman.errors import RuleError, ValidationError
from relman.models import (
    BusinessUnit,
    Direction,
    Expectation,
    Measurement,
    MeasurementCorrection,
    Service,
    Staff,
    is_met,
)
from relman.workflows.common import (
    author,
    clean_date,
    clean_period,
    clean_text,
    get,
    get_to_edit,
    number,
    stamp,
)
from relman.workflows.expectations import (
    _expectation,
    value_range,
)

# --- periods -------------------------------------------------------------------------------


def period_start(period: str) -> dt.date:
    """The first day of a period written ``2026-W07``, ``2026-10`` or ``2026-Q3``."""
    year, part = period[:4], period[5:]
    if part.startswith("W"):
        return dt.date.fromisocalendar(int(year), int(part[1:]), 1)
    if part.startswith("Q"):
        return dt.date(int(year), 3 * (int(part[1:]) - 1) + 1, 1)
    return dt.date(int(year), int(part), 1)


# --- explaining a miss ---------------------------------------------------------------------

#: An explanation says something: at least this many letters, and not a placeholder.
MIN_LETTERS = 3
PLACEHOLDERS = frozenset(
    {"tbd", "tba", "todo", "to do", "n/a", "na", "none", "unknown", "same", "idem", "xxx", "?"}
)
EXPLANATION = (
    ("miss_cause", "cause", "the nature and cause of the problem"),
    ("miss_resolution", "resolution", "what is being done to resolve it"),
    ("miss_prevention", "prevention", "what will stop it happening again"),
)


def _explanation(period: str, given: dict[str, object]) -> dict[str, str]:
    """The three parts of a miss's explanation, each real text, or a ValidationError naming
    the first that is missing or says nothing."""
    parts: dict[str, str] = {}
    for field, key, label in EXPLANATION:
        text = clean_text(field, given[key], f"The {key}")
        words = text.strip()
        if not words:
            raise ValidationError(
                field,
                f"The target was missed in {period}: explain {label}. "
                "Customers forgive a miss that is explained.",
            )
        if sum(ch.isalpha() for ch in words) < MIN_LETTERS or words.casefold() in PLACEHOLDERS:
            raise ValidationError(
                field,
                f"The target was missed in {period}: explain {label} in a few words; "
                f"“{' '.join(words.split())[:20]}” does not say what happened.",
            )
        parts[field] = text
    return parts


def _told_on(value: dt.date | None, period: str, when: dt.datetime) -> dt.date:
    """The day the customer was told of a miss: the day it is explained unless given; not
    later than that day, nor before the period began."""
    if value is None:
        return when.date()
    day = clean_date("told_customer_on", value, "The day the customer was told")
    if day > when.date():
        raise ValidationError(
            "told_customer_on", "The day the customer was told cannot be in the future."
        )
    if day < period_start(period):
        raise ValidationError(
            "told_customer_on",
            f"The customer cannot have been told of a miss in {period} before {period} began.",
        )
    return day


def _explain(
    session: Session,
    m: Measurement,
    given: dict[str, object],
    by: uuid.UUID | None,
    told_customer_on: dt.date | None,
    when: dt.datetime,
) -> None:
    parts = _explanation(m.period, given)
    explainer = author(session, by)
    told = _told_on(told_customer_on, m.period, when)
    # every check is made before the first change: one edit, one new version
    m.miss_cause = parts["miss_cause"]
    m.miss_resolution = parts["miss_resolution"]
    m.miss_prevention = parts["miss_prevention"]
    m.explained_by_id = explainer.id
    m.explained_at = when
    m.told_customer_on = told


# --- measuring -----------------------------------------------------------------------------


def record_measurement(
    session: Session,
    expectation_id: uuid.UUID,
    *,
    period: str,
    value: float | str,
    by: uuid.UUID | None,
    cause: str = "",
    resolution: str = "",
    prevention: str = "",
    told_customer_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Measurement:
    """Record the measured value for one period, against the terms in force (which the
    measurement keeps). A miss may be explained now (all of cause, resolution and prevention)
    or later with :func:`explain_miss`; until then it is listed by :func:`unexplained_misses`.
    A period that has not started yet is refused."""
    exp = _expectation(session, expectation_id, "measure")
    assert exp.frequency and exp.target is not None and exp.direction and exp.measurement_type
    recorder = author(session, by)
    when = stamp(at)
    period = clean_period("period", period, exp.frequency.value, "This expectation")
    if period_start(period) > when.date():
        raise ValidationError(
            "period",
            f"{period} has not started yet: record its value once the period is under way.",
        )
    low, high = value_range(exp.measurement_type, exp.target_unit)
    measured = number("value", value, "The measured value", low=low, high=high)
    if session.scalar(
        select(Measurement.id).where(
            Measurement.expectation_id == exp.id, Measurement.period == period
        )
    ):
        raise ValidationError(
            "period", f"{period} is already recorded; correct that measurement instead."
        )
    hit = is_met(measured, exp.target, exp.direction)
    given = {"cause": cause, "resolution": resolution, "prevention": prevention}
    explained = any(clean_text(f, given[k], f"The {k}").strip() for f, k, _ in EXPLANATION)
    if hit and explained:
        raise ValidationError(
            "miss_cause",
            f"The target was met in {period}: there is no miss to explain; "
            "leave the explanation empty.",
        )
    measurement = Measurement(
        expectation_id=exp.id,
        period=period,
        value=measured,
        target=exp.target,
        target_unit=exp.target_unit,
        measurement_type=exp.measurement_type,
        direction=exp.direction,
        met=hit,
        recorded_by_id=recorder.id,
        recorded_at=when,
    )
    if not hit and explained:
        _explain(session, measurement, given, recorder.id, told_customer_on, when)
    elif told_customer_on is not None:
        raise ValidationError(
            "told_customer_on", "Say when the customer was told once the miss is explained."
        )
    session.add(measurement)
    session.flush()
    return measurement


def explain_miss(
    session: Session,
    measurement_id: uuid.UUID,
    *,
    by: uuid.UUID | None,
    cause: str,
    resolution: str,
    prevention: str,
    expected_version: int | None,
    told_customer_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Measurement:
    """Explain a miss recorded without its explanation: its nature and cause, what is done to
    resolve it, what will stop it happening again; who explained it to the customer (``by``)
    and on which day (``told_customer_on``, by default the day it is recorded)."""
    m = get_to_edit(session, Measurement, measurement_id, "measurement", expected_version)
    if m.met:
        raise RuleError(f"The target was met in {m.period}: there is no miss to explain.")
    if m.explained_at is not None:
        raise RuleError(
            f"The miss in {m.period} was already explained on {m.explained_at:%Y-%m-%d}. "
            "If there is more to say, add a note to the expectation."
        )
    given = {"cause": cause, "resolution": resolution, "prevention": prevention}
    _explain(session, m, given, by, told_customer_on, stamp(at))
    session.flush()
    return m


def correct_measurement(
    session: Session,
    measurement_id: uuid.UUID,
    *,
    value: float | str,
    reason: str,
    by: uuid.UUID | None,
    expected_version: int | None,
    at: dt.datetime | None = None,
) -> MeasurementCorrection:
    """Correct a measured value. The old and new value, who, when and why are kept as a
    :class:`MeasurementCorrection`; met or missed is judged again against the terms the
    measurement keeps (never the expectation's current ones). A value that becomes a miss
    is listed among the unexplained misses until explained. The correction returned holds
    the corrected measurement (``correction.measurement``)."""
    m = get_to_edit(session, Measurement, measurement_id, "measurement", expected_version)
    corrector = author(session, by)
    low, high = value_range(m.measurement_type, m.target_unit)
    new_value = number("value", value, "The corrected value", low=low, high=high)
    if new_value == m.value:
        raise ValidationError(
            "value", f"{m.period} already holds {m.value:g}: give the corrected value."
        )
    why = clean_text("reason", reason, "Why it is corrected", required=True)
    new_met = is_met(new_value, m.target, m.direction)
    correction = MeasurementCorrection(
        measurement=m,  # the corrected measurement stays at hand (its new version)
        old_value=m.value,
        new_value=new_value,
        old_met=m.met,
        new_met=new_met,
        corrected_by_id=corrector.id,
        corrected_at=stamp(at),
        reason=why,
    )
    m.value = new_value
    m.met = new_met
    session.add(correction)
    session.flush()
    return correction


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
