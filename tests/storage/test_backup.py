"""Backups, restores and the integrity check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from relman.errors import CorruptFileError, RelmanError
from relman.storage import Database, open_database
from relman.storage.backup import backup, restore
from relman.storage.check import check_file
from relman.workflows import portfolio


def unit_names(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT name FROM business_units ORDER BY name")]
    finally:
        con.close()


def test_backup_while_open_includes_committed_work(db: Database, db_path: Path) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "Finance")
    copy = backup(db_path)
    assert copy.parent == db_path.parent / "backups"
    assert unit_names(copy) == ["Finance"]
    assert check_file(copy).ok


def test_backup_to_a_chosen_file_and_not_onto_itself(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "elsewhere" / "copy.sqlite"
    assert backup(db_path, target) == target
    assert target.exists()
    with pytest.raises(RelmanError, match="another file"):
        backup(db_path, db_path)


def test_restore_replaces_and_keeps_the_replaced_file(db: Database, db_path: Path) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "Sales")
    saved = backup(db_path)
    with db.session() as s:
        portfolio.create_unit(s, "Marketing")
    db.close()

    kept = restore(saved, db_path)

    assert kept == db_path.with_name(db_path.name + ".before-restore")
    assert unit_names(kept) == ["Marketing", "Sales"]
    assert unit_names(db_path) == ["Sales"]
    reopened = open_database(db_path)
    reopened.close()


def test_restore_refuses_a_damaged_backup_and_changes_nothing(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "Design")
    db.close()
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CorruptFileError):
        restore(bad, db_path)
    assert unit_names(db_path) == ["Design"]
    assert not db_path.with_name(db_path.name + ".before-restore").exists()


def test_check_counts_rows_and_finds_damage(db: Database, db_path: Path) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "Distribution")
    db.close()
    report = check_file(db_path)
    assert report.ok
    assert report.counts["business_units"] == 1
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute(
        "INSERT INTO unit_rms (unit_id, staff_id) VALUES "
        "((SELECT id FROM business_units), 'ffffffffffffffffffffffffffffffff')"
    )
    con.commit()
    con.close()
    report = check_file(db_path)
    assert not report.ok
    assert any("unit_rms" in p for p in report.problems)
