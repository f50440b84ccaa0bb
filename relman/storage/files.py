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
import shutil
import sqlite3
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from relman.errors import CorruptFileError, DamagedFileError, DiskFullError
from relman.storage.lock import read_bytes

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class FileInfo:
    path: Path
    exists: bool
    revision: str | None = None  # None: no relman schema yet (new or empty database)


WAL_MAGIC = (0x377F0682, 0x377F0683)
WAL_VERSION = 3007000
WAL_HEADER = 32
WAL_FRAME_HEADER = 24
#: A damaged -wal is looked at again after this long: a writer may be half-way through a frame.
WAL_SETTLE_SECONDS = 0.2

#: What reading a file relman has not trusted yet can raise when its bytes are damaged: SQLite
#: quotes a garbled name of its schema in its message, which Python then cannot decode.
UNREADABLE = (sqlite3.DatabaseError, UnicodeDecodeError)


def unreadable_why(exc: Exception) -> str:
    """What an :data:`UNREADABLE` error says about the file, in a few words."""
    if isinstance(exc, UnicodeDecodeError):
        return "the names in its list of tables are garbled, so SQLite cannot read it"
    return str(exc)


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
    con = sqlite3.connect(readonly_uri(path), uri=True, check_same_thread=check_same_thread)
    # A damaged text value reads as U+FFFD instead of failing every query that meets it.
    con.text_factory = lambda raw: raw.decode("utf-8", "replace")
    return con


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
    """Why the -wal beside ``path`` cannot be read, or its saved changes are missing; or None
    (no -wal, or a sound one). The -wal is read as a plain file; the database file never is."""
    wal = sidecar(path, "-wal")
    if not wal.exists():
        return None
    if wal.is_dir() or not os.access(wal, os.R_OK):
        return f"{wal.name} beside it cannot be read, so the changes saved in it are missing"
    size = wal.stat().st_size
    if size == 0:
        return None
    with wal.open("rb") as fh:
        header = fh.read(WAL_HEADER)
    magic, version, page_size = struct.unpack(">III", header[:12]) if size >= 32 else (0, 0, 0)
    if magic not in WAL_MAGIC or version != WAL_VERSION or not _power_of_two(page_size):
        return (
            f"{wal.name} beside it is not a valid write-ahead log, "
            "so the changes saved in it are missing"
        )
    if not _wal_loses_commits(wal):
        return None
    time.sleep(WAL_SETTLE_SECONDS)  # a writer half-way through a frame has finished by now
    if not _wal_loses_commits(wal):
        return None
    return (
        f"{wal.name} beside it is damaged or cut short after its last intact commit, "
        "so changes saved in it are missing"
    )


def _wal_loses_commits(wal: Path) -> bool:
    """Whether SQLite would drop committed changes of ``wal`` (a sound header): frames with
    its current salts whose checksum fails after the last intact commit, or a file cut inside
    a frame of a transaction. Frames with older salts are left from before a checkpoint
    reused the file from its start: they are normal."""
    with wal.open("rb") as fh:
        header = fh.read(WAL_HEADER)
        magic, _version, page_size = struct.unpack(">III", header[:12])
        order = ">" if magic & 1 else "<"
        salts = header[16:24]
        sums = _wal_checksum(order, header[:24], (0, 0))
        if sums != struct.unpack(">II", header[24:32]):
            # SQLite ignores the whole log: anything saved in it is lost.
            return _has_frame(fh, page_size)
        intact = True  # every frame so far continues the checksum chain
        pending = False  # intact frames after the last intact commit
        while frame_header := fh.read(WAL_FRAME_HEADER):
            page = fh.read(page_size)
            commit = struct.unpack(">I", frame_header[4:8])[0] if len(frame_header) >= 8 else 0
            current = frame_header[8:16] == salts
            if len(page) < page_size:  # the file ends inside this frame
                if len(frame_header) == WAL_FRAME_HEADER and not page:
                    return False  # a writer stopped between a frame's header and its page
                return (intact and pending) or (current and commit != 0)
            if intact and current:
                sums = _wal_checksum(order, frame_header[:8] + page, sums)
                intact = sums == struct.unpack(">II", frame_header[16:24])
            else:
                intact = False
            if intact:
                pending = commit == 0
            elif current and commit != 0:
                return True  # a commit SQLite will not reach
    return False


def _has_frame(fh: BinaryIO, page_size: int) -> bool:
    whole = WAL_FRAME_HEADER + page_size
    return len(fh.read(whole)) == whole


