"""The window on a file whose schema holds a garbled table name (issue 16 item 7): SQLite
refuses such a file and quotes the garbled bytes, which used to escape as a UnicodeDecodeError
and end relman with exit 70. The window now opens it read-only under the damaged banner,
showing what can be read (its schema read with ``writable_schema``, on read-only
connections), and the file is left byte-identical."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from relman.errors import ReadOnlyError
from relman.models import BusinessUnit
from relman.storage import open_database
from relman.ui import app
from relman.ui.settings import Settings
from relman.workflows import portfolio
from tests.ui.conftest import idle


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Error dialogs shown (their text), instead of modal boxes."""
    shown: list[str] = []
    for kind in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda _p, _t, text, *_a: shown.append(text))
    return shown


@pytest.fixture
def garbled(tmp_path: Path) -> Path:
    """A relman file whose sqlite_master names business_units with an invalid UTF-8 byte."""
    path = tmp_path / "team.sqlite"
    with open_database(path) as db, db.session() as s:
        portfolio.create_unit(s, "Logistics")
    data = bytearray(path.read_bytes())
    at = data.find(b"tablebusiness_unitsbusiness_units")
    assert at > 0
    data[at + len(b"table")] = 0xFF
    path.write_bytes(bytes(data))
    return path


def test_the_window_opens_a_file_with_a_garbled_table_name_read_only(
    garbled: Path, dialogs: list[str]
) -> None:
    before = garbled.read_bytes()

    opened = app.open_for_window(garbled)

    assert opened is not None and opened.damaged, dialogs
    try:
        assert opened.db.readonly and "is damaged" in (opened.db.readonly_reason or "")
        with opened.db.read_session() as s:  # what can be read is shown
            assert list(s.scalars(select(BusinessUnit.name))) == ["Logistics"]
        with pytest.raises(ReadOnlyError), opened.db.session() as s:
            portfolio.create_unit(s, "Nothing is written")
    finally:
        opened.db.close()
    assert dialogs == []
    assert garbled.read_bytes() == before


def test_the_window_on_a_garbled_file_says_it_is_damaged_and_lists_what_it_can(
    garbled: Path, dialogs: list[str], qtbot: QtBot, settings_file: Path
) -> None:
    opened = app.open_for_window(garbled)
    assert opened is not None
    settings = Settings(QSettings(str(settings_file), QSettings.Format.IniFormat))
    window = app.show_window(opened, settings)
    qtbot.addWidget(window)
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: bool(window.pages))
    idle(qtbot, window)
    try:
        assert window.banner.isVisible() and "is damaged" in window.banner.label.text()
        assert window.windowTitle().endswith("(read-only)")
        assert window.ctx.runner.refusal
        assert dialogs == []
    finally:
        window.ctx.runner.wait()
        window.close()
