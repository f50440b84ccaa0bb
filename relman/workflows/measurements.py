"""Measuring agreed expectations: a value per period judged against the terms in force,
misses explained (now or later) with what is done about them, corrections kept as history,
and the trend per expectation. Stating, negotiating and agreeing are in
:mod:`relman.workflows.expectations`.

Recording, explaining and correcting are named commands (relman.workflows.commands):
a recording is undone by ``remove_measurement`` (refused once someone else changed or
corrected it), an explanation by ``unexplain_miss``, a correction by the correction back
(kept as history too)."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.errors import ConflictError, RuleError, ValidationError
from relman.models import (
    Measurement,
    MeasurementCorrection,
    is_met,
)
from relman.storage.snapshot import Key
from relman.workflows import history
from relman.workflows.commands import Command, command, new_version, undo_by
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
from relman.workflows.inverses import removed
from relman.workflows.measurement_views import (  # noqa: F401 (named from here too)  # noqa: F401 (named from here too)
    IMPROVING,
    STEADY,
    STEADY_SHARE,
    WORSENING,
    CorrectionRow,
    MissRow,
    Trend,
    TrendPoint,
    corrections_of,
    measurement_corrections,
    period_start,
    trend,
    unexplained_misses,
)

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


@command
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
    undo_by(
        session,
        "remove_measurement",
        measurement_id=measurement.id,
        known=history.rows_of(session, "measurements", measurement.id),
        expected_version=new_version(session, measurement),
    )
    return measurement


@command
def remove_measurement(
    session: Session, measurement_id: uuid.UUID, known: frozenset[Key], expected_version: int
) -> None:
    """Undo of a recording: remove the measurement, refused (naming whose work) when
    someone added to it since, or changed it (explained the miss). Redone by putting the
    same measurement back."""
    m = get(session, Measurement, measurement_id, "measurement")
    version, period = m.version, m.period
    snapshot = history.remove(session, "measurements", measurement_id, known=known, done="undone")
    if version != expected_version:
        raise ConflictError(
            f"Someone else changed the measurement of {period} since it was recorded, so "
            "it is not removed: look at it again; nothing was undone."
        )
    args = {"measurement_id": measurement_id, "known": known, "expected_version": version}
    removed(session, snapshot, again=Command("remove_measurement", args))


@command
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
    undo_by(
        session,
        "unexplain_miss",
        measurement_id=m.id,
        expected_version=new_version(session, m),
    )
    return m


@command
def unexplain_miss(
    session: Session, measurement_id: uuid.UUID, *, expected_version: int
) -> Measurement:
    """Undo of an explanation: the miss is unexplained again (and listed among the misses
    to explain), refused when someone else changed the measurement since. Redone by the
    same explanation, by the same person, on the same day."""
    m = get_to_edit(session, Measurement, measurement_id, "measurement", expected_version)
    if m.explained_at is None:
        raise RuleError(f"The miss in {m.period} is not explained: there is nothing to undo.")
    given = {
        "cause": m.miss_cause,
        "resolution": m.miss_resolution,
        "prevention": m.miss_prevention,
        "told_customer_on": m.told_customer_on,
        "at": m.explained_at,
    }
    m.miss_cause = m.miss_resolution = m.miss_prevention = ""
    m.explained_by_id = m.explained_at = m.told_customer_on = None
    undo_by(
        session,
        "explain_miss",
        measurement_id=m.id,
        expected_version=new_version(session, m),
        **given,
    )
    return m


@command
def correct_measurement(
    session: Session,
    measurement_id: uuid.UUID,
    *,
    value: float | str,
    reason: str,
    by: uuid.UUID | None,
    expected_version: int | None,
    at: dt.datetime | None = None,
    reason_back: str = "",
) -> MeasurementCorrection:
    """Correct a measured value. The old and new value, who, when and why are kept as a
    :class:`MeasurementCorrection`; met or missed is judged again against the terms the
    measurement keeps (never the expectation's current ones). A value that becomes a miss
    is listed among the unexplained misses until explained. The correction returned holds
    the corrected measurement (``correction.measurement``).

    Undone by the correction back to the old value, kept as history too, with
    ``reason_back`` as its reason (by default: which correction it undoes)."""
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
    undo_by(
        session,
        "correct_measurement",
        measurement_id=m.id,
        value=correction.old_value,
        reason=reason_back
        or f"Undo of the correction from {correction.old_value:g} to {new_value:g}",
        expected_version=new_version(session, m),
        reason_back=why,
    )
    return correction
