"""The window opens on a database and offers the application's menus."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from relman.storage import Database
from relman.ui.main_window import MainWindow
from relman.workflows import portfolio


def test_window_shows_the_file_and_its_contents(qtbot: QtBot, db: Database, db_path: Path) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "Sales")
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle() == f"{db_path.name} — relman"
    assert str(db_path) in window.statusBar().currentMessage()
    assert "1 business units" in window.summary.text()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Help"]
