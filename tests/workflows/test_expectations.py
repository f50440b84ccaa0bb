"""Expectations through the method's steps, their history, and their measurements."""

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from relman.errors import RuleError, ValidationError
from relman.models import (
    Dependence,
    Direction,
    EventKind,
    Expectation,
    ExpectationEvent,
    ExpectationStatus,
    Frequency,
    Measurement,
    MeasurementType,
    Party,
    UnitService,
)
from relman.workflows import contacts, escalations, measurements, portfolio, services
from relman.workflows import expectations as ex
from relman.workflows.common import PERIODS

S = ExpectationStatus
T0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
LATER = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)  # after the steps taken "now"
AVAILABILITY = ex.Terms(99.5, MeasurementType.AVAILABILITY, Frequency.MONTHLY, target_unit="%")
EXPLAINED = {
    "cause": "A switch failed in the data centre",
    "resolution": "The switch was replaced the same day",
    "prevention": "A spare switch is now kept on site",
}


@dataclass(frozen=True)
class Setup:
    unit: uuid.UUID
    service: uuid.UUID
    loose_service: uuid.UUID  # the unit does not (yet) depend on it
    contact: uuid.UUID
    boss: uuid.UUID


@pytest.fixture
def setup(db, people) -> Setup:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        service = services.create_service(s, "CRM")
        loose = services.create_service(s, "Intranet")
        portfolio.set_dependency(s, unit.id, service.id, Dependence.HIGH)
        boss = contacts.create_contact(s, "Bea Boss", unit_id=unit.id)
        carla = contacts.create_contact(s, "Carla", unit_id=unit.id, manager_id=boss.id)
        return Setup(unit.id, service.id, loose.id, carla.id, boss.id)


def stated(db, people, setup, service=None) -> uuid.UUID:
    with db.session() as s:
        return ex.state_expectation(
            s,
            unit_id=setup.unit,
            service_id=service or setup.service,
            statement="The CRM must never be down during the working day.",
            by=people.rm,
            contact_id=setup.contact,
            at=T0,
        ).id


def in_state(db, people, setup, status: ExpectationStatus) -> uuid.UUID:
    """An expectation brought to ``status`` by the method's steps."""
    exp_id = stated(db, people, setup)
    if status is S.STATED:
        return exp_id
    with db.session() as s:
        if status is S.WITHDRAWN:
            ex.withdraw(s, exp_id, by=people.rm, text="No longer needed")
            return exp_id
        ex.validate_expectation(s, exp_id, by=people.rm)
        if status is S.NEGOTIATING:
            ex.propose(s, exp_id, by=people.rm, party=Party.IT, target=99, text="99% is realistic")
        elif status is S.AGREED:
            ex.agree(s, exp_id, AVAILABILITY, by=people.rm)
        elif status in (S.DISAGREED, S.ESCALATED):
            ex.propose(s, exp_id, by=people.rm, party=Party.IT, target=99, text="We offer 99%")
            ex.disagree(s, exp_id, by=people.rm, text="They want 100%, we offer 99%")
            if status is S.ESCALATED:
                escalations.escalate(s, exp_id, by=people.rm, summary="100% vs 99%")
    return exp_id


def load(db, exp_id) -> Expectation:
    with db.session() as s:
        return s.get(Expectation, exp_id)


def events(db, exp_id) -> list[ExpectationEvent]:
    with db.session() as s:
        return list(
            s.scalars(
                select(ExpectationEvent)
                .where(ExpectationEvent.expectation_id == exp_id)
                .order_by(ExpectationEvent.at, ExpectationEvent.created_at)
            )
        )


def snapshot(db, exp_id) -> tuple:
    exp = load(db, exp_id)
    return (
        exp.status,
        exp.version,
        exp.target,
        exp.measurement_type,
        exp.frequency,
        len(events(db, exp_id)),
    )


def measurements_of(db, exp_id) -> list[Measurement]:
    with db.session() as s:
        return list(s.scalars(select(Measurement).where(Measurement.expectation_id == exp_id)))


# --- stating -------------------------------------------------------------------------------


