"""Named commands (relman/workflows/commands.py): plain arguments, an inverse built in the same
transaction, an audit line per command, and no write outside a command. Undo is tested here
without Qt: each inverse is run as the window runs it, after a trip through its JSON form."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import uuid

import pytest
from sqlalchemy import func, insert, select

from relman.errors import ConflictError, RuleError
from relman.models import (
    BusinessUnit,
    CommandRecord,
    Criticality,
    Dependence,
    Expectation,
    ExpectationStatus,
    Service,
    UnitService,
    unit_rms,
)
from relman.storage import Database
from relman.workflows import (
    audit,
    commands,
    expectations,
    history,
    plain,
    portfolio,
    services,
)
from relman.workflows.commands import Command, UnknownCommand, UnnamedWrite


def count(db: Database, model: type, *where: object) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where)) or 0


def unit(db: Database, unit_id: uuid.UUID) -> BusinessUnit | None:
    with db.read_session() as s:
        found = s.get(BusinessUnit, unit_id)
        if found is not None:
            s.expunge(found)
        return found


# -- plain values ------------------------------------------------------------------------------


def test_every_kind_of_argument_survives_its_json_form() -> None:
    value = {
        "id": uuid.uuid4(),
        "when": dt.datetime(2026, 12, 7, 21, 5, tzinfo=dt.UTC),
        "day": dt.date(2026, 12, 7),
        "at": dt.time(9, 30),
        "money": decimal.Decimal("12.50"),
        "level": Dependence.HIGH,
        "status": ExpectationStatus.AGREED,
        "pair": ("business_units", (uuid.uuid4(),)),
        "keys": frozenset({("unit_rms", (uuid.uuid4(), uuid.uuid4()))}),
        "by_id": {uuid.uuid4(): Dependence.LOW, uuid.uuid4(): None},
        "$looks_tagged": "a key that starts like a tag",
        "text": "<b>Tom & Jerry</b> 'quoted' 😀 中文 مرحبا =1+1",
        "nested": [1, 2.5, True, None, {"a": [dt.date(2025, 1, 1)]}],
        "command": Command("archive_unit", {"unit_id": uuid.uuid4()}, by=uuid.uuid4()),
    }
    assert plain.loads(plain.dumps(value)) == value


def test_a_value_that_cannot_travel_is_refused_when_written() -> None:
    class Colour(enum.Enum):  # not one of relman's
        RED = "red"

    with pytest.raises(TypeError, match="cannot carry a object"):
        plain.dumps({"x": object()})
    with pytest.raises(KeyError):
        plain.loads(plain.dumps({"c": Colour.RED}))


# -- running a command -------------------------------------------------------------------------


def test_a_command_is_audited_with_its_author_arguments_and_result(db, do, people) -> None:
    outcome = do(
        Command(
            "create_unit",
            {"name": "Sales", "criticality": Criticality.HIGH, "rms": [people.rm]},
            by=people.rm,
            text="creation of unit Sales",
        )
    )
    unit_id = outcome.result
    assert isinstance(unit_id, uuid.UUID)
    # what it changed: the unit, its RM, and the search index the unit's name is kept in
    assert {"business_units", "unit_rms"} <= outcome.changed
    assert "command_log" not in outcome.changed
    with db.read_session() as s:
        (line,) = s.scalars(select(CommandRecord)).all()
    assert (line.name, line.author_id, line.author) == ("create_unit", people.rm, "Rui Relman")
    assert (line.text, line.subject_id) == ("creation of unit Sales", unit_id)
    assert plain.loads(line.args) == {
        "name": "Sales",
        "criticality": Criticality.HIGH,
        "rms": [people.rm],
    }
    assert plain.loads(line.result) == unit_id
    assert line.at <= dt.datetime.now(dt.UTC)


def test_a_refused_command_leaves_neither_change_nor_audit(db, do, people) -> None:
    do(Command("create_unit", {"name": "Sales"}, by=people.rm))
    with pytest.raises(Exception, match="already"):
        do(Command("create_unit", {"name": "sales"}, by=people.rm))
    assert count(db, BusinessUnit) == 1
    assert count(db, CommandRecord) == 1


def test_an_unknown_command_is_refused_with_a_message(do) -> None:
    with pytest.raises(UnknownCommand, match="does not know the change “fly_to_moon”"):
        do(Command("fly_to_moon", {}))


def test_a_write_outside_a_command_is_refused(db) -> None:
    with pytest.raises(UnnamedWrite), db.session() as s:
        commands.require_commands(s)
        portfolio.create_unit(s, "Sneaky")
    with pytest.raises(UnnamedWrite), db.session() as s:
        commands.require_commands(s)
        s.execute(insert(BusinessUnit).values(id=uuid.uuid4(), name="Sneakier"))
    assert count(db, BusinessUnit) == 0


def test_a_command_must_say_its_inverse_or_why_not(db) -> None:
    @commands.command(name="careless_test_command")
    def careless(session, unit_id):  # changes nothing, says nothing
        return None

    try:
        refused = pytest.raises(UnnamedWrite, match="neither its inverse nor why not")
        with refused, db.session() as s:
            commands.execute(s, Command("careless_test_command", {"unit_id": None}))
    finally:
        del commands.REGISTRY["careless_test_command"]


def test_every_command_is_registered_by_a_workflow_module() -> None:
    names = commands.names()
    assert {"create_unit", "edit_unit", "delete_unit", "archive_unit", "take_back"} <= set(names)
    for name in names:
        assert commands.REGISTRY[name].fn.__module__.startswith("relman.workflows.")


# -- creation, and its undo --------------------------------------------------------------------


def test_undo_of_a_creation_takes_it_back_and_redo_puts_the_same_record_back(
    db, do, people
) -> None:
    created = do(Command("create_unit", {"name": "Sales", "rms": [people.rm]}, by=people.rm))
    undone = do.undo(created)
    assert unit(db, created.result) is None
    do.redo(undone)
    assert unit(db, created.result).name == "Sales"
    with db.read_session() as s:
        assert [r.name for r in portfolio.unit_detail(s, created.result).rms] == ["Rui Relman"]
    # each step is in the audit, under its own name
    with db.read_session() as s:
        assert s.scalars(select(CommandRecord.name).order_by(CommandRecord.at)).all() == [
            "create_unit",
            "take_back",
            "put_back",
        ]


def test_undo_of_a_creation_refuses_when_someone_else_added_to_it(db, do, other, people) -> None:
    created = do(Command("create_unit", {"name": "Sales"}, by=people.manager))
    with other.session() as s:
        mail = services.create_service(s, "Mail")
        expectations.state_expectation(
            s, unit_id=created.result, service_id=mail.id, statement="Up all day", by=people.rm
        )
    with pytest.raises(ConflictError, match=r"^Rui Relman's expectation “Up all day” depends"):
        do.undo(created)
    assert count(db, Expectation) == 1 and unit(db, created.result) is not None


# -- updates -----------------------------------------------------------------------------------


def test_undo_of_an_edit_puts_the_earlier_values_back_and_redo_the_new_ones(db, do, people) -> None:
    unit_id = do(Command("create_unit", {"name": "Sales"}, by=people.rm)).result
    version = unit(db, unit_id).version
    edited = do(
        Command(
            "edit_unit",
            {
                "unit_id": unit_id,
                "expected_version": version,
                "changes": {"name": "Sales EMEA", "criticality": Criticality.CRITICAL},
                "assign": [people.rm],
            },
            by=people.manager,
        )
    )
    undone = do.undo(edited)
    back = unit(db, unit_id)
    assert (back.name, back.criticality) == ("Sales", Criticality.MEDIUM)
    assert count(db, unit_rms, unit_rms.c.unit_id == unit_id) == 0
    do.redo(undone)
    again = unit(db, unit_id)
    assert (again.name, again.criticality) == ("Sales EMEA", Criticality.CRITICAL)
    assert count(db, unit_rms, unit_rms.c.unit_id == unit_id) == 1


def test_undo_of_an_edit_refuses_when_someone_else_saved_the_record_since(
    db, do, other, people
) -> None:
    unit_id = do(Command("create_unit", {"name": "Sales"}, by=people.rm)).result
    edited = do(
        Command(
            "edit_unit",
            {"unit_id": unit_id, "expected_version": 1, "changes": {"notes": "mine"}},
            by=people.rm,
        )
    )
    do.on(other)(
        Command(
            "edit_unit",
            {"unit_id": unit_id, "expected_version": 2, "changes": {"notes": "theirs"}},
            by=people.manager,
        )
    )
    with pytest.raises(ConflictError):
        do.undo(edited)
    assert unit(db, unit_id).notes == "theirs"


def test_undo_of_dependencies_sets_the_levels_they_had(db, do, people) -> None:
    unit_id = do(Command("create_unit", {"name": "Sales"}, by=people.rm)).result
    with db.session() as s:
        mail = services.create_service(s, "Mail").id
        web = services.create_service(s, "Web").id
        portfolio.set_dependency(s, unit_id, mail, Dependence.LOW)
    changed = do(
        Command(
            "set_dependencies",
            {"unit_id": unit_id, "levels": {mail: Dependence.HIGH, web: Dependence.MEDIUM}},
        )
    )
    do.undo(changed)
    with db.read_session() as s:
        links = {u.service_id: u.dependence for u in s.scalars(select(UnitService))}
    assert links == {mail: Dependence.LOW}


# -- deletes and archives ------------------------------------------------------------------------


def test_a_delete_checks_its_rules_inside_the_write(db, do, other, people) -> None:
    """Asked with no history, but someone gave the unit history before the delete ran."""
    unit_id = do(Command("create_unit", {"name": "Sales"}, by=people.rm)).result
    with db.read_session() as s:
        shown = history.rows_of(s, "business_units", unit_id)
    with other.session() as s:
        mail = services.create_service(s, "Mail")
        expectations.state_expectation(
            s, unit_id=unit_id, service_id=mail.id, statement="Up", by=people.rm
        )
    # told what the user was shown, it names the colleague whose work was added since
    with pytest.raises(ConflictError, match=r"^Rui Relman's expectation “Up” depends on Sales"):
        do(Command("delete_unit", {"unit_id": unit_id, "known": shown}))
    # and a unit with history is never deleted, whoever asks
    with pytest.raises(RuleError, match=r"has history .1 expectation.*Archive the unit"):
        do(Command("delete_unit", {"unit_id": unit_id}))
    assert unit(db, unit_id) is not None


def test_undo_of_a_delete_puts_it_back_and_redo_deletes_it_by_the_same_rules(
    db, do, people
) -> None:
    unit_id = do(Command("create_unit", {"name": "Sales", "rms": [people.rm]})).result
    with db.read_session() as s:
        shown = history.rows_of(s, "business_units", unit_id)
    deleted = do(Command("delete_unit", {"unit_id": unit_id, "known": shown}))
    assert unit(db, unit_id) is None
    put_back = do.undo(deleted)
    assert unit(db, unit_id).name == "Sales"
    assert put_back.inverse.name == "delete_unit"  # redo is the delete again, not a raw removal
    do.redo(put_back)
    assert unit(db, unit_id) is None


def test_archive_is_undone_by_restore_based_on_the_version_it_left(db, do, people) -> None:
    unit_id = do(Command("create_unit", {"name": "Sales"})).result
    archived = do(Command("archive_unit", {"unit_id": unit_id, "expected_version": 1}))
    assert unit(db, unit_id).archived_at is not None
    assert archived.inverse == Command(
        "unarchive_unit", {"unit_id": unit_id, "expected_version": 2}
    )
    restored = do.undo(archived)
    assert unit(db, unit_id).archived_at is None
    do.redo(restored)
    assert unit(db, unit_id).archived_at is not None


def test_an_archive_based_on_an_old_version_is_refused(db, do, people) -> None:
    unit_id = do(Command("create_unit", {"name": "Sales"})).result
    do(Command("edit_unit", {"unit_id": unit_id, "expected_version": 1, "changes": {"notes": "x"}}))
    with pytest.raises(ConflictError):
        do(Command("archive_unit", {"unit_id": unit_id, "expected_version": 1}))
    assert unit(db, unit_id).archived_at is None


# -- the audit, as the history views read it ---------------------------------------------------


def test_the_history_of_a_record_says_who_changed_what(db, do, people) -> None:
    unit_id = do(
        Command("create_unit", {"name": "Sales"}, by=people.rm, text="creation of unit Sales")
    ).result
    edited = do(
        Command(
            "edit_unit",
            {
                "unit_id": unit_id,
                "expected_version": 1,
                "changes": {"name": "Sales EMEA", "notes": "", "criticality": Criticality.HIGH},
            },
            by=people.manager,
            text="edit of unit Sales EMEA",
        )
    )
    do.undo(edited)
    with db.read_session() as s:
        lines = [(c.who, c.what) for c in audit.changes_to(s, unit_id)]
    assert lines == [
        (
            "Mara Manager",
            "undo of edit of unit Sales EMEA: name “Sales”; notes cleared; criticality “medium”",
        ),
        (
            "Mara Manager",
            "edit of unit Sales EMEA: name “Sales EMEA”; notes cleared; criticality “high”",
        ),
        ("Rui Relman", "creation of unit Sales"),
    ]


def test_two_changes_of_one_record_are_undone_one_after_the_other(db, do, other, people) -> None:
    """Each inverse is based on the version its own change left; undoing the later change
    moves it on, and the earlier undo is based on what this writer's last step left."""
    unit_id = do(Command("create_unit", {"name": "Sales"})).result
    archived = do(Command("archive_unit", {"unit_id": unit_id, "expected_version": 1}))
    edited = do(
        Command("edit_unit", {"unit_id": unit_id, "expected_version": 2, "changes": {"notes": "x"}})
    )
    do.undo(edited)
    do.undo(archived)
    back = unit(db, unit_id)
    assert (back.notes, back.archived_at) == ("", None)
    # and someone else's save in between is still refused
    archived = do(Command("archive_unit", {"unit_id": unit_id, "expected_version": 5}))
    do.on(other)(
        Command("edit_unit", {"unit_id": unit_id, "expected_version": 6, "changes": {"notes": "y"}})
    )
    with pytest.raises(ConflictError):
        do.undo(archived)


def test_a_service_entered_by_mistake_is_deleted_undone_and_deleted_again(
    db, do, other, people
) -> None:
    service_id = do(Command("create_service", {"name": "CRM"})).result
    with db.read_session() as s:
        shown = history.rows_of(s, "services", service_id)
    deleted = do(Command("delete_service", {"service_id": service_id, "known": shown}))
    assert count(db, Service) == 0
    redo = do.undo(deleted)
    assert count(db, Service) == 1
    do.redo(redo)
    assert count(db, Service) == 0
    # one with history is never deleted: archived instead
    kept = do(Command("create_service", {"name": "Mail"})).result
    unit_id = do(Command("create_unit", {"name": "Sales"})).result
    with db.read_session() as s:
        shown = history.rows_of(s, "services", kept)
    with other.session() as s:
        expectations.state_expectation(
            s, unit_id=unit_id, service_id=kept, statement="Up", by=people.rm
        )
    with pytest.raises(RuleError, match=r"^Mail has history \(1 expectation\).*Archive"):
        do(Command("delete_service", {"service_id": kept, "known": shown}))
    assert count(db, Service) == 1
