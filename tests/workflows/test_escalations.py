"""Escalations: raised from a disagreement, discussed, resolved or withdrawn by managers."""

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from relman.errors import RuleError, ValidationError
from relman.models import (
    Dependence,
    Escalation,
    EscalationEvent,
    EscalationEventKind,
    EscalationStatus,
    EventKind,
    Expectation,
    ExpectationEvent,
    ExpectationStatus,
    Frequency,
    MeasurementType,
    Party,
    StaffRole,
)
from relman.workflows import contacts, escalations, measurements, portfolio, services, staff
from relman.workflows import expectations as ex

S = ExpectationStatus
E = EscalationStatus
OPENED = dt.datetime(2026, 4, 1, 9, 0, tzinfo=dt.UTC)
TERMS = ex.Terms(99.0, MeasurementType.AVAILABILITY, Frequency.QUARTERLY)


@dataclass(frozen=True)
class Setup:
    unit: uuid.UUID
    service: uuid.UUID
    carla: uuid.UUID  # has a manager
    bea: uuid.UUID  # Carla's manager
    orphan: uuid.UUID  # a contact without a manager
    lone_rm: uuid.UUID  # an RM who reports to nobody


@pytest.fixture
def setup(db, people) -> Setup:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Finance", rms=[people.rm])
        service = services.create_service(s, "SAP Financials")
        portfolio.set_dependency(s, unit.id, service.id, Dependence.CRITICAL)
        bea = contacts.create_contact(s, "Bea Boss", unit_id=unit.id)
        carla = contacts.create_contact(s, "Carla", unit_id=unit.id, manager_id=bea.id)
        orphan = contacts.create_contact(s, "Otto Orphan", unit_id=unit.id)
        lone = staff.add_staff(s, "Lena Lone", role=StaffRole.RM)
        return Setup(unit.id, service.id, carla.id, bea.id, orphan.id, lone.id)


def expectation(db, people, setup, *, contact="carla", status=S.DISAGREED, rm=None) -> uuid.UUID:
    rm = rm or people.rm
    with db.session() as s:
        exp = ex.state_expectation(
            s,
            unit_id=setup.unit,
            service_id=setup.service,
            statement="Month-end close must never wait on SAP.",
            by=rm,
            contact_id=getattr(setup, contact) if contact else None,
        )
        if status is S.STATED:
            return exp.id
        ex.validate_expectation(s, exp.id, by=rm)
        ex.propose(s, exp.id, by=rm, party=Party.CUSTOMER, target=100, text="100%")
        if status is S.AGREED:
            ex.agree(s, exp.id, TERMS, by=rm)
        elif status is S.DISAGREED:
            ex.disagree(s, exp.id, by=rm, text="They want 100%, we can give 99%")
        return exp.id


def escalated(db, people, setup, **kwargs) -> tuple[uuid.UUID, uuid.UUID]:
    exp_id = expectation(db, people, setup)
    with db.session() as s:
        esc = escalations.escalate(
            s, exp_id, by=people.rm, summary="100% vs 99%", at=OPENED, **kwargs
        )
        return exp_id, esc.id


def load(db, model, id_):
    with db.session() as s:
        return s.get(model, id_)


def esc_events(db, esc_id) -> list[EscalationEvent]:
    with db.session() as s:
        return list(
            s.scalars(
                select(EscalationEvent)
                .where(EscalationEvent.escalation_id == esc_id)
                .order_by(EscalationEvent.at, EscalationEvent.created_at)
            )
        )


def exp_events(db, exp_id) -> list[ExpectationEvent]:
    with db.session() as s:
        return list(
            s.scalars(
                select(ExpectationEvent)
                .where(ExpectationEvent.expectation_id == exp_id)
                .order_by(ExpectationEvent.created_at)
            )
        )


def n_escalations(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(Escalation))


def state(db, exp_id, esc_id=None) -> tuple:
    exp = load(db, Expectation, exp_id)
    result = (exp.status, exp.version, exp.target, len(exp_events(db, exp_id)))
    if esc_id is not None:
        esc = load(db, Escalation, esc_id)
        result += (esc.status, esc.version, esc.resolution, len(esc_events(db, esc_id)))
    return result


# --- escalating ----------------------------------------------------------------------------