def test_state_expectation_records_the_customers_words(db, people, setup) -> None:
    exp_id = stated(db, people, setup)
    exp = load(db, exp_id)
    assert exp.status is S.STATED
    assert exp.statement == "The CRM must never be down during the working day."
    assert (exp.unit_id, exp.service_id, exp.contact_id, exp.rm_id) == (
        setup.unit,
        setup.service,
        setup.contact,
        people.rm,
    )
    [event] = events(db, exp_id)
    assert event.kind is EventKind.STATED
    assert event.party is Party.CUSTOMER
    assert event.author_id == people.rm
    assert event.at == T0
    assert event.text == exp.statement


@pytest.mark.parametrize("statement", ["", "   ", "\n\n"])
def test_statement_is_required(db, people, setup, statement) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        ex.state_expectation(
            s, unit_id=setup.unit, service_id=setup.service, statement=statement, by=people.rm
        )
    assert err.value.field == "statement"
    assert "statement cannot be empty" in err.value.message
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Expectation)) == 0


def test_stating_needs_an_author(db, setup) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        ex.state_expectation(
            s, unit_id=setup.unit, service_id=setup.service, statement="x", by=None
        )
    assert err.value.field == "author"
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Expectation)) == 0


def test_naive_step_time_is_refused(db, people, setup) -> None:
    with pytest.raises(ValidationError), db.session() as s:
        ex.state_expectation(
            s,
            unit_id=setup.unit,
            service_id=setup.service,
            statement="x",
            by=people.rm,
            at=dt.datetime(2026, 3, 2, 10),
        )


# --- validating ----------------------------------------------------------------------------


def test_validate_when_the_unit_depends_on_the_service(db, people, setup) -> None:
    exp_id = stated(db, people, setup)
    with db.session() as s:
        ex.validate_expectation(s, exp_id, by=people.manager, note="Confirmed with Carla")
    assert load(db, exp_id).status is S.VALIDATED
    last = events(db, exp_id)[-1]
    assert (last.kind, last.author_id, last.text) == (
        EventKind.VALIDATED,
        people.manager,
        "Confirmed with Carla",
    )


def test_validate_without_dependency_is_refused(db, people, setup) -> None:
    exp_id = stated(db, people, setup, service=setup.loose_service)
    before = snapshot(db, exp_id)
    with pytest.raises(RuleError) as err, db.session() as s:
        ex.validate_expectation(s, exp_id, by=people.rm)
    assert "does not show this unit depending on that service" in err.value.message
    assert "Record how much it depends" in err.value.message
    assert snapshot(db, exp_id) == before
    with db.session() as s:
        assert not portfolio.unit_depends_on(s, setup.unit, setup.loose_service)


def test_validate_with_a_dependence_records_it(db, people, setup) -> None:
    exp_id = stated(db, people, setup, service=setup.loose_service)
    with db.session() as s:
        ex.validate_expectation(s, exp_id, by=people.rm, dependence=Dependence.MEDIUM)
    assert load(db, exp_id).status is S.VALIDATED
    with db.session() as s:
        link = s.scalar(
            select(UnitService).where(
                UnitService.unit_id == setup.unit, UnitService.service_id == setup.loose_service
            )
        )
        assert link.dependence is Dependence.MEDIUM


def test_validate_needs_an_author_and_records_nothing_without_one(db, people, setup) -> None:
    exp_id = stated(db, people, setup, service=setup.loose_service)
    before = snapshot(db, exp_id)
    with pytest.raises(ValidationError) as err, db.session() as s:
        ex.validate_expectation(s, exp_id, by=None, dependence=Dependence.LOW)
    assert err.value.field == "author"
    assert snapshot(db, exp_id) == before
    with db.session() as s:  # the dependency given with it was not half-saved
        assert not portfolio.unit_depends_on(s, setup.unit, setup.loose_service)


# --- steps refused from the wrong state ----------------------------------------------------


def _step(name, people):
    rm = people.rm
    return {
        "validate": lambda s, e: ex.validate_expectation(s, e, by=rm),
        "propose": lambda s, e: ex.propose(s, e, by=rm, party=Party.IT, target=1, text="t"),
        "agree": lambda s, e: ex.agree(s, e, AVAILABILITY, by=rm),
        "disagree": lambda s, e: ex.disagree(s, e, by=rm, text="t"),
        "escalate": lambda s, e: escalations.escalate(s, e, by=rm, summary="t"),
        "withdraw": lambda s, e: ex.withdraw(s, e, by=rm, text="t"),
        "measure": lambda s, e: measurements.record_measurement(
            s, e, period="2026-01", value=1, by=rm
        ),
    }[name]


