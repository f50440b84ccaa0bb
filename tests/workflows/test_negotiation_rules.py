"""Negotiation before escalation (issue 10, point 2): agreeing to disagree and escalating
follow at least one proposal; an agreement stays in force while it is renegotiated; each
agreement records its full terms; a statement is reworded with the old wording kept."""

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from relman.errors import ConflictError, RuleError, ValidationError
from relman.models import (
    Dependence,
    Direction,
    Escalation,
    EventKind,
    Expectation,
    ExpectationEvent,
    ExpectationStatus,
    Frequency,
    Measurement,
    MeasurementType,
    Party,
)
from relman.workflows import contacts, escalations, measurements, portfolio, services
from relman.workflows import expectations as ex

S = ExpectationStatus
T0 = dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)
AVAILABILITY = ex.Terms(99.5, MeasurementType.AVAILABILITY, Frequency.MONTHLY, target_unit="%")


@dataclass(frozen=True)
class Setup:
    unit: uuid.UUID
    service: uuid.UUID
    contact: uuid.UUID


@pytest.fixture
def setup(db, people) -> Setup:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        service = services.create_service(s, "CRM")
        portfolio.set_dependency(s, unit.id, service.id, Dependence.HIGH)
        boss = contacts.create_contact(s, "Bea Boss", unit_id=unit.id)
        carla = contacts.create_contact(s, "Carla", unit_id=unit.id, manager_id=boss.id)
        return Setup(unit.id, service.id, carla.id)


def validated(db, people, setup) -> uuid.UUID:
    with db.session() as s:
        exp = ex.state_expectation(
            s,
            unit_id=setup.unit,
            service_id=setup.service,
            statement="The CRM must be up whenever a shop is open.",
            by=people.rm,
            contact_id=setup.contact,
            at=T0,
        )
        ex.validate_expectation(s, exp.id, by=people.rm, at=T0 + dt.timedelta(hours=1))
        return exp.id


def agreed(db, people, setup) -> uuid.UUID:
    exp_id = validated(db, people, setup)
    with db.session() as s:
        ex.agree(s, exp_id, AVAILABILITY, by=people.rm, at=T0 + dt.timedelta(days=1))
    return exp_id


def load(db, exp_id) -> Expectation:
    with db.session() as s:
        return s.get(Expectation, exp_id)


def history(db, exp_id) -> list[ExpectationEvent]:
    with db.session() as s:
        return list(
            s.scalars(
                select(ExpectationEvent)
                .where(ExpectationEvent.expectation_id == exp_id)
                .order_by(ExpectationEvent.at, ExpectationEvent.created_at)
            )
        )


def measure(db, people, exp_id, period, value, **explanation) -> Measurement:
    with db.session() as s:
        return measurements.record_measurement(
            s, exp_id, period=period, value=value, by=people.rm, **explanation
        )


EXPLAINED = {
    "cause": "The CRM database ran out of disk",
    "resolution": "More disk was added within the hour",
    "prevention": "Disk space is now watched with an alarm",
}


# --- agreeing to disagree, escalating ------------------------------------------------------


def test_agreeing_to_disagree_needs_a_proposal_first(db, people, setup) -> None:
    exp_id = validated(db, people, setup)
    before = (load(db, exp_id).version, len(history(db, exp_id)))
    with pytest.raises(RuleError) as err, db.session() as s:
        ex.disagree(s, exp_id, by=people.rm, text="They want 100%")
    assert "This expectation is validated, so it cannot be disagreed on" in err.value.message
    assert "record a proposal first" in err.value.message
    assert (load(db, exp_id).version, len(history(db, exp_id))) == before
    with db.session() as s:
        ex.propose(s, exp_id, by=people.rm, party=Party.CUSTOMER, target=100, text="100%")
        ex.disagree(s, exp_id, by=people.rm, text="They want 100%, we offer 99%")
    assert load(db, exp_id).status is S.DISAGREED


