"""Read-only files and folders, read-only opening, damaged files, the search index, SQLite
URLs and missing folders (issue 12 items 2, 4, 6, 8; issue 11 item 3)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from relman.errors import (
    CorruptFileError,
    DamagedFileError,
    LockedError,
    ReadOnlyError,
    RelmanError,
    StorageError,
)
from relman.paths import as_target, database_target
from relman.storage import open_database
from relman.storage.check import SHOWN_PROBLEMS, check_file
from relman.storage.database import translate_db_error
from relman.storage.fts import SOURCES, rebuild_index
from relman.workflows import portfolio
from relman.workflows.search import search

SIDECARS = ("-wal", "-shm", ".lock")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def beside(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()} - {path.name}


def sidecars(path: Path) -> list[str]:
    return [s for s in SIDECARS if path.with_name(path.name + s).exists()]


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A relman file with a few hundred pages of units, closed (no -wal, no -shm)."""
    path = tmp_path / "filled.sqlite"
    db = open_database(path)
    with db.session() as s:
        for i in range(300):
            portfolio.create_unit(s, f"Unit {i}", notes="quarterly sales notes " * 80)
    db.close()
    path.with_name(path.name + ".lock").unlink(missing_ok=True)
    assert sidecars(path) == []
    return path


def copy_to(path: Path, folder: Path, name: str) -> Path:
    folder.mkdir(exist_ok=True)
    return Path(shutil.copy(path, folder / name))


def zero_page(path: Path, page: int) -> Path:
    data = bytearray(path.read_bytes())
    data[(page - 1) * 4096 : page * 4096] = bytes(4096)
    path.write_bytes(bytes(data))
    return path