@pytest.mark.parametrize(
    ("status", "step", "says"),
    [
        (S.VALIDATED, "validate", "only a newly stated expectation is validated"),
        (S.AGREED, "validate", "only a newly stated expectation is validated"),
        (S.STATED, "agree", "validate it first"),
        (S.AGREED, "agree", "validate it first"),
        (S.ESCALATED, "agree", "resolving its escalation"),
        (S.WITHDRAWN, "agree", "validate it first"),
        (S.STATED, "propose", "validate it first"),
        (S.ESCALATED, "propose", "validate it first"),
        (S.STATED, "disagree", "record a proposal first"),
        (S.VALIDATED, "disagree", "record a proposal first"),
        (S.AGREED, "disagree", "record a proposal first"),
        (S.NEGOTIATING, "escalate", "agreed to disagree on can be escalated"),
        (S.STATED, "escalate", "agreed to disagree on can be escalated"),
        (S.AGREED, "escalate", "agreed to disagree on can be escalated"),
        (S.STATED, "measure", "only an agreed expectation has a target"),
        (S.VALIDATED, "measure", "only an agreed expectation has a target"),
        (S.NEGOTIATING, "measure", "only an agreed expectation has a target"),
        (S.DISAGREED, "measure", "only an agreed expectation has a target"),
        (S.ESCALATED, "withdraw", "settled through its escalation"),
        (S.WITHDRAWN, "withdraw", "settled through its escalation"),
    ],
)
def test_step_from_wrong_state_is_refused(db, people, setup, status, step, says) -> None:
    exp_id = in_state(db, people, setup, status)
    before = snapshot(db, exp_id)
    with pytest.raises(RuleError) as err, db.session() as s:
        _step(step, people)(s, exp_id)
    assert f"This expectation is {status.value}" in err.value.message
    assert says in err.value.message
    assert snapshot(db, exp_id) == before
    assert measurements_of(db, exp_id) == []


def test_validate_twice_is_refused(db, people, setup) -> None:
    exp_id = in_state(db, people, setup, S.VALIDATED)
    with pytest.raises(RuleError) as err, db.session() as s:
        ex.validate_expectation(s, exp_id, by=people.rm)
    assert "validated, so it cannot be validated" in err.value.message
    assert [e.kind for e in events(db, exp_id)] == [EventKind.STATED, EventKind.VALIDATED]


# --- negotiating ---------------------------------------------------------------------------


def test_proposals_are_recorded_as_proposed_then_counter_proposed(db, people, setup) -> None:
    exp_id = in_state(db, people, setup, S.VALIDATED)
    with db.session() as s:
        ex.propose(
            s, exp_id, by=people.rm, party=Party.IT, target="99,0", text="We can do 99%", at=T0
        )
    assert load(db, exp_id).status is S.NEGOTIATING
    with db.session() as s:
        ex.propose(
            s,
            exp_id,
            by=people.rm,
            party=Party.CUSTOMER,
            target=99.9,
            text="They insist on 99.9%",
            at=T0 + dt.timedelta(hours=1),
        )
    with db.session() as s:
        ex.propose(
            s,
            exp_id,
            by=people.rm,
            party=Party.IT,
            target=99.5,
            text="Meet in the middle",
            at=T0 + dt.timedelta(hours=2),
        )
    steps = [
        (e.kind, e.party, e.proposed_target, e.text)
        for e in events(db, exp_id)
        if e.kind in (EventKind.PROPOSED, EventKind.COUNTER_PROPOSED)
    ]
    assert steps == [
        (EventKind.PROPOSED, Party.IT, 99.0, "We can do 99%"),
        (EventKind.COUNTER_PROPOSED, Party.CUSTOMER, 99.9, "They insist on 99.9%"),
        (EventKind.COUNTER_PROPOSED, Party.IT, 99.5, "Meet in the middle"),
    ]
    assert load(db, exp_id).status is S.NEGOTIATING


