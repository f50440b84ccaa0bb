"""File → Import and export, driven through the real window on a real database file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from relman.models import BusinessUnit, Contact, MeetingKind
from relman.storage import Database
from relman.ui.dialogs.import_csv import ImportPreviewDialog
from relman.ui.exchange import CalendarRangeDialog
from relman.ui.file_dialogs import FileDialog
from relman.ui.main_window import MainWindow
from relman.workflows.csv_import import ImportPreview, headers_of, preview
from relman.workflows.csv_read import read_bytes
from relman.workflows.meetings import record_meeting
from relman.workflows.portfolio import create_unit
from tests.ui.conftest import idle

GOOD = "name,unit,email\nAnn,Finance,ann@example.com\nBob <b>&amp;,Sales,\n"
BAD = (
    "name,unit,email\nAnn,Finance,ann@example.com\n,Finance,\n"
    "Cy,Atlantis,\nDi,Sales,not-an-address\n"
)


@pytest.fixture
def units(db: Database) -> Database:
    with db.session() as s:
        create_unit(s, "Finance")
        create_unit(s, "Sales")
    return db


@pytest.fixture
def previews(monkeypatch: pytest.MonkeyPatch) -> list[ImportPreview]:
    """Each preview the window shows, answered with Import when it has no problem."""
    seen: list[ImportPreview] = []

    def ask(_parent: object, shown: ImportPreview) -> bool:
        seen.append(shown)
        return shown.ok

    monkeypatch.setattr(ImportPreviewDialog, "ask", ask)
    return seen


def _choose(monkeypatch: pytest.MonkeyPatch, method: str, path: Path) -> None:
    monkeypatch.setattr(FileDialog, method, classmethod(lambda *a, **k: path))


def _trigger(qtbot: QtBot, window: MainWindow, text: str) -> None:
    (action,) = [a for a in window.actions.exchange_menu.actions() if a.text() == text]
    action.trigger()
    idle(qtbot, window)


def _contacts(db: Database) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(Contact)) or 0


def test_a_contact_list_is_imported_after_its_preview_and_undone_in_one_step(
    qtbot: QtBot, units: Database, make_window, previews, monkeypatch, tmp_path: Path
):
    source = tmp_path / "people.csv"
    source.write_text(GOOD, encoding="utf-8-sig")
    _choose(monkeypatch, "ask_open", source)
    window = make_window(units)
    _trigger(qtbot, window, "&Import contacts…")
    (shown,) = previews
    assert shown.ok and len(shown.file.rows) == 2
    assert _contacts(units) == 2
    assert window.statusBar().currentMessage() == "Imported 2 contacts."
    assert window.ctx.undo.undoText() == "import of 2 contacts"
    window.ctx.undo.undo()
    idle(qtbot, window)
    assert _contacts(units) == 0
    window.ctx.undo.redo()
    idle(qtbot, window)
    with units.read_session() as s:
        assert set(s.scalars(select(Contact.name))) == {"Ann", "Bob <b>&amp;"}


def test_a_file_with_bad_rows_is_previewed_and_nothing_is_imported(
    qtbot: QtBot, units: Database, make_window, previews, monkeypatch, tmp_path: Path
):
    source = tmp_path / "people.csv"
    source.write_text(BAD, encoding="utf-8")
    _choose(monkeypatch, "ask_open", source)
    window = make_window(units)
    _trigger(qtbot, window, "&Import contacts…")
    (shown,) = previews
    assert sorted(shown.bad_lines) == [3, 4, 5]
    assert _contacts(units) == 0
    assert window.ctx.undo.count() == 0


def test_a_malformed_file_is_refused_with_its_message(
    qtbot: QtBot, units: Database, make_window, previews, warnings, monkeypatch, tmp_path: Path
):
    source = tmp_path / "units.csv"
    source.write_bytes(b'name,notes\nA,"never closed\n')
    _choose(monkeypatch, "ask_open", source)
    window = make_window(units)
    _trigger(qtbot, window, "Import u&nits…")
    assert previews == []
    (message,) = warnings
    assert message.startswith('Line 2 opens a quoted cell (") that is never closed')


def test_the_preview_dialog_marks_each_bad_row_and_refuses_to_import(
    qtbot: QtBot, units: Database, qtmodeltester
):
    with units.read_session() as s:
        checked = preview(s, "contacts", read_bytes(BAD.encode(), headers_of("contacts")))
    dialog = ImportPreviewDialog(checked)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    assert not dialog.import_button.isEnabled()
    assert dialog.import_button.text() == "Import"  # no count it would not import
    assert dialog.import_button.toolTip() == "Fix the 3 rows with problems in the file first"
    assert dialog.summary.text() == (
        "3 of 4 rows have problems; nothing is imported until every row is right."
    )
    assert dialog.summary.textFormat() == Qt.TextFormat.PlainText
    problems = [dialog.model.row_at(r).problem for r in range(dialog.model.rowCount())]
    assert problems[0] == "" and all(problems[1:])
    assert dialog.problems.toPlainText().splitlines()[1].startswith("Line 4, Unit — Unknown unit")


def test_the_calendar_is_exported_from_the_menu(
    qtbot: QtBot, units: Database, people, make_window, monkeypatch, tmp_path: Path
):
    with units.session() as s:
        finance = s.scalars(select(BusinessUnit).where(BusinessUnit.name == "Finance")).one()
        meeting = record_meeting(
            s,
            kind=MeetingKind.MONTHLY_REVIEW,
            held_at=dt.datetime(2030, 5, 6, 9, tzinfo=dt.UTC),
            by=people.rm,
            unit_id=finance.id,
        )
        meeting_id = meeting.id
    target = tmp_path / "plan.ics"
    monkeypatch.setattr(CalendarRangeDialog, "ask", lambda _p: (dt.date(2030, 1, 1), None))
    _choose(monkeypatch, "ask_save", target)
    window = make_window(units)
    _trigger(qtbot, window, "Export &calendar…")
    (event,) = Calendar.from_ical(target.read_bytes()).events
    assert str(event.uid) == f"{meeting_id}@relman"
    assert str(event["SUMMARY"]) == "Monthly review: Finance"
    assert window.statusBar().currentMessage() == f"Wrote 1 event to {target}"


def test_the_calendar_range_refuses_an_end_before_the_start(qtbot: QtBot):
    dialog = CalendarRangeDialog()
    qtbot.addWidget(dialog)
    dialog.until.setDate(dialog.start.date().addDays(-1))
    dialog._check()
    assert dialog.error.text() == "The last day comes before the first day."
    assert dialog.result() == 0
    dialog.no_end.setChecked(True)
    assert dialog.days()[1] is None and not dialog.until.isEnabled()


def test_each_list_is_exported_as_csv_from_the_menu(
    qtbot: QtBot, units: Database, make_window, monkeypatch, tmp_path: Path
):
    window = make_window(units)
    for text, name in (
        ("Export c&ontacts as CSV…", "c.csv"),
        ("Export &units as CSV…", "u.csv"),
        ("Export e&xpectations as CSV…", "e.csv"),
        ("Export &action items as CSV…", "a.csv"),
    ):
        _choose(monkeypatch, "ask_save", tmp_path / name)
        _trigger(qtbot, window, text)
        assert (tmp_path / name).read_bytes().startswith(b"\xef\xbb\xbf")
    assert window.statusBar().currentMessage() == f"Wrote 0 action items to {tmp_path / 'a.csv'}"
    assert b"Finance" in (tmp_path / "u.csv").read_bytes()
