"""A file dialog listing the database's folder must not cost saved work.

On POSIX, closing any descriptor of a file drops every lock the process holds on it. A
dialog that read the open database to guess its type used to release SQLite's shared lock;
an outside SQLite client then took the file for its own, checkpointed and deleted the
``-wal``, and relman went on writing into the deleted file: "saved", killed, gone. These run
the real window in a subprocess (tests/ui/file_dialog_driver.py), open File → Open on the
database's folder, let an outside client in, save, kill, and look for the save.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QFileInfo
from sqlalchemy import select

from relman.models import BusinessUnit
from relman.storage import open_database
from relman.storage.lock import HAS_OFD_LOCKS
from relman.workflows.portfolio import create_unit

DRIVER = Path(__file__).with_name("file_dialog_driver.py")


def _outside_client(path: Path) -> None:
    """What the sqlite3 shell or a backup tool does: open, read, close, in another process."""
    script = (
        "import sqlite3, sys\n"
        "con = sqlite3.connect(sys.argv[1])\n"
        "con.execute('SELECT count(*) FROM business_units').fetchone()\n"
        "con.close()\n"
    )
    subprocess.run([sys.executable, "-c", script, str(path)], check=True, timeout=60)


def _unit_names(path: Path) -> set[str]:
    db = open_database(path)
    try:
        with db.read_session() as s:
            return set(s.scalars(select(BusinessUnit.name)))
    finally:
        db.close()


def test_a_save_after_file_open_dialog_and_an_outside_reader_survives_a_kill(
    tmp_path: Path,
) -> None:
    path = tmp_path / "relman.sqlite"
    db = open_database(path)
    with db.session() as s:
        create_unit(s, "Sales")
    db.close()

    driver = subprocess.Popen(
        [sys.executable, str(DRIVER), str(path), str(tmp_path / "settings.ini")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        # the default database: File → Open starts in its folder
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "RELMAN_DATA_DIR": str(tmp_path)},
    )
    try:
        assert driver.stdin is not None and driver.stdout is not None
        assert driver.stdout.readline().strip() == "dialog closed"
        _outside_client(path)
        driver.stdin.write("Typed after the dialog\n")
        driver.stdin.flush()
        assert driver.stdout.readline().strip() == "saved"
    finally:
        driver.send_signal(signal.SIGKILL)
        driver.wait(timeout=60)

    assert _unit_names(path) == {"Sales", "Typed after the dialog"}


def test_the_dialogs_icons_never_read_a_file(tmp_path: Path, qtbot) -> None:
    """The icon provider answers from the name: a file nobody may read still gets its icon
    and type (Qt's own provider opens the file to sniff its type)."""
    from relman.ui.file_dialogs import NameOnlyIcons

    secret = tmp_path / "relman.sqlite"
    secret.write_bytes(b"SQLite format 3\x00" + bytes(84))
    fifo = tmp_path / "pipe.sqlite"
    os.mkfifo(fifo)  # opening a FIFO for reading would block: answering proves no read
    icons = NameOnlyIcons()
    for item in (secret, fifo):
        info = QFileInfo(str(item))
        assert icons.type(info) == "Database"
        assert not icons.icon(info).isNull()
    assert icons.type(QFileInfo(str(tmp_path))) == "Folder"
    assert icons.type(QFileInfo(str(tmp_path / "notes.xyz"))) == "XYZ file"


@pytest.mark.skipif(not HAS_OFD_LOCKS, reason="open file description locks are Linux's")
def test_closing_another_descriptor_keeps_the_guard(tmp_path: Path) -> None:
    """Even if something in this process opens and closes the file, no other process can
    take SQLite's exclusive lock (which lets it delete the -wal) while relman has it open."""
    path = tmp_path / "relman.sqlite"
    db = open_database(path)
    try:
        with db.session() as s:
            create_unit(s, "Sales")
        with path.open("rb") as fh:  # drops this process's POSIX locks on the file
            fh.read(100)
        other = sqlite3.connect(path, timeout=0)
        try:
            other.execute("SELECT count(*) FROM business_units").fetchone()
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("PRAGMA journal_mode=DELETE").fetchone()
        finally:
            other.close()
        assert path.with_name(path.name + "-wal").exists()
        with db.session() as s:
            create_unit(s, "Finance")
    finally:
        db.close()
    assert _unit_names(path) == {"Sales", "Finance"}


@pytest.mark.parametrize("save", [False, True])
def test_the_dialog_returns_the_chosen_file_or_none(tmp_path: Path, qtbot, save: bool) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from relman.ui.file_dialogs import FileDialog

    existing = tmp_path / "relman.sqlite"
    existing.write_bytes(b"")
    wanted = tmp_path / ("new.sqlite" if save else "relman.sqlite")
    ask = FileDialog.ask_save if save else FileDialog.ask_open

    def choose(accept: bool) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, FileDialog):
            QTimer.singleShot(20, lambda: choose(accept))
            return
        if accept:
            dialog.selectFile(str(wanted))
            dialog.accept()
        else:
            dialog.reject()

    QTimer.singleShot(0, lambda: choose(True))
    assert ask(None, "Choose", tmp_path, "relman databases (*.sqlite)") == wanted
    QTimer.singleShot(0, lambda: choose(False))
    assert ask(None, "Choose", tmp_path, "relman databases (*.sqlite)") is None
