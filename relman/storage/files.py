"""Looking at a database file before trusting it, without changing a byte of it.

:func:`inspect_file` opens the file read-only with the plain ``sqlite3`` module and tells
what it is: missing, an empty SQLite database, a relman database at some schema revision, or
something relman must refuse (damaged, not SQLite, not relman). Nothing here writes: a file
that is refused is left byte-identical.
"""

from __future__ import annotations

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


def connect_readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


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
    if page_size < 512 or page_size & (page_size - 1):
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
        raise _damaged(path, str(exc)) from exc
    user_tables = {n for n in names if not n.startswith("sqlite_")}
    if revision is None and user_tables - {"alembic_version"}:
        raise CorruptFileError(
            f"{path} is an SQLite database, but not one made by relman. "
            "relman did not change it; open a relman database instead."
        )
    return FileInfo(path, exists=True, revision=revision)
