"""Opening a relman database: engine, pragmas, sessions, file lock, migrations at open.

Use::

    db = open_database(path_or_url)          # checks, locks, backs up, migrates
    with db.session() as s:                  # one unit of work; commits at the end
        workflows.units.create_unit(s, ...)
    db.close()

Write transactions on SQLite start with ``BEGIN IMMEDIATE`` so that two writers never
deadlock half-way; :meth:`Database.read_session` starts a deferred one for queries that
only read. Sessions are thread-confined: a worker thread opens its own.

A file is checked cheaply at open (header, schema); the full check (``quick_check`` and the
search index) is :meth:`Database.verify`, which the window runs on a worker after its first
paint and :meth:`Database.session` runs before the first write. A file that fails it turns
read-only: nothing is ever written into a damaged file. ``open_database(path,
readonly=True)`` reads through an SQLite read-only connection that takes no lock, runs no
pragma that writes, and never checkpoints or deletes a ``-wal``.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from relman.errors import (
    ConflictError,
    CorruptFileError,
    DamagedFileError,
    DiskFullError,
    LockedError,
    NeedsUpgradeError,
    NewerSchemaError,
    ReadOnlyError,
    RelmanError,
    StorageError,
)
from relman.paths import as_target, create_private_file, data_dir, make_private_folder, shown_target
from relman.storage import migrate
from relman.storage.db_errors import not_permitted, unique_violation, unreachable
from relman.storage.files import (
    FileInfo,
    inspect_file,
    readonly_uri,
    writable_problem,
)
from relman.storage.lock import WriterLock, lock_for, real_path
from relman.storage.reads import record_tables

log = logging.getLogger(__name__)

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    # FULL: a commit is on the platter before relman says "saved"; WAL keeps it cheap.
    "PRAGMA synchronous=FULL",
    "PRAGMA busy_timeout=5000",
)
#: For read-only connections: nothing that writes (no journal_mode), and writes refused.
READONLY_PRAGMAS = ("PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000", "PRAGMA query_only=ON")


#: For reading a file whose schema SQLite refuses (a garbled table name): read what can be
#: read. Only ever on read-only connections, which cannot write whatever the pragma allows.
DAMAGED_SCHEMA_PRAGMAS = (*READONLY_PRAGMAS, "PRAGMA writable_schema=ON")


def make_engine(
    url: str, *, readonly_path: Path | None = None, damaged_schema: bool = False
) -> Engine:
    """The one place an engine is built; on SQLite every connection gets the pragmas.

    With ``readonly_path`` every connection is an SQLite read-only connection to that file
    (see :func:`relman.storage.files.readonly_uri`) and every transaction is deferred;
    ``damaged_schema`` also lets them read a file whose schema SQLite would refuse.
    """
    is_sqlite = url.startswith("sqlite")
    # hide_parameters: an error's text (and so the log) never carries what was typed into
    # a note; the statement's shape and the error are enough to diagnose it.
    options: dict[str, Any] = {"pool_pre_ping": not is_sqlite, "hide_parameters": True}
    if readonly_path is not None:
        options["creator"] = lambda: sqlite3.connect(
            readonly_uri(readonly_path), uri=True, check_same_thread=False
        )
    elif is_sqlite:
        options["connect_args"] = {"check_same_thread": False}
    engine = create_engine(url, **options)
    if is_sqlite:
        pragmas = (
            SQLITE_PRAGMAS
            if readonly_path is None
            else DAMAGED_SCHEMA_PRAGMAS
            if damaged_schema
            else READONLY_PRAGMAS
        )
        default_begin = "IMMEDIATE" if readonly_path is None else "DEFERRED"

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy's "begin" event, not the driver, start transactions.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            for pragma in pragmas:
                cursor.execute(pragma)
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            mode = conn.get_execution_options().get("sqlite_begin", default_begin)
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
        return DiskFullError(where)
    if "readonly database" in text:
        return ReadOnlyError(
            f"{where} cannot be written (the file or its folder is read-only). "
            "Nothing was saved; open it read-only, or copy it to a folder you can write to."
        )
    if any(sign in text for sign in DAMAGE_SIGNS):
        return CorruptFileError(
            f"{where} is damaged ({text}). Restore it from a backup with 'relman restore'."
        )
    return not_permitted(exc, where) or unique_violation(exc) or unreachable(exc, where)


#: What SQLite says, in its many ways, when the bytes of a file are not what they should be.
DAMAGE_SIGNS = (
    "malformed",
    "not a database",
    "corrupt",
    "vtable constructor failed",
)


class Database:
    """An open relman database. Hands out sessions; holds the file lock while open.

    ``readonly`` is True when it was opened read-only or failed :meth:`verify`;
    ``readonly_reason`` then says why, in a sentence fit for a banner.
    """

    def __init__(
        self,
        url: str,
        engine: Engine,
        path: Path | None,
        lock: WriterLock | None,
        *,
        readonly_reason: str | None = None,
    ):
        self.url = url
        self.path = path
        self.readonly_reason = readonly_reason
        self._lock = lock
        self._verify_lock = threading.Lock()
        self._verified = not self.is_sqlite_url(url)
        self._damage: DamagedFileError | None = None
        self._use_engine(engine)

    def _use_engine(self, engine: Engine) -> None:
        self.engine = engine
        self._write = sessionmaker(engine, expire_on_commit=False)
        self._read = sessionmaker(
            engine.execution_options(sqlite_begin="DEFERRED"), expire_on_commit=False
        )
        event.listen(self._write, "after_flush", _record_changes)
        record_tables(engine, self._write, self._read)

    @staticmethod
    def is_sqlite_url(url: str) -> bool:
        return url.startswith("sqlite")

    @property
    def readonly(self) -> bool:
        return self.readonly_reason is not None

    @property
    def name(self) -> str:
        return str(self.path) if self.path else self.engine.url.render_as_string(True)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work that writes: commits when the block ends, else rolls back.

        Runs :meth:`verify` first if it has not run, so that no write lands in a damaged
        file; raises :class:`ReadOnlyError` on a read-only database.
        """
        self._refuse_if_readonly()
        with self._guard(), self._write() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def read_session(self) -> Iterator[Session]:
        """A session for reading only; never commits."""
        with self._guard(), self._read() as session:
            yield session

    def _refuse_if_readonly(self) -> None:
        if not self._verified:
            with contextlib.suppress(DamagedFileError):
                self.verify()
        if self.readonly:
            raise ReadOnlyError(f"Nothing was saved: {self.readonly_reason}")

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except (DBAPIError, StaleDataError, sqlite3.DatabaseError) as exc:
            mapped = translate_db_error(exc, self.name)
            if mapped is None:
                raise
            raise mapped from exc

    def verify(self) -> None:
        """The full check of the file, run at most once (thread-safe): ``quick_check`` on a
        read-only connection of its own, and the search index's own check.

        On damage the database turns read-only and :class:`DamagedFileError` is raised (again
        on every later call). Safe to call from a worker thread.
        """
        with self._verify_lock:
            if not self._verified:
                self._verified = True
                self._damage = self._find_damage()
        if self._damage is not None:
            raise self._damage

    def _find_damage(self) -> DamagedFileError | None:
        """The damage the check finds, after turning the database read-only; None if sound.

        A full or failing disk (SQLite cannot make the ``-shm`` it needs to check the file)
        says nothing about the file: :class:`DiskFullError` is raised, the database stays
        writable, and the next write checks again.
        """
        from relman.storage.check import file_problems, index_problem, summarise

        assert self.path is not None
        started = time.perf_counter()
        try:
            try:
                problems = file_problems(self.path, quick=True)
            except CorruptFileError as exc:
                problems = [exc.message]
            if not problems and not self.readonly:
                problem = index_problem(self.path)
                problems = [problem] if problem else []
        except DiskFullError:
            self._verified = False  # not checked yet: the next write checks again
            raise
        log.info("checked %s in %.2f s", self.path, time.perf_counter() - started)
        if not problems:
            return None
        detail = summarise(problems, limit=1)[0]
        reason = (
            f"{self.path.name} is damaged ({detail}), so relman opened it read-only. "
            "Restore the newest good backup (File > Restore, or 'relman restore')."
        )
        self._become_readonly(reason)
        return DamagedFileError(f"{self.path} is damaged ({detail}). {NOTHING_WRITTEN}")

    def _become_readonly(self, reason: str) -> None:
        """Swap to read-only connections without letting the writer's close checkpoint."""
        was_readonly = self.readonly
        self.readonly_reason = reason
        if was_readonly or self.path is None:
            return  # already reading through read-only connections
        reader = make_engine(self.url, readonly_path=self.path)
        # An open reader holds a shared lock: the writer's connections then close without
        # checkpointing their -wal into the damaged file.
        with reader.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
            writer = self.engine
            self._use_engine(reader)
            writer.dispose()

    def revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def close(self) -> None:
        # The guard goes first, so that the last connection's close may fold the -wal
        # back into the file; the lock's descriptor closes only after every connection.
        if self._lock is not None:
            self._lock.unguard()
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


