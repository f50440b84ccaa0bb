"""Undoing a step of the method never deletes other people's work (issue 16.5): on a shared
database A escalates an expectation, B (Mara, the manager) notes a discussion of the
escalation, and A's undo of the escalation is refused naming Mara, deleting nothing. A step
is undone only when what it wrote is still all there is. Two writers on one SQLite file: the
``db`` fixture is A's handle, a second handle without the lock stands in for B's laptop."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from relman.errors import ConflictError
from relman.models import (
    Dependence,
    Escalation,
    EscalationEvent,
    Expectation,
    ExpectationEvent,
    ExpectationStatus,
    Party,
)
from relman.storage import Database
from relman.workflows import contacts, escalations, portfolio, services
from relman.workflows import expectation_steps as steps
from relman.workflows import expectations as ex

SUMMARY = "They want 100 %, we offer 99 %"
TALK = "Met the CFO: 99.5 % might do"


@pytest.fixture
def disagreed(db: Database, people) -> uuid.UUID:
    """An expectation negotiated without agreement, ready to be escalated."""
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        service = services.create_service(s, "CRM")
        portfolio.set_dependency(s, unit.id, service.id, Dependence.HIGH)
        boss = contacts.create_contact(s, "Bea Boss", unit_id=unit.id)
        carla = contacts.create_contact(s, "Carla", unit_id=unit.id, manager_id=boss.id)
        exp_id = ex.state_expectation(
            s,
            unit_id=unit.id,
            service_id=service.id,
            statement="The CRM is up all day",
            by=people.rm,
            contact_id=carla.id,
        ).id
    for step, given in (
        ("validate", {}),
        ("propose", {"party": Party.IT, "target": 99, "text": "99 %"}),
        ("disagree", {"text": "They want 100 %"}),
    ):
        take(db, people, exp_id, step, **given)
    return exp_id


def version(db: Database, exp_id: uuid.UUID) -> int:
    with db.read_session() as s:
        return s.get(Expectation, exp_id).version


def take(db: Database, people, exp_id: uuid.UUID, step: str, **given) -> steps.StepRecord:
    with db.session() as s:
        return steps.take_step(
            s, exp_id, step, expected_version=version(db, exp_id), by=people.rm, **given
        )


def count(db: Database, model: type) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_undoing_an_escalation_refuses_when_someone_else_wrote_in_it(
    db: Database, other: Database, people, disagreed: uuid.UUID
) -> None:
    record = take(db, people, disagreed, "escalate", summary=SUMMARY)
    escalation = next(i for t, i in record.created if t == "escalations")
    with other.session() as s:  # B, the manager, notes a discussion in A's escalation
        escalations.discuss(s, escalation, by=people.manager, text=TALK)
    events, steps_taken = count(db, EscalationEvent), count(db, ExpectationEvent)

    with pytest.raises(ConflictError) as refused, db.session() as s:
        steps.revert_step(s, record, expected_version=record.version)
    message = refused.value.message
    assert message.startswith("Mara Manager's escalation event “Met the CFO"), message
    assert "nothing was undone" in message
    # nothing deleted: the escalation, Mara's note and A's step are all there
    assert count(db, Escalation) == 1
    assert count(db, EscalationEvent) == events == 2
    assert count(db, ExpectationEvent) == steps_taken
    with db.read_session() as s:
        assert s.get(Expectation, disagreed).status is ExpectationStatus.ESCALATED


def test_undoing_an_escalation_no_one_else_touched_still_works_and_redo_puts_it_back(
    db: Database, people, disagreed: uuid.UUID
) -> None:
    record = take(db, people, disagreed, "escalate", summary=SUMMARY)
    with db.session() as s:
        exp, snapshots = steps.revert_step(s, record, expected_version=record.version)
        after_undo = exp.version
    assert count(db, Escalation) == 0 and count(db, EscalationEvent) == 0
    with db.session() as s:
        steps.replay_step(s, record, snapshots, expected_version=after_undo)
    assert count(db, Escalation) == 1 and count(db, EscalationEvent) == 1
    with db.session() as s:  # and undone again: what it wrote is still all there is
        steps.revert_step(s, record, expected_version=version(db, disagreed))
    assert count(db, Escalation) == 0
