"""Undo and delete on a shared database never take other people's work (issue 16.5).

A creates a unit in the window, B (another handle on the same file, as another laptop on the
team server) states an expectation in it, A presses Ctrl+Z: the refusal names B and B's
expectation survives. And a delete confirmed while B adds to the unit is refused in the same
transaction that would have deleted it."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from relman.models import BusinessUnit, Expectation, ExpectationEvent
from relman.storage import Database
from relman.ui.pages.units import UnitsPage
from relman.workflows import expectations, portfolio, services
from tests.ui.conftest import idle
from tests.ui.test_window import fill_and_save, open_new_unit_form

STATEMENT = "Mail must be up 99.9% of the month"


def count(db: Database, model: type) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def b_states_an_expectation(other: Database, unit_name: str, by: uuid.UUID) -> None:
    with other.session() as s:
        unit = s.scalar(select(BusinessUnit).where(BusinessUnit.name == unit_name))
        mail = services.create_service(s, "Mail")
        expectations.state_expectation(
            s, unit_id=unit.id, service_id=mail.id, statement=STATEMENT, by=by
        )


def test_ctrl_z_of_a_creation_refuses_to_delete_someone_elses_expectation(
    qtbot: QtBot, db: Database, other: Database, people, make_window, warnings
) -> None:
    window = make_window(db)
    page = window.show_page("units")
    assert isinstance(page, UnitsPage)
    form = open_new_unit_form(qtbot, page)
    fill_and_save(qtbot, form, name="Sales")
    qtbot.waitUntil(lambda: not form.isVisible())
    idle(qtbot, window)
    assert window.actions.undo.text() == "&Undo creation of unit Sales"

    b_states_an_expectation(other, "Sales", people.rm)  # B is Rui Relman

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(warnings) or count(db, BusinessUnit) == 0)
    idle(qtbot, window)
    assert count(db, Expectation) == 1, "B's expectation was deleted by A's undo"
    assert warnings[0].startswith(f"Rui Relman's expectation “{STATEMENT}” depends on Sales")
    assert "nothing was undone" in warnings[0]
    assert count(db, BusinessUnit) == 1
    assert count(db, Expectation) == 1
    assert count(db, ExpectationEvent) == 1


def test_a_delete_confirmed_while_someone_adds_to_the_unit_is_refused(
    qtbot: QtBot,
    db: Database,
    other: Database,
    people,
    make_window,
    warnings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "Sales")
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_a: object) -> object:
        asked.append(text)  # while the question is open, B states an expectation in Sales
        b_states_an_expectation(other, "Sales", people.rm)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    window = make_window(db)
    page = window.show_page("units")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    page.delete_selected()
    qtbot.waitUntil(lambda: bool(warnings) or count(db, BusinessUnit) == 0)
    idle(qtbot, window)
    assert count(db, Expectation) == 1, "B's expectation was deleted with the unit"
    assert asked and asked[0].startswith("Delete the unit “Sales”?")
    assert warnings[0].startswith(f"Rui Relman's expectation “{STATEMENT}” depends on Sales")
    assert "nothing was deleted" in warnings[0]
    assert count(db, BusinessUnit) == 1
    assert count(db, Expectation) == 1
    assert window.ctx.undo.count() == 0, "a refused delete leaves no history"


def test_archiving_a_unit_someone_renamed_while_asked_is_refused(
    qtbot: QtBot,
    db: Database,
    other: Database,
    people,
    make_window,
    warnings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A unit with history is archived instead of deleted, based on the version read with
    the question: B's rename meanwhile makes the archive a conflict, never lost under it."""
    with db.session() as s:
        portfolio.create_unit(s, "Sales")
    b_states_an_expectation(other, "Sales", people.rm)  # history: archived, not deleted

    def question(_parent: object, _title: str, text: str, *_a: object) -> object:
        if text.startswith("“Sales” has history"):  # while asked to archive, B renames it
            with other.session() as s:
                unit = s.scalars(select(BusinessUnit)).one()
                portfolio.update_unit(
                    s, unit.id, expected_version=unit.version, name="Sales and Retail"
                )
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    window = make_window(db)
    page = window.show_page("units")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    page.delete_selected()
    qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
    idle(qtbot, window)
    assert "changed" in warnings[0].casefold(), warnings
    with db.read_session() as s:
        unit = s.scalars(select(BusinessUnit)).one()
    assert unit.name == "Sales and Retail" and unit.archived_at is None
    assert window.ctx.undo.count() == 0, "a refused archive leaves no history"
