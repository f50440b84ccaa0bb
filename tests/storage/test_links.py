"""One writer per *file*, however its path is spelled: a symlink or a hard link to a database
is the same database. Before, each name got its own lock file, so two writers shared one
file (rows lost, "malformed"), and a restore through a symlink replaced the link itself."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from relman.errors import LockedError
from relman.models import BusinessUnit
from relman.storage import open_database
from relman.storage.backup import backup
from relman.storage.lock import HAS_OFD_LOCKS
from relman.workflows.portfolio import create_unit
from tests.cli.test_cli import one_line, relman, sha


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "real" / "relman.sqlite"
    path.parent.mkdir()
    db = open_database(path)
    with db.session() as s:
        create_unit(s, "Sales")
    db.close()
    return path


def _names(path: Path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT name FROM business_units")}
    finally:
        con.close()


def test_a_second_writer_through_a_symlink_is_refused(database: Path, another_process) -> None:
    link = database.parent.parent / "link.sqlite"
    link.symlink_to(database)
    with another_process(database), pytest.raises(LockedError, match="already open"):
        open_database(link)


@pytest.mark.skipif(not HAS_OFD_LOCKS, reason="hard links are told apart by OFD locks (Linux)")
def test_a_second_writer_through_a_hard_link_is_refused(database: Path, another_process) -> None:
    link = database.parent.parent / "hard.sqlite"
    os.link(database, link)
    with another_process(database), pytest.raises(LockedError, match="already open"):
        open_database(link)
    # and the other way round, within one process too
    db = open_database(link)
    try:
        with pytest.raises(LockedError, match="already open"):
            open_database(database)
    finally:
        db.close()


def test_opening_through_a_symlink_works_on_the_real_file(database: Path) -> None:
    link = database.parent.parent / "link.sqlite"
    link.symlink_to(database)
    db = open_database(link)
    try:
        assert db.path == database
        with db.session() as s:
            create_unit(s, "Finance")
        with db.read_session() as s:
            assert set(s.scalars(select(BusinessUnit.name))) == {"Sales", "Finance"}
    finally:
        db.close()
    assert link.is_symlink()
    assert _names(database) == {"Sales", "Finance"}


def test_restore_through_a_symlink_of_a_file_in_use_is_refused(
    database: Path, another_process
) -> None:
    copy = backup(database, database.parent / "copy.sqlite")
    link = database.parent.parent / "link.sqlite"
    link.symlink_to(database)
    with another_process(database):
        before = sha(database)
        result = relman("restore", str(copy), "--db", str(link))
        assert result.returncode == 3, result.stderr
        assert "already open" in one_line(result.stderr)
        assert link.is_symlink() and sha(database) == before


def test_restore_through_a_symlink_replaces_the_real_file_and_keeps_the_link(
    database: Path,
) -> None:
    copy = backup(database, database.parent / "copy.sqlite")
    db = open_database(database)
    with db.session() as s:
        create_unit(s, "Added after the backup")
    db.close()
    link = database.parent.parent / "link.sqlite"
    link.symlink_to(database)
    result = relman("restore", str(copy), "--db", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == database
    assert _names(database) == {"Sales"}
    kept = database.with_name(database.name + ".before-restore")
    assert _names(kept) == {"Sales", "Added after the backup"}


@pytest.mark.skipif(not HAS_OFD_LOCKS, reason="hard links are told apart by OFD locks (Linux)")
def test_demo_force_through_a_hard_link_of_a_file_in_use_is_refused(
    database: Path, another_process
) -> None:
    link = database.parent.parent / "hard.sqlite"
    os.link(database, link)
    with another_process(database):
        result = relman("demo", "--force", "--db", str(link))
        assert result.returncode == 3, result.stderr
    assert _names(database) == {"Sales"}