def test_stated_validated_disagreed_escalated_is_refused(db, people, setup) -> None:
    """A file written before this rule may hold a disagreement without any proposal: it is
    not escalated until a proposal is recorded."""
    exp_id = validated(db, people, setup)
    with db.session() as s:  # as an older relman could write it
        exp = s.get(Expectation, exp_id)
        exp.status = S.DISAGREED
        ex.add_event(s, exp, EventKind.DISAGREED, people.rm, "No")
    with pytest.raises(RuleError) as err, db.session() as s:
        escalations.escalate(s, exp_id, by=people.rm, summary="Stuck")
    assert "record a proposal first" in err.value.message
    assert load(db, exp_id).status is S.DISAGREED
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Escalation)) == 0
    with db.session() as s:  # the way out: negotiate, then disagree again, then escalate
        ex.propose(s, exp_id, by=people.rm, party=Party.IT, target=99, text="We offer 99%")
        ex.disagree(s, exp_id, by=people.rm, text="Still 100% against 99%")
        escalations.escalate(s, exp_id, by=people.rm, summary="100% vs 99%")
    assert load(db, exp_id).status is S.ESCALATED


# --- renegotiating keeps the agreement in force --------------------------------------------


def test_renegotiation_keeps_the_agreement_in_force(db, people, setup) -> None:
    exp_id = agreed(db, people, setup)
    measure(db, people, exp_id, "2026-01", 99.6)
    with db.session() as s:
        ex.propose(s, exp_id, by=people.rm, party=Party.CUSTOMER, target=99.9, text="Raise it")
    exp = load(db, exp_id)
    assert exp.status is S.NEGOTIATING
    assert (exp.target, exp.measurement_type, exp.frequency) == (
        99.5,
        MeasurementType.AVAILABILITY,
        Frequency.MONTHLY,
    )
    # measured while renegotiated, against the terms in force (99.5), not the proposal
    assert measure(db, people, exp_id, "2026-02", 99.7).target == 99.5
    with db.session() as s:
        ex.disagree(s, exp_id, by=people.rm, text="99.9% costs too much")
    assert measure(db, people, exp_id, "2026-03", 99.4, **EXPLAINED).met is False
    with db.session() as s:
        esc = escalations.escalate(s, exp_id, by=people.rm, summary="99.9 vs 99.5")
    assert measure(db, people, exp_id, "2026-04", 99.8).met is True
    with db.session() as s:
        escalations.resolve(
            s,
            esc.id,
            by=people.manager,
            resolution="99.8% from May",
            terms=ex.Terms(99.8, "availability", "monthly", "%"),
        )
    assert measure(db, people, exp_id, "2026-05", 99.7, **EXPLAINED).met is False
    with db.session() as s:
        got = {
            m.period: (m.target, m.met)
            for m in s.scalars(select(Measurement).where(Measurement.expectation_id == exp_id))
        }
    assert got == {
        "2026-01": (99.5, True),
        "2026-02": (99.5, True),
        "2026-03": (99.5, False),
        "2026-04": (99.5, True),
        "2026-05": (99.8, False),
    }


def test_a_withdrawn_agreement_is_no_longer_measured(db, people, setup) -> None:
    exp_id = agreed(db, people, setup)
    with db.session() as s:
        ex.propose(s, exp_id, by=people.rm, party=Party.CUSTOMER, target=99.9, text="Raise it")
        ex.withdraw(s, exp_id, by=people.rm, text="The shop system replaces the CRM")
    with pytest.raises(RuleError) as err, db.session() as s:
        measurements.record_measurement(s, exp_id, period="2026-02", value=99.9, by=people.rm)
    assert "only an agreed expectation has a target" in err.value.message


def test_a_never_agreed_negotiation_is_not_measured(db, people, setup) -> None:
    exp_id = validated(db, people, setup)
    with db.session() as s:
        ex.propose(s, exp_id, by=people.rm, party=Party.IT, target=99, text="99%")
    with pytest.raises(RuleError), db.session() as s:
        measurements.record_measurement(s, exp_id, period="2026-02", value=99.9, by=people.rm)


