"""Opening a relman database: engine, pragmas, sessions, file lock, migrations at open.

Use::

    db = open_database(path_or_url)          # checks, locks, backs up, migrates
    with db.session() as s:                  # one unit of work; commits at the end
        workflows.units.create_unit(s, ...)
    db.close()

Write transactions on SQLite start with ``BEGIN IMMEDIATE`` so that two writers never
deadlock half-way; :meth:`Database.read_session` starts a deferred one for queries that
only read. Sessions are thread-confined: a worker thread opens its own.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from relman.errors import (
    ConflictError,
    CorruptFileError,
    LockedError,
    NewerSchemaError,
    RelmanError,
)
from relman.storage import migrate
from relman.storage.files import FileInfo, inspect_file

log = logging.getLogger(__name__)

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    # FULL: a commit is on the platter before relman says "saved"; WAL keeps it cheap.
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=5000",
)


def make_engine(url: str) -> Engine:
    """The one place an engine is built; on SQLite every connection gets the pragmas."""
    is_sqlite = url.startswith("sqlite")
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False} if is_sqlite else {},
        pool_pre_ping=not is_sqlite,
    )
    if is_sqlite:

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy's "begin" event, not the driver, start transactions.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            for pragma in SQLITE_PRAGMAS:
                cursor.execute(pragma)
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
            conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _record_changes(session: Session, _flush_context: Any) -> None:
    """Remember (table, id) of everything written, for change notification."""
    changes: set[tuple[str, Any]] = session.info.setdefault("changes", set())
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table:
            changes.add((table, getattr(obj, "id", None)))


def translate_db_error(exc: Exception, where: str) -> RelmanError | None:
    """A user-facing error for a database failure that a user can do something about."""
    text = str(getattr(exc, "orig", exc)).lower()
    if isinstance(exc, StaleDataError):
        return ConflictError(
            "Someone else changed this record since you opened it. "
            "Reload it and make your change again; nothing of yours was saved over theirs."
        )
    if "database is locked" in text or "database is busy" in text:
        return LockedError(f"{where} is busy in another relman process. Try again in a moment.")
    if "disk is full" in text or "disk i/o error" in text:
        return RelmanError(
            f"Could not write to {where}: the disk is full or failing. Nothing was saved; "
            "free some space and try again."
        )
    if "malformed" in text or "not a database" in text:
        return CorruptFileError(
            f"{where} is damaged ({text}). Restore it from a backup with 'relman restore'."
        )
    return None


class Database:
    """An open relman database. Hands out sessions; holds the file lock while open."""

    def __init__(self, url: str, engine: Engine, path: Path | None, lock: FileLock | None):
        self.url = url
        self.engine = engine
        self.path = path
        self._lock = lock
        self._write = sessionmaker(engine, expire_on_commit=False)
        self._read = sessionmaker(
            engine.execution_options(sqlite_begin="DEFERRED"), expire_on_commit=False
        )
        event.listen(self._write, "after_flush", _record_changes)

    @property
    def name(self) -> str:
        return str(self.path) if self.path else self.engine.url.render_as_string(True)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work that writes: commits when the block ends, else rolls back."""
        with self._guard(), self._write() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for reading only; never commits."""
        with self._guard(), self._read() as session:
            yield session

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except (DBAPIError, StaleDataError, sqlite3.DatabaseError) as exc:
            mapped = translate_db_error(exc, self.name)
            if mapped is None:
                raise
            raise mapped from exc

    def revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def lock_for(path: Path) -> FileLock:
    """Take the lock that makes this process the file's only writer, or refuse clearly."""
    lock = FileLock(str(path) + ".lock", timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise LockedError(
            f"{path} is already open in another relman window or command. "
            "Close it there first, or open a different file."
        ) from None
    except OSError as exc:
        raise LockedError(f"Cannot lock {path}: {exc.strerror}.") from exc
    return lock


def open_database(
    target: str | Path,
    *,
    create: bool = True,
    lock: bool = True,
    migrate_schema: bool = True,
    readonly: bool = False,
) -> Database:
    """Open ``target`` (a file path or an SQLAlchemy URL) for work.

    For a file: it is inspected read-only first (damaged, foreign or newer files are refused
    unchanged); the lock is taken; an existing file at an older schema is backed up (and the
    backup verified) before migrations run. ``readonly`` is for commands that only read
    (search, reports): they take no lock, so they work while a window has the file open,
    and the file must already exist.
    """
    if readonly and not isinstance(target, str):
        info = inspect_file(Path(target))
        if not info.exists:
            raise CorruptFileError(f"{target} does not exist. Create it with 'relman demo'.")
        if info.revision != migrate.head_revision():
            open_database(target).close()  # upgrade once, under the lock
        engine = make_engine(f"sqlite:///{target}")
        return Database(f"sqlite:///{target}", engine, Path(target), None)
    if isinstance(target, str):
        return _open_url(target, migrate_schema=migrate_schema)
    path = Path(target)
    info = inspect_file(path)
    if not info.exists and not create:
        raise CorruptFileError(f"{path} does not exist. Check the name, or create it first.")
    _refuse_newer(info)
    file_lock = lock_for(path) if lock else None
    try:
        if not info.exists:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(f"sqlite:///{path}")
        db = Database(f"sqlite:///{path}", engine, path, file_lock)
        if migrate_schema:
            _migrate(db, info)
        return db
    except BaseException:
        if file_lock is not None:
            file_lock.release()
        raise


def _refuse_newer(info: FileInfo) -> None:
    if info.revision is not None and not migrate.is_known(info.revision):
        raise NewerSchemaError(
            f"{info.path} was written by a newer version of relman (schema {info.revision}). "
            "Update relman to open it; the file was not changed."
        )


def _open_url(url: str, *, migrate_schema: bool) -> Database:
    try:
        engine = make_engine(url)
        db = Database(url, engine, None, None)
        if migrate_schema:
            with engine.connect() as conn:
                from alembic.runtime.migration import MigrationContext

                current = MigrationContext.configure(conn).get_current_revision()
            if current is not None and not migrate.is_known(current):
                raise NewerSchemaError(
                    f"The database at {db.name} was written by a newer version of relman "
                    f"(schema {current}). Update relman to use it; it was not changed."
                )
            _migrate(db, None)
        return db
    except OperationalError as exc:
        raise RelmanError(f"Cannot reach the database {url}: {exc.orig}") from exc


def _migrate(db: Database, info: FileInfo | None) -> None:
    head = migrate.head_revision()
    if info is not None and info.revision == head:
        return
    if info is not None and info.exists and info.revision is not None and db.path is not None:
        from relman.storage.backup import backup_before_upgrade

        backup_before_upgrade(db.path, info.revision)
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection if db.is_sqlite else None
        if raw is not None:
            # Batch migrations copy and drop tables: cascades must not fire while they do.
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                migrate.upgrade(conn)
                if raw is not None and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise CorruptFileError(
                        f"Upgrading {db.name} would break links between records; it was "
                        "left as it was. Please report this with the file's backup."
                    )
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
    log.info("database %s is at schema %s", db.name, head)


def table_names(db: Database) -> list[str]:
    return sorted(inspect(db.engine).get_table_names())