NOTHING_WRITTEN = (
    "relman will not write into it: restore the newest good backup with 'relman restore'."
)


def open_database(
    target: str | Path,
    *,
    create: bool = True,
    lock: bool = True,
    migrate_schema: bool = True,
    readonly: bool = False,
    create_folders: bool | None = None,
    upgrade_server: bool = False,
) -> Database:
    """Open ``target`` (a file path, or an SQLAlchemy URL) for work.

    Any SQLite URL is turned into its file path first, so it gets the same lock and checks.
    For a file: it is inspected read-only first (damaged, foreign or newer files are refused
    unchanged); a file or folder relman cannot write raises :class:`ReadOnlyError` before
    anything is created; the lock is taken; an existing file at an older schema is backed
    up (and the backup verified) before migrations run.

    ``readonly`` is for reading only (search, reports, a file that cannot be written): no
    lock, no migration, SQLite read-only connections; see :func:`open_readonly`.

    A missing folder is created only with ``create_folders=True``; by default (``None``)
    only for relman's own data folder, so a mistyped path never makes folders.

    A team server (a URL) at an older schema is refused unless ``upgrade_server``: a shared
    schema is migrated only by ``relman server upgrade``, which takes a dump first, never
    silently by whichever newer client connects first. An empty one gets the schema.
    """
    if isinstance(target, str):
        target = as_target(target)
    if isinstance(target, str):
        return _open_url(
            target, migrate_schema=migrate_schema, readonly=readonly, upgrade=upgrade_server
        )
    path = real_path(Path(target))  # a symlink's writer locks and writes the real file
    if readonly:
        return open_readonly(path)
    info = inspect_file(path)
    if not info.exists and not create:
        raise CorruptFileError(f"{path} does not exist. Check the name, or create it first.")
    _refuse_newer(info)
    _make_folder(path, create_folders)
    _refuse_unwritable(path)
    file_lock = lock_for(path) if lock else None
    made = not info.exists and _create_private(path)
    engine: Engine | None = None
    try:
        engine = make_engine(_sqlite_url(path))
        db = Database(_sqlite_url(path), engine, path, file_lock)
        if migrate_schema:
            _migrate(db, info)
        if file_lock is not None:
            with engine.connect():  # SQLite has made the file and put it in WAL mode
                file_lock.guard()
        return db
    except BaseException as exc:
        if engine is not None:
            engine.dispose()
        if made and path.exists() and path.stat().st_size == 0:
            path.unlink()  # nothing was written into the file this call made
        if file_lock is not None:
            file_lock.release()
        if isinstance(exc, (DBAPIError, sqlite3.DatabaseError)):
            mapped = translate_db_error(exc, str(path))  # a full disk, a busy file…
            if mapped is not None:
                raise mapped from exc
        raise


