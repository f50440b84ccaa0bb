"""Backups and restores of an SQLite database, through SQLite's online backup API.

The online backup copies a consistent snapshot even while relman is writing to the file,
and every copy is verified (integrity check, same schema revision) before it is trusted.
A file that the online backup cannot copy (damaged, or not relman's) is still never
destroyed without a copy: :func:`keep_copy` and :func:`restore` copy it byte for byte,
with its ``-wal``, before it is replaced.

Nothing here leaves half-made files: copies are written to ``<dest>.partial`` and renamed
into place; a restore that fails at any step removes what it staged.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sqlite3
from pathlib import Path

from relman.errors import CorruptFileError, DiskFullError, ReadOnlyError, RelmanError, disk_error
from relman.paths import PRIVATE_FILE, backups_dir, create_private_file, make_private_folder
from relman.storage.files import connect_readonly, inspect_file, sidecar, writable_problem

#: the files SQLite may keep beside a database
SIDE_SUFFIXES = ("-wal", "-shm")


def _timestamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")


def _free_name(path: Path) -> Path:
    """``path``, or ``path`` with -2, -3… before its suffix if that name is taken."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def ensure_replaceable(path: Path) -> None:
    """Refuse clearly, before anything is written, a database path relman cannot replace:
    a folder, a path in a folder that does not exist, or a read-only file or folder."""
    if path.is_dir():
        raise CorruptFileError(f"{path} is a folder, not a relman database file.")
    folder = path.parent
    if not folder.is_dir():
        raise RelmanError(
            f"The folder {folder} does not exist. Check the path, or create the folder first."
        )
    problem = writable_problem(path)
    if problem:
        raise ReadOnlyError(
            f"relman cannot replace {path}: {problem}. "
            "Make it writable, or choose another file with --db."
        )


def remove_database_files(path: Path) -> None:
    """Remove ``path`` and the ``-wal``/``-shm`` files beside it, if any."""
    for suffix in ("", *SIDE_SUFFIXES):
        sidecar(path, suffix).unlink(missing_ok=True)


def _copy(src: Path, dest: Path) -> None:
    """Copy the sound relman database ``src`` to ``dest`` through the online backup API.
    A full or failing disk is a :class:`DiskFullError` naming ``dest``; any other failure of
    SQLite a :class:`RelmanError`. Nothing half-written stays."""
    partial = sidecar(dest, ".partial")
    try:
        make_private_folder(dest.parent)
        partial.unlink(missing_ok=True)
        create_private_file(partial)  # SQLite would make it readable by everyone
        source = connect_readonly(src)
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            target.close()
            source.close()
        verify(partial, expected_revision=inspect_file(src).revision)
        partial.replace(dest)
    except BaseException as exc:
        remove_database_files(partial)
        full = disk_error(exc, dest) or _disk_full(exc, dest)
        if full is not None:
            raise full from exc
        if isinstance(exc, sqlite3.Error):
            raise RelmanError(
                f"Could not copy {src} to {dest}: {exc}. Nothing was changed."
            ) from exc
        raise


def _disk_full(exc: BaseException, dest: Path) -> DiskFullError | None:
    """The :class:`DiskFullError` naming ``dest`` if SQLite failed for want of space (or
    of a sound disk), in the words every other write uses."""
    from relman.storage.database import translate_db_error  # database.py imports this module

    if not isinstance(exc, sqlite3.Error):
        return None
    translated = translate_db_error(exc, str(dest))
    return translated if isinstance(translated, DiskFullError) else None


def _raw_copy(src: Path, dest: Path) -> None:
    """Copy ``src`` and its ``-wal`` byte for byte (for files the online backup cannot read)."""
    pairs = [(src, dest)]
    if sidecar(src, "-wal").exists():
        pairs.append((sidecar(src, "-wal"), sidecar(dest, "-wal")))
    try:
        make_private_folder(dest.parent)
        for one, other in pairs:
            partial = sidecar(other, ".partial")
            shutil.copy2(one, partial)
            partial.chmod(PRIVATE_FILE)  # whatever the damaged original's mode was
            partial.replace(other)
    except OSError as exc:
        for _one, other in pairs:
            sidecar(other, ".partial").unlink(missing_ok=True)
            other.unlink(missing_ok=True)
        raise disk_error(exc, dest) or RelmanError(
            f"Could not copy {src} to {dest}: {exc.strerror or exc}. Nothing was changed."
        ) from exc


def _preserve(src: Path, dest: Path) -> None:
    """Copy ``src`` to ``dest``: a sound relman database through the online backup API,
    anything else (damaged, foreign, not SQLite at all) byte for byte. A full disk is
    refused at once: a byte-for-byte copy would only fail again."""
    try:
        _copy(src, dest)
    except DiskFullError:
        raise
    except RelmanError:
        _raw_copy(src, dest)


