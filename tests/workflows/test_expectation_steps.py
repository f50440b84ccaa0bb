"""Steps taken as a user's edit: allowed by state, refused on a stale version with what
changed, undone and redone exactly; the list and detail the page shows."""

import datetime as dt
import uuid

import pytest

from relman.errors import ConflictError, RuleError
from relman.models import (
    Dependence,
    EventKind,
    Expectation,
    ExpectationStatus,
    Frequency,
    MeasurementType,
    Party,
)
from relman.workflows import contacts, expectation_views, measurements, portfolio, services
from relman.workflows import expectation_steps as steps
from relman.workflows import expectations as ex
from relman.workflows.expectation_views import Filters

S = ExpectationStatus
TERMS = ex.Terms(99.5, MeasurementType.AVAILABILITY, Frequency.MONTHLY, target_unit="%")


@pytest.fixture
def exp_id(db, people) -> uuid.UUID:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        service = services.create_service(s, "CRM")
        portfolio.set_dependency(s, unit.id, service.id, Dependence.HIGH)
        boss = contacts.create_contact(s, "Bea Boss", unit_id=unit.id)
        carla = contacts.create_contact(s, "Carla", unit_id=unit.id, manager_id=boss.id)
        return ex.state_expectation(
            s,
            unit_id=unit.id,
            service_id=service.id,
            statement="The CRM is up <b>all</b> day & night",
            by=people.rm,
            contact_id=carla.id,
        ).id


def version(db, exp_id) -> int:
    with db.session() as s:
        return s.get(Expectation, exp_id).version


def take(db, people, exp_id, step, **given) -> steps.StepRecord:
    with db.session() as s:
        return steps.take_step(
            s, exp_id, step, expected_version=version(db, exp_id), by=people.rm, **given
        )


def test_allowed_steps_follow_the_workflow_rules() -> None:
    assert steps.allowed_steps(S.STATED) == ["validate", "withdraw", "reword"]
    assert steps.allowed_steps(S.VALIDATED) == ["propose", "agree", "withdraw", "reword"]
    assert steps.allowed_steps(S.NEGOTIATING) == [
        "counter_propose",
        "agree",
        "disagree",
        "withdraw",
        "reword",
    ]
    assert steps.allowed_steps(S.DISAGREED) == ["propose", "escalate", "withdraw", "reword"]
    assert steps.allowed_steps(S.ESCALATED) == ["reword"]
    assert steps.allowed_steps(S.WITHDRAWN) == []
    for status in S:
        for step in steps.STEPS:
            assert (steps.refusal(step, status) == "") == (
                status in ex.STEPS_FROM["propose" if step == "counter_propose" else step]
            )


def test_a_life_cycle_through_a_negotiation_bumps_the_version_each_step(db, people, exp_id) -> None:
    seen = [version(db, exp_id)]
    take(db, people, exp_id, "validate", note="They use it all day")
    take(db, people, exp_id, "propose", party=Party.IT, target=99, text="99 % is realistic")
    seen.append(version(db, exp_id))
    take(db, people, exp_id, "counter_propose", party=Party.CUSTOMER, target=99.9, text="No")
    seen.append(version(db, exp_id))
    take(db, people, exp_id, "agree", terms=TERMS, text="Met in the middle")
    seen.append(version(db, exp_id))
    assert seen == sorted(set(seen)), "every step moves the version on"
    with db.read_session() as s:
        detail = expectation_views.expectation_detail(s, exp_id)
    assert detail.status is S.AGREED and detail.terms == "99.5 %"
    assert [e.kind for e in detail.events] == [
        EventKind.STATED,
        EventKind.VALIDATED,
        EventKind.PROPOSED,
        EventKind.COUNTER_PROPOSED,
        EventKind.AGREED,
    ]


def test_a_stale_version_is_refused_with_what_changed(db, people, exp_id) -> None:
    old = version(db, exp_id)
    take(db, people, exp_id, "validate", note="Checked with Carla")
    with pytest.raises(ConflictError) as err, db.session() as s:
        steps.take_step(s, exp_id, "withdraw", expected_version=old, by=people.rm, text="Gone")
    message = err.value.message
    assert "Someone else changed this expectation" in message
    assert "validated" in message and "Rui Relman" in message and "Checked with Carla" in message
    with db.session() as s:
        assert s.get(Expectation, exp_id).status is S.VALIDATED


