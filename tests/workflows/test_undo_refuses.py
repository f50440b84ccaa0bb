"""Undo never deletes other people's work (issue 16.5): on a shared database A creates a
unit, B states an expectation in it, and A's undo of the creation (a removal told which rows
the creation made) is refused with B's name, deleting nothing. The same for a delete
confirmed before someone else added to the record. Two writers on one SQLite file: the
``db`` fixture is A's handle, a second handle without the lock stands in for B's laptop."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from relman.errors import ConflictError
from relman.models import (
    BusinessUnit,
    Contact,
    Dependence,
    Expectation,
    ExpectationEvent,
    MeetingKind,
    UnitService,
)
from relman.storage import Database
from relman.workflows import (
    contacts,
    expectations,
    history,
    meetings,
    portfolio,
    services,
    staff,
)

STATEMENT = "Mail must be up 99.9% of the month"


def count(db: Database, model: type, *where: object) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


def a_removes(db: Database, unit_id: uuid.UUID, known: frozenset, done: str) -> history.Snapshot:
    """A's removal of the unit, told what A knows it takes (as undo and delete do)."""
    with db.session() as s:
        return history.remove(s, "business_units", unit_id, known=known, done=done)


def a_creates_sales(db: Database, by: uuid.UUID) -> tuple[uuid.UUID, frozenset]:
    """A creates Sales with its RM; what the creation made is noted in the same transaction."""
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[by])
        return unit.id, history.rows_of(s, "business_units", unit.id)


def b_states_an_expectation(other: Database, unit_id: uuid.UUID, by: uuid.UUID) -> uuid.UUID:
    with other.session() as s:
        mail = services.create_service(s, "Mail")
        return expectations.state_expectation(
            s, unit_id=unit_id, service_id=mail.id, statement=STATEMENT, by=by
        ).id


def test_undo_of_a_creation_refuses_when_someone_else_added_to_it(
    db: Database, other: Database, people
) -> None:
    with db.session() as s:
        ana = staff.add_staff(s, "Ana Author").id
    unit_id, created = a_creates_sales(db, ana)
    exp_id = b_states_an_expectation(other, unit_id, people.rm)  # B is Rui Relman

    with pytest.raises(ConflictError) as refused:
        a_removes(db, unit_id, created, "undone")
    message = refused.value.message
    assert message.startswith(f"Rui Relman's expectation “{STATEMENT}” depends on Sales")
    assert "nothing was undone" in message
    # nothing deleted: the unit, B's expectation and its history are all there
    assert count(db, BusinessUnit, BusinessUnit.id == unit_id) == 1
    assert count(db, Expectation, Expectation.id == exp_id) == 1
    assert count(db, ExpectationEvent, ExpectationEvent.expectation_id == exp_id) == 1


def test_undo_of_a_creation_still_works_when_nothing_else_depends_on_it(
    db: Database, people
) -> None:
    unit_id, created = a_creates_sales(db, people.rm)
    snapshot = a_removes(db, unit_id, created, "undone")
    assert count(db, BusinessUnit) == 0
    with db.session() as s:  # and redo puts back the same unit, with its RM
        history.put_back(s, snapshot)
    with db.read_session() as s:
        assert [r.name for r in portfolio.unit_detail(s, unit_id).rms] == ["Rui Relman"]


def test_a_link_someone_else_made_is_not_unlinked_by_an_undo(
    db: Database, other: Database, people
) -> None:
    """A contact B put in the unit would survive the delete but lose its unit: refused too."""
    unit_id, created = a_creates_sales(db, people.rm)
    with other.session() as s:
        ann = contacts.create_contact(s, "Ann Buyer", unit_id=unit_id).id
    with pytest.raises(ConflictError, match="The contact “Ann Buyer”, added since, depends on"):
        a_removes(db, unit_id, created, "undone")
    with db.read_session() as s:
        assert s.get(Contact, ann).unit_id == unit_id


def test_the_author_of_a_linked_record_is_named(db: Database, other: Database, people) -> None:
    """A meeting B recorded with the unit says who recorded it."""
    unit_id, created = a_creates_sales(db, people.manager)
    with other.session() as s:
        meetings.record_meeting(
            s,
            kind=MeetingKind.MONTHLY_REVIEW,
            unit_id=unit_id,
            held_at=dt.datetime.now(dt.UTC),
            by=people.rm,
        )
    with pytest.raises(ConflictError, match=r"^Rui Relman's meeting depends on Sales; nothing"):
        a_removes(db, unit_id, created, "undone")
    assert count(db, BusinessUnit) == 1


def test_a_confirmed_delete_refuses_what_was_added_after_the_question(
    db: Database, other: Database, people
) -> None:
    """The delete is checked against what the user was shown, in the deleting transaction."""
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "Sales").id
        mail = services.create_service(s, "Mail").id
        portfolio.set_dependency(s, unit_id, mail, Dependence.HIGH)
    with db.read_session() as s:  # the question "Delete Sales?" is asked on what is there now
        shown = history.rows_of(s, "business_units", unit_id)
    b_states_an_expectation_in(other, unit_id, mail, people.rm)
    with pytest.raises(ConflictError, match=r"^Rui Relman's expectation .* nothing was deleted"):
        a_removes(db, unit_id, shown, "deleted")
    assert count(db, BusinessUnit) == 1
    assert count(db, Expectation) == 1
    assert count(db, UnitService) == 1


def b_states_an_expectation_in(
    other: Database, unit_id: uuid.UUID, service_id: uuid.UUID, by: uuid.UUID
) -> None:
    with other.session() as s:
        expectations.state_expectation(
            s, unit_id=unit_id, service_id=service_id, statement=STATEMENT, by=by
        )