def test_proposal_on_an_agreed_expectation_reopens_the_negotiation(db, people, setup) -> None:
    exp_id = in_state(db, people, setup, S.NEGOTIATING)
    with db.session() as s:
        ex.agree(s, exp_id, AVAILABILITY, by=people.rm)
    with db.session() as s:
        ex.propose(s, exp_id, by=people.rm, party=Party.CUSTOMER, target=99.9, text="Raise it")
    assert load(db, exp_id).status is S.NEGOTIATING
    assert events(db, exp_id)[-1].kind is EventKind.PROPOSED


@pytest.mark.parametrize(
    ("target", "text", "field", "says"),
    [
        ("lots", "x", "target", "must be a number"),
        ("nan", "x", "target", "finite"),
        (None, "x", "target", "must be a number"),
        (99, "  ", "text", "What was proposed cannot be empty"),
    ],
)
def test_bad_proposal_is_refused(db, people, setup, target, text, field, says) -> None:
    exp_id = in_state(db, people, setup, S.VALIDATED)
    before = snapshot(db, exp_id)
    with pytest.raises(ValidationError) as err, db.session() as s:
        ex.propose(s, exp_id, by=people.rm, party=Party.IT, target=target, text=text)
    assert err.value.field == field
    assert says in err.value.message
    assert snapshot(db, exp_id) == before


# --- agreeing ------------------------------------------------------------------------------


def test_agree_fixes_target_measurement_and_frequency(db, people, setup) -> None:
    exp_id = in_state(db, people, setup, S.NEGOTIATING)
    with db.session() as s:
        ex.agree(s, exp_id, AVAILABILITY, by=people.manager, text="Shook hands", at=LATER)
    exp = load(db, exp_id)
    assert exp.status is S.AGREED
    assert (exp.target, exp.target_unit) == (99.5, "%")
    assert exp.measurement_type is MeasurementType.AVAILABILITY
    assert exp.frequency is Frequency.MONTHLY
    assert exp.direction is Direction.AT_LEAST  # the usual direction for availability
    assert exp.agreed_at == LATER
    assert exp.review_on == LATER.date() + dt.timedelta(days=91)
    last = events(db, exp_id)[-1]
    assert (last.kind, last.author_id, last.proposed_target, last.text, last.at) == (
        EventKind.AGREED,
        people.manager,
        99.5,
        "Shook hands",
        LATER,
    )


def test_agree_accepts_plain_strings_and_an_explicit_direction(db, people, setup) -> None:
    exp_id = in_state(db, people, setup, S.VALIDATED)
    terms = ex.Terms(
        "4", "response_time", "weekly", target_unit="hours", review_on=dt.date(2026, 9, 1)
    )
    with db.session() as s:
        ex.agree(s, exp_id, terms, by=people.rm)
    exp = load(db, exp_id)
    assert (exp.target, exp.measurement_type, exp.frequency, exp.direction, exp.review_on) == (
        4.0,
        MeasurementType.RESPONSE_TIME,
        Frequency.WEEKLY,
        Direction.AT_MOST,
        dt.date(2026, 9, 1),
    )


MISSING_TARGET = "a target"
MISSING_TYPE = "the type of measurement"
MISSING_FREQUENCY = "how often it is measured"


@pytest.mark.parametrize(
    ("terms", "field", "names"),
    [
        (
            ex.Terms(None, None, None),
            "target",
            [MISSING_TARGET, MISSING_TYPE, MISSING_FREQUENCY],
        ),
        (ex.Terms("", "availability", "monthly"), "target", [MISSING_TARGET]),
        (ex.Terms(99, None, "monthly"), "measurement_type", [MISSING_TYPE]),
        (ex.Terms(99, "availability", None), "frequency", [MISSING_FREQUENCY]),
        (ex.Terms(99, None, ""), "measurement_type", [MISSING_TYPE, MISSING_FREQUENCY]),
    ],
)
def test_agree_names_what_is_missing(db, people, setup, terms, field, names) -> None:
    exp_id = in_state(db, people, setup, S.VALIDATED)
    before = snapshot(db, exp_id)
    with pytest.raises(ValidationError) as err, db.session() as s:
        ex.agree(s, exp_id, terms, by=people.rm)
    assert err.value.field == field
    assert err.value.message.startswith("To agree, give ")
    for name in (MISSING_TARGET, MISSING_TYPE, MISSING_FREQUENCY):
        assert (name in err.value.message) is (name in names), name
    assert snapshot(db, exp_id) == before


