"""Damage that ``relman check`` must name rightly (issue 16 items 6, 7 and 8): a -wal whose
committed frames are damaged or cut off, a garbled table name in the schema, and a damaged
file header. Real files, real damaged bytes, and the real command line."""

from __future__ import annotations

import shutil
import sqlite3
import struct
from pathlib import Path

import pytest

from relman.errors import CorruptFileError
from relman.storage import open_database
from relman.storage.check import check_file
from relman.storage.files import inspect_file
from relman.workflows import portfolio
from tests.cli.test_cli import one_line, relman

WAL_HEADER = 32
FRAME_HEADER = 24


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A small relman file, closed (no -wal, no -shm)."""
    path = tmp_path / "team.sqlite"
    db = open_database(path)
    with db.session() as s:
        for i in range(20):
            portfolio.create_unit(s, f"Unit {i}", notes="quarterly sales notes " * 20)
    db.close()
    return path


def wal_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def leave_a_wal(path: Path, commits: int = 3, *, restart_first: bool = False) -> None:
    """Commit ``commits`` changes that stay in the -wal, as after a crash. With
    ``restart_first``, first fill the -wal and checkpoint it, so that the changes are written
    over its start with new salts and the older frames stay behind them."""
    keep = sqlite3.connect(path)
    keep.execute("SELECT count(*) FROM business_units").fetchone()
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    if restart_first:
        for i in range(10):
            writer.execute("UPDATE business_units SET notes = ? WHERE rowid = ?", (f"old {i}", i))
            writer.commit()
        assert writer.execute("PRAGMA wal_checkpoint(RESTART)").fetchone()[0] == 0
    for i in range(commits):
        writer.execute(
            "UPDATE business_units SET notes = ? WHERE rowid = ?", (f"written late {i}", i + 1)
        )
        writer.commit()
    wal = wal_of(path)
    saved_wal, saved_db = path.with_name("saved-wal"), path.with_name("saved-db")
    shutil.copy(wal, saved_wal)
    shutil.copy(path, saved_db)
    writer.close()
    keep.close()  # checkpoints: put back the files as the crash left them
    shutil.copy(saved_db, path)
    shutil.copy(saved_wal, wal)
    path.with_name(path.name + "-shm").unlink(missing_ok=True)


def frames(wal: Path) -> list[tuple[int, int, bytes]]:
    """(offset, db size after commit, salts) of every whole frame in ``wal``."""
    data = wal.read_bytes()
    page_size = struct.unpack(">I", data[8:12])[0]
    size = FRAME_HEADER + page_size
    found = []
    for offset in range(WAL_HEADER, len(data) - size + 1, size):
        commit = struct.unpack(">I", data[offset + 4 : offset + 8])[0]
        found.append((offset, commit, data[offset + 8 : offset + 16]))
    return found


def salts(wal: Path) -> bytes:
    return wal.read_bytes()[16:24]


def flip(path: Path, offset: int, value: int | None = None) -> None:
    data = bytearray(path.read_bytes())
    data[offset] = data[offset] ^ 0xFF if value is None else value
    path.write_bytes(bytes(data))


def late_notes(path: Path) -> int:
    """How many of the changes committed into the -wal a reader sees."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        query = "SELECT count(*) FROM business_units WHERE notes LIKE 'written late%'"
        return con.execute(query).fetchone()[0]
    finally:
        con.close()


# --- item 6: a -wal whose committed frames are damaged or cut off -----------------------


def test_a_wal_with_a_damaged_committed_frame_is_reported_as_missing_changes(
    filled: Path,
) -> None:
    leave_a_wal(filled)
    wal = wal_of(filled)
    first = frames(wal)[0][0]
    flip(wal, first + FRAME_HEADER + 100)  # one byte of the first page saved in it
    assert late_notes(filled) == 0, "SQLite drops every commit from the damaged frame on"

    report = check_file(filled)

    assert not report.ok
    assert any("-wal" in p and "missing" in p for p in report.problems), report.problems


def test_a_wal_cut_inside_its_last_commit_is_reported_as_missing_changes(filled: Path) -> None:
    leave_a_wal(filled)
    wal = wal_of(filled)
    *_, (last, commit, _salts) = frames(wal)
    assert commit, "the last frame ends a transaction"
    with wal.open("r+b") as fh:
        fh.truncate(last + FRAME_HEADER + 1000)  # cut off while copying, say
    assert late_notes(filled) == 2, "the last commit is gone"

    report = check_file(filled)

    assert not report.ok
    assert any("-wal" in p and "missing" in p for p in report.problems), report.problems


def test_a_wal_cut_inside_a_frame_of_its_last_transaction_is_reported(filled: Path) -> None:
    leave_a_wal(filled)
    wal = wal_of(filled)
    *_, (before_last, commit, _salts), _last = frames(wal)
    assert not commit, "the last transaction has more than one frame"
    with wal.open("r+b") as fh:
        fh.truncate(before_last + FRAME_HEADER + 2000)

    assert any("missing" in p for p in check_file(filled).problems)


