"""Explained misses (issue 10, point 3): a miss recorded now and explained later, real
explanations, corrections with history, no future periods, measurements that keep their
terms, and the trend per expectation."""

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from relman.errors import ConflictError, RuleError, ValidationError
from relman.models import (
    Dependence,
    Direction,
    Frequency,
    Measurement,
    MeasurementCorrection,
    MeasurementType,
    Party,
    StaffRole,
)
from relman.workflows import contacts, dashboard, measurements, portfolio, services, staff
from relman.workflows import expectations as ex

AGREED_AT = dt.datetime(2025, 12, 15, 10, tzinfo=dt.UTC)
MARCH = dt.datetime(2026, 3, 20, 9, tzinfo=dt.UTC)  # "now" for the steps below
AVAILABILITY = ex.Terms(99.5, MeasurementType.AVAILABILITY, Frequency.MONTHLY, target_unit="%")
EXPLAINED = {
    "cause": "A failed disk slowed the CRM database",
    "resolution": "The disk was replaced the next morning",
    "prevention": "Disks are now mirrored",
}


@dataclass(frozen=True)
class Setup:
    unit: uuid.UUID
    service: uuid.UUID
    other_rm: uuid.UUID


@pytest.fixture
def setup(db, people) -> Setup:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        service = services.create_service(s, "CRM")
        portfolio.set_dependency(s, unit.id, service.id, Dependence.HIGH)
        other = staff.add_staff(s, "Olga Other", role=StaffRole.RM, reports_to=people.manager)
        return Setup(unit.id, service.id, other.id)


def agreed(db, setup, rm, terms=AVAILABILITY) -> uuid.UUID:
    with db.session() as s:
        contact = contacts.create_contact(s, f"Carla {uuid.uuid4().hex[:6]}", unit_id=setup.unit)
        exp = ex.state_expectation(
            s,
            unit_id=setup.unit,
            service_id=setup.service,
            statement="The CRM must be up whenever a shop is open.",
            by=rm,
            contact_id=contact.id,
            at=AGREED_AT,
        )
        ex.validate_expectation(s, exp.id, by=rm, at=AGREED_AT)
        ex.agree(s, exp.id, terms, by=rm, at=AGREED_AT)
        return exp.id


def record(db, rm, exp_id, period, value, **kwargs) -> Measurement:
    with db.session() as s:
        return measurements.record_measurement(
            s, exp_id, period=period, value=value, by=rm, at=kwargs.pop("at", MARCH), **kwargs
        )


def load(db, measurement_id) -> Measurement:
    with db.session() as s:
        return s.get(Measurement, measurement_id)


# --- recorded now, explained later ---------------------------------------------------------


def test_a_miss_is_recorded_first_and_explained_later(db, people, setup) -> None:
    mine = agreed(db, setup, people.rm)
    theirs = agreed(db, setup, setup.other_rm)
    miss = record(db, people.rm, mine, "2026-02", 98.0)
    other_miss = record(db, setup.other_rm, theirs, "2026-02", 97.0)
    record(db, people.rm, mine, "2026-01", 99.9)  # met: nothing to explain
    assert (miss.met, miss.explained_at, miss.miss_cause) == (False, None, "")
    with db.session() as s:
        listed = measurements.unexplained_misses(s)
        assert {m.measurement_id for m in listed} == {miss.id, other_miss.id}
        [row] = measurements.unexplained_misses(s, rm_id=people.rm)
        assert (row.period, row.value, row.target, row.target_unit, row.unit, row.service) == (
            "2026-02",
            98.0,
            99.5,
            "%",
            "Sales",
            "CRM",
        )
        assert row.recorded_by == "Rui Relman"
        week = dashboard.my_week(s, people.rm)
        assert [m.measurement_id for m in week.unexplained_misses] == [miss.id]
    with db.session() as s:
        measurements.explain_miss(
            s,
            miss.id,
            by=people.manager,
            expected_version=row.version,
            told_customer_on=dt.date(2026, 3, 2),
            at=MARCH,
            **EXPLAINED,
        )
    m = load(db, miss.id)
    assert (m.miss_cause, m.miss_resolution, m.miss_prevention) == (
        EXPLAINED["cause"],
        EXPLAINED["resolution"],
        EXPLAINED["prevention"],
    )
    assert (m.explained_by_id, m.explained_at, m.told_customer_on) == (
        people.manager,
        MARCH,
        dt.date(2026, 3, 2),
    )
    with db.session() as s:
        assert [r.measurement_id for r in measurements.unexplained_misses(s)] == [other_miss.id]
        assert dashboard.my_week(s, people.rm).unexplained_misses == []


def test_an_explanation_given_with_the_value_is_recorded_as_explained(db, people, setup) -> None:
    exp_id = agreed(db, setup, people.rm)
    m = record(db, people.rm, exp_id, "2026-02", 98.0, **EXPLAINED)
    assert (m.explained_by_id, m.explained_at, m.told_customer_on) == (
        people.rm,
        MARCH,
        MARCH.date(),  # told when it was recorded, unless another day is given
    )
    with db.session() as s:
        assert measurements.unexplained_misses(s) == []


