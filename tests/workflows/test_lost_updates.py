"""Lost updates (issue 12.3): every edit carries the version its form read, and an edit based
on a version someone else has since saved over is refused, writing nothing."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from relman.errors import ConflictError
from relman.models import BusinessUnit, Contact, Service, Staff
from relman.storage import Database
from relman.workflows import assessments, contacts, portfolio, services, staff

# (model, make the record, its update workflow, the field both writers change)
CASES: list[tuple[type, Callable[[Session], Any], Callable[..., Any], str]] = [
    (BusinessUnit, lambda s: portfolio.create_unit(s, "Finance"), portfolio.update_unit, "notes"),
    (
        Contact,
        lambda s: contacts.create_contact(s, "Ann Contact"),
        contacts.update_contact,
        "notes",
    ),
    (Service, lambda s: services.create_service(s, "Payroll"), services.update_service, "owner"),
    (Staff, lambda s: staff.add_staff(s, "Sam Staff"), staff.update_staff, "name"),
]


def read(db: Database, model: type, record_id: uuid.UUID) -> Any:
    with db.read_session() as s:
        return s.get(model, record_id)


@pytest.mark.parametrize(("model", "make", "update", "field"), CASES, ids=lambda c: "")
def test_the_second_of_two_writers_who_read_the_same_version_is_refused(
    db: Database, model: type, make: Callable, update: Callable, field: str
) -> None:
    with db.session() as s:
        record_id = make(s).id
    # two forms are opened on the same record: both read version v
    first_read = read(db, model, record_id).version
    second_read = read(db, model, record_id).version
    with db.session() as s:
        saved = update(s, record_id, expected_version=first_read, **{field: "First writer"})
        assert saved.version == first_read + 1, "the edit returns the version it produced"
    with pytest.raises(ConflictError) as err, db.session() as s:
        update(s, record_id, expected_version=second_read, **{field: "Second writer"})
    assert "Someone else changed" in err.value.message
    record = read(db, model, record_id)
    assert getattr(record, field) == "First writer", "the first writer's value survives"
    assert record.version == first_read + 1, "nothing was written by the refused edit"
    # reloaded, the second writer saves on top of the first
    with db.session() as s:
        update(s, record_id, expected_version=record.version, **{field: "Second writer"})
    assert getattr(read(db, model, record_id), field) == "Second writer"


def test_a_missing_record_is_not_found_before_any_version_is_compared(db: Database) -> None:
    from relman.errors import NotFoundError

    with pytest.raises(NotFoundError), db.session() as s:
        portfolio.update_unit(s, uuid.uuid4(), expected_version=1, notes="x")


def test_the_version_is_required_of_every_caller(db: Database) -> None:
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "Finance").id
    with pytest.raises(TypeError, match="expected_version"), db.session() as s:
        portfolio.update_unit(s, unit_id, notes="no version said")  # type: ignore[call-arg]


def test_an_assessment_does_not_move_the_contacts_version(db: Database, people) -> None:
    """The key-customer status is derived from assessments, not typed into the contact: an
    assessment made meanwhile must not refuse a contact's open edit form (nor the undo of
    an edit made before it) as a conflict."""
    with db.session() as s:
        contact_id = contacts.create_contact(s, "Kim Key").id
    opened_at = read(db, Contact, contact_id).version
    with db.session() as s:
        assessments.assess_contact(s, contact_id, [True] * 7, by=people.rm)
    contact = read(db, Contact, contact_id)
    assert contact.is_key and contact.version == opened_at
    with db.session() as s:
        contacts.update_contact(s, contact_id, expected_version=opened_at, notes="Met her")
    assert read(db, Contact, contact_id).notes == "Met her"
