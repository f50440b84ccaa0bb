"""The periods an agreed expectation is due to be measured in, by its frequency, each with
its measurement if recorded: the grid where values are entered, met or missed shown, and a
miss without its explanation stands out, and a corrected value carries its corrections."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.models import Direction, Expectation, Frequency, Measurement, has_terms_in_force
from relman.workflows.common import get, today
from relman.workflows.measurement_views import CorrectionRow, corrections_of, period_start

#: The grid shows at most this many periods, the latest ones (five years of weeks).
MAX_PERIODS = 260


def period_of(day: dt.date, frequency: Frequency) -> str:
    """The period ``day`` falls in, written as the measurements write it."""
    if frequency is Frequency.WEEKLY:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if frequency is Frequency.QUARTERLY:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def _next(day: dt.date, frequency: Frequency) -> dt.date:
    if frequency is Frequency.WEEKLY:
        return day + dt.timedelta(days=7)
    months = 3 if frequency is Frequency.QUARTERLY else 1
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def periods_due(frequency: Frequency, first: dt.date, last: dt.date) -> list[str]:
    """Every period from the one holding ``first`` to the one holding ``last``, oldest
    first (at most :data:`MAX_PERIODS`, the latest)."""
    periods: list[str] = []
    day = period_start(period_of(first, frequency))
    while day <= last:
        periods.append(period_of(day, frequency))
        day = _next(day, frequency)
    return periods[-MAX_PERIODS:]


@dataclass(frozen=True)
class GridRow:
    period: str
    measurement_id: uuid.UUID | None
    version: int
    value: float | None
    target: float | None  # the target it was judged against (the one in force if not yet)
    target_unit: str
    met: bool | None
    explained: bool
    cause: str
    resolution: str
    prevention: str
    corrections: tuple[CorrectionRow, ...] = ()  # oldest first: the value was corrected

    @property
    def unexplained_miss(self) -> bool:
        return self.met is False and not self.explained


@dataclass(frozen=True)
class Grid:
    expectation_id: uuid.UUID
    measurable: bool  # an agreement is in force: values may be entered
    direction: Direction | None
    rows: list[GridRow]  # newest period first


def measurement_grid(
    session: Session, expectation_id: uuid.UUID, *, day: dt.date | None = None
) -> Grid:
    """The periods due from the first agreement to today, and any recorded before it."""
    exp = get(session, Expectation, expectation_id, "expectation")
    recorded = {
        m.period: m
        for m in session.scalars(select(Measurement).where(Measurement.expectation_id == exp.id))
    }
    corrected = corrections_of(session, [m.id for m in recorded.values()])
    periods: set[str] = set(recorded)
    if exp.frequency is not None and exp.agreed_at is not None:
        periods.update(periods_due(exp.frequency, exp.agreed_at.date(), day or today()))
    rows = []
    for period in sorted(periods, key=period_start, reverse=True):
        m = recorded.get(period)
        if m is None:
            rows.append(
                GridRow(period, None, 0, None, exp.target, exp.target_unit, None, False, "", "", "")
            )
            continue
        rows.append(
            GridRow(
                period,
                m.id,
                m.version,
                m.value,
                m.target,
                m.target_unit,
                m.met,
                m.explained_at is not None,
                m.miss_cause,
                m.miss_resolution,
                m.miss_prevention,
                tuple(corrected.get(m.id, ())),
            )
        )
    return Grid(exp.id, has_terms_in_force(exp), exp.direction, rows)