@pytest.mark.parametrize(
    "terms",
    [
        ex.Terms("high", "availability", "monthly"),
        ex.Terms(99, "uptime-ish", "monthly"),
        ex.Terms(99, "availability", "monthly", direction="sideways"),
    ],
)
def test_agree_with_bad_terms_is_refused(db, people, setup, terms) -> None:
    exp_id = in_state(db, people, setup, S.VALIDATED)
    before = snapshot(db, exp_id)
    with pytest.raises(ValidationError), db.session() as s:
        ex.agree(s, exp_id, terms, by=people.rm)
    assert snapshot(db, exp_id) == before


def test_agree_with_unknown_frequency_names_the_frequency_field(db, people, setup) -> None:
    exp_id = in_state(db, people, setup, S.VALIDATED)
    with pytest.raises(ValidationError) as err, db.session() as s:
        ex.agree(s, exp_id, ex.Terms(99, "availability", "fortnightly"), by=people.rm)
    assert err.value.field == "frequency"


# --- disagreeing, withdrawing, notes -------------------------------------------------------


def test_disagree_needs_where_positions_stand(db, people, setup) -> None:
    exp_id = in_state(db, people, setup, S.NEGOTIATING)
    before = snapshot(db, exp_id)
    with pytest.raises(ValidationError) as err, db.session() as s:
        ex.disagree(s, exp_id, by=people.rm, text=" ")
    assert "Where the positions stand" in err.value.message
    assert snapshot(db, exp_id) == before
    with db.session() as s:
        ex.disagree(s, exp_id, by=people.rm, text="100% vs 99%")
    assert load(db, exp_id).status is S.DISAGREED
    assert events(db, exp_id)[-1].kind is EventKind.DISAGREED


@pytest.mark.parametrize("status", [S.STATED, S.VALIDATED, S.NEGOTIATING, S.AGREED, S.DISAGREED])
def test_withdraw_from_any_unescalated_state(db, people, setup, status) -> None:
    exp_id = in_state(db, people, setup, status)
    with pytest.raises(ValidationError) as err, db.session() as s:
        ex.withdraw(s, exp_id, by=people.rm, text="")
    assert "Why it is withdrawn" in err.value.message
    assert load(db, exp_id).status is status
    with db.session() as s:
        ex.withdraw(s, exp_id, by=people.rm, text="The project was cancelled")
    assert load(db, exp_id).status is S.WITHDRAWN
    last = events(db, exp_id)[-1]
    assert (last.kind, last.text) == (EventKind.WITHDRAWN, "The project was cancelled")


def test_add_note_in_any_state(db, people, setup) -> None:
    exp_id = in_state(db, people, setup, S.ESCALATED)
    with db.session() as s:
        ex.add_note(s, exp_id, by=people.manager, text='Called <Bea> & "Carla" 😀')
    last = events(db, exp_id)[-1]
    assert (last.kind, last.author_id, last.text) == (
        EventKind.NOTE,
        people.manager,
        'Called <Bea> & "Carla" 😀',
    )
    assert load(db, exp_id).status is S.ESCALATED
    with pytest.raises(ValidationError), db.session() as s:
        ex.add_note(s, exp_id, by=people.rm, text="")


ANONYMOUS_STEPS = {
    "validate": lambda s, e: ex.validate_expectation(s, e, by=None),
    "propose": lambda s, e: ex.propose(s, e, by=None, party=Party.IT, target=1, text="t"),
    "agree": lambda s, e: ex.agree(s, e, AVAILABILITY, by=None),
    "disagree": lambda s, e: ex.disagree(s, e, by=None, text="t"),
    "withdraw": lambda s, e: ex.withdraw(s, e, by=None, text="t"),
    "note": lambda s, e: ex.add_note(s, e, by=None, text="t"),
}


@pytest.mark.parametrize("step", ANONYMOUS_STEPS)
def test_every_step_needs_an_author(db, people, setup, step) -> None:
    start = {"validate": S.STATED, "disagree": S.NEGOTIATING}.get(step, S.VALIDATED)
    exp_id = in_state(db, people, setup, start)
    before = snapshot(db, exp_id)
    with pytest.raises(ValidationError) as err, db.session() as s:
        ANONYMOUS_STEPS[step](s, exp_id)
    assert err.value.field == "author"
    assert "who you are" in err.value.message
    assert snapshot(db, exp_id) == before