def test_escalate_takes_the_managers_from_the_portfolio(db, people, setup) -> None:
    exp_id, esc_id = escalated(db, people, setup)
    esc = load(db, Escalation, esc_id)
    assert esc.status is E.OPEN
    assert esc.expectation_id == exp_id
    assert esc.raised_by_id == people.rm
    assert esc.rm_manager_id == people.manager  # whom the RM reports to
    assert esc.customer_manager_id == setup.bea  # the contact's manager
    assert esc.summary == "100% vs 99%"
    assert esc.opened_at == OPENED
    assert esc.due_on == OPENED.date() + dt.timedelta(days=14)
    assert esc.resolved_at is None
    assert load(db, Expectation, exp_id).status is S.ESCALATED
    last = exp_events(db, exp_id)[-1]
    assert (last.kind, last.author_id, last.text) == (EventKind.ESCALATED, people.rm, "100% vs 99%")
    [opened] = esc_events(db, esc_id)
    assert (opened.kind, opened.author_id, opened.at, opened.text) == (
        EscalationEventKind.OPENED,
        people.rm,
        OPENED,
        "100% vs 99%",
    )


def test_escalate_with_managers_and_due_date_chosen(db, people, setup) -> None:
    with db.session() as s:
        other_boss = staff.add_staff(s, "Otto Other", role=StaffRole.MANAGER).id
    _, esc_id = escalated(
        db,
        people,
        setup,
        rm_manager_id=other_boss,
        customer_manager_id=setup.orphan,
        due_on=dt.date(2026, 4, 30),
    )
    esc = load(db, Escalation, esc_id)
    assert (esc.rm_manager_id, esc.customer_manager_id, esc.due_on) == (
        other_boss,
        setup.orphan,
        dt.date(2026, 4, 30),
    )


@pytest.mark.parametrize("status", [S.STATED, S.NEGOTIATING, S.AGREED])
def test_escalate_only_from_disagreed(db, people, setup, status) -> None:
    exp_id = expectation(db, people, setup, status=status)
    before = state(db, exp_id)
    with pytest.raises(RuleError) as err, db.session() as s:
        escalations.escalate(s, exp_id, by=people.rm, summary="Please help")
    assert f"is {status.value}, so it cannot be escalated" in err.value.message
    assert "agreed to disagree" in err.value.message
    assert state(db, exp_id) == before
    assert n_escalations(db) == 0


def test_missing_rms_manager_is_named(db, people, setup) -> None:
    exp_id = expectation(db, people, setup, rm=setup.lone_rm)
    before = state(db, exp_id)
    with pytest.raises(ValidationError) as err, db.session() as s:
        escalations.escalate(s, exp_id, by=setup.lone_rm, summary="Please help")
    assert err.value.field == "rm_manager"
    assert "The RM's manager is missing" in err.value.message
    assert "who Lena Lone reports to" in err.value.message
    assert state(db, exp_id) == before
    assert n_escalations(db) == 0
    # choosing the manager explicitly works
    with db.session() as s:
        escalations.escalate(
            s, exp_id, by=setup.lone_rm, summary="Please help", rm_manager_id=people.manager
        )
    assert load(db, Expectation, exp_id).status is S.ESCALATED


@pytest.mark.parametrize("contact", ["orphan", None])
def test_missing_customers_manager_is_named(db, people, setup, contact) -> None:
    exp_id = expectation(db, people, setup, contact=contact)
    before = state(db, exp_id)
    with pytest.raises(ValidationError) as err, db.session() as s:
        escalations.escalate(s, exp_id, by=people.rm, summary="Please help")
    assert err.value.field == "customer_manager"
    assert "The customer's manager is missing" in err.value.message
    assert "record the contact's manager" in err.value.message
    assert state(db, exp_id) == before
    assert n_escalations(db) == 0
    with db.session() as s:
        esc = escalations.escalate(
            s, exp_id, by=people.rm, summary="Please help", customer_manager_id=setup.bea
        )
        assert esc.customer_manager_id == setup.bea