# --- the agreement's terms, on its event ---------------------------------------------------


def test_each_agreement_records_its_full_terms(db, people, setup) -> None:
    exp_id = agreed(db, people, setup)
    with db.session() as s:
        ex.propose(s, exp_id, by=people.rm, party=Party.CUSTOMER, target=2, text="Two hours")
        ex.agree(
            s,
            exp_id,
            ex.Terms(
                4,
                "response_time",
                "weekly",
                target_unit="hours",
                direction="at_most",
                review_on=dt.date(2026, 9, 1),
            ),
            by=people.manager,
            text="Four hours, weekly",
        )
    agreements = [e for e in history(db, exp_id) if e.kind is EventKind.AGREED]
    terms = [
        (
            e.proposed_target,
            e.target_unit,
            e.measurement_type,
            e.frequency,
            e.direction,
            e.review_on,
            e.author_id,
        )
        for e in agreements
    ]
    assert terms == [
        (
            99.5,
            "%",
            MeasurementType.AVAILABILITY,
            Frequency.MONTHLY,
            Direction.AT_LEAST,
            (T0 + dt.timedelta(days=1)).date() + dt.timedelta(days=91),
            people.rm,
        ),
        (
            4.0,
            "hours",
            MeasurementType.RESPONSE_TIME,
            Frequency.WEEKLY,
            Direction.AT_MOST,
            dt.date(2026, 9, 1),
            people.manager,
        ),
    ]
    # the other steps carry no terms
    others = [e for e in history(db, exp_id) if e.kind is not EventKind.AGREED]
    assert all(e.measurement_type is None and e.frequency is None for e in others)


# --- rewording a statement -----------------------------------------------------------------


def test_rewording_keeps_the_old_wording_in_the_history(db, people, setup) -> None:
    exp_id = agreed(db, people, setup)
    old = load(db, exp_id)
    with db.session() as s:
        ex.reword_statement(
            s,
            exp_id,
            statement="The CRM must be up from 8:00 to 20:00, Monday to Saturday.",
            by=people.rm,
            expected_version=old.version,
        )
    exp = load(db, exp_id)
    assert exp.statement == "The CRM must be up from 8:00 to 20:00, Monday to Saturday."
    assert exp.status is S.AGREED and exp.version == old.version + 1
    last = history(db, exp_id)[-1]
    assert (last.kind, last.text, last.author_id, last.party) == (
        EventKind.REWORDED,
        "The CRM must be up whenever a shop is open.",
        people.rm,
        Party.CUSTOMER,
    )


def test_rewording_is_checked(db, people, setup) -> None:
    exp_id = validated(db, people, setup)
    version = load(db, exp_id).version
    n = len(history(db, exp_id))
    cases = [
        (dict(statement="  ", by=people.rm, expected_version=version), ValidationError),
        (
            dict(
                statement="The CRM must be up whenever a shop is open.",
                by=people.rm,
                expected_version=version,
            ),
            ValidationError,
        ),
        (dict(statement="New words", by=None, expected_version=version), ValidationError),
        (dict(statement="New words", by=people.rm, expected_version=version - 1), ConflictError),
    ]
    for kwargs, error in cases:
        with pytest.raises(error), db.session() as s:
            ex.reword_statement(s, exp_id, **kwargs)
    assert (load(db, exp_id).version, len(history(db, exp_id))) == (version, n)
    with db.session() as s:
        ex.withdraw(s, exp_id, by=people.rm, text="No longer needed")
    with pytest.raises(RuleError) as err, db.session() as s:
        ex.reword_statement(
            s, exp_id, statement="New words", by=people.rm, expected_version=version + 1
        )
    assert "withdrawn, so it cannot be reworded" in err.value.message
