"""Expectations, their steps, measurements and escalations as named commands, run as the
window runs them (the ``do`` fixture: each in its own transaction, through its JSON form).
Each undoable command is undone and redone here without Qt; undo is refused when someone
else changed the record since, when others' rows depend on it, and where the method does
not allow it (an escalation the managers took up, an agreement measured against)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from relman.errors import ConflictError, RuleError
from relman.models import (
    CommandRecord,
    Dependence,
    Escalation,
    EscalationEvent,
    EscalationStatus,
    EventKind,
    Expectation,
    ExpectationEvent,
    ExpectationStatus,
    Frequency,
    Measurement,
    MeasurementType,
    Party,
)
from relman.storage import Database
from relman.workflows import (
    commands,
    contacts,
    expectation_views,
    measurements,
    portfolio,
    services,
)
from relman.workflows import expectations as ex
from relman.workflows.commands import Command

S = ExpectationStatus
TERMS = ex.Terms(99.5, MeasurementType.AVAILABILITY, Frequency.MONTHLY, target_unit="%")
PERIOD = f"{dt.date.today():%Y-%m}"
WHY = ("A disk failed in the database server", "The disk was replaced", "Disks are monitored")


@pytest.fixture
def exp_id(db: Database, people) -> uuid.UUID:
    """A stated expectation of Carla (whose manager is Bea) on the CRM, which Sales uses."""
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
            statement="The CRM is up all day",
            by=people.rm,
            contact_id=carla.id,
        ).id


def get(db: Database, model: type, record_id: uuid.UUID):
    with db.read_session() as s:
        found = s.get(model, record_id)
        if found is not None:
            s.expunge(found)
        return found


def count(db: Database, model: type, *where: object) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


def step(do, db: Database, exp_id: uuid.UUID, name: str, by: uuid.UUID, **given):
    """Take a step as the window does: based on the version just read."""
    version = get(db, Expectation, exp_id).version
    args = {"expectation_id": exp_id, "step": name, "expected_version": version, **given}
    return do(Command("take_step", args, by=by, text=f"{name} of CRM for Sales"))


def negotiate(do, db: Database, people, exp_id: uuid.UUID) -> None:
    step(do, db, exp_id, "validate", people.rm, note="They use it all day")
    step(do, db, exp_id, "propose", people.rm, party=Party.IT, target=99, text="99 %")


def escalated(do, db: Database, people, exp_id: uuid.UUID) -> uuid.UUID:
    negotiate(do, db, people, exp_id)
    step(do, db, exp_id, "disagree", people.rm, text="They want 100 %")
    step(do, db, exp_id, "escalate", people.rm, summary="100 % against 99 %")
    with db.read_session() as s:
        return s.scalar(select(Escalation.id).where(Escalation.expectation_id == exp_id))


def on_escalation(name: str, esc_id: uuid.UUID, db: Database, by: uuid.UUID, **given):
    version = get(db, Escalation, esc_id).version
    args = {"escalation_id": esc_id, "expected_version": version, **given}
    return Command(name, args, by=by, text=f"{name} of the escalation of CRM for Sales")


def recorded(do, db: Database, people, exp_id: uuid.UUID, value: float = 97.2):
    negotiate(do, db, people, exp_id)
    step(do, db, exp_id, "agree", people.rm, terms=TERMS, text="Met in the middle")
    args = {"expectation_id": exp_id, "period": PERIOD, "value": value}
    return do(Command("record_measurement", args, by=people.rm, text=f"measurement of {PERIOD}"))


# -- the commands exist ------------------------------------------------------------------------


def test_every_change_of_the_area_is_a_registered_command() -> None:
    names = set(commands.names())
    assert {
        "take_step",
        "revert_step",
        "replay_step",
        "state_expectation",
        "record_measurement",
        "remove_measurement",
        "explain_miss",
        "unexplain_miss",
        "correct_measurement",
        "discuss",
        "take_back_note",
        "put_back_note",
        "resolve",
        "withdraw_escalation",
        "reopen_escalation",
    } <= names


# -- the method's steps ----------------------------------------------------------------------


def test_a_step_is_undone_by_revert_step_and_redone_by_replay_step(db, do, people, exp_id):
    negotiate(do, db, people, exp_id)
    agreed = step(do, db, exp_id, "agree", people.rm, terms=TERMS, text="Met in the middle")
    assert agreed.inverse.name == "revert_step" and agreed.inverse.by == people.rm
    assert agreed.inverse.text == "undo of agree of CRM for Sales"
    event_id = agreed.result.created[0][1]

    undone = do.undo(agreed)
    exp = get(db, Expectation, exp_id)
    assert (exp.status, exp.target, exp.agreed_at) == (S.NEGOTIATING, None, None)
    assert get(db, ExpectationEvent, event_id) is None

    do.redo(undone)
    exp = get(db, Expectation, exp_id)
    assert (exp.status, exp.target) == (S.AGREED, 99.5)
    assert get(db, ExpectationEvent, event_id).kind is EventKind.AGREED  # the same step
    with db.read_session() as s:
        names = s.scalars(select(CommandRecord.name).order_by(CommandRecord.at)).all()
        subjects = set(s.scalars(select(CommandRecord.subject_id)))
    assert names[-3:] == ["take_step", "revert_step", "replay_step"]
    assert subjects == {exp_id}


def test_undo_of_a_step_is_refused_when_someone_else_took_a_step_since(
    db, do, other, people, exp_id
):
    validated = step(do, db, exp_id, "validate", people.rm, note="Checked")
    step(do.on(other), db, exp_id, "propose", people.manager, party=Party.IT, target=99, text="99")
    with pytest.raises(ConflictError, match="Someone else changed this expectation"):
        do.undo(validated)
    assert get(db, Expectation, exp_id).status is S.NEGOTIATING


def test_undo_of_an_agreement_measured_against_says_why_not(db, do, people, exp_id):
    negotiate(do, db, people, exp_id)
    agreed = step(do, db, exp_id, "agree", people.rm, terms=TERMS)
    args = {"expectation_id": exp_id, "period": PERIOD, "value": 99.9}
    do(Command("record_measurement", args, by=people.rm))
    with pytest.raises(RuleError, match="measured against this agreement since"):
        do.undo(agreed)
    assert get(db, Expectation, exp_id).status is S.AGREED


def test_a_rewording_is_based_on_the_version_read_and_undone_exactly(db, do, people, exp_id):
    stale = get(db, Expectation, exp_id).version
    reworded = step(do, db, exp_id, "reword", people.rm, statement="Up from 6 to 22")
    with pytest.raises(ConflictError):
        do(
            Command(
                "take_step",
                {"expectation_id": exp_id, "step": "reword", "expected_version": stale}
                | {"statement": "Up at night too"},
                by=people.rm,
            )
        )
    undone = do.undo(reworded)
    assert get(db, Expectation, exp_id).statement == "The CRM is up all day"
    do.redo(undone)
    assert get(db, Expectation, exp_id).statement == "Up from 6 to 22"


def test_undo_of_an_escalation_is_refused_once_a_manager_wrote_in_it(db, do, other, people, exp_id):
    negotiate(do, db, people, exp_id)
    step(do, db, exp_id, "disagree", people.rm, text="They want 100 %")
    raised = step(do, db, exp_id, "escalate", people.rm, summary="100 % against 99 %")
    esc_id = raised.result.created[0][1]
    do.on(other)(on_escalation("discuss", esc_id, other, people.manager, text="Met the CFO"))
    with pytest.raises(ConflictError, match=r"^Mara Manager's escalation event “Met the CFO"):
        do.undo(raised)
    assert count(db, Escalation) == 1 and count(db, EscalationEvent) == 2


# -- stating an expectation (interview mode's quick panel) --------------------------------------


def test_stating_is_undone_by_taking_it_back_and_refused_once_someone_took_a_step(
    db, do, other, people, exp_id
):
    known = get(db, Expectation, exp_id)
    args = {"unit_id": known.unit_id, "service_id": known.service_id, "statement": "Fast"}
    stated = do(Command("state_expectation", args, by=people.rm, text="expectation on “CRM”"))
    new_id = stated.result
    assert get(db, Expectation, new_id).status is S.STATED
    put_back = do.undo(stated)
    assert get(db, Expectation, new_id) is None
    do.redo(put_back)
    assert get(db, Expectation, new_id).statement == "Fast"

    again = do(Command("state_expectation", args | {"statement": "Faster"}, by=people.rm))
    step(do.on(other), db, again.result, "validate", people.manager, note="Checked")
    with pytest.raises(ConflictError, match="Mara Manager's step"):
        do.undo(again)
    assert get(db, Expectation, again.result).status is S.VALIDATED


# -- measurements ------------------------------------------------------------------------------


def test_recording_is_undone_and_redone_with_the_same_measurement(db, do, people, exp_id):
    rec = recorded(do, db, people, exp_id)
    undone = do.undo(rec)
    assert get(db, Measurement, rec.result) is None
    redone = do.redo(undone)
    assert get(db, Measurement, rec.result).value == 97.2
    do.undo(redone)  # and removed again, by the same rules
    assert get(db, Measurement, rec.result) is None


def test_undo_of_a_recording_is_refused_when_someone_else_corrected_it(
    db, do, other, people, exp_id
):
    rec = recorded(do, db, people, exp_id)
    version = get(db, Measurement, rec.result).version
    fix = {"measurement_id": rec.result, "value": 98, "reason": "Miscounted"}
    do.on(other)(
        Command("correct_measurement", fix | {"expected_version": version}, by=people.manager)
    )
    with pytest.raises(ConflictError, match="measurement correction"):
        do.undo(rec)
    assert get(db, Measurement, rec.result) is not None


def test_undo_of_a_recording_is_refused_when_someone_else_explained_the_miss(
    db, do, other, people, exp_id
):
    rec = recorded(do, db, people, exp_id)
    m = get(db, Measurement, rec.result)
    cause, resolution, prevention = WHY
    explain = {"measurement_id": m.id, "expected_version": m.version, "cause": cause}
    explain |= {"resolution": resolution, "prevention": prevention}
    do.on(other)(Command("explain_miss", explain, by=people.manager))
    with pytest.raises(ConflictError, match="Someone else changed the measurement of"):
        do.undo(rec)
    assert get(db, Measurement, rec.result).miss_cause == cause


def test_an_explanation_is_undone_and_redone_by_the_same_person(db, do, other, people, exp_id):
    rec = recorded(do, db, people, exp_id)
    m = get(db, Measurement, rec.result)
    cause, resolution, prevention = WHY
    args = {"measurement_id": m.id, "expected_version": m.version, "cause": cause}
    explained = do(
        Command(
            "explain_miss",
            args | {"resolution": resolution, "prevention": prevention},
            by=people.rm,
        )
    )
    undone = do.undo(explained)
    back = get(db, Measurement, m.id)
    assert (back.miss_cause, back.explained_at, back.explained_by_id) == ("", None, None)
    with db.read_session() as s:
        assert [r.measurement_id for r in measurements.unexplained_misses(s)] == [m.id]
    again = do.redo(undone)
    back = get(db, Measurement, m.id)
    assert (back.miss_cause, back.miss_prevention) == (cause, prevention)
    assert back.explained_by_id == people.rm

    fix = {"measurement_id": m.id, "value": 96, "reason": "Miscounted"}
    do.on(other)(
        Command("correct_measurement", fix | {"expected_version": back.version}, by=people.manager)
    )
    with pytest.raises(ConflictError, match="Someone else changed this measurement"):
        do.undo(again)
    assert get(db, Measurement, m.id).miss_cause == cause


def test_a_correction_is_undone_by_the_correction_back_kept_as_history(
    db, do, other, people, exp_id
):
    rec = recorded(do, db, people, exp_id)
    version = get(db, Measurement, rec.result).version
    args = {"measurement_id": rec.result, "value": "99.7", "reason": "Counted twice"}
    corrected = do(
        Command("correct_measurement", args | {"expected_version": version}, by=people.rm)
    )
    undone = do.undo(corrected)
    assert (get(db, Measurement, rec.result).value, get(db, Measurement, rec.result).met) == (
        97.2,
        False,
    )
    do.redo(undone)
    assert get(db, Measurement, rec.result).value == 99.7
    with db.read_session() as s:
        history = measurements.measurement_corrections(s, rec.result)
    assert [(c.old_value, c.new_value, c.reason) for c in history] == [
        (97.2, 99.7, "Counted twice"),
        (99.7, 97.2, "Undo of the correction from 97.2 to 99.7"),
        (97.2, 99.7, "Counted twice"),
    ]
    latest = get(db, Measurement, rec.result).version
    again = do(
        Command(
            "correct_measurement",
            args | {"value": 99.8, "expected_version": latest},
            by=people.rm,
        )
    )
    do.on(other)(
        Command(
            "correct_measurement",
            args | {"value": 99.9, "expected_version": latest + 1},
            by=people.manager,
        )
    )
    with pytest.raises(ConflictError, match="Someone else changed this measurement"):
        do.undo(again)
    assert get(db, Measurement, rec.result).value == 99.9


# -- escalations -------------------------------------------------------------------------------


def test_a_discussion_note_is_taken_back_and_put_back(db, do, people, exp_id):
    esc_id = escalated(do, db, people, exp_id)
    noted = do(on_escalation("discuss", esc_id, db, people.manager, text="Met the CFO"))
    assert get(db, Escalation, esc_id).status is EscalationStatus.IN_DISCUSSION
    undone = do.undo(noted)
    assert get(db, EscalationEvent, noted.result) is None
    assert get(db, Escalation, esc_id).status is EscalationStatus.OPEN
    do.redo(undone)
    assert get(db, EscalationEvent, noted.result).text == "Met the CFO"  # the same note
    assert get(db, Escalation, esc_id).status is EscalationStatus.IN_DISCUSSION


def test_undo_of_a_note_is_refused_once_something_was_added_after_it(db, do, other, people, exp_id):
    esc_id = escalated(do, db, people, exp_id)
    noted = do(on_escalation("discuss", esc_id, db, people.manager, text="Met the CFO"))
    do.on(other)(on_escalation("discuss", esc_id, other, people.rm, text="Called Bea back"))
    with pytest.raises(ConflictError, match=r"Rui Relman noted a discussion.*Called Bea back"):
        do.undo(noted)
    assert count(db, EscalationEvent, EscalationEvent.escalation_id == esc_id) == 3


def test_the_manager_takes_a_resolution_back_and_the_expectation_is_escalated_again(
    db, do, people, exp_id
):
    esc_id = escalated(do, db, people, exp_id)
    events = count(db, ExpectationEvent)
    resolved = do(
        on_escalation("resolve", esc_id, db, people.manager, resolution="99.5 % it is", terms=TERMS)
    )
    assert get(db, Expectation, exp_id).status is S.AGREED
    undone = do.undo(resolved)
    esc, exp = get(db, Escalation, esc_id), get(db, Expectation, exp_id)
    assert (esc.status, esc.resolved_at, esc.resolution) == (EscalationStatus.OPEN, None, "")
    assert (exp.status, exp.target, exp.agreed_at) == (S.ESCALATED, None, None)
    assert count(db, ExpectationEvent) == events
    assert count(db, EscalationEvent, EscalationEvent.escalation_id == esc_id) == 1
    with db.read_session() as s:
        assert expectation_views.expectation_detail(s, exp_id).open_escalation_id == esc_id

    redone = do.redo(undone)  # resolved again, by the same rules
    esc, exp = get(db, Escalation, esc_id), get(db, Expectation, exp_id)
    assert (esc.status, esc.resolution, exp.status, exp.target) == (
        EscalationStatus.RESOLVED,
        "99.5 % it is",
        S.AGREED,
        99.5,
    )
    # measured against the agreement it reached: no longer taken back
    args = {"expectation_id": exp_id, "period": PERIOD, "value": 99.9}
    do(Command("record_measurement", args, by=people.rm))
    with pytest.raises(RuleError, match="measured against this agreement since"):
        do.undo(redone)
    assert get(db, Escalation, esc_id).status is EscalationStatus.RESOLVED


def test_taking_a_resolution_back_is_refused_once_someone_took_a_step_on_the_expectation(
    db, do, other, people, exp_id
):
    esc_id = escalated(do, db, people, exp_id)
    resolved = do(on_escalation("resolve", esc_id, db, people.manager, resolution="No agreement"))
    assert get(db, Expectation, exp_id).status is S.DISAGREED
    step(do.on(other), db, exp_id, "propose", people.rm, party=Party.IT, target=99.2, text="99.2")
    with pytest.raises(ConflictError, match="Someone else changed this expectation"):
        do.undo(resolved)
    assert get(db, Escalation, esc_id).status is EscalationStatus.RESOLVED


def test_a_withdrawal_of_the_escalation_is_undone_and_redone(db, do, people, exp_id):
    esc_id = escalated(do, db, people, exp_id)
    withdrawn = do(
        on_escalation("withdraw_escalation", esc_id, db, people.manager, reason="Dropped")
    )
    assert get(db, Expectation, exp_id).status is S.DISAGREED
    undone = do.undo(withdrawn)
    assert get(db, Escalation, esc_id).status is EscalationStatus.OPEN
    assert get(db, Expectation, exp_id).status is S.ESCALATED
    do.redo(undone)
    assert get(db, Escalation, esc_id).status is EscalationStatus.WITHDRAWN
    assert get(db, Expectation, exp_id).status is S.DISAGREED
