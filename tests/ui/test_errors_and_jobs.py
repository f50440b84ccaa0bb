"""What the user sees when something goes wrong, and the runner's promises."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from relman.errors import RuleError
from relman.storage import Database
from relman.workflows import commands, dashboard
from relman.workflows.commands import Command
from tests.ui.conftest import idle


@pytest.fixture
def refusing() -> Iterator[Callable[[str], Command]]:
    """``refusing(message)``: a command that the workflow refuses with ``message``
    (registered for the test only)."""

    @commands.command(name="refuse_for_a_test", never="a test's command")
    def refuse(_session: object, message: str) -> None:
        raise RuleError(message)

    yield lambda message: Command("refuse_for_a_test", {"message": message})
    del commands.REGISTRY["refuse_for_a_test"]


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, _t, text: shown.append(("warning", text))
    )
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _p, _t, text: shown.append(("critical", text))
    )
    return shown


def test_a_relman_error_is_shown_with_its_message(
    qtbot: QtBot, db: Database, people, make_window, dialogs, refusing
) -> None:
    window = make_window(db)

    window.ctx.runner.run(refusing("Only a disagreed expectation can be escalated."))
    idle(qtbot, window)
    assert dialogs == [("warning", "Only a disagreed expectation can be escalated.")]


def test_an_unexpected_error_is_logged_and_shown_with_the_log_path(
    qtbot: QtBot, db: Database, people, make_window, dialogs, tmp_path: Path
) -> None:
    from relman.logs import setup_logging
    from relman.paths import log_file

    setup_logging()
    window = make_window(db)

    def crash(_session: object) -> None:
        raise ZeroDivisionError("a bug")

    window.ctx.runner.read(crash, lambda _r: None)
    idle(qtbot, window)
    assert len(dialogs) == 1 and dialogs[0][0] == "critical"
    assert str(log_file()) in dialogs[0][1] and "Nothing you had saved was lost" in dialogs[0][1]
    for handler in __import__("logging").getLogger().handlers:
        handler.flush()
    assert "ZeroDivisionError: a bug" in log_file().read_text(encoding="utf-8")
    assert window.isVisible(), "the window keeps running"


def test_only_the_latest_job_of_a_key_reports(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    window = make_window(db)
    answers: list[str] = []
    for word in ("s", "sa", "sal", "sale"):
        window.ctx.runner.read(lambda _s, w=word: w, answers.append, key="typing")
    idle(qtbot, window)
    assert answers == ["sale"]


def test_a_write_tells_the_pages_what_changed(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    window = make_window(db)
    with qtbot.waitSignal(window.ctx.runner.changed) as signal:
        window.ctx.runner.run(Command("create_unit", {"name": "Finance"}))
    assert signal.args[0].touches("business_units")


def test_the_demo_can_be_built_from_the_window(qtbot: QtBot, tmp_path: Path, make_window) -> None:
    from relman.storage import open_database

    db = open_database(tmp_path / "empty.sqlite")
    window = make_window(db)
    window.build_demo()
    qtbot.waitUntil(lambda: not window.ctx.runner.busy, timeout=60_000)
    with db.read_session() as s:
        assert len(dashboard.units(s)) == 5
    qtbot.waitUntil(lambda: window.ctx.me is not None)
    page = window.show_page("units")
    qtbot.waitUntil(lambda: page.model.rowCount() == 5)


def test_a_message_quoting_markup_is_shown_literally(
    qtbot: QtBot, db: Database, people, make_window, dialogs, refusing
) -> None:
    from PySide6.QtGui import QTextDocument

    window = make_window(db)

    window.ctx.runner.run(refusing("Section 1 (“<b>x</b>”) & <img src=x> has no question."))
    idle(qtbot, window)
    assert [kind for kind, _ in dialogs] == ["warning"]
    text = dialogs[0][1]
    shown = QTextDocument()
    shown.setHtml(text)  # what a message box renders from rich text
    assert shown.toPlainText() == "Section 1 (“<b>x</b>”) & <img src=x> has no question."