def open_readonly(path: Path, *, damaged: bool = False) -> Database:
    """Open an existing file for reading only: no lock, no pragma that writes, no checkpoint.

    A file at an older schema is upgraded once, under the lock, if it can be written (the
    command line's search relies on that); if it cannot, it is refused. With ``damaged``
    (the window, which shows what it can of a damaged file under a banner), a file whose
    schema SQLite refuses is read as far as it can be instead of refused.
    """
    try:
        info = inspect_file(path)
    except DamagedFileError:
        if not damaged:
            raise
        return _open_damaged(path)
    if not info.exists:
        raise CorruptFileError(f"{path} does not exist. Create it with 'relman demo'.")
    _refuse_newer(info)
    unwritable = writable_problem(path)
    if info.revision != migrate.head_revision():
        if unwritable:
            raise StorageError(
                f"{path} was made by an older relman and must be upgraded before it can be "
                f"read, but {unwritable}. Copy it to a folder you can write to and open the copy."
            )
        open_database(path).close()  # upgrade once, under the lock
    reason = (
        f"relman cannot save into {path.name}: {unwritable}. "
        "Copy it to a folder you can write to, to change it."
        if unwritable
        else f"{path.name} was opened for reading only."
    )
    url = _sqlite_url(path)
    return Database(url, make_engine(url, readonly_path=path), path, None, readonly_reason=reason)


def _create_private(path: Path) -> bool:
    """Make the new database file 0600 before SQLite fills it (see relman/paths.py)."""
    try:
        return create_private_file(path)
    except OSError as exc:
        raise ReadOnlyError(f"Cannot create {path}: {exc.strerror}.") from exc


def _open_damaged(path: Path) -> Database:
    url = _sqlite_url(path)
    reason = (
        f"{path.name} is damaged, so relman opened it read-only and shows what it can read. "
        "Restore the newest good backup (File > Restore, or 'relman restore')."
    )
    engine = make_engine(url, readonly_path=path, damaged_schema=True)
    return Database(url, engine, path, None, readonly_reason=reason)


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _make_folder(path: Path, create_folders: bool | None) -> None:
    folder = path.parent
    if folder.is_dir():
        return
    if create_folders is None:
        create_folders = folder.absolute() == data_dir().absolute()
    if folder.exists() or not create_folders:
        raise RelmanError(
            f"The folder {folder} does not exist, so relman did not create {path.name} there. "
            "Check the path, or create the folder first."
        )
    try:
        make_private_folder(folder)
    except OSError as exc:
        raise ReadOnlyError(f"Cannot create the folder {folder}: {exc.strerror}.") from exc


