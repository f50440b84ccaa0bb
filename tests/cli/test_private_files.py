"""What relman writes holds confidential notes: every file it makes is its owner's alone
(0600) and every folder it makes too (0700) — the database and its -wal/-shm, backups,
the copy kept by a restore, the log, and exports (the user may widen them)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from relman.paths import log_file
from relman.storage import open_database
from relman.storage.backup import backup, keep_copy
from relman.workflows.portfolio import create_unit
from tests.cli.test_cli import relman


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def shared_umask() -> object:
    """The usual umask (022), under which files are readable by every user by default."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_the_command_line_makes_nothing_others_can_read(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert relman("demo", env={"RELMAN_DATA_DIR": str(data)}).returncode == 0
    db = data / "relman.sqlite"
    assert mode(data) == 0o700
    assert mode(db) == 0o600

    assert relman("backup", env={"RELMAN_DATA_DIR": str(data)}).returncode == 0
    backups = data / "backups"
    assert mode(backups) == 0o700
    copies = list(backups.iterdir())
    assert copies and all(mode(c) == 0o600 for c in copies)

    result = relman("restore", str(copies[0]), env={"RELMAN_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    assert mode(db.with_name(db.name + ".before-restore")) == 0o600
    assert mode(db) == 0o600

    for args in (
        ("export", "csv", "contacts", "-o", str(tmp_path / "contacts.csv")),
        ("export", "ics", "-o", str(tmp_path / "diary.ics")),
    ):
        result = relman(*args, env={"RELMAN_DATA_DIR": str(data)})
        assert result.returncode == 0, result.stderr
    assert mode(tmp_path / "contacts.csv") == 0o600
    assert mode(tmp_path / "diary.ics") == 0o600

    log = log_file()
    assert log.is_file() and mode(log) == 0o600 and mode(log.parent) == 0o700


def test_a_new_database_and_its_companions_are_private_whatever_the_umask(
    tmp_path: Path, shared_umask: object
) -> None:
    path = tmp_path / "relman.sqlite"
    db = open_database(path)
    try:
        with db.session() as s:
            create_unit(s, "Sales")
        assert mode(path) == 0o600
        for suffix in ("-wal", "-shm", ".lock"):
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                assert mode(companion) == 0o600, suffix
        copy = backup(path)
        kept = keep_copy(path, "test")
    finally:
        db.close()
    assert mode(copy) == 0o600 and mode(copy.parent) == 0o700
    assert mode(kept) == 0o600


def test_a_new_data_folder_is_private(tmp_path: Path, shared_umask: object) -> None:
    folder = tmp_path / "fresh"
    db = open_database(folder / "relman.sqlite", create_folders=True)
    db.close()
    assert mode(folder) == 0o700