@pytest.mark.parametrize("text", [".", "   ", "-", "ok", "n/a", "TBD", "?!", "12 3"])
@pytest.mark.parametrize("part", ["cause", "resolution", "prevention"])
def test_an_explanation_is_real_text(db, people, setup, part, text) -> None:
    exp_id = agreed(db, setup, people.rm)
    miss = record(db, people.rm, exp_id, "2026-02", 98.0)
    given = {**EXPLAINED, part: text}
    with pytest.raises(ValidationError) as err, db.session() as s:
        measurements.explain_miss(s, miss.id, by=people.rm, expected_version=miss.version, **given)
    assert err.value.field == f"miss_{part}"
    assert "The target was missed in 2026-02: explain" in err.value.message
    with pytest.raises(ValidationError), db.session() as s:  # nor when recording
        measurements.record_measurement(
            s, exp_id, period="2026-01", value=98, by=people.rm, **given
        )
    m = load(db, miss.id)
    assert (m.explained_at, m.miss_cause, m.version) == (None, "", miss.version)


def test_explaining_is_checked(db, people, setup) -> None:
    exp_id = agreed(db, setup, people.rm)
    miss = record(db, people.rm, exp_id, "2026-02", 98.0)
    hit = record(db, people.rm, exp_id, "2026-01", 99.9)
    steps = [
        (hit.id, hit.version, {}, RuleError, "no miss to explain"),
        (miss.id, miss.version + 1, {}, ConflictError, "Someone else changed"),
        (miss.id, miss.version, {"by": None}, ValidationError, "who you are"),
        (miss.id, miss.version, {"told_customer_on": dt.date(2026, 1, 31)}, ValidationError,
         "before 2026-02 began"),
        (miss.id, miss.version, {"told_customer_on": MARCH.date() + dt.timedelta(days=1)},
         ValidationError, "future"),
    ]  # fmt: skip
    for id_, version, extra, error, says in steps:
        kwargs = {"by": people.rm, **EXPLAINED, **extra}
        with pytest.raises(error) as err, db.session() as s:
            measurements.explain_miss(s, id_, expected_version=version, at=MARCH, **kwargs)
        assert says in err.value.message
    assert load(db, miss.id).explained_at is None
    with db.session() as s:
        measurements.explain_miss(
            s, miss.id, by=people.rm, expected_version=miss.version, **EXPLAINED
        )
    assert load(db, miss.id).version == miss.version + 1  # one edit, one version
    with pytest.raises(RuleError) as err, db.session() as s:
        measurements.explain_miss(
            s, miss.id, by=people.rm, expected_version=miss.version + 1, **EXPLAINED
        )
    assert "already explained" in err.value.message


def test_a_met_value_has_nothing_to_explain(db, people, setup) -> None:
    exp_id = agreed(db, setup, people.rm)
    with pytest.raises(ValidationError) as err, db.session() as s:
        measurements.record_measurement(
            s, exp_id, period="2026-01", value=99.9, by=people.rm, **EXPLAINED
        )
    assert "no miss to explain" in err.value.message


# --- no future periods ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "current", "future"),
    [("monthly", "2026-03", "2026-04"), ("quarterly", "2026-Q1", "2026-Q2"),
     ("weekly", "2026-W12", "2026-W13")],
)  # fmt: skip
def test_a_period_that_has_not_started_is_refused(db, people, setup, frequency, current, future):
    exp_id = agreed(db, setup, people.rm, ex.Terms(99.5, "availability", frequency))
    with pytest.raises(ValidationError) as err, db.session() as s:
        measurements.record_measurement(
            s, exp_id, period=future, value=99.9, by=people.rm, at=MARCH
        )
    assert err.value.field == "period"
    assert f"{future} has not started yet" in err.value.message
    assert record(db, people.rm, exp_id, current, 99.9).period == current  # under way


# --- measurements keep their terms; corrections --------------------------------------------


def test_a_measurement_keeps_the_terms_it_was_judged_against(db, people, setup) -> None:
    exp_id = agreed(db, setup, people.rm)
    old = record(db, people.rm, exp_id, "2026-01", 99.6)
    with db.session() as s:  # re-agreed: a response time now, "at most"
        ex.propose(s, exp_id, by=people.rm, party=Party.CUSTOMER, target=2, text="2 hours")
        ex.agree(s, exp_id, ex.Terms(2, "response_time", "monthly", "hours"), by=people.rm)
    new = record(db, people.rm, exp_id, "2026-02", 1.5)
    got = [
        (m.target, m.target_unit, m.measurement_type, m.direction, m.met)
        for m in (load(db, old.id), load(db, new.id))
    ]
    assert got == [
        (99.5, "%", MeasurementType.AVAILABILITY, Direction.AT_LEAST, True),
        (2.0, "hours", MeasurementType.RESPONSE_TIME, Direction.AT_MOST, True),
    ]
    # a correction of the old value is judged against the old terms, not the new ones
    with db.session() as s:
        measurements.correct_measurement(
            s,
            old.id,
            value=99.7,
            reason="The monitoring missed a night",
            by=people.rm,
            expected_version=old.version,
        )
    assert load(db, old.id).met is True  # 99.7 ≥ 99.5 (under the new terms 99.7 ≤ 2 is false)