def test_every_step_writes_an_event_with_author_and_time(db, people, setup) -> None:
    exp_id = stated(db, people, setup)
    with db.session() as s:
        ex.validate_expectation(s, exp_id, by=people.rm)
    with db.session() as s:
        ex.propose(s, exp_id, by=people.rm, party=Party.IT, target=98, text="98%")
    with db.session() as s:
        ex.propose(s, exp_id, by=people.manager, party=Party.CUSTOMER, target=100, text="100%")
    with db.session() as s:
        ex.disagree(s, exp_id, by=people.rm, text="No compromise")
    with db.session() as s:
        ex.propose(s, exp_id, by=people.rm, party=Party.IT, target=99, text="Try again")
    with db.session() as s:
        ex.agree(s, exp_id, AVAILABILITY, by=people.manager)
    with db.session() as s:
        ex.withdraw(s, exp_id, by=people.rm, text="Service retired")
    history = events(db, exp_id)
    assert [e.kind for e in history] == [
        EventKind.STATED,
        EventKind.VALIDATED,
        EventKind.PROPOSED,
        EventKind.COUNTER_PROPOSED,
        EventKind.DISAGREED,
        EventKind.PROPOSED,  # reopening after disagreeing starts a new round
        EventKind.AGREED,
        EventKind.WITHDRAWN,
    ]
    assert [e.author_id for e in history] == [
        people.rm,
        people.rm,
        people.rm,
        people.manager,
        people.rm,
        people.rm,
        people.manager,
        people.rm,
    ]
    for event in history:
        assert event.at is not None and event.at.tzinfo is not None
    times = [e.at for e in history[1:]]
    assert times == sorted(times)


# --- measuring -----------------------------------------------------------------------------


def agreed(db, people, setup, terms) -> uuid.UUID:
    exp_id = in_state(db, people, setup, S.VALIDATED)
    with db.session() as s:
        ex.agree(s, exp_id, terms, by=people.rm)
    return exp_id


@pytest.mark.parametrize(
    ("frequency", "good", "bad"),
    [
        (
            "weekly",
            ["2025-W01", "2025-W07", "2020-W53"],
            ["2026-W00", "2026-W54", "2026-07", "2026-W7"],
        ),
        (
            "monthly",
            ["2025-01", " 2025-10 ", "2025-12"],
            ["2026-00", "2026-13", "2026-Q3", "26-10", "2026-1"],
        ),
        (
            "quarterly",
            ["2025-Q1", "2025-Q4"],
            ["2026-Q0", "2026-Q5", "2026-10", "Q3-2026", "2026-q3"],
        ),
    ],
)
def test_period_format_follows_the_frequency(db, people, setup, frequency, good, bad) -> None:
    exp_id = agreed(db, people, setup, ex.Terms(99, "availability", frequency))
    example = PERIODS[frequency][1]
    for period in bad:
        with pytest.raises(ValidationError) as err, db.session() as s:
            measurements.record_measurement(s, exp_id, period=period, value=99.9, by=people.rm)
        assert err.value.field == "period"
        assert f"measured {frequency}" in err.value.message
        assert example in err.value.message
    assert measurements_of(db, exp_id) == []
    for period in good:
        with db.session() as s:
            measurements.record_measurement(s, exp_id, period=period, value=99.9, by=people.rm)
    assert sorted(m.period for m in measurements_of(db, exp_id)) == sorted(p.strip() for p in good)


def test_duplicate_period_is_refused(db, people, setup) -> None:
    exp_id = agreed(db, people, setup, AVAILABILITY)
    with db.session() as s:
        measurements.record_measurement(s, exp_id, period="2026-03", value=99.9, by=people.rm)
    with pytest.raises(ValidationError) as err, db.session() as s:
        measurements.record_measurement(s, exp_id, period=" 2026-03", value=12, by=people.rm)
    assert err.value.field == "period"
    assert "2026-03 is already recorded" in err.value.message
    assert [m.value for m in measurements_of(db, exp_id)] == [99.9]


