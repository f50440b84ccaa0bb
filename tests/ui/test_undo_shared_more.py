"""Undo and delete on a shared database never take other people's work (issue 16.5), on the
pages beyond Units: a meeting or a support issue deleted while B adds to it, and the undo
of a CSV import after B stated an expectation in an imported unit, are refused naming whose
work would go, and delete nothing. B is a second handle on the same file (another laptop on
the team server)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from relman.models import (
    ActionItem,
    BusinessUnit,
    Expectation,
    Meeting,
    MeetingKind,
    SupportIssue,
    SupportIssueRating,
)
from relman.storage import Database
from relman.ui.dialogs.import_csv import ImportPreviewDialog
from relman.ui.file_dialogs import FileDialog
from relman.ui.pages.meetings import MeetingsPage
from relman.ui.pages.satisfaction import SatisfactionPage
from relman.workflows import common, expectations, meetings, portfolio, satisfaction, services
from tests.ui.conftest import idle
from tests.ui.test_undo_shared import STATEMENT


def answer_yes_while(monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], None]) -> list[str]:
    """Every confirmation is answered Yes, and while it is open B does ``meanwhile``."""
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_a: object) -> object:
        asked.append(text)
        meanwhile()
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def count(db: Database, model: type) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_a_meeting_deleted_while_someone_adds_an_action_to_it_is_kept(
    qtbot: QtBot,
    db: Database,
    other: Database,
    people,
    make_window,
    warnings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Finance").id
        meeting = meetings.record_meeting(
            s,
            kind=MeetingKind.MONTHLY_REVIEW,
            held_at=common.now() - dt.timedelta(days=1),
            by=people.manager,
            unit_id=unit,
        ).id

    def b_adds_an_action() -> None:
        with other.session() as s:
            meetings.add_action_item(
                s, text="Book the auditors", meeting_id=meeting, owner_staff_id=people.rm
            )

    asked = answer_yes_while(monkeypatch, b_adds_an_action)
    window = make_window(db)
    page = window.show_page("meetings")
    assert isinstance(page, MeetingsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.selected is not None)
    page.delete_selected()
    qtbot.waitUntil(lambda: bool(warnings) or count(db, Meeting) == 0)
    idle(qtbot, window)
    assert count(db, ActionItem) == 1, "B's action item was deleted with the meeting"
    assert asked and asked[0].startswith("Delete the monthly review")
    assert warnings[0].startswith("The action item “Book the auditors”, added since, depends")
    assert "nothing was deleted" in warnings[0]
    assert count(db, Meeting) == 1
    assert window.ctx.undo.count() == 0, "a refused delete leaves no history"


def test_an_issue_deleted_while_someone_rates_it_is_kept(
    qtbot: QtBot,
    db: Database,
    other: Database,
    people,
    make_window,
    warnings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Stores", rms=[people.rm]).id
        issue = satisfaction.add_support_issue(
            s, unit, "Tills freeze", importance=5, satisfaction=1, quarter="2026-Q1"
        ).id

    def b_rates_it() -> None:
        with other.session() as s:
            satisfaction.rate_support_issue(
                s, issue, importance=5, satisfaction=4, quarter="2026-Q2", by=people.rm
            )

    asked = answer_yes_while(monkeypatch, b_rates_it)
    window = make_window(db)
    page = window.show_page("satisfaction")
    assert isinstance(page, SatisfactionPage)
    idle(qtbot, window)
    page.open_kind("support_issue", issue)
    qtbot.waitUntil(lambda: page.delete_button.isEnabled())
    page.delete_shown()
    qtbot.waitUntil(lambda: bool(warnings) or count(db, SupportIssue) == 0)
    idle(qtbot, window)
    assert count(db, SupportIssueRating) == 2, "B's rating was deleted with the issue"
    assert asked and "Tills freeze" in asked[0]
    assert warnings[0].startswith("Rui Relman's rating “2026-Q2” depends on Tills freeze")
    assert "nothing was deleted" in warnings[0]
    assert count(db, SupportIssue) == 1
    assert window.ctx.undo.count() == 0


def test_undo_of_an_import_refuses_to_delete_someone_elses_expectation(
    qtbot: QtBot,
    db: Database,
    other: Database,
    people,
    make_window,
    warnings,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    source = tmp_path / "units.csv"
    source.write_text("name,division\nSales,Retail\nFinance,Head office\n", encoding="utf-8")
    monkeypatch.setattr(FileDialog, "ask_open", classmethod(lambda *a, **k: source))
    monkeypatch.setattr(ImportPreviewDialog, "ask", lambda _parent, shown: shown.ok)
    window = make_window(db)
    (action,) = [a for a in window.actions.exchange_menu.actions() if a.text() == "Import u&nits…"]
    action.trigger()
    qtbot.waitUntil(lambda: window.ctx.undo.count() == 1)
    idle(qtbot, window)
    assert window.ctx.undo.undoText() == "import of 2 units"

    with other.session() as s:  # B (Rui) states an expectation in the imported Sales
        sales = s.scalar(select(BusinessUnit.id).where(BusinessUnit.name == "Sales"))
        mail = services.create_service(s, "Mail").id
        expectations.state_expectation(
            s, unit_id=sales, service_id=mail, statement=STATEMENT, by=people.rm
        )

    window.ctx.undo.undo()
    qtbot.waitUntil(lambda: bool(warnings) or count(db, BusinessUnit) == 0)
    idle(qtbot, window)
    assert count(db, Expectation) == 1, "B's expectation was deleted by A's undo"
    assert warnings[0].startswith(f"Rui Relman's expectation “{STATEMENT}” depends on Sales")
    assert "nothing was undone" in warnings[0]
    assert count(db, BusinessUnit) == 2, "the undo is refused whole: Finance is kept too"


def test_undo_of_an_import_no_one_added_to_still_removes_it_and_redo_puts_it_back(
    qtbot: QtBot, db: Database, make_window, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = tmp_path / "units.csv"
    source.write_text("name\nSales\nFinance\n", encoding="utf-8")
    monkeypatch.setattr(FileDialog, "ask_open", classmethod(lambda *a, **k: source))
    monkeypatch.setattr(ImportPreviewDialog, "ask", lambda _parent, shown: shown.ok)
    window = make_window(db)
    (action,) = [a for a in window.actions.exchange_menu.actions() if a.text() == "Import u&nits…"]
    action.trigger()
    qtbot.waitUntil(lambda: window.ctx.undo.count() == 1)
    idle(qtbot, window)
    with db.read_session() as s:
        ids = set(s.scalars(select(BusinessUnit.id)))
    window.ctx.undo.undo()
    idle(qtbot, window)
    assert count(db, BusinessUnit) == 0
    window.ctx.undo.redo()
    idle(qtbot, window)
    with db.read_session() as s:
        assert set(s.scalars(select(BusinessUnit.id))) == ids
    window.ctx.undo.undo()  # and again: what the import made is still all there is
    idle(qtbot, window)
    assert count(db, BusinessUnit) == 0
