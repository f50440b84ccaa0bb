"""Fixtures for window tests: real widgets on a real database file, settings in tmp_path."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from relman.storage import Database
from relman.ui.main_window import MainWindow
from relman.ui.settings import Settings


@pytest.fixture(autouse=True)
def who_asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[str], uuid.UUID | None]]:
    """Each "Who are you?" question the window asks (the names offered, the suggestion),
    answered by taking the suggestion, as a person clicking "This is me" would. A test that
    wants another answer patches ``WhoAreYouDialog.ask`` again."""
    from relman.ui.identity import WhoAreYouDialog

    asked: list[tuple[list[str], uuid.UUID | None]] = []

    def ask(_parent: object, choices: list, suggested: uuid.UUID | None) -> uuid.UUID | None:
        asked.append(([c.name for c in choices], suggested))
        return suggested

    monkeypatch.setattr(WhoAreYouDialog, "ask", ask)
    return asked


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def make_window(qtbot: QtBot, settings_file: Path) -> Iterator[Callable[[Database], MainWindow]]:
    windows: list[MainWindow] = []

    def make(db: Database) -> MainWindow:
        settings = Settings(QSettings(str(settings_file), QSettings.Format.IniFormat))
        window = MainWindow(db, settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: bool(window.pages))  # pages load after the first paint
        idle(qtbot, window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.ctx.runner.wait()


def idle(qtbot: QtBot, window: MainWindow) -> None:
    """Wait until every database job of the window has reported back."""
    qtbot.waitUntil(lambda: not window.ctx.runner.busy, timeout=10_000)


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of each warning box shown, instead of a modal box."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    return shown


class Asked:
    """The patched "Discard what you typed?" question: what was asked, and the answer to
    give (No unless told)."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.answer = False

    def __call__(self, _parent: object, text: str = "") -> bool:
        self.texts.append(text)
        return self.answer


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    from relman.ui.dialogs.form import DiscardTyped

    question = Asked()
    monkeypatch.setattr(DiscardTyped, "ask", question)
    return question
