"""Looking at a database file before trusting it, without changing a byte of it.

:func:`inspect_file` opens the file read-only with the plain ``sqlite3`` module and tells
what it is: missing, an empty SQLite database, a relman database at some schema revision, or
something relman must refuse (damaged, not SQLite, not relman). Nothing here writes: a file
that is refused is left byte-identical.

:func:`connect_readonly` is the one way relman reads a file without writing: SQLite read-only,
so no checkpoint ever moves a leftover ``-wal`` into the file or deletes it. Where no
``-wal``/``-shm`` is beside the file (nobody has it open), the connection is also
``immutable``, so it creates neither; where they are (a window may be writing), it reads
through them as any reader does.
"""

from __future__ import annotations

import os
import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path

from relman.errors import CorruptFileError

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class FileInfo:
    path: Path
    exists: bool
    revision: str | None = None  # None: no relman schema yet (new or empty database)


WAL_MAGIC = (0x377F0682, 0x377F0683)
WAL_VERSION = 3007000


def sidecar(path: Path, suffix: str) -> Path:
    """``path`` with ``suffix`` appended to its name: ``-wal``, ``-shm``, ``.lock``."""
    return path.with_name(path.name + suffix)


def _in_use(path: Path) -> bool:
    """Whether a -wal with content or a -shm is beside ``path`` (open now, or left by a crash)."""
    wal, shm = sidecar(path, "-wal"), sidecar(path, "-shm")
    return shm.exists() or (wal.exists() and (wal.is_dir() or wal.stat().st_size > 0))


def readonly_uri(path: Path) -> str:
    """The SQLite URI that reads ``path`` without writing it or creating files beside it."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    return uri if _in_use(path) else uri + "&immutable=1"


def connect_readonly(path: Path, *, check_same_thread: bool = True) -> sqlite3.Connection:
    return sqlite3.connect(readonly_uri(path), uri=True, check_same_thread=check_same_thread)


def writable_problem(path: Path) -> str | None:
    """Why relman could not save into ``path`` (the file, its -wal/-shm, its folder), or None.

    The folder must be writable even for an existing file: SQLite keeps its -wal and -shm,
    and relman its lock, beside the file.
    """
    folder = path.parent
    for item in (path, sidecar(path, "-wal"), sidecar(path, "-shm")):
        if item.exists() and not os.access(item, os.W_OK):
            return f"{item} is read-only"
    if folder.exists() and not os.access(folder, os.W_OK):
        return f"the folder {folder} is read-only"
    return None


def wal_problem(path: Path) -> str | None:
    """Why the -wal beside ``path`` cannot be read, or None (no -wal, or a sound one)."""
    wal = sidecar(path, "-wal")
    if not wal.exists():
        return None
    if wal.is_dir() or not os.access(wal, os.R_OK):
        return f"{wal.name} beside it cannot be read, so the changes saved in it are missing"
    size = wal.stat().st_size
    if size == 0:
        return None
    with wal.open("rb") as fh:
        header = fh.read(32)
    magic, version, page_size = struct.unpack(">III", header[:12]) if size >= 32 else (0, 0, 0)
    if magic not in WAL_MAGIC or version != WAL_VERSION or not _power_of_two(page_size):
        return (
            f"{wal.name} beside it is not a valid write-ahead log, "
            "so the changes saved in it are missing"
        )
    return None


def _power_of_two(page_size: int) -> bool:
    return 512 <= page_size <= 65536 and not page_size & (page_size - 1)


def _damaged(path: Path, why: str) -> CorruptFileError:
    return CorruptFileError(
        f"{path} is damaged ({why}). relman did not change it. "
        "Restore it from a backup with 'relman restore', or open another file."
    )


def inspect_file(path: Path) -> FileInfo:
    """Tell what ``path`` holds; raise :class:`CorruptFileError` for anything unusable."""
    if not path.exists():
        return FileInfo(path, exists=False)
    if path.is_dir():
        raise CorruptFileError(f"{path} is a folder, not a relman database file.")
    size = path.stat().st_size
    if size == 0:
        raise CorruptFileError(
            f"{path} is empty (0 bytes), so it is not a relman database. "
            "Choose another file, or delete this one to start a new database there."
        )
    with path.open("rb") as fh:
        header = fh.read(100)
    if not header.startswith(SQLITE_MAGIC):
        raise CorruptFileError(
            f"{path} is not a relman database (it is not an SQLite file at all). "
            "Check that you chose the right file."
        )
    if len(header) < 100:
        raise _damaged(path, "its header is cut short")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    page_count = struct.unpack(">I", header[28:32])[0]
    wal = path.with_name(path.name + "-wal")
    has_wal = wal.exists() and wal.stat().st_size > 0
    if not _power_of_two(page_size):
        raise _damaged(path, "its header is not valid")
    if not has_wal and (size % page_size or (page_count and size < page_count * page_size)):
        raise _damaged(path, "it is shorter than it should be, as if cut off while copying")
    try:
        con = connect_readonly(path)
        try:
            names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            revision = None
            if "alembic_version" in names:
                row = con.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise _damaged(path, wal_problem(path) or str(exc)) from exc
    user_tables = {n for n in names if not n.startswith("sqlite_")}
    if revision is None and user_tables - {"alembic_version"}:
        raise CorruptFileError(
            f"{path} is an SQLite database, but not one made by relman. "
            "relman did not change it; open a relman database instead."
        )
    return FileInfo(path, exists=True, revision=revision)
