"""Backups and restores of an SQLite database, through SQLite's online backup API.

The online backup copies a consistent snapshot even while relman is writing to the file,
and every copy is verified (integrity check, same schema revision) before it is trusted.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from relman.errors import CorruptFileError, RelmanError
from relman.paths import backups_dir
from relman.storage.files import connect_readonly, inspect_file


def _timestamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")


def _copy(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
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
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise RelmanError(f"Could not copy {src} to {dest}: {exc}. Nothing was changed.") from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def verify(path: Path, expected_revision: str | None = None) -> None:
    """Raise :class:`CorruptFileError` unless ``path`` is a sound copy."""
    con = sqlite3.connect(path)
    try:
        result = con.execute("PRAGMA integrity_check").fetchall()
    finally:
        con.close()
    if result != [("ok",)]:
        raise CorruptFileError(f"The copy {path} failed its integrity check; it was not kept.")
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


def restore(source: Path, db_path: Path) -> Path | None:
    """Replace ``db_path`` by the backup ``source``; the replaced file is kept as
    ``<db>.before-restore``. The caller holds the database lock. Returns that kept file."""
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
    kept: Path | None = None
    if db_path.exists():
        kept = db_path.with_name(db_path.name + ".before-restore")
        _copy(db_path, kept)
    staged = db_path.with_name(db_path.name + ".restoring")
    _copy(source, staged)
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    staged.replace(db_path)
    return kept