def test_a_writer_killed_between_a_frame_header_and_its_page_is_not_damage(
    filled: Path,
) -> None:
    """A kill leaves whole write()s: the frame header of a transaction still being written,
    without its page. Nothing committed is lost."""
    leave_a_wal(filled)
    wal = wal_of(filled)
    *_, (before_last, _commit, _salts), _last = frames(wal)
    with wal.open("r+b") as fh:
        fh.truncate(before_last + FRAME_HEADER)

    assert check_file(filled).ok


def test_a_wal_reused_after_a_checkpoint_with_older_frames_behind_is_sound(
    filled: Path,
) -> None:
    leave_a_wal(filled, commits=1, restart_first=True)
    wal = wal_of(filled)
    found = frames(wal)
    assert found[0][2] == salts(wal)
    assert any(s != salts(wal) for _o, _c, s in found), "older frames are left behind"
    assert late_notes(filled) == 1

    assert check_file(filled).ok


def test_a_wal_whose_stale_frames_are_damaged_is_still_sound(filled: Path) -> None:
    leave_a_wal(filled, commits=1, restart_first=True)
    wal = wal_of(filled)
    stale = [o for o, _c, s in frames(wal) if s != salts(wal)]
    flip(wal, stale[0] + FRAME_HEADER + 100)

    assert check_file(filled).ok


def test_check_command_says_saved_changes_are_missing_from_a_damaged_wal(
    filled: Path,
) -> None:
    leave_a_wal(filled)
    wal = wal_of(filled)
    flip(wal, frames(wal)[1][0] + FRAME_HEADER + 7)

    result = relman("check", "--db", str(filled))

    assert result.returncode == 2, result.stdout + result.stderr
    assert "PROBLEMS FOUND" in result.stdout
    assert "changes saved in it are missing" in result.stderr
    assert "relman restore" in result.stderr and "--repair-index" not in result.stderr

    repair = relman("check", "--repair-index", "--db", str(filled))
    assert repair.returncode == 2, repair.stdout + repair.stderr
    assert "would not mend" in repair.stderr and "relman restore" in repair.stderr
    assert "Rebuilt" not in repair.stdout
    assert not (filled.parent / "backups").exists()


# --- item 7: a garbled table name in the schema -----------------------------------------


def garble_a_table_name(path: Path) -> None:
    """Put an invalid UTF-8 byte into the name of business_units in sqlite_master."""
    data = bytearray(path.read_bytes())
    at = data.find(b"tablebusiness_unitsbusiness_units")
    assert at > 0
    data[at + len(b"table")] = 0xFF
    path.write_bytes(bytes(data))


def test_a_garbled_table_name_is_damage_not_a_crash(filled: Path) -> None:
    garble_a_table_name(filled)
    before = filled.read_bytes()

    with pytest.raises(CorruptFileError, match="is damaged") as info:
        inspect_file(filled)
    assert "restore" in info.value.message
    with pytest.raises(CorruptFileError, match="is damaged"):
        check_file(filled)
    assert filled.read_bytes() == before


@pytest.mark.parametrize("command", [["check"], ["search", "Unit"], ["backup"]])
def test_every_command_refuses_a_garbled_table_name_with_exit_2(
    filled: Path, command: list[str]
) -> None:
    garble_a_table_name(filled)

    result = relman(*command, "--db", str(filled))

    assert result.returncode == 2, result.stderr
    line = one_line(result.stderr)
    assert "is damaged" in line and "relman restore" in line
    assert "did not expect" not in line


# --- item 8: a damaged file header ------------------------------------------------------


@pytest.mark.parametrize(("offset", "value"), [(18, 3), (19, 6), (21, 65), (23, 0)])
def test_a_damaged_header_field_is_named_as_header_damage(
    filled: Path, offset: int, value: int
) -> None:
    flip(filled, offset, value)

    with pytest.raises(CorruptFileError, match="header is damaged") as info:
        check_file(filled)
    assert "search index" not in info.value.message


def test_check_names_a_flipped_write_version_and_never_offers_the_index_repair(
    filled: Path,
) -> None:
    flip(filled, 18, 3)
    before = filled.read_bytes()

    result = relman("check", "--db", str(filled))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "header is damaged" in result.stderr
    assert "search index" not in result.stderr and "--repair-index" not in result.stderr

    repair = relman("check", "--repair-index", "--db", str(filled))
    assert repair.returncode == 2, repair.stderr
    assert "header is damaged" in one_line(repair.stderr)
    assert filled.read_bytes() == before
    assert not (filled.parent / "backups").exists(), "nothing to back up for a repair"


def test_write_version_1_is_a_sound_header(filled: Path) -> None:
    flip(filled, 18, 1)  # a file in rollback-journal mode
    flip(filled, 19, 1)
    assert check_file(filled).ok
