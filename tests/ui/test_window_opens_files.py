"""How the window opens files: read-only and damaged files under a banner, a restore of the
newest good backup, asking before a new database is made, and the Help menu's paths."""

from __future__ import annotations

import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from relman.demo import build_demo
from relman.errors import DamagedFileError, ReadOnlyError
from relman.paths import default_db_path, log_file
from relman.storage import backup as backups
from relman.storage import open_database
from relman.ui import app, prompts
from relman.ui.banner import READ_ONLY_TEXT
from relman.ui.main_window import MainWindow
from relman.ui.settings import Settings
from relman.workflows import dashboard
from tests.ui.conftest import idle

Show = Callable[[app.Opened], MainWindow]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "jeans.sqlite"
    with open_database(path) as db:
        build_demo(db, "small")
    return path


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "jeans.sqlite"
    shutil.copy(demo_file, path)
    return path


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Error dialogs shown (their text), instead of modal boxes."""
    shown: list[str] = []
    for kind in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda _p, _t, text, *_a: shown.append(text))
    return shown


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[tuple]]:
    """The questions asked, each answered Yes unless a test sets ``answer``."""
    calls: dict[str, list[tuple]] = {"create": [], "restore": [], "path": []}
    answers = {"create": True, "restore": True}

    def record(kind: str) -> Callable[..., bool]:
        return lambda *args: calls[kind].append(args[2:]) or answers.get(kind, False)

    monkeypatch.setattr(prompts.CreateDatabaseDialog, "ask", classmethod(record("create")))
    monkeypatch.setattr(prompts.RestoreBackupDialog, "ask", classmethod(record("restore")))
    monkeypatch.setattr(prompts.PathDialog, "ask", classmethod(record("path")))
    calls["answers"] = answers  # type: ignore[assignment]
    return calls


@pytest.fixture
def show(qtbot: QtBot, settings_file: Path) -> Iterator[Show]:
    """Open the window on what :func:`app.open_for_window` opened, as ``relman`` does."""
    windows: list[MainWindow] = []

    def make(opened: app.Opened) -> MainWindow:
        settings = Settings(QSettings(str(settings_file), QSettings.Format.IniFormat))
        window = app.show_window(opened, settings)
        qtbot.addWidget(window)
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: bool(window.pages))
        idle(qtbot, window)
        windows.append(window)
        return window

    yield make
    for window in windows + open_windows():
        window.ctx.runner.wait()
        window.close()


def open_windows() -> list[MainWindow]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()
    ]


def unit_count(path: Path) -> int:
    with open_database(path, readonly=True) as db, db.read_session() as s:
        return len(dashboard.units(s))


def zero_page(path: Path, page: int) -> None:
    """Overwrite one page of the file with zeros, as a failing disk would."""
    con = sqlite3.connect(path)
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    with path.open("r+b") as fh:
        fh.seek((page - 1) * size)
        fh.write(b"\0" * size)


def page_of(path: Path, name: str) -> int:
    """The root page of a table or index."""
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[
            0
        ]
    finally:
        con.close()


# -- read-only files ---------------------------------------------------------------------


def refuse_writing(monkeypatch: pytest.MonkeyPatch, error: type[Exception] = ReadOnlyError) -> None:
    """Write mode refuses the file (tests run as root, so chmod would not stop them); the
    read-only open is the real one."""
    real = app.open_database

    def opener(target: object, *, readonly: bool = False, **kwargs: object) -> object:
        if not readonly:
            raise error(f"relman cannot save into {target}.")
        return real(target, readonly=True, **kwargs)

    monkeypatch.setattr(app, "open_database", opener)


def test_a_file_that_cannot_be_written_opens_read_only_under_a_banner(
    qtbot: QtBot, demo_copy: Path, show: Show, dialogs: list[str], monkeypatch
) -> None:
    refuse_writing(monkeypatch)
    opened = app.open_for_window(demo_copy)
    assert opened is not None and opened.db.readonly and not opened.damaged
    window = show(opened)
    assert window.banner.isVisible() and window.banner.label.text() == READ_ONLY_TEXT
    assert not window.banner.restore_button.isVisible()
    assert "read-only" in window.windowTitle()
    assert dialogs == [], "a banner, not a dialog"


def test_edits_on_a_read_only_file_are_refused_with_the_banner_sentence(
    qtbot: QtBot, demo_copy: Path, show: Show, dialogs: list[str], monkeypatch
) -> None:
    before = unit_count(demo_copy)
    refuse_writing(monkeypatch)
    opened = app.open_for_window(demo_copy)
    assert opened is not None
    window = show(opened)
    page = window.show_page("units")
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "form", None) is not None and page.form.isVisible())
    form = page.form
    qtbot.keyClicks(form.editors["name"], "Logistics")
    qtbot.mouseClick(
        form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: form.message.isVisible())
    assert form.message.text() == READ_ONLY_TEXT and form.isVisible(), "what was typed stays"
    assert form.editors["name"].text() == "Logistics"
    form.reject()
    idle(qtbot, window)
    assert not window.actions.undo.isEnabled()
    assert unit_count(demo_copy) == before


# -- damaged files -----------------------------------------------------------------------

DAMAGED = "jeans.sqlite is damaged; relman opened it read-only so nothing more is lost."


def test_damage_found_after_the_first_paint_turns_the_window_read_only_and_a_backup_restores_it(
    qtbot: QtBot, demo_copy: Path, show: Show, dialogs: list[str], asked
) -> None:
    good_units = unit_count(demo_copy)
    made = backups.backup(demo_copy)
    zero_page(demo_copy, page_of(demo_copy, "business_units"))
    opened = app.open_for_window(demo_copy)
    assert opened is not None and not opened.db.readonly, "the cheap checks at open pass"
    window = show(opened)
    qtbot.waitUntil(window.banner.restore_button.isVisible, timeout=10_000)
    assert window.banner.label.text() == DAMAGED
    assert window.ctx.db.readonly and window.ctx.runner.refusal
    assert dialogs == [], "a banner, not a storm of dialogs from every page that failed"
    qtbot.mouseClick(window.banner.restore_button, Qt.MouseButton.LeftButton)
    assert asked["restore"] == [(made, demo_copy)]
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    fresh = open_windows()
    assert len(fresh) == 1 and fresh[0].ctx.db.path == demo_copy
    qtbot.addWidget(fresh[0])
    qtbot.waitUntil(lambda: bool(fresh[0].pages))
    idle(qtbot, fresh[0])
    assert not fresh[0].ctx.db.readonly and not fresh[0].banner.isVisible()
    assert dialogs == []
    fresh[0].close()
    assert demo_copy.with_name("jeans.sqlite.before-restore").exists()
    assert unit_count(demo_copy) == good_units


def test_a_file_refused_as_damaged_at_open_opens_read_only_without_a_restore_offer(
    qtbot: QtBot, demo_copy: Path, show: Show, dialogs: list[str], monkeypatch
) -> None:
    zero_page(demo_copy, page_of(demo_copy, "business_units"))
    refuse_writing(monkeypatch, DamagedFileError)
    opened = app.open_for_window(demo_copy)
    assert opened is not None and opened.db.readonly and opened.damaged
    window = show(opened)
    assert window.banner.isVisible() and window.banner.label.text() == DAMAGED
    assert "Restore" in window.ctx.runner.refusal
    assert not window.banner.restore_button.isVisible(), "there is no backup to offer"
    assert dialogs == []


def test_a_file_that_cannot_be_read_at_all_is_still_refused_with_a_dialog(
    tmp_path: Path, dialogs: list[str]
) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"Meeting notes, not a database\n" * 100)
    assert app.open_for_window(path) is None
    assert len(dialogs) == 1 and "not a relman database" in dialogs[0]


# -- new databases -----------------------------------------------------------------------


def test_the_window_asks_before_creating_a_database_and_stays_when_declined(
    qtbot: QtBot, db, people, make_window, asked, tmp_path: Path
) -> None:
    window = make_window(db)
    typo = tmp_path / "tema.sqlite"
    asked["answers"]["create"] = False
    window.switch_to(typo)
    assert asked["create"] == [(typo,)]
    assert window.isVisible() and not typo.exists()


def test_file_new_creates_the_chosen_file_without_asking_again(
    qtbot: QtBot, db, people, make_window, asked, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from relman.ui import file_ops
    from relman.ui.file_dialogs import FileDialog

    window = make_window(db)
    chosen = tmp_path / "team.sqlite"
    monkeypatch.setattr(FileDialog, "ask_save", classmethod(lambda *a, **k: chosen))
    file_ops.new_database(window)
    assert asked["create"] == []  # the save dialog was the question
    assert chosen.exists()
    fresh = [w for w in open_windows() if w is not window]
    assert len(fresh) == 1 and fresh[0].ctx.db.path == chosen
    idle(qtbot, fresh[0])
    fresh[0].close()


def test_relman_with_a_new_path_asks_and_exits_when_declined(
    asked, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    typo = tmp_path / "tema.sqlite"
    asked["answers"]["create"] = False
    assert app.run(typo) == 0
    assert asked["create"] == [(typo,)] and not typo.exists()
    assert open_windows() == []


def test_a_path_in_a_missing_folder_is_refused_and_nothing_is_created(
    asked, tmp_path: Path, dialogs: list[str]
) -> None:
    typo = tmp_path / "Documnets" / "team.sqlite"
    assert not app.declined_to_create(typo)
    assert app.open_for_window(typo) is None
    assert len(dialogs) == 1 and "Documnets" in dialogs[0]
    assert asked["create"] == [] and not typo.parent.exists()


def test_the_default_database_is_created_without_asking(asked) -> None:
    path = default_db_path()
    assert not path.parent.exists()
    assert not app.declined_to_create(path)
    opened = app.open_for_window(path)
    assert opened is not None and path.exists()
    opened.db.close()
    assert asked["create"] == []


# -- Help: show the log and the data folder ------------------------------------------------


def no_file_manager(monkeypatch: pytest.MonkeyPatch, answer: bool) -> list[str]:
    opened: list[str] = []

    def open_url(url: object) -> bool:
        opened.append(url.toLocalFile())  # type: ignore[attr-defined]
        return answer

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return opened


def test_show_log_without_a_file_manager_shows_its_path(
    qtbot: QtBot, db, people, make_window, asked, monkeypatch
) -> None:
    window = make_window(db)
    tried = no_file_manager(monkeypatch, answer=False)
    log_file().parent.mkdir(parents=True, exist_ok=True)
    log_file().write_text("started\n", encoding="utf-8")
    window.actions.show_log.trigger()
    assert tried == [str(log_file())]
    assert len(asked["path"]) == 1
    _title, text, path = asked["path"][0]
    assert path == log_file() and "No file manager" in text


def test_show_log_before_anything_was_logged_says_where_it_will_be(
    qtbot: QtBot, db, people, make_window, asked, monkeypatch
) -> None:
    window = make_window(db)
    tried = no_file_manager(monkeypatch, answer=True)
    assert not log_file().exists()
    window.actions.show_log.trigger()
    assert tried == []
    assert asked["path"][0][2] == log_file() and "no log yet" in asked["path"][0][1]


def test_show_data_folder_opens_it_when_a_file_manager_can(
    qtbot: QtBot, db, people, make_window, asked, monkeypatch
) -> None:
    from relman.paths import data_dir

    window = make_window(db)
    data_dir().mkdir(parents=True, exist_ok=True)
    tried = no_file_manager(monkeypatch, answer=True)
    window.actions.show_data.trigger()
    assert tried == [str(data_dir())] and asked["path"] == []
    no_file_manager(monkeypatch, answer=False)
    window.actions.show_data.trigger()
    assert asked["path"][0][2] == data_dir()


def test_the_path_message_lets_the_path_be_selected_and_copied(qtbot: QtBot) -> None:
    path = log_file()
    dialog = prompts.PathDialog(None, "relman — log", "It is here:", path)
    qtbot.addWidget(dialog)
    assert dialog.path.isReadOnly() and dialog.path.text() == str(path)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == str(path)


def test_an_older_file_is_upgraded_behind_a_progress_dialog(qtbot, demo_0002: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog

    from relman.storage.migrate import HEAD_REVISION
    from relman.ui.app import open_for_window

    seen: list[str] = []

    def look() -> None:
        seen.extend(
            w.labelText()
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QProgressDialog) and w.isVisible()
        )

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(5)
    opened = open_for_window(demo_0002)
    timer.stop()
    assert opened is not None
    try:
        assert opened.db.revision() == HEAD_REVISION
    finally:
        opened.db.close()
    assert any(text.startswith(f"Upgrading {demo_0002.name}") for text in seen)
    assert not any(  # gone once the file is open
        isinstance(w, QProgressDialog) and w.isVisible() for w in QApplication.topLevelWidgets()
    )
