"""Opening files: new, older, newer, damaged, foreign, locked; pragmas; migrations."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from relman.errors import CorruptFileError, LockedError, NewerSchemaError
from relman.models import Base
from relman.storage import open_database
from relman.storage.database import make_engine
from relman.storage.migrate import head_revision, include_name, upgrade
from relman.workflows import portfolio


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_file_is_created_at_head_with_pragmas(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        assert db.revision() == head_revision()
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    finally:
        db.close()


def test_the_head_constant_is_the_newest_migration() -> None:
    from relman.storage.migrate import script_head

    assert script_head() == head_revision()


def test_models_and_migrations_do_not_drift(replayed: Path) -> None:
    engine = create_engine(f"sqlite:///{replayed}")
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": include_name, "compare_type": True}
        )
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


def test_alembic_check_command_is_clean(replayed: Path) -> None:
    from alembic import command

    from relman.storage.migrate import alembic_config

    engine = make_engine(f"sqlite:///{replayed}")
    with engine.connect() as conn:
        command.check(alembic_config(conn))  # raises if models and migrations drift
    engine.dispose()


def test_older_database_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        upgrade(conn, "0001")
        conn.exec_driver_sql(
            "INSERT INTO business_units (id, name, division, criticality, own_service_levels,"
            " notes, created_at, updated_at, version) VALUES ('0123456789abcdef0123456789abcdef',"
            " 'Old Unit', '', 'high', 0, 'notes from long ago', '2020-01-01 00:00:00',"
            " '2020-01-01 00:00:00', 1)"
        )
    engine.dispose()
    before = sha(path)

    db = open_database(path)
    try:
        assert db.revision() == head_revision()
        from relman.workflows.search import search

        with db.read_session() as s:
            assert [h.title for h in search(s, "long ago")] == ["Old Unit"]
    finally:
        db.close()
    backups = list((tmp_path / "backups").glob("old-*-before-upgrade-0001.sqlite"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert con.execute("SELECT name FROM business_units").fetchall() == [("Old Unit",)]
    con.close()
    assert before != sha(path)


def test_newer_database_is_refused_and_left_byte_identical(db_path: Path) -> None:
    open_database(db_path).close()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    con.commit()
    con.close()
    for suffix in ("-wal", "-shm"):
        assert not db_path.with_name(db_path.name + suffix).exists()
    before = sha(db_path)
    with pytest.raises(NewerSchemaError, match="newer version of relman"):
        open_database(db_path)
    assert sha(db_path) == before
    assert not (db_path.parent / "backups").exists()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def truncated(tmp_path: Path) -> Path:
    source = tmp_path / "whole.sqlite"
    db = open_database(source)
    with db.session() as s:
        for i in range(200):
            portfolio.create_unit(s, f"Unit {i}", notes="x" * 2000)
    db.close()
    data = source.read_bytes()
    return _write(tmp_path / "cut.sqlite", data[: len(data) // 2 + 100])


BAD_FILES = {
    "empty": (lambda tmp: _write(tmp / "empty.sqlite", b""), "empty"),
    "random": (lambda tmp: _write(tmp / "random.sqlite", os.urandom(8192)), "not an SQLite"),
    "text": (
        lambda tmp: _write(tmp / "notes.sqlite", b"Meeting notes\nnot a db\n" * 50),
        "not an SQLite",
    ),
    "truncated": (truncated, "damaged"),
    "foreign": (None, "not one made by relman"),
}


def foreign(tmp_path: Path) -> Path:
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.commit()
    con.close()
    return path


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_files_get_a_clear_error_and_are_not_changed(tmp_path: Path, kind: str) -> None:
    make, words = BAD_FILES[kind]
    path = foreign(tmp_path) if make is None else make(tmp_path)
    before = sha(path)
    with pytest.raises(CorruptFileError, match=words) as info:
        open_database(path)
    assert str(path) in info.value.message
    assert sha(path) == before


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_check_command_reports_bad_files_with_exit_code_2(tmp_path: Path, kind: str) -> None:
    make, _words = BAD_FILES[kind]
    path = foreign(tmp_path) if make is None else make(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "relman", "check", "--db", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_second_process_is_refused_while_the_first_has_the_file(
    db_path: Path, another_process
) -> None:
    with another_process(db_path), pytest.raises(LockedError, match="already open") as info:
        open_database(db_path)
    assert str(db_path) in info.value.message
    open_database(db_path).close()  # free again once the first has closed it


def test_the_lock_is_released_on_close(db_path: Path) -> None:
    open_database(db_path).close()
    db = open_database(db_path)
    with pytest.raises(LockedError):
        open_database(db_path)
    db.close()
    open_database(db_path).close()


def test_a_file_upgraded_release_by_release_has_no_drift_in_words(replayed: Path) -> None:
    """What ``relman check`` runs on a server (storage/schema.py), on SQLite: nothing
    differs from the models, CHECK rules included."""
    from relman.storage.schema import drift

    engine = create_engine(f"sqlite:///{replayed}")
    try:
        with engine.connect() as conn:
            assert drift(conn) == []
    finally:
        engine.dispose()
