""" "Who I am" belongs to the person at the keyboard: kept in each window's settings per
database, asked for on a database where this person has not chosen yet, never stored in the
data file."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from relman.demo import build_demo
from relman.models import Assessment
from relman.storage import Database, open_database
from relman.ui.identity import WhoAreYouDialog, database_key
from relman.ui.main_window import MainWindow
from relman.ui.pages.contacts import ContactsPage
from relman.ui.pages.staff import StaffPage
from relman.ui.settings import Settings
from relman.workflows import assessments, contacts, staff
from tests.ui.conftest import idle


@pytest.fixture
def windows(qtbot: QtBot) -> Iterator[list[MainWindow]]:
    made: list[MainWindow] = []
    yield made
    for window in made:
        window.ctx.runner.wait()


def settings_at(path: Path) -> Settings:
    return Settings(QSettings(str(path), QSettings.Format.IniFormat))


def open_window(qtbot: QtBot, db: Database, settings: Path, made: list[MainWindow]) -> MainWindow:
    """A window as one person on one computer has it: their own settings file."""
    window = MainWindow(db, settings_at(settings))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: bool(window.pages))
    idle(qtbot, window)
    made.append(window)
    return window


def answer(monkeypatch: pytest.MonkeyPatch, *answers: uuid.UUID | None) -> list[uuid.UUID | None]:
    """Answer the "Who are you?" questions in turn; returns the suggestions they came with."""
    queue = list(answers)
    suggested: list[uuid.UUID | None] = []

    def ask(_parent: object, _choices: object, suggestion: uuid.UUID | None) -> uuid.UUID | None:
        suggested.append(suggestion)
        return queue.pop(0)

    monkeypatch.setattr(WhoAreYouDialog, "ask", ask)
    return suggested


def assess_the_only_contact(qtbot: QtBot, window: MainWindow) -> None:
    page = window.show_page("contacts")
    assert isinstance(page, ContactsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.current is not None)
    qtbot.mouseClick(page.editor.save, Qt.MouseButton.LeftButton)
    idle(qtbot, window)


def test_two_people_on_one_database_each_record_their_own_steps(
    qtbot: QtBot,
    db: Database,
    people,
    tmp_path: Path,
    windows: list[MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with db.session() as s:
        ann = contacts.create_contact(s, "Ann Buyer").id
    answer(monkeypatch, people.rm, people.manager)
    rui = open_window(qtbot, db, tmp_path / "rui.ini", windows)
    qtbot.waitUntil(lambda: rui.ctx.me == people.rm)
    # the same database from another computer (the team server): its own settings
    assert db.path is not None
    other = open_database(db.path, lock=False)
    mara = open_window(qtbot, other, tmp_path / "mara.ini", windows)
    qtbot.waitUntil(lambda: mara.ctx.me == people.manager)
    assert rui.ctx.me == people.rm, "one person's choice does not change the other's"

    assess_the_only_contact(qtbot, rui)
    assess_the_only_contact(qtbot, mara)
    with db.read_session() as s:
        assessors = [a.assessor_id for a in assessments.assessments_of(s, ann)]
        assert sorted(map(str, assessors)) == sorted(map(str, [people.rm, people.manager]))
        assert s.query(Assessment).count() == 2
        assert staff.legacy_current_user(s) is None, "nothing about who I am in the file"
    assert "Rui Relman" in rui.status.text() and "Mara Manager" in mara.status.text()


def test_a_fresh_demo_database_asks_who_you_are_suggesting_its_rm(
    qtbot: QtBot, tmp_path: Path, windows: list[MainWindow], who_asked
) -> None:
    db = open_database(tmp_path / "demo.sqlite")
    build_demo(db, "small")
    window = open_window(qtbot, db, tmp_path / "settings.ini", windows)
    qtbot.waitUntil(lambda: len(who_asked) == 1)
    names, suggested = who_asked[0]
    assert len(names) == 5 and "Aisha Bello" in names
    with db.read_session() as s:
        assert suggested == next(r.id for r in staff.staff_rows(s) if r.name == "Aisha Bello")
    qtbot.waitUntil(lambda: window.ctx.me == suggested)  # "This is me" on the suggestion
    qtbot.waitUntil(lambda: "Aisha Bello" in window.status.text())
    assert settings_at(tmp_path / "settings.ini").me(database_key(db)) == suggested


def test_not_now_leaves_nobody_and_asks_again_next_time(
    qtbot: QtBot,
    db: Database,
    people,
    tmp_path: Path,
    windows: list[MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    suggestions = answer(monkeypatch, None)
    window = open_window(qtbot, db, tmp_path / "settings.ini", windows)
    qtbot.waitUntil(lambda: suggestions == [people.rm])
    idle(qtbot, window)
    assert window.ctx.me is None and "who are you?" in window.status.text()
    window.close()

    db = open_database(db.path)  # type: ignore[arg-type]
    suggestions = answer(monkeypatch, people.rm)
    window = open_window(qtbot, db, tmp_path / "settings.ini", windows)
    qtbot.waitUntil(lambda: window.ctx.me == people.rm)
    assert suggestions == [people.rm]


def test_who_i_am_chosen_on_the_staff_page_persists_across_restarts(
    qtbot: QtBot,
    db: Database,
    people,
    tmp_path: Path,
    windows: list[MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answer(monkeypatch, None)  # "Not now"
    window = open_window(qtbot, db, tmp_path / "settings.ini", windows)
    idle(qtbot, window)
    page = window.show_page("staff")
    assert isinstance(page, StaffPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert page.select_record(people.manager)
    qtbot.mouseClick(page.me_button, Qt.MouseButton.LeftButton)
    assert window.ctx.me == people.manager
    qtbot.waitUntil(lambda: "Mara Manager" in window.status.text())
    qtbot.waitUntil(lambda: "(you)" in page.detail.toPlainText())  # type: ignore[attr-defined]
    window.close()

    asked = answer(monkeypatch)  # a question now would fail the test (nothing to pop)
    db = open_database(db.path)  # type: ignore[arg-type]
    again = open_window(qtbot, db, tmp_path / "settings.ini", windows)
    qtbot.waitUntil(lambda: again.ctx.me == people.manager)
    idle(qtbot, again)
    assert asked == [] and "Mara Manager" in again.status.text()


def test_each_database_remembers_its_own_me(
    qtbot: QtBot, db: Database, people, tmp_path: Path, windows: list[MainWindow]
) -> None:
    settings = settings_at(tmp_path / "settings.ini")
    elsewhere = str(tmp_path / "other.sqlite")
    settings.set_me(elsewhere, people.manager)
    window = open_window(qtbot, db, tmp_path / "settings.ini", windows)
    qtbot.waitUntil(lambda: window.ctx.me == people.rm)  # asked here, took the suggestion
    assert settings_at(tmp_path / "settings.ini").me(elsewhere) == people.manager
    assert settings_at(tmp_path / "settings.ini").me(database_key(db)) == people.rm