def _refuse_unwritable(path: Path) -> None:
    problem = writable_problem(path)
    if problem:
        raise ReadOnlyError(
            f"relman cannot save into {path}: {problem}. "
            "Open it read-only, or copy it to a folder you can write to."
        )


def _refuse_newer(info: FileInfo) -> None:
    if info.revision is not None and not migrate.is_known(info.revision):
        raise NewerSchemaError(
            f"{info.path} was written by a newer version of relman (schema {info.revision}). "
            "Update relman to open it; the file was not changed."
        )


def _open_url(
    url: str, *, migrate_schema: bool, readonly: bool = False, upgrade: bool = False
) -> Database:
    shown = shown_target(url)
    try:
        engine = make_engine(url)
        reason = f"{shown} was opened for reading only." if readonly else None
        db = Database(url, engine, None, None, readonly_reason=reason)
        if migrate_schema:
            try:
                _bring_server_schema(db, upgrade=upgrade)
            except BaseException:
                engine.dispose()  # refused: no connection is left open on the server
                raise
        return db
    except OperationalError as exc:
        raise (
            unreachable(exc, shown) or RelmanError(f"Cannot reach the database {shown}: {exc.orig}")
        ) from exc
    except ModuleNotFoundError as exc:
        raise RelmanError(
            f"relman cannot reach {shown}: its driver ({exc.name}) is not installed. "
            "Install relman with its 'postgres' extra (uv run --extra postgres relman, "
            "or pip install 'relman[postgres]')."
        ) from exc
    except (NoSuchModuleError, ArgumentError) as exc:
        raise RelmanError(
            f"{shown} is not a database address relman understands. Give a file path, "
            "or a URL such as postgresql+psycopg://user@host/relman."
        ) from exc


def _bring_server_schema(db: Database, *, upgrade: bool) -> None:
    """Give an empty server database the schema; refuse a newer one, and an older one
    unless ``upgrade`` (relman server upgrade), which is then migrated."""
    engine = db.engine
    with engine.connect() as conn:
        from alembic.runtime.migration import MigrationContext

        current = MigrationContext.configure(conn).get_current_revision()
    if current is not None and not migrate.is_known(current):
        raise NewerSchemaError(
            f"The database at {db.name} was written by a newer version of relman "
            f"(schema {current}). Update relman to use it; it was not changed."
        )
    if current is not None and current != migrate.head_revision() and not upgrade:
        raise NeedsUpgradeError(
            f"The database at {db.name} is at schema {current}, older than this "
            f"relman's ({migrate.head_revision()}). Whoever runs the team server "
            "upgrades it with 'relman server upgrade --url URL', which takes a dump "
            "first; it was not changed."
        )
    _migrate(db, None)


def _is_new(db: Database, info: FileInfo | None) -> bool:
    """Whether the database holds nothing yet (a new file, or an empty server database)."""
    if info is not None:
        return not info.exists or (info.revision is None and not table_names(db))
    return not table_names(db)


def _create_new(db: Database) -> None:
    """A new database gets the newest schema straight from the models, its search index and
    the rows it starts with, and is stamped at the newest revision. Replaying every
    migration would make the same schema (tests/storage/test_schema_upgrade_equal.py proves
    it) more slowly: each table copy of a batch migration costs time on every new file."""
    from relman.models import Base, KeyCriterion, seeded_criteria
    from relman.storage import fts
    from relman.workflows.scripts import add_shipped_scripts

    with db.engine.begin() as conn:
        Base.metadata.create_all(conn)
        if db.is_sqlite:
            fts.create_all(conn.exec_driver_sql)
        conn.execute(KeyCriterion.__table__.insert(), seeded_criteria())
        # The shipped interview scripts, so that a new file can hold an interview at once.
        with Session(bind=conn) as session:
            add_shipped_scripts(session)
            session.flush()
        migrate.stamp(conn)


def _migrate(db: Database, info: FileInfo | None) -> None:
    head = migrate.head_revision()
    if info is not None and info.revision == head:
        return
    # Only SQLite: on a server the migrations alter tables in place (no copies, so no cost),
    # and creating a use_alter foreign key there through the models' MetaData marks it as
    # made by ALTER for the rest of the process (SQLAlchemy's AddConstraint), which would
    # leave it out of the next SQLite file this process makes.
    if db.is_sqlite and _is_new(db, info):
        _create_new(db)
        log.info("database %s created at schema %s", db.name, head)
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