def _wal_checksum(order: str, data: bytes, sums: tuple[int, int]) -> tuple[int, int]:
    """SQLite's cumulative -wal checksum of ``data`` continued from ``sums``."""
    s0, s1 = sums
    words = iter(struct.unpack(f"{order}{len(data) // 4}I", data))
    for x0, x1 in zip(words, words, strict=True):
        s0 = (s0 + x0 + s1) & 0xFFFFFFFF
        s1 = (s1 + x1 + s0) & 0xFFFFFFFF
    return s0, s1


#: What SQLite says when it cannot make or grow the files it needs beside a database to
#: read or check it (the ``-shm``, a journal): the disk is full or failing, the file's
#: bytes are not damaged. "unable to open" counts only when the disk is indeed (nearly) full.
DISK_SIGNS = ("disk i/o error", "disk is full")
NEARLY_FULL = 1 << 20


def disk_problem(exc: BaseException, path: Path) -> DiskFullError | None:
    """The :class:`DiskFullError` naming ``path`` if SQLite could not read or check it for
    want of disk space (or of a sound disk), which says nothing about the file's bytes;
    else None."""
    if not isinstance(exc, sqlite3.OperationalError):
        return None
    text = str(exc).lower()
    if any(sign in text for sign in DISK_SIGNS):
        return DiskFullError(path)
    if "unable to open" in text:
        try:
            if shutil.disk_usage(path.parent).free < NEARLY_FULL:
                return DiskFullError(path)
        except OSError:
            return None
    return None


def _power_of_two(page_size: int) -> bool:
    return 512 <= page_size <= 65536 and not page_size & (page_size - 1)


#: Header bytes whose value the SQLite file format fixes: offset, what it is, allowed values.
HEADER_FIELDS = (
    (18, "the file format's write version", (1, 2)),
    (19, "the file format's read version", (1, 2)),
    (21, "the maximum embedded payload fraction", (64,)),
    (22, "the minimum embedded payload fraction", (32,)),
    (23, "the leaf payload fraction", (32,)),
)


def header_problem(header: bytes) -> str | None:
    """What is wrong with the 100-byte header of an SQLite file, or None: the fields whose
    value the file format fixes (https://sqlite.org/fileformat.html#the_database_header)."""
    page_size = struct.unpack(">H", header[16:18])[0]
    if not _power_of_two(65536 if page_size == 1 else page_size):
        return f"its header is damaged: the page size ({page_size}) is not one SQLite uses"
    for offset, what, allowed in HEADER_FIELDS:
        if header[offset] not in allowed:
            values = " or ".join(str(v) for v in allowed)
            return (
                f"its header is damaged: byte {offset} ({what}) is {header[offset]}, "
                f"where SQLite writes {values}"
            )
    schema_format = struct.unpack(">I", header[44:48])[0]
    if schema_format > 4:
        return f"its header is damaged: the schema format number is {schema_format}, not 1 to 4"
    encoding = struct.unpack(">I", header[56:60])[0]
    if encoding > 3:
        return f"its header is damaged: the text encoding is {encoding}, not 1, 2 or 3"
    if any(header[72:92]):
        return "its header is damaged: bytes 72 to 91, which SQLite keeps zero, are not"
    return None


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
    # Never open() and close() a database this process may hold: that drops SQLite's locks.
    header = read_bytes(path, 100)
    if not header.startswith(SQLITE_MAGIC):
        raise CorruptFileError(
            f"{path} is not a relman database (it is not an SQLite file at all). "
            "Check that you chose the right file."
        )
    if len(header) < 100:
        raise _damaged(path, "its header is cut short")
    problem = header_problem(header)
    if problem:
        raise _damaged(path, problem)
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    page_count = struct.unpack(">I", header[28:32])[0]
    wal = path.with_name(path.name + "-wal")
    has_wal = wal.exists() and wal.stat().st_size > 0
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
    except UnicodeDecodeError as exc:
        # SQLite refuses the schema, quoting the garbled name it found: the file is damaged.
        raise DamagedFileError(_damaged(path, unreadable_why(exc)).message) from exc
    except sqlite3.DatabaseError as exc:
        raise disk_problem(exc, path) or _damaged(path, wal_problem(path) or str(exc)) from exc
    user_tables = {n for n in names if not n.startswith("sqlite_")}
    if revision is None and user_tables - {"alembic_version"}:
        raise CorruptFileError(
            f"{path} is an SQLite database, but not one made by relman. "
            "relman did not change it; open a relman database instead."
        )
    return FileInfo(path, exists=True, revision=revision)
