"""The services page deletes a service entered by mistake, undoably; one with history is
archived instead of deleted."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from relman.models import Service
from relman.storage import Database
from relman.workflows import expectations, portfolio, services
from tests.ui.conftest import idle


def count(db: Database) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(Service)) or 0


@pytest.fixture
def asked_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_a: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_a_service_entered_by_mistake_is_deleted_and_the_delete_undone(
    qtbot: QtBot, db: Database, people, make_window, asked_yes: list[str]
) -> None:
    with db.session() as s:
        service_id = services.create_service(s, "Mial & <b>Co</b>").id
    window = make_window(db)
    page = window.show_page("services")
    idle(qtbot, window)
    assert page.select_record(service_id)
    page.delete_selected()
    idle(qtbot, window)
    assert asked_yes == ["Delete the service “Mial & <b>Co</b>”?\n\nYou can undo this."]
    assert count(db) == 0
    assert window.ctx.undo.undoText() == "deletion of service Mial & <b>Co</b>"
    window.ctx.undo.undo()
    idle(qtbot, window)
    assert count(db) == 1
    window.ctx.undo.redo()
    idle(qtbot, window)
    assert count(db) == 0


def test_a_service_with_history_is_archived_instead(
    qtbot: QtBot, db: Database, people, make_window, asked_yes: list[str]
) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales")
        service_id = services.create_service(s, "CRM").id
        expectations.state_expectation(
            s, unit_id=unit.id, service_id=service_id, statement="Fast", by=people.rm
        )
    window = make_window(db)
    page = window.show_page("services")
    idle(qtbot, window)
    assert page.select_record(service_id)
    page.delete_selected()
    idle(qtbot, window)
    assert asked_yes[0].startswith("“CRM” has history (1 expectation), so it is archived")
    with db.read_session() as s:
        assert s.get(Service, service_id).archived_at is not None
    assert window.ctx.undo.undoText() == "archiving of service CRM"