def test_undo_and_redo_put_back_exactly(db, people, exp_id) -> None:
    take(db, people, exp_id, "validate")
    take(db, people, exp_id, "propose", party=Party.IT, target=99, text="99 %")
    record = take(db, people, exp_id, "agree", terms=TERMS)
    with db.session() as s:
        _exp, snapshots = steps.revert_step(s, record, expected_version=record.version)
    with db.session() as s:
        exp = s.get(Expectation, exp_id)
        assert (exp.status, exp.target, exp.agreed_at) == (S.NEGOTIATING, None, None)
        after_undo = exp.version
    with db.session() as s:
        steps.replay_step(s, record, snapshots, expected_version=after_undo)
    with db.session() as s:
        detail = expectation_views.expectation_detail(s, exp_id)
    assert detail.status is S.AGREED and detail.target == 99.5
    assert detail.events[-1].id == record.created[0][1]  # the same event, same id


def test_undo_is_refused_once_the_agreement_was_measured(db, people, exp_id) -> None:
    take(db, people, exp_id, "validate")
    record = take(db, people, exp_id, "agree", terms=TERMS)
    period = f"{dt.date.today():%Y-%m}"
    with db.session() as s:
        measurements.record_measurement(s, exp_id, period=period, value=99.9, by=people.rm)
    with pytest.raises(RuleError, match="measured against this agreement"), db.session() as s:
        steps.revert_step(s, record, expected_version=version(db, exp_id))


def test_escalation_is_undone_while_still_open(db, people, exp_id) -> None:
    take(db, people, exp_id, "validate")
    take(db, people, exp_id, "propose", party=Party.IT, target=99, text="99 %")
    take(db, people, exp_id, "disagree", text="They want 100 %")
    record = take(db, people, exp_id, "escalate", summary="100 % against 99 %")
    assert [t for t, _ in record.created] == ["escalations", "expectation_events"]
    with db.session() as s:
        steps.revert_step(s, record, expected_version=record.version)
    with db.session() as s:
        assert s.get(Expectation, exp_id).status is S.DISAGREED
        detail = expectation_views.expectation_detail(s, exp_id)
    assert detail.open_escalation_id is None


def test_the_list_filters_in_the_query(db, people, exp_id) -> None:
    with db.session() as s:
        assert [r.id for r in expectation_views.expectation_rows(s)] == [exp_id]
        row = expectation_views.expectation_rows(s, Filters(rm_id=people.rm))[0]
        assert (row.unit, row.service, row.contact, row.rm) == (
            "Sales",
            "CRM",
            "Carla",
            "Rui Relman",
        )
        assert expectation_views.expectation_rows(s, Filters(status=S.AGREED)) == []
        assert expectation_views.expectation_rows(s, Filters(rm_id=people.manager)) == []
        assert expectation_views.expectation_rows(s, Filters(due_for_review=True)) == []
    take(db, people, exp_id, "validate")
    review_soon = ex.Terms(99.5, "availability", "monthly", "%", None, dt.date.today())
    take(db, people, exp_id, "agree", terms=review_soon)
    with db.session() as s:
        assert len(expectation_views.expectation_rows(s, Filters(due_for_review=True))) == 1


def test_a_rewording_is_undone_and_redone_exactly_even_after_a_measurement(
    db, people, exp_id
) -> None:
    take(db, people, exp_id, "validate", note="They use it all day")
    take(db, people, exp_id, "agree", terms=TERMS)
    record = take(db, people, exp_id, "reword", statement="Up from 6 to 22 on weekdays")
    with db.session() as s:
        assert s.get(Expectation, exp_id).statement == "Up from 6 to 22 on weekdays"
        measurements.record_measurement(
            s, exp_id, period=f"{dt.date.today():%Y-%m}", value=99.9, by=people.rm
        )
    with db.session() as s:
        exp, snapshots = steps.revert_step(s, record, expected_version=version(db, exp_id))
        assert exp.statement == "The CRM is up <b>all</b> day & night"
        assert exp.status is S.AGREED
    with db.session() as s:
        exp = steps.replay_step(s, record, snapshots, expected_version=version(db, exp_id))
        assert exp.statement == "Up from 6 to 22 on weekdays"
    with db.read_session() as s:
        events = expectation_views.expectation_detail(s, exp_id).events
        assert events[-1].kind is EventKind.REWORDED