@pytest.mark.parametrize(
    ("terms", "value", "met"),
    [
        (ex.Terms(99.5, "availability", "monthly"), 99.9, True),
        (ex.Terms(99.5, "availability", "monthly"), 99.5, True),
        (ex.Terms(99.5, "availability", "monthly"), 99.4, False),
        (ex.Terms(4, "response_time", "monthly"), 2, True),
        (ex.Terms(4, "response_time", "monthly"), 4, True),
        (ex.Terms(4, "response_time", "monthly"), 4.5, False),
        (ex.Terms(8, "resolution_time", "monthly"), 9, False),
        (ex.Terms(4, "satisfaction", "monthly"), 4.2, True),
        (ex.Terms(100, "throughput", "monthly", direction="at_most"), 150, False),
        (ex.Terms(100, "throughput", "monthly", direction="at_most"), 50, True),
    ],
)
def test_met_or_missed_follows_the_direction(db, people, setup, terms, value, met) -> None:
    exp_id = agreed(db, people, setup, terms)
    explanation = {} if met else EXPLAINED
    with db.session() as s:
        measurements.record_measurement(
            s, exp_id, period="2026-04", value=value, by=people.rm, **explanation
        )
    [m] = measurements_of(db, exp_id)
    assert m.met is met
    assert (m.value, m.target) == (value, float(terms.target))
    assert m.recorded_by_id == people.rm
    assert m.recorded_at.tzinfo is not None


@pytest.mark.parametrize("missing", ["cause", "resolution", "prevention"])
def test_an_explanation_given_must_be_whole(db, people, setup, missing) -> None:
    exp_id = agreed(db, people, setup, AVAILABILITY)
    explanation = {
        "cause": "Disk failure on the database server",
        "resolution": "Disk replaced, service restored in 3 hours",
        "prevention": "Mirrored disks ordered",
    }
    explanation[missing] = "   "
    with pytest.raises(ValidationError) as err, db.session() as s:
        measurements.record_measurement(
            s, exp_id, period="2026-05", value=97, by=people.rm, **explanation
        )
    assert err.value.field == f"miss_{missing}"
    assert "The target was missed in 2026-05: explain" in err.value.message
    assert measurements_of(db, exp_id) == []


def test_an_explained_miss_is_recorded_with_its_explanation(db, people, setup) -> None:
    exp_id = agreed(db, people, setup, AVAILABILITY)
    with db.session() as s:
        measurements.record_measurement(
            s,
            exp_id,
            period="2026-05",
            value="97,25",
            by=people.rm,
            cause="Disk failure <raid>",
            resolution="Replaced & restored",
            prevention="=Mirror disks",
        )
    [m] = measurements_of(db, exp_id)
    assert (m.met, m.value) == (False, 97.25)
    assert (m.miss_cause, m.miss_resolution, m.miss_prevention) == (
        "Disk failure <raid>",
        "Replaced & restored",
        "=Mirror disks",
    )


def test_measurement_keeps_the_target_in_force(db, people, setup) -> None:
    exp_id = agreed(db, people, setup, AVAILABILITY)
    with db.session() as s:
        measurements.record_measurement(s, exp_id, period="2026-01", value=99.6, by=people.rm)
    with db.session() as s:
        ex.propose(s, exp_id, by=people.rm, party=Party.CUSTOMER, target=99.9, text="Raise it")
        ex.agree(s, exp_id, ex.Terms(99.9, "availability", "monthly"), by=people.rm)
    with db.session() as s:
        measurements.record_measurement(
            s,
            exp_id,
            period="2026-02",
            value=99.6,
            by=people.rm,
            **EXPLAINED,
        )
    got = {m.period: (m.target, m.met) for m in measurements_of(db, exp_id)}
    assert got == {"2026-01": (99.5, True), "2026-02": (99.9, False)}


def test_measurement_value_and_author_are_checked(db, people, setup) -> None:
    exp_id = agreed(db, people, setup, AVAILABILITY)
    with pytest.raises(ValidationError) as err, db.session() as s:
        measurements.record_measurement(s, exp_id, period="2026-01", value="n/a", by=people.rm)
    assert err.value.field == "value"
    with pytest.raises(ValidationError) as err, db.session() as s:
        measurements.record_measurement(s, exp_id, period="2026-01", value=99.9, by=None)
    assert err.value.field == "author"
    assert measurements_of(db, exp_id) == []
