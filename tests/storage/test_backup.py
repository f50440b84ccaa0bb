"""Backups, restores and the integrity check."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from relman.errors import CorruptFileError, RelmanError
from relman.storage import Database, open_database
from relman.storage.backup import backup, newest_good_backup, restore, verify
from relman.storage.check import check_file
from relman.workflows import portfolio


def unit_names(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT name FROM business_units ORDER BY name")]
    finally:
        con.close()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def damage_table(path: Path, table: str = "business_units") -> Path:
    """Zero the root page of ``table``: the header and schema still read, the data does not."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    finally:
        con.close()
    data = bytearray(path.read_bytes())
    data[(root[0] - 1) * page_size : root[0] * page_size] = bytes(page_size)
    path.write_bytes(bytes(data))
    return path


def leftovers(folder: Path) -> list[str]:
    """Files a restore stages, which must never outlive a failed one."""
    return sorted(
        p.name
        for p in folder.rglob("*")
        if p.name.endswith((".restoring", ".before-restore", ".partial"))
    )


@pytest.fixture
def saved(db: Database, db_path: Path, tmp_path: Path) -> Path:
    """A good backup of a database holding the unit "Sales"; the database then gets
    "Marketing" too and is closed."""
    with db.session() as s:
        portfolio.create_unit(s, "Sales")
    copy = backup(db_path, tmp_path / "saved" / "saved.sqlite")
    with db.session() as s:
        portfolio.create_unit(s, "Marketing")
    db.close()
    return copy


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
    with db_path.open("rb") as fh:
        header = fh.read(20)
    assert header[18:20] == b"\x02\x02", "a restored database is in WAL mode already"
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


def test_verify_refuses_a_file_that_is_not_a_database_clearly(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    with pytest.raises(CorruptFileError, match="damaged"):
        verify(bad)


def test_restore_refuses_a_backup_with_a_damaged_page(
    saved: Path, db_path: Path, tmp_path: Path
) -> None:
    damage_table(saved)
    source_before, db_before = sha(saved), sha(db_path)
    with pytest.raises(CorruptFileError):
        restore(saved, db_path)
    assert sha(saved) == source_before
    assert sha(db_path) == db_before
    assert leftovers(tmp_path) == []


def test_restore_only_reads_its_backup_even_one_with_a_wal(
    saved: Path, db_path: Path, tmp_path: Path
) -> None:
    """A backup that still has its -wal (copied from a live file) is read, never rewritten."""
    live = open_database(tmp_path / "live.sqlite")
    con = sqlite3.connect(live.path)
    con.execute("PRAGMA wal_autocheckpoint=0")  # keep the new row in the -wal
    with live.session() as s:
        portfolio.create_unit(s, "Design")
    source = tmp_path / "copied" / "live.sqlite"
    source.parent.mkdir()
    for suffix in ("", "-wal"):
        shutil.copy(f"{live.path}{suffix}", f"{source}{suffix}")
    con.close()
    live.close()
    wal = source.with_name(source.name + "-wal")
    assert wal.stat().st_size > 0
    before = (sha(source), sha(wal))

    restore(source, db_path)

    assert (sha(source), sha(wal)) == before
    assert unit_names(db_path) == ["Design"]


def test_restore_failing_at_its_last_step_leaves_nothing_behind(
    saved: Path, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_replace = Path.replace

    def replace(self: Path, target: str | os.PathLike[str]) -> Path:
        if self.name.endswith(".restoring"):
            raise OSError(28, "No space left on device")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", replace)
    before = sha(db_path)
    with pytest.raises(RelmanError, match="Nothing was changed"):
        restore(saved, db_path)
    assert sha(db_path) == before
    assert leftovers(tmp_path) == []


def test_restore_over_a_damaged_database_keeps_its_bytes(saved: Path, db_path: Path) -> None:
    damage_table(db_path)
    damaged = sha(db_path)

    kept = restore(saved, db_path)

    assert kept is not None and sha(kept) == damaged
    assert unit_names(db_path) == ["Sales"]


def test_newest_good_backup_skips_damaged_and_other_databases(db: Database, db_path: Path) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "Sales")
    folder = db_path.parent / "backups"
    assert newest_good_backup(db_path) is None
    older = backup(db_path, folder / f"{db_path.stem}-20240101-000000.sqlite")
    newer = backup(db_path, folder / f"{db_path.stem}-20240201-000000.sqlite")
    other = backup(db_path, folder / "other-20240301-000000.sqlite")
    for age, path in enumerate((other, newer, older)):
        os.utime(path, (1_700_000_000 - age * 1000, 1_700_000_000 - age * 1000))
    assert newest_good_backup(db_path) == newer

    damage_table(newer)

    assert newest_good_backup(db_path) == older