def keep_copy(db_path: Path, why: str = "replaced") -> Path:
    """Copy whatever ``db_path`` holds into ``backups/`` beside it, before it is replaced or
    repaired, and return the copy (``why`` goes into its name). Nothing relman replaces is
    lost, whatever the file was."""
    suffix = db_path.suffix or ".sqlite"
    dest = _free_name(backups_dir(db_path) / f"{db_path.stem}-{_timestamp()}-{why}{suffix}")
    _preserve(db_path, dest)
    return dest


def _to_wal(path: Path) -> None:
    """Put a restored copy back in WAL mode before it takes the database's place: the first
    connections of a window opening it would otherwise race to switch it, and one of them
    could be told the file is busy."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA journal_mode=WAL")
    finally:
        con.close()


def verify(path: Path, expected_revision: str | None = None) -> None:
    """Raise :class:`CorruptFileError` unless ``path`` is a sound copy. Reads only."""
    try:
        con = connect_readonly(path)
        try:
            result = con.execute("PRAGMA integrity_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise CorruptFileError(
            f"{path} is damaged ({exc}), so it cannot be used. Nothing was changed."
        ) from exc
    if result != [("ok",)]:
        raise CorruptFileError(
            f"{path} failed its integrity check, so it cannot be used. Nothing was changed."
        )
    if expected_revision is not None and inspect_file(path).revision != expected_revision:
        raise CorruptFileError(f"The copy {path} does not match its original; it was not kept.")


def backup(db_path: Path, to: Path | None = None) -> Path:
    """Copy the database to ``to`` (default: ``backups/`` beside it) and return the copy."""
    inspect_file(db_path)  # refuses a damaged or foreign file clearly
    if not db_path.exists():
        raise RelmanError(f"{db_path} does not exist, so there is nothing to back up.")
    if to is None:
        to = backups_dir(db_path) / f"{db_path.stem}-{_timestamp()}.sqlite"
    elif to.is_dir():
        to = to / f"{db_path.stem}-{_timestamp()}.sqlite"
    if to.resolve() == db_path.resolve():
        raise RelmanError("The backup must go to another file than the database itself.")
    _copy(db_path, to)
    return to


def backup_before_upgrade(db_path: Path, revision: str) -> Path:
    dest = backups_dir(db_path) / f"{db_path.stem}-{_timestamp()}-before-upgrade-{revision}.sqlite"
    return backup(db_path, dest)


def _check_restorable(source: Path) -> None:
    """Refuse, without writing anything, a backup that cannot be restored."""
    from relman.storage import migrate

    info = inspect_file(source)
    if not info.exists:
        raise RelmanError(f"{source} does not exist. Give the path of a relman backup file.")
    if info.revision is None:
        raise CorruptFileError(f"{source} holds no relman data, so it cannot be restored.")
    if not migrate.is_known(info.revision):
        raise CorruptFileError(
            f"{source} was made by a newer version of relman; update relman to restore it."
        )
    verify(source)


def restore(source: Path, db_path: Path) -> Path | None:
    """Replace ``db_path`` by the backup ``source``; the replaced file is kept as
    ``<db>.before-restore`` (byte for byte if it was damaged). The caller holds the database
    lock. Returns that kept file. The backup is only read; on any failure the database is
    left as it was and nothing staged is left behind."""
    ensure_replaceable(db_path)
    _check_restorable(source)
    staged = sidecar(db_path, ".restoring")
    kept = sidecar(db_path, ".before-restore") if db_path.exists() else None
    wal = sidecar(db_path, "-wal")
    wal_gone = False  # once the database's own -wal is removed, the kept copy is its only copy
    try:
        _copy(source, staged)
        _to_wal(staged)
        if kept is not None:
            for suffix in SIDE_SUFFIXES:  # a stale -wal would be read into the new copy
                sidecar(kept, suffix).unlink(missing_ok=True)
            _preserve(db_path, kept)
        wal_gone = wal.exists()
        for suffix in SIDE_SUFFIXES:
            sidecar(db_path, suffix).unlink(missing_ok=True)
        staged.replace(db_path)
    except BaseException as exc:
        remove_database_files(staged)
        if kept is not None and not wal_gone:
            remove_database_files(kept)
        if isinstance(exc, DiskFullError) and not wal_gone:
            raise DiskFullError(db_path) from exc  # the staged copies are gone: name the file
        if isinstance(exc, OSError):
            raise RelmanError(
                f"Could not restore {source} into {db_path}: {exc.strerror or exc}. "
                + (
                    f"Its latest changes are kept in {kept}."
                    if wal_gone
                    else "Nothing was changed."
                )
            ) from exc
        raise
    return kept


_BACKUP_NAME = r"{stem}-\d{{8}}-\d{{6}}.*\.sqlite"


def newest_good_backup(db_path: Path) -> Path | None:
    """The newest backup of ``db_path`` in ``backups/`` beside it that passes its check and
    that this relman can restore, or None. Reads only."""
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return None
    pattern = re.compile(_BACKUP_NAME.format(stem=re.escape(db_path.stem)))
    candidates = [p for p in folder.iterdir() if p.is_file() and pattern.fullmatch(p.name)]
    for candidate in sorted(candidates, key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            _check_restorable(candidate)
        except RelmanError:
            continue
        return candidate
    return None
