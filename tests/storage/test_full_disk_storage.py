"""Backups and the check before a write, on a full disk, for real: the small file system of
tests/cli/test_full_disk.py (a 4 MB tmpfs, skipped where mounting is not permitted) filled to
the last byte.

A backup onto it (``relman backup``, File > Back up…, the copy kept before a file is
replaced, a restore) says the disk is full, in the same words as every other write, and
leaves no half copy. A database on it is not taken for a damaged one: SQLite cannot make the
``-shm`` it needs to check the file, which says nothing about the file's bytes, so the write
is refused as a full disk and the file is not turned read-only.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from relman.errors import DiskFullError
from relman.paths import backups_dir
from relman.storage import Database, open_database
from relman.storage.backup import backup, keep_copy
from relman.storage.check import file_problems
from relman.workflows import portfolio
from tests.cli.test_cli import one_line, relman, staged_leftovers
from tests.cli.test_full_disk import (  # noqa: F401 (the fixtures)
    demo_file,
    disk_full,
    fill,
    nothing_unexpected_logged,
    sha,
    small_disk,
)


def test_a_backup_onto_a_full_disk_says_the_disk_is_full_and_leaves_no_half_copy(
    demo_file: Path,  # noqa: F811 (the fixture)
    small_disk: Path,  # noqa: F811 (the fixture)
) -> None:
    fill(small_disk)
    target = small_disk / "copy.sqlite"
    with pytest.raises(DiskFullError) as refused:
        backup(demo_file, target)
    assert refused.value.message == DiskFullError(target).message
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_relman_backup_onto_a_full_disk_says_so_on_one_line(
    demo_file: Path,  # noqa: F811 (the fixture)
    small_disk: Path,  # noqa: F811 (the fixture)
) -> None:
    fill(small_disk)
    target = small_disk / "copy.sqlite"
    before = sha(demo_file)
    result = relman("backup", "--db", str(demo_file), "--to", str(target))
    assert result.returncode not in (0, 70), result.stderr
    assert one_line(result.stderr) == disk_full(target)
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]
    assert sha(demo_file) == before
    nothing_unexpected_logged()


def test_a_copy_kept_on_a_full_disk_is_not_retried_byte_for_byte(
    small_disk: Path,  # noqa: F811 (the fixture)
) -> None:
    target = small_disk / "relman.sqlite"
    open_database(target).close()
    before = sha(target)
    fill(small_disk)
    with pytest.raises(DiskFullError) as refused:
        keep_copy(target, "replaced")
    assert "the disk is full or failing" in refused.value.message
    assert str(backups_dir(target)) in refused.value.message
    kept = backups_dir(target)
    assert not kept.exists() or list(kept.iterdir()) == []
    assert staged_leftovers(small_disk) == []
    assert sha(target) == before


def test_relman_restore_onto_a_full_disk_says_so_and_changes_nothing(
    demo_file: Path,  # noqa: F811 (the fixture)
    small_disk: Path,  # noqa: F811 (the fixture)
) -> None:
    target = small_disk / "relman.sqlite"
    open_database(target).close()
    before = sha(target)
    fill(small_disk)
    result = relman("restore", str(demo_file), "--db", str(target))
    assert result.returncode not in (0, 70), result.stderr
    assert one_line(result.stderr) == disk_full(target)
    assert sha(target) == before
    assert staged_leftovers(small_disk) == []
    nothing_unexpected_logged()


def test_a_write_to_a_database_on_a_full_disk_is_refused_as_a_full_disk_not_as_damage(
    small_disk: Path,  # noqa: F811 (the fixture)
) -> None:
    target = small_disk / "relman.sqlite"
    open_database(target).close()
    filler = fill(small_disk)
    # without the writer's lock (as the command line's demo and restore open it), nothing
    # has made the -shm yet: the check before the first write is the first to need it
    db = open_database(target, lock=False)
    try:
        with pytest.raises(DiskFullError) as refused, db.session() as s:
            portfolio.create_unit(s, "Sales")
        assert refused.value.message == DiskFullError(target).message
        assert db.readonly_reason is None
        assert not db.readonly
        os.unlink(filler)  # once there is room again, the check runs again and passes
        with db.session() as s:
            portfolio.create_unit(s, "Sales")
        assert db.readonly_reason is None
    finally:
        db.close()
    con = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert con.execute("SELECT name FROM business_units").fetchall() == [("Sales",)]
    finally:
        con.close()


def test_the_check_of_a_file_on_a_full_disk_says_the_disk_is_full_not_that_it_is_damaged(
    small_disk: Path,  # noqa: F811 (the fixture)
) -> None:
    # a copy made with its -wal but without the -shm: reading it needs a new -shm
    made = small_disk / "relman.sqlite"
    open_database(made).close()
    con = sqlite3.connect(made)
    try:
        con.execute("PRAGMA wal_autocheckpoint=0")
        con.execute("UPDATE business_units SET name = name")
        con.execute("CREATE TABLE scratch(x)")
        con.commit()
        copy = small_disk / "copy.sqlite"
        shutil.copy(made, copy)
        shutil.copy(made.with_name(made.name + "-wal"), copy.with_name(copy.name + "-wal"))
    finally:
        con.close()
    fill(small_disk)
    with pytest.raises(DiskFullError) as refused:
        file_problems(copy, quick=True)
    assert refused.value.message == DiskFullError(copy).message


def test_the_windows_back_up_onto_a_full_disk_shows_the_disk_full_message(
    qtbot: QtBot,
    db: Database,
    small_disk: Path,  # noqa: F811 (the fixture)
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox

    from relman.ui import file_ops
    from relman.ui.file_dialogs import FileDialog
    from relman.ui.main_window import MainWindow
    from relman.ui.settings import Settings

    target = small_disk / "copy.sqlite"
    shown: list[str] = []
    monkeypatch.setattr(FileDialog, "ask_save", classmethod(lambda *a, **k: target))
    for kind in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda _p, _t, text: shown.append(text))
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(db, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(window.pages))
    qtbot.waitUntil(lambda: not window.ctx.runner.busy, timeout=10_000)
    fill(small_disk)
    file_ops.back_up(window)
    qtbot.waitUntil(lambda: bool(shown), timeout=30_000)
    qtbot.waitUntil(lambda: not window.ctx.runner.busy, timeout=10_000)
    assert shown == [DiskFullError(target).message]
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_opening_a_database_on_a_full_disk_says_the_disk_is_full_not_damaged(
    small_disk: Path,  # noqa: F811 (the fixture)
) -> None:
    """Opening needs a -shm beside the file; on a full disk SQLite cannot make it. That is
    a full disk, said in the same words as every write, never "damaged" nor a crash."""
    target = small_disk / "relman.sqlite"
    with open_database(target) as db, db.session() as s:
        portfolio.create_unit(s, "Sales")
    before = sha(target)
    fill(small_disk)
    with pytest.raises(DiskFullError) as refused:
        open_database(target)
    assert refused.value.message == DiskFullError(target).message
    assert sha(target) == before
    result = relman("check", "--db", str(target))
    assert result.returncode not in (0, 2, 70), result.stderr
    assert "damaged" not in result.stderr