def a_leaf_of(path: Path, table: str) -> int:
    """A page in the middle of ``table``'s rows, as SQLite's own page map (dbstat) says."""
    con = sqlite3.connect(path)
    try:
        pages = [
            n
            for (n,) in con.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno",
                (table,),
            )
        ]
    finally:
        con.close()
    return pages[len(pages) // 2]


@pytest.fixture
def damaged(filled: Path, tmp_path: Path) -> Path:
    """The filled file with one page of table data zeroed: its header and schema still read."""
    page = a_leaf_of(filled, "business_units")
    return zero_page(copy_to(filled, tmp_path / "damaged", "damaged.sqlite"), page)


def deny_writes_to(monkeypatch: pytest.MonkeyPatch, *denied: Path) -> None:
    """Make ``os.access`` say these paths cannot be written (tests run as root, where
    chmod does not stop writes)."""
    real = os.access

    def access(path: os.PathLike[str] | str, mode: int, **kw: object) -> bool:
        if mode & os.W_OK and Path(path).absolute() in {d.absolute() for d in denied}:
            return False
        return real(path, mode, **kw)

    monkeypatch.setattr(os, "access", access)


# --- 1. files and folders that cannot be written ---------------------------------------


def test_a_read_only_file_is_refused_unchanged_and_without_leftovers(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = sha(filled)
    deny_writes_to(monkeypatch, filled)
    with pytest.raises(ReadOnlyError, match="read-only") as info:
        open_database(filled)
    assert str(filled) in info.value.message
    assert "\n" not in info.value.message
    assert sha(filled) == before
    assert sidecars(filled) == []


def test_a_read_only_folder_refuses_a_new_file_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "locked-away"
    folder.mkdir()
    deny_writes_to(monkeypatch, folder)
    with pytest.raises(ReadOnlyError, match="folder") as info:
        open_database(folder / "new.sqlite")
    assert str(folder / "new.sqlite") in info.value.message
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through chmod 0o444")
def test_a_chmod_read_only_file_is_refused(filled: Path) -> None:
    filled.chmod(0o444)
    with pytest.raises(ReadOnlyError):
        open_database(filled)
    assert sidecars(filled) == []


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(CorruptFileError, match="is a folder"):
        open_database(tmp_path)
    assert not (tmp_path.parent / (tmp_path.name + ".lock")).exists()


def test_sqlite_refusing_a_write_is_translated_to_a_read_only_error() -> None:
    exc = sqlite3.OperationalError("attempt to write a readonly database")
    mapped = translate_db_error(exc, "/data/x.sqlite")
    assert isinstance(mapped, ReadOnlyError)
    assert "/data/x.sqlite" in mapped.message


# --- 2. opening read-only --------------------------------------------------------------


def test_read_only_open_reads_and_refuses_writes(filled: Path) -> None:
    before = sha(filled)
    db = open_database(filled, readonly=True)
    try:
        assert db.readonly is True
        assert isinstance(db.readonly_reason, str) and db.readonly_reason
        with db.read_session() as s:
            assert search(s, "quarterly", limit=3)
        with pytest.raises(ReadOnlyError, match="Nothing was saved"), db.session() as s:
            portfolio.create_unit(s, "Never saved")
        assert not (filled.parent / (filled.name + ".lock")).exists()
        assert sidecars(filled) == []  # no -wal, no -shm: nothing made beside the file
    finally:
        db.close()
    assert sha(filled) == before


def test_a_write_mode_database_is_not_read_only(db: object) -> None:
    assert db.readonly is False  # type: ignore[attr-defined]
    assert db.readonly_reason is None  # type: ignore[attr-defined]


def test_read_only_open_of_an_unwritable_file_says_why(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deny_writes_to(monkeypatch, filled)
    db = open_database(filled, readonly=True)
    try:
        assert "read-only" in db.readonly_reason
        with db.read_session() as s:
            assert search(s, "sales", limit=1)
    finally:
        db.close()


def leave_a_wal(path: Path) -> bytes:
    """Commit a row that stays in the -wal, as after a crash; return the -wal's bytes."""
    keep = sqlite3.connect(path)
    keep.execute("SELECT count(*) FROM business_units").fetchone()
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("UPDATE business_units SET notes = 'written after the crash' WHERE rowid = 1")
    writer.commit()
    wal = path.with_name(path.name + "-wal")
    shutil.copy(wal, wal.with_name("saved-wal"))
    shutil.copy(path, path.with_name("saved-db"))
    writer.close()
    keep.close()  # checkpoints: put back the files as the crash left them
    shutil.copy(path.with_name("saved-db"), path)
    shutil.copy(wal.with_name("saved-wal"), wal)
    path.with_name(path.name + "-shm").unlink(missing_ok=True)
    return wal.read_bytes()


def test_read_only_open_never_checkpoints_or_deletes_a_leftover_wal(filled: Path) -> None:
    wal_bytes = leave_a_wal(filled)
    before = sha(filled)
    db = open_database(filled, readonly=True)
    try:
        with db.read_session() as s:
            assert search(s, "crash", limit=1)  # the row in the -wal is read
    finally:
        db.close()
    assert sha(filled) == before
    assert filled.with_name(filled.name + "-wal").read_bytes() == wal_bytes


def test_read_only_open_of_an_older_unwritable_file_is_refused(
    filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    con = sqlite3.connect(filled)
    con.execute("UPDATE alembic_version SET version_num = '0001'")
    con.commit()
    con.close()
    deny_writes_to(monkeypatch, filled)
    with pytest.raises(StorageError, match="older relman"):
        open_database(filled, readonly=True)


# --- 3. damaged files are never written ------------------------------------------------


def test_a_damaged_file_turns_read_only_before_the_first_write(damaged: Path) -> None:
    before = sha(damaged)
    db = open_database(damaged)  # the cheap checks at open pass: header and schema read
    try:
        assert db.readonly is False
        with pytest.raises(ReadOnlyError, match="damaged"), db.session() as s:
            portfolio.create_unit(s, "Must not land in a damaged file")
        assert db.readonly is True
        assert "damaged" in db.readonly_reason
        with pytest.raises(DamagedFileError, match=re.escape(str(damaged))):
            db.verify()
        with pytest.raises(ReadOnlyError), db.session() as s:
            portfolio.create_unit(s, "Nor this one")
    finally:
        db.close()
    assert sha(damaged) == before


def test_verify_on_a_worker_flips_a_damaged_file_to_read_only(damaged: Path) -> None:
    import threading

    db = open_database(damaged)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            db.verify()
        except DamagedFileError as exc:
            errors.append(exc)

    try:
        threads = [threading.Thread(target=work) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(errors) == 3 and len({id(e) for e in errors}) == 1  # checked once
        assert db.readonly
    finally:
        db.close()


def test_verify_passes_on_a_sound_file_and_writes_still_work(filled: Path) -> None:
    db = open_database(filled)
    try:
        db.verify()
        db.verify()
        assert db.readonly is False
        with db.session() as s:
            portfolio.create_unit(s, "Fine")
    finally:
        db.close()


def test_check_of_a_damaged_file_creates_no_files_beside_it(
    damaged: Path,
) -> None:
    report = check_file(damaged)
    assert not report.ok
    assert sidecars(damaged) == []


# --- 4. the search index ---------------------------------------------------------------


def damage_the_index(path: Path) -> None:
    """Tell the index to forget a row with the wrong words: index and records disagree."""
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO search_fts(search_fts, rowid, title, body) "
        "VALUES ('delete', 1, 'nothing like', 'the real text')"
    )
    con.commit()
    con.close()


def test_check_catches_a_damaged_search_index_and_rebuild_repairs_it(filled: Path) -> None:
    damage_the_index(filled)
    report = check_file(filled)
    assert not report.ok
    assert any("search index" in p and "rebuilt" in p for p in report.problems)
    assert sidecars(filled) == []
    db = open_database(filled)
    try:
        indexed = sum(report.counts.get(source.table, 0) for source in SOURCES)
        assert rebuild_index(db) == indexed >= 300
        db.verify()
        with db.read_session() as s:
            hits = search(s, "quarterly", limit=500)
            assert len([h for h in hits if h.kind == "unit"]) == 300
    finally:
        db.close()
    assert check_file(filled).ok


def test_verify_turns_read_only_on_a_damaged_search_index(filled: Path) -> None:
    damage_the_index(filled)
    db = open_database(filled)
    try:
        with pytest.raises(DamagedFileError, match="search index"):
            db.verify()
        assert db.readonly
        with pytest.raises(ReadOnlyError):
            rebuild_index(db)
    finally:
        db.close()


def test_rebuild_refuses_a_file_damaged_beyond_its_index(damaged: Path) -> None:
    before = sha(damaged)
    db = open_database(damaged)
    try:
        with pytest.raises(DamagedFileError, match="beyond its search index"):
            rebuild_index(db)
    finally:
        db.close()
    assert sha(damaged) == before


# --- 5. SQLite URLs are files ----------------------------------------------------------


@pytest.mark.parametrize(
    "form",
    ["sqlite:///{p}", "sqlite+pysqlite:///{p}", "sqlite:///file:{p}?uri=true", "file:{p}"],
)
def test_any_sqlite_url_is_locked_and_inspected_as_its_file(
    db_path: Path, another_process, form: str
) -> None:
    url = form.format(p=db_path)
    assert as_target(url) == db_path
    open_database(db_path).close()
    with another_process(db_path), pytest.raises(LockedError, match="already open"):
        open_database(url)
    db = open_database(url)
    try:
        assert db.path == db_path
    finally:
        db.close()


def test_a_relative_sqlite_url_is_its_relative_path() -> None:
    assert database_target("sqlite+pysqlite:///data/x.sqlite") == Path("data/x.sqlite")
    assert database_target("sqlite:////abs/x.sqlite") == Path("/abs/x.sqlite")


def test_a_sqlite_url_of_a_damaged_file_is_inspected(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"not a database at all" * 100)
    with pytest.raises(CorruptFileError, match="not an SQLite"):
        open_database(f"sqlite+pysqlite:///{path}")


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", ":memory:"])
def test_an_in_memory_database_is_refused_clearly(url: str) -> None:
    with pytest.raises(RelmanError, match="in-memory"):
        open_database(url)


def test_a_server_url_without_its_driver_says_what_to_install() -> None:
    with pytest.raises(RelmanError, match="--extra postgres") as info:
        open_database("postgresql+pg8000://someone:secret@localhost/relman")
    assert "secret" not in info.value.message


# --- 6. check is read-only and short ---------------------------------------------------


def test_check_reports_an_unreadable_wal_instead_of_ok(filled: Path) -> None:
    filled.with_name(filled.name + "-wal").write_bytes(b"garbage, not a log" * 100)
    report = check_file(filled)
    assert not report.ok
    assert any("-wal" in p for p in report.problems)


def test_check_of_a_file_with_a_leftover_wal_changes_nothing(filled: Path) -> None:
    wal_bytes = leave_a_wal(filled)
    before = sha(filled)
    assert check_file(filled).ok
    assert sha(filled) == before
    assert filled.with_name(filled.name + "-wal").read_bytes() == wal_bytes


# --- 7. one header byte ----------------------------------------------------------------


@pytest.fixture
def bad_header(filled: Path) -> Path:
    data = bytearray(filled.read_bytes())
    data[20] = 8  # reserved bytes per page: every page is now read wrongly
    filled.write_bytes(bytes(data))
    return filled


def test_a_bad_header_byte_gives_a_clear_error_on_search(bad_header: Path) -> None:
    db = open_database(bad_header, readonly=True)
    try:
        with pytest.raises(CorruptFileError) as info, db.read_session() as s:
            search(s, "sales", limit=5)
    finally:
        db.close()
    assert str(bad_header) in info.value.message
    assert "restore" in info.value.message


def test_vtable_constructor_failed_is_translated() -> None:
    exc = sqlite3.DatabaseError("vtable constructor failed: search_fts")
    mapped = translate_db_error(exc, "/data/x.sqlite")
    assert isinstance(mapped, CorruptFileError)
    assert "/data/x.sqlite" in mapped.message


def test_check_keeps_its_problems_short(bad_header: Path) -> None:
    report = check_file(bad_header)
    assert not report.ok
    assert len(report.problems) == SHOWN_PROBLEMS + 1
    assert report.problems[-1].startswith("and ") and "more" in report.problems[-1]
    assert all("\n" not in p for p in report.problems)


# --- 8. folders that do not exist ------------------------------------------------------


def test_a_missing_folder_is_not_created(tmp_path: Path) -> None:
    target = tmp_path / "mistyped" / "relman.sqlite"
    with pytest.raises(RelmanError, match="does not exist") as info:
        open_database(target)
    assert str(tmp_path / "mistyped") in info.value.message
    assert not (tmp_path / "mistyped").exists()


def test_create_folders_makes_the_folder(tmp_path: Path) -> None:
    target = tmp_path / "new" / "folder" / "relman.sqlite"
    open_database(target, create_folders=True).close()
    assert target.exists()


def test_the_default_data_folder_is_created(tmp_path: Path) -> None:
    target = database_target(None)
    assert isinstance(target, Path) and not target.parent.exists()
    open_database(target).close()
    assert target.exists()