def test_a_correction_keeps_the_history(db, people, setup) -> None:
    exp_id = agreed(db, setup, people.rm)
    m = record(db, people.rm, exp_id, "2026-02", 99.6)
    with db.session() as s:
        measurements.correct_measurement(
            s,
            m.id,
            value="98,5",
            reason="The weekend outage was left out by mistake",
            by=people.manager,
            expected_version=m.version,
            at=MARCH,
        )
    corrected = load(db, m.id)
    assert (corrected.value, corrected.met) == (98.5, False)
    with db.session() as s:
        [row] = measurements.measurement_corrections(s, m.id)
        assert [r.measurement_id for r in measurements.unexplained_misses(s)] == [
            m.id
        ]  # now a miss
        [stored] = s.scalars(select(MeasurementCorrection)).all()
        assert stored.corrected_by_id == people.manager
    assert (row.old_value, row.new_value, row.old_met, row.new_met) == (99.6, 98.5, True, False)
    assert (row.corrected_by, row.corrected_at, row.reason) == (
        "Mara Manager",
        MARCH,
        "The weekend outage was left out by mistake",
    )


def test_a_correction_is_checked(db, people, setup) -> None:
    exp_id = agreed(db, setup, people.rm)
    m = record(db, people.rm, exp_id, "2026-02", 99.6)
    steps = [
        ({"value": 99.6}, ValidationError, "already holds 99.6"),
        ({"value": 101}, ValidationError, "from 0 to 100"),
        ({"reason": " "}, ValidationError, "Why it is corrected cannot be empty"),
        ({"by": None}, ValidationError, "who you are"),
        ({"expected_version": m.version - 1}, ConflictError, "Someone else changed"),
    ]
    for extra, error, says in steps:
        kwargs = {
            "value": 98,
            "reason": "Miscounted",
            "by": people.rm,
            "expected_version": m.version,
            **extra,
        }
        with pytest.raises(error) as err, db.session() as s:
            measurements.correct_measurement(s, m.id, **kwargs)
        assert says in err.value.message
    assert (load(db, m.id).value, load(db, m.id).version) == (99.6, m.version)
    with db.session() as s:
        assert measurements.measurement_corrections(s, m.id) == []


# --- trend ---------------------------------------------------------------------------------


def _series(db, people, setup, terms, values) -> uuid.UUID:
    exp_id = agreed(db, setup, people.rm, terms)
    for month, value in enumerate(values, start=1):
        explanation = {} if ex.met(value, float(terms.target), _direction(terms)) else EXPLAINED
        record(db, people.rm, exp_id, f"2025-{month:02d}", value, **explanation)
    return exp_id


def _direction(terms: ex.Terms) -> Direction:
    from relman.models import DEFAULT_DIRECTION

    return DEFAULT_DIRECTION[MeasurementType(terms.measurement_type)]


@pytest.mark.parametrize(
    ("terms", "values", "direction"),
    [
        (AVAILABILITY, [99.0, 99.2, 99.6, 99.8], measurements.IMPROVING),
        (AVAILABILITY, [99.9, 99.7, 99.4, 99.1], measurements.WORSENING),
        (AVAILABILITY, [99.7, 99.6, 99.7, 99.6], measurements.STEADY),
        (ex.Terms(4, "response_time", "monthly", "hours"), [6, 5, 4, 3], measurements.IMPROVING),
        (ex.Terms(4, "response_time", "monthly", "hours"), [2, 3, 4, 5], measurements.WORSENING),
        (AVAILABILITY, [99.9], ""),
    ],
)
def test_trend_per_expectation(db, people, setup, terms, values, direction) -> None:
    exp_id = _series(db, people, setup, terms, values)
    with db.session() as s:
        trend = measurements.trend(s, exp_id)
    assert trend.direction == direction
    assert [p.value for p in trend.points] == values
    assert [p.period for p in trend.points] == [f"2025-{i:02d}" for i in range(1, len(values) + 1)]
    assert trend.met + trend.missed == len(values)
    assert all(p.explained for p in trend.points if not p.met)


def test_trend_looks_at_the_last_periods_only(db, people, setup) -> None:
    values = [90.0, 92.0, 99.9, 99.8, 99.7, 99.6]  # a big rise long ago, a slow fall lately
    exp_id = _series(db, people, setup, AVAILABILITY, values)
    with db.session() as s:
        assert measurements.trend(s, exp_id).direction == measurements.IMPROVING  # all six
        # a 0.3 fall is steady
        assert measurements.trend(s, exp_id, last=4).direction == measurements.STEADY
        assert measurements.trend(s, exp_id, last=3).direction == measurements.STEADY
        with pytest.raises(ValidationError):
            measurements.trend(s, exp_id, last=1)