def test_escalate_needs_a_summary_an_author_and_a_sensible_due_date(db, people, setup) -> None:
    exp_id = expectation(db, people, setup)
    before = state(db, exp_id)
    with pytest.raises(ValidationError) as err, db.session() as s:
        escalations.escalate(s, exp_id, by=people.rm, summary="  ")
    assert "summary of the disagreement cannot be empty" in err.value.message
    with pytest.raises(ValidationError) as err, db.session() as s:
        escalations.escalate(s, exp_id, by=None, summary="x")
    assert err.value.field == "author"
    with pytest.raises(ValidationError) as err, db.session() as s:
        escalations.escalate(
            s, exp_id, by=people.rm, summary="x", at=OPENED, due_on=dt.date(2026, 3, 31)
        )
    assert err.value.field == "due_on"
    assert "before the escalation is opened" in err.value.message
    assert state(db, exp_id) == before
    assert n_escalations(db) == 0


# --- discussing, resolving, withdrawing ----------------------------------------------------


def test_discuss_puts_it_in_discussion(db, people, setup) -> None:
    _, esc_id = escalated(db, people, setup)
    with db.session() as s:
        escalations.discuss(
            s,
            esc_id,
            by=people.manager,
            text='Met Bea: <budget> & "risk"',
            at=OPENED + dt.timedelta(days=2),
        )
    with db.session() as s:
        escalations.discuss(s, esc_id, by=people.manager, text="Second call")
    assert load(db, Escalation, esc_id).status is E.IN_DISCUSSION
    kinds = [(e.kind, e.author_id, e.text) for e in esc_events(db, esc_id)]
    assert kinds == [
        (EscalationEventKind.OPENED, people.rm, "100% vs 99%"),
        (EscalationEventKind.DISCUSSED, people.manager, 'Met Bea: <budget> & "risk"'),
        (EscalationEventKind.DISCUSSED, people.manager, "Second call"),
    ]


def test_discuss_needs_text_and_author(db, people, setup) -> None:
    exp_id, esc_id = escalated(db, people, setup)
    before = state(db, exp_id, esc_id)
    with pytest.raises(ValidationError) as err, db.session() as s:
        escalations.discuss(s, esc_id, by=people.manager, text="")
    assert "What was discussed cannot be empty" in err.value.message
    with pytest.raises(ValidationError) as err, db.session() as s:
        escalations.discuss(s, esc_id, by=None, text="x")
    assert err.value.field == "author"
    assert state(db, exp_id, esc_id) == before


def test_resolve_with_terms_agrees_the_expectation(db, people, setup) -> None:
    exp_id, esc_id = escalated(db, people, setup)
    with db.session() as s:
        escalations.discuss(s, esc_id, by=people.manager, text="Talked")
    resolved_at = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    with db.session() as s:
        escalations.resolve(
            s,
            esc_id,
            by=people.manager,
            resolution="99% with a weekend window",
            terms=TERMS,
            at=resolved_at,
        )
    esc = load(db, Escalation, esc_id)
    assert esc.status is E.RESOLVED
    assert (esc.resolution, esc.resolved_at) == ("99% with a weekend window", resolved_at)
    exp = load(db, Expectation, exp_id)
    assert exp.status is S.AGREED
    assert (exp.target, exp.measurement_type, exp.frequency) == (
        99.0,
        MeasurementType.AVAILABILITY,
        Frequency.QUARTERLY,
    )
    last = exp_events(db, exp_id)[-1]
    assert (last.kind, last.author_id) == (EventKind.AGREED, people.manager)
    assert "Agreed on escalation: 99% with a weekend window" in last.text
    assert esc_events(db, esc_id)[-1].kind is EscalationEventKind.RESOLVED
    # now it can be measured
    with db.session() as s:
        measurements.record_measurement(s, exp_id, period="2026-Q2", value=99.2, by=people.rm)


def test_resolve_without_terms_leaves_it_disagreed(db, people, setup) -> None:
    exp_id, esc_id = escalated(db, people, setup)
    with db.session() as s:
        escalations.resolve(s, esc_id, by=people.manager, resolution="Business accepts 99%")
    assert load(db, Escalation, esc_id).status is E.RESOLVED
    exp = load(db, Expectation, exp_id)
    assert (exp.status, exp.target) == (S.DISAGREED, None)
    last = exp_events(db, exp_id)[-1]
    assert last.kind is EventKind.DISAGREED
    assert last.text == "Escalation resolved without agreement: Business accepts 99%"
    assert [e.kind for e in esc_events(db, esc_id)] == [
        EscalationEventKind.OPENED,
        EscalationEventKind.RESOLVED,
    ]


