"""Named commands of the people pages (contacts, staff, services, key-customer criteria and
assessments), run as the window runs them: each works, its undo puts things back and its redo
does it again, and the undo refuses when someone else changed the record since or others'
rows depend on it. Qt-free (the ``do`` fixture, tests/conftest.py)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from relman.errors import ConflictError, RuleError
from relman.models import (
    Assessment,
    AssessmentCriterion,
    Contact,
    KeyCriterion,
    Service,
    Staff,
    StaffRole,
)
from relman.storage import Database
from relman.workflows import (  # each registers its commands
    assessments,  # noqa: F401
    commands,
    contacts,
    expectations,
    key_customers,
    portfolio,
    services,  # noqa: F401
    staff,  # noqa: F401
)
from relman.workflows.commands import Command


def get(db: Database, model: type, record_id: uuid.UUID) -> Any:
    with db.read_session() as s:
        found = s.get(model, record_id)
        if found is not None:
            s.expunge(found)
        return found


def count(db: Database, model: type, *where: object) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


def in_use(db: Database) -> list[str]:
    with db.read_session() as s:
        return [c.name for c in key_customers.criteria(s)]


def criterion(db: Database, name: str) -> KeyCriterion:
    with db.read_session() as s:
        found = s.scalar(select(KeyCriterion).where(KeyCriterion.name == name))
        s.expunge(found)
        return found


def test_every_change_of_the_people_pages_is_a_command() -> None:
    names = set(commands.REGISTRY)  # the modules imported above have registered theirs
    assert {
        "create_contact",
        "update_contact",
        "archive_contact",
        "unarchive_contact",
        "add_staff",
        "update_staff",
        "archive_staff",
        "unarchive_staff",
        "create_service",
        "update_service",
        "archive_service",
        "unarchive_service",
        "add_criterion",
        "update_criterion",
        "retire_criterion",
        "restore_criterion",
        "move_criterion",
        "assess_contact",
        "delete_assessment",
    } <= names


# -- contacts ----------------------------------------------------------------------------------


def test_creating_a_contact_is_undone_and_redone(db, do, people) -> None:
    unit_id = do(Command("create_unit", {"name": "Sales"})).result
    created = do(
        Command(
            "create_contact",
            {"name": "Ann Lee", "unit_id": unit_id, "title": "CFO", "email": "ann@x.org"},
            by=people.rm,
            text="creation of contact Ann Lee",
        )
    )
    assert get(db, Contact, created.result).title == "CFO"
    undone = do.undo(created)
    assert get(db, Contact, created.result) is None
    do.redo(undone)
    again = get(db, Contact, created.result)
    assert (again.name, again.unit_id, again.email) == ("Ann Lee", unit_id, "ann@x.org")


def test_undo_of_a_contact_refuses_when_someone_else_assessed_them(db, do, other, people) -> None:
    created = do(Command("create_contact", {"name": "Ann Lee"}, by=people.rm))
    do.on(other)(
        Command(
            "assess_contact",
            {"contact_id": created.result, "criteria": [True] + [False] * 6},
            by=people.manager,
        )
    )
    with pytest.raises(ConflictError, match="Mara Manager's assessment depends on Ann Lee"):
        do.undo(created)
    assert get(db, Contact, created.result) is not None
    assert count(db, Assessment) == 1


def test_editing_a_contact_is_undone_and_redone(db, do, people) -> None:
    boss = do(Command("create_contact", {"name": "Bo Boss"})).result
    ann = do(Command("create_contact", {"name": "Ann Lee", "phone": "123"})).result
    edited = do(
        Command(
            "update_contact",
            {
                "contact_id": ann,
                "expected_version": 1,
                "name": "Ann Lee-Smith",
                "manager_id": boss,
            },
            by=people.rm,
        )
    )
    assert get(db, Contact, ann).manager_id == boss
    undone = do.undo(edited)
    back = get(db, Contact, ann)
    assert (back.name, back.manager_id, back.phone) == ("Ann Lee", None, "123")
    do.redo(undone)
    assert (get(db, Contact, ann).name, get(db, Contact, ann).manager_id) == (
        "Ann Lee-Smith",
        boss,
    )


def test_undo_of_a_contact_edit_refuses_when_someone_else_saved_it_since(
    db, do, other, people
) -> None:
    ann = do(Command("create_contact", {"name": "Ann Lee"})).result
    edited = do(
        Command("update_contact", {"contact_id": ann, "expected_version": 1, "title": "CFO"})
    )
    do.on(other)(
        Command("update_contact", {"contact_id": ann, "expected_version": 2, "title": "CEO"})
    )
    with pytest.raises(ConflictError, match="Someone else changed this contact"):
        do.undo(edited)
    assert get(db, Contact, ann).title == "CEO"


def test_archiving_a_contact_is_undone_and_refused_on_an_old_version(db, do, people) -> None:
    ann = do(Command("create_contact", {"name": "Ann Lee"})).result
    archived = do(Command("archive_contact", {"contact_id": ann, "expected_version": 1}))
    assert get(db, Contact, ann).archived_at is not None
    restored = do.undo(archived)
    assert get(db, Contact, ann).archived_at is None
    do.redo(restored)
    assert get(db, Contact, ann).archived_at is not None
    with pytest.raises(ConflictError):
        do(Command("unarchive_contact", {"contact_id": ann, "expected_version": 1}))


# -- staff -------------------------------------------------------------------------------------


def test_adding_a_staff_member_is_undone_and_redone(db, do, people) -> None:
    added = do(
        Command(
            "add_staff",
            {
                "name": "Nia New",
                "role": StaffRole.RM,
                "email": "nia@x.org",
                "reports_to": people.manager,
            },
            by=people.manager,
        )
    )
    assert get(db, Staff, added.result).reports_to_id == people.manager
    undone = do.undo(added)
    assert get(db, Staff, added.result) is None
    do.redo(undone)
    assert get(db, Staff, added.result).email == "nia@x.org"


def test_undo_of_a_staff_member_refuses_once_they_did_work(db, do, other, people) -> None:
    added = do(Command("add_staff", {"name": "Nia New"}, by=people.manager))
    ann = do(Command("create_contact", {"name": "Ann Lee"})).result
    do.on(other)(
        Command("assess_contact", {"contact_id": ann, "criteria": [True] * 7}, by=added.result)
    )
    with pytest.raises(
        ConflictError,
        match=r"Nia New is named as the author of work recorded since \(1 assessment\)",
    ):
        do.undo(added)
    assert get(db, Staff, added.result) is not None


def test_editing_a_staff_member_is_undone_and_refused_after_someone_elses_save(
    db, do, other, people
) -> None:
    version = get(db, Staff, people.rm).version
    edited = do(
        Command(
            "update_staff",
            {
                "staff_id": people.rm,
                "expected_version": version,
                "role": StaffRole.MANAGER,
                "reports_to_id": None,
            },
        )
    )
    undone = do.undo(edited)
    back = get(db, Staff, people.rm)
    assert (back.role, back.reports_to_id) == (StaffRole.RM, people.manager)
    redone = do.redo(undone)
    assert get(db, Staff, people.rm).role == StaffRole.MANAGER
    do.on(other)(
        Command(
            "update_staff",
            {
                "staff_id": people.rm,
                "expected_version": get(db, Staff, people.rm).version,
                "email": "rui@x.org",
            },
        )
    )
    with pytest.raises(ConflictError):
        do.undo(redone)
    assert get(db, Staff, people.rm).role == StaffRole.MANAGER


def test_archiving_a_staff_member_is_undone(db, do, people) -> None:
    version = get(db, Staff, people.rm).version
    archived = do(Command("archive_staff", {"staff_id": people.rm, "expected_version": version}))
    assert get(db, Staff, people.rm).archived_at is not None
    do.undo(archived)
    assert get(db, Staff, people.rm).archived_at is None


# -- services ----------------------------------------------------------------------------------


def test_creating_a_service_is_undone_and_redone(db, do, people) -> None:
    created = do(
        Command("create_service", {"name": "Mail", "owner": "Ops", "description": "E-mail"})
    )
    undone = do.undo(created)
    assert get(db, Service, created.result) is None
    do.redo(undone)
    assert get(db, Service, created.result).owner == "Ops"


def test_undo_of_a_service_refuses_when_someone_else_recorded_against_it(
    db, do, other, people
) -> None:
    created = do(Command("create_service", {"name": "Mail"}))
    with other.session() as s:
        unit = portfolio.create_unit(s, "Sales")
        expectations.state_expectation(
            s, unit_id=unit.id, service_id=created.result, statement="Up all day", by=people.rm
        )
    with pytest.raises(
        ConflictError, match=r"Mail has history recorded against it since \(1 expectation\)"
    ):
        do.undo(created)
    assert get(db, Service, created.result) is not None


def test_editing_a_service_is_undone_and_refused_after_someone_elses_save(
    db, do, other, people
) -> None:
    mail = do(Command("create_service", {"name": "Mail"})).result
    edited = do(
        Command(
            "update_service",
            {"service_id": mail, "expected_version": 1, "name": "E-mail", "owner": "Ops"},
        )
    )
    undone = do.undo(edited)
    assert (get(db, Service, mail).name, get(db, Service, mail).owner) == ("Mail", "")
    redone = do.redo(undone)
    assert get(db, Service, mail).name == "E-mail"
    do.on(other)(
        Command(
            "update_service",
            {"service_id": mail, "expected_version": get(db, Service, mail).version, "owner": "IT"},
        )
    )
    with pytest.raises(ConflictError):
        do.undo(redone)
    assert get(db, Service, mail).owner == "IT"


def test_archiving_a_service_is_undone(db, do) -> None:
    mail = do(Command("create_service", {"name": "Mail"})).result
    archived = do(Command("archive_service", {"service_id": mail, "expected_version": 1}))
    do.undo(archived)
    assert get(db, Service, mail).archived_at is None


# -- key-customer criteria ---------------------------------------------------------------------


def test_adding_a_criterion_is_undone_and_redone(db, do, people) -> None:
    added = do(
        Command(
            "add_criterion",
            {"name": "Pays on time", "question": "Do they?", "excludes_unreasonable": True},
        )
    )
    assert in_use(db)[-1] == "Pays on time"
    undone = do.undo(added)
    assert "Pays on time" not in in_use(db)
    do.redo(undone)
    assert get(db, KeyCriterion, added.result).question == "Do they?"


def test_undo_of_a_criterion_refuses_once_someone_answered_it(db, do, other, people) -> None:
    added = do(Command("add_criterion", {"name": "Pays on time"}))
    ann = do(Command("create_contact", {"name": "Ann Lee"})).result
    do.on(other)(
        Command("assess_contact", {"contact_id": ann, "criteria": [False] * 8}, by=people.rm)
    )
    with pytest.raises(
        ConflictError, match="“Pays on time” has been answered in 1 assessment since"
    ):
        do.undo(added)
    assert "Pays on time" in in_use(db)
    assert count(db, AssessmentCriterion) == 8


def test_editing_a_criterion_is_undone_and_refused_after_someone_elses_save(db, do, other) -> None:
    first = criterion(db, in_use(db)[0])
    edited = do(
        Command(
            "update_criterion",
            {"criterion_id": first.id, "expected_version": first.version, "name": "Shared goals"},
        )
    )
    undone = do.undo(edited)
    assert in_use(db)[0] == first.name
    redone = do.redo(undone)
    assert in_use(db)[0] == "Shared goals"
    now = get(db, KeyCriterion, first.id).version
    do.on(other)(
        Command(
            "update_criterion",
            {"criterion_id": first.id, "expected_version": now, "question": "Theirs?"},
        )
    )
    with pytest.raises(ConflictError):
        do.undo(redone)
    assert in_use(db)[0] == "Shared goals"


def test_retiring_a_criterion_is_undone_by_restoring_it_and_redone(db, do) -> None:
    names = in_use(db)
    second = criterion(db, names[1])
    retired = do(
        Command("retire_criterion", {"criterion_id": second.id, "expected_version": second.version})
    )
    assert names[1] not in in_use(db)
    restored = do.undo(retired)
    assert in_use(db) == names  # in its old place
    do.redo(restored)
    assert names[1] not in in_use(db)


def test_undo_of_a_restore_keeps_the_last_criterion_rule(db, do, other) -> None:
    """Undoing a restore retires the criterion again: refused if it is by then the only
    one in use (the rule is checked inside the undo's write)."""
    names = in_use(db)
    last = criterion(db, names[-1])
    do(Command("retire_criterion", {"criterion_id": last.id, "expected_version": last.version}))
    restored = do(
        Command(
            "restore_criterion",
            {"criterion_id": last.id, "expected_version": last.version + 1},
        )
    )
    for name in names[:-1]:
        c = criterion(db, name)
        do.on(other)(
            Command("retire_criterion", {"criterion_id": c.id, "expected_version": c.version})
        )
    with pytest.raises(RuleError, match="last criterion in use"):
        do.undo(restored)
    assert in_use(db) == [names[-1]]


def test_moving_a_criterion_is_undone_and_redone(db, do) -> None:
    names = in_use(db)
    third = criterion(db, names[2])
    moved = do(
        Command(
            "move_criterion",
            {"criterion_id": third.id, "offset": -1, "expected_version": third.version},
        )
    )
    assert in_use(db)[1:3] == [names[2], names[1]]
    undone = do.undo(moved)
    assert in_use(db) == names
    do.redo(undone)
    assert in_use(db)[1:3] == [names[2], names[1]]


def test_undo_of_a_move_as_far_as_it_went(db, do) -> None:
    """A move asked beyond the first place stops there; its undo moves it back as far as it
    went, not as far as it was asked."""
    names = in_use(db)
    third = criterion(db, names[2])
    moved = do(
        Command(
            "move_criterion",
            {"criterion_id": third.id, "offset": -5, "expected_version": third.version},
        )
    )
    assert in_use(db)[0] == names[2]
    do.undo(moved)
    assert in_use(db) == names


def test_a_move_that_moves_nothing_says_so(db, do) -> None:
    first = criterion(db, in_use(db)[0])
    outcome = do(
        Command(
            "move_criterion",
            {"criterion_id": first.id, "offset": -1, "expected_version": first.version},
        )
    )
    assert outcome.inverse is None
    assert "already first" in outcome.why_not


def test_undo_of_a_move_refuses_when_someone_else_changed_the_criterion(db, do, other) -> None:
    names = in_use(db)
    third = criterion(db, names[2])
    moved = do(
        Command(
            "move_criterion",
            {"criterion_id": third.id, "offset": 1, "expected_version": third.version},
        )
    )
    now = get(db, KeyCriterion, third.id).version
    do.on(other)(
        Command(
            "update_criterion",
            {"criterion_id": third.id, "expected_version": now, "question": "Reworded"},
        )
    )
    with pytest.raises(ConflictError):
        do.undo(moved)
    assert in_use(db)[3] == names[2]


# -- assessments -------------------------------------------------------------------------------


def test_assessing_a_contact_is_undone_with_the_status_and_redone(db, do, people) -> None:
    ann = do(Command("create_contact", {"name": "Ann Lee"})).result
    with db.read_session() as s:
        second = key_customers.criteria(s)[1].id
    assessed = do(
        Command(
            "assess_contact",
            {
                "contact_id": ann,
                "criteria": [True] + [False] * 6,
                "notes": {second: "Not yet"},
            },
            by=people.rm,
            text="assessment of Ann Lee",
        )
    )
    assert isinstance(assessed.result, uuid.UUID)
    assert get(db, Contact, ann).is_key
    undone = do.undo(assessed)
    assert not get(db, Contact, ann).is_key
    assert count(db, Assessment) == 0 and count(db, AssessmentCriterion) == 0
    do.redo(undone)
    assert get(db, Contact, ann).is_key
    with db.read_session() as s:
        (row,) = contacts.contact_detail(s, ann).assessments
    assert (row.id, row.assessor, row.notes[1]) == (assessed.result, "Rui Relman", "Not yet")


def test_undo_of_an_assessment_leaves_the_status_of_someone_elses_later_one(
    db, do, other, people
) -> None:
    ann = do(Command("create_contact", {"name": "Ann Lee"})).result
    mine = do(Command("assess_contact", {"contact_id": ann, "criteria": [False] * 7}, by=people.rm))
    do.on(other)(
        Command("assess_contact", {"contact_id": ann, "criteria": [True] * 7}, by=people.manager)
    )
    do.undo(mine)
    assert get(db, Contact, ann).is_key  # theirs is the latest, and stands
    assert count(db, Assessment) == 1


def test_undo_of_an_assessment_someone_else_undid_already_is_refused(db, do, other, people) -> None:
    """An assessment is never edited, only made or taken back: the undo is refused when
    it was taken back already, elsewhere."""
    ann = do(Command("create_contact", {"name": "Ann Lee"})).result
    assessed = do(
        Command("assess_contact", {"contact_id": ann, "criteria": [True] * 7}, by=people.rm)
    )
    undone = do.on(other)(assessed.inverse)  # someone else's window undid it meanwhile
    assert undone.inverse is not None
    with pytest.raises(Exception, match="no longer exists"):
        do.undo(assessed)
    assert not get(db, Contact, ann).is_key


def test_an_assessment_without_an_author_is_refused_and_leaves_nothing(db, do) -> None:
    ann = do(Command("create_contact", {"name": "Ann Lee"})).result
    with pytest.raises(Exception, match="Choose who you are"):
        do(Command("assess_contact", {"contact_id": ann, "criteria": [True] * 7}))
    assert count(db, Assessment) == 0