def test_resolve_needs_a_resolution_and_complete_terms(db, people, setup) -> None:
    exp_id, esc_id = escalated(db, people, setup)
    before = state(db, exp_id, esc_id)
    with pytest.raises(ValidationError) as err, db.session() as s:
        escalations.resolve(s, esc_id, by=people.manager, resolution=" ")
    assert "The resolution cannot be empty" in err.value.message
    with pytest.raises(ValidationError) as err, db.session() as s:
        escalations.resolve(
            s, esc_id, by=people.manager, resolution="Agreed", terms=ex.Terms(99, None, "monthly")
        )
    assert "the type of measurement" in err.value.message
    with pytest.raises(ValidationError) as err, db.session() as s:
        escalations.resolve(s, esc_id, by=None, resolution="Agreed", terms=TERMS)
    assert err.value.field == "author"
    assert state(db, exp_id, esc_id) == before
    assert load(db, Expectation, exp_id).status is S.ESCALATED


def test_withdraw_returns_the_expectation_to_disagreed(db, people, setup) -> None:
    exp_id, esc_id = escalated(db, people, setup)
    with pytest.raises(ValidationError) as err, db.session() as s:
        escalations.withdraw_escalation(s, esc_id, by=people.rm, reason="")
    assert "The reason cannot be empty" in err.value.message
    assert load(db, Escalation, esc_id).status is E.OPEN
    with db.session() as s:
        escalations.withdraw_escalation(s, esc_id, by=people.rm, reason="Customer dropped it")
    esc = load(db, Escalation, esc_id)
    assert (esc.status, esc.resolution) == (E.WITHDRAWN, "Customer dropped it")
    assert esc.resolved_at is not None
    assert load(db, Expectation, exp_id).status is S.DISAGREED
    last = exp_events(db, exp_id)[-1]
    assert (last.kind, last.text) == (EventKind.NOTE, "Escalation withdrawn: Customer dropped it")
    assert esc_events(db, esc_id)[-1].kind is EscalationEventKind.WITHDRAWN
    # the expectation may be escalated again, or withdrawn now
    with db.session() as s:
        ex.withdraw(s, exp_id, by=people.rm, text="Dropped")
    assert load(db, Expectation, exp_id).status is S.WITHDRAWN


@pytest.mark.parametrize("how", ["resolve", "withdraw"])
def test_closed_escalation_cannot_change(db, people, setup, how) -> None:
    exp_id, esc_id = escalated(db, people, setup)
    with db.session() as s:
        if how == "resolve":
            escalations.resolve(s, esc_id, by=people.manager, resolution="Done")
        else:
            escalations.withdraw_escalation(s, esc_id, by=people.manager, reason="Dropped")
    closed = "resolved" if how == "resolve" else "withdrawn"
    before = state(db, exp_id, esc_id)
    steps = [
        lambda s: escalations.discuss(s, esc_id, by=people.manager, text="more"),
        lambda s: escalations.resolve(s, esc_id, by=people.manager, resolution="x", terms=TERMS),
        lambda s: escalations.withdraw_escalation(s, esc_id, by=people.manager, reason="x"),
    ]
    for step in steps:
        with pytest.raises(RuleError) as err, db.session() as s:
            step(s)
        assert f"already {closed}" in err.value.message
    assert state(db, exp_id, esc_id) == before


def test_an_escalated_expectation_waits_for_its_escalation(db, people, setup) -> None:
    exp_id, esc_id = escalated(db, people, setup)
    before = state(db, exp_id, esc_id)
    for step in (
        lambda s: ex.agree(s, exp_id, TERMS, by=people.rm),
        lambda s: ex.withdraw(s, exp_id, by=people.rm, text="x"),
        lambda s: escalations.escalate(s, exp_id, by=people.rm, summary="again"),
    ):
        with pytest.raises(RuleError), db.session() as s:
            step(s)
    assert state(db, exp_id, esc_id) == before
    assert n_escalations(db) == 1


def test_re_escalate_after_resolution_without_agreement(db, people, setup) -> None:
    exp_id, esc_id = escalated(db, people, setup)
    with db.session() as s:
        escalations.resolve(s, esc_id, by=people.manager, resolution="No deal")
    with db.session() as s:
        second = escalations.escalate(s, exp_id, by=people.rm, summary="New facts").id
    assert n_escalations(db) == 2
    assert load(db, Escalation, second).status is E.OPEN
    assert load(db, Expectation, exp_id).status is S.ESCALATED
