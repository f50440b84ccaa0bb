"""The integrity check behind ``relman check`` and :meth:`Database.verify`: is the file
sound, is its search index sound, which schema, how much.

Everything here reads through :func:`relman.storage.files.connect_readonly`: no checkpoint,
no ``-wal``/``-shm`` made beside a file nobody has open. The one exception is the search
index's own check, which SQLite runs only as an ``INSERT`` on a writable connection: it runs
inside a transaction that is rolled back, only on a file that is otherwise sound and
writable, while a read-only connection stays open so that closing it checkpoints nothing.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from relman.errors import CorruptFileError
from relman.models import Base
from relman.storage.database import Database
from relman.storage.files import (
    UNREADABLE,
    connect_readonly,
    disk_problem,
    inspect_file,
    unreadable_why,
    wal_problem,
    writable_problem,
)
from relman.storage.migrate import HEAD_REVISION

#: At most this many problems are shown; the rest are counted.
SHOWN_PROBLEMS = 10
#: SQLite stops its integrity check after this many errors.
MAX_ERRORS = 1000

INDEX_CHECK = "INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)"


@dataclass
class CheckReport:
    path: Path
    revision: str | None
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def summarise(problems: list[str], limit: int = SHOWN_PROBLEMS) -> list[str]:
    """The first ``limit`` problems, and how many more there are."""
    if len(problems) <= limit:
        return list(problems)
    more = len(problems) - limit
    return [*problems[:limit], f"and {more} more problem{'s' if more > 1 else ''}"]


def file_problems(path: Path, *, quick: bool) -> list[str]:
    """What SQLite's own check finds wrong with ``path`` (``quick_check`` or the full
    ``integrity_check``), and an unreadable ``-wal``; empty if sound. Raises
    :class:`DiskFullError` if a full or failing disk stops the check (see
    :func:`disk_problem`): that is not damage."""
    pragma = "quick_check" if quick else "integrity_check"
    problems = []
    try:
        with contextlib.closing(connect_readonly(path)) as con:
            rows = [r[0] for r in con.execute(f"PRAGMA {pragma}({MAX_ERRORS})")]
            if rows != ["ok"]:
                # SQLite may pack many findings into one row, one per line.
                lines = (line.strip() for row in rows for line in str(row).splitlines())
                problems.extend(line for line in lines if line and not line.startswith("***"))
    except UNREADABLE as exc:
        full = disk_problem(exc, path)
        if full is not None:
            raise full from exc
        problems.append(f"it cannot be read: {unreadable_why(exc)}")
    wal = wal_problem(path)
    return [*problems, wal] if wal else problems


def index_problem(path: Path) -> str | None:
    """What the search index's own check finds wrong, or None (sound, absent, or busy).

    Call it only on a file that passed :func:`file_problems` and can be written. Raises
    :class:`DiskFullError` if a full or failing disk stops the check.
    """
    try:
        return _index_problem(path)
    except sqlite3.OperationalError as exc:
        full = disk_problem(exc, path)
        if full is not None:
            raise full from exc
        raise


def _index_problem(path: Path) -> str | None:
    with contextlib.closing(connect_readonly(path)) as guard:
        names = {r[0] for r in guard.execute("SELECT name FROM sqlite_master")}
        if "search_fts" not in names:
            return None
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=5)
        con.isolation_level = None
        try:
            con.execute("BEGIN")
            con.execute(INDEX_CHECK)
        except sqlite3.OperationalError as exc:
            if disk_problem(exc, path) is not None:
                raise  # index_problem says so
            if any(word in str(exc) for word in ("locked", "busy", "readonly")):
                # A writer is busy (the next check looks again), or SQLite will not write
                # the file: neither says anything about the index.
                return None
            return _index_damaged(exc)
        except sqlite3.DatabaseError as exc:
            return _index_damaged(exc)
        finally:
            if con.in_transaction:
                con.execute("ROLLBACK")
            con.close()
    return None


def _index_damaged(exc: Exception) -> str:
    return (
        f"the search index is damaged ({exc}); it can be rebuilt from the records, "
        "and no record is lost"
    )


def check_file(path: Path) -> CheckReport:
    """Check a database file read-only. Raises :class:`CorruptFileError` if it cannot even
    be read; otherwise returns what was found, at most :data:`SHOWN_PROBLEMS` problems."""
    info = inspect_file(path)
    if not info.exists:
        raise CorruptFileError(f"{path} does not exist.")
    report = CheckReport(path, info.revision)
    problems = file_problems(path, quick=False)
    try:
        with contextlib.closing(connect_readonly(path)) as con:
            problems.extend(_link_problems(con))
            problems.extend(_count_rows(con, report))
            problems.extend(rule_problems(con))
    except UNREADABLE as exc:
        raise disk_problem(exc, path) or CorruptFileError(
            f"{path} is damaged ({unreadable_why(exc)}). "
            "Restore it from a backup with 'relman restore'."
        ) from exc
    if not problems and writable_problem(path) is None:
        index = index_problem(path)
        problems.extend([index] if index else [])
    report.problems = summarise(problems)
    return report


def _link_problems(con: sqlite3.Connection) -> list[str]:
    problems = []
    try:
        for table, rowid, parent, _fk in con.execute("PRAGMA foreign_key_check"):
            problems.append(f"{table} row {rowid} points to a missing {parent}")
            if len(problems) > MAX_ERRORS:
                break
    except sqlite3.DatabaseError as exc:
        problems.append(f"links between records cannot be checked: {exc}")
    return problems


def _rules(dialect: Any = None) -> list[tuple[str, str, str]]:
    """(table, what the rule says, SQL true for a row that breaks it): every CHECK
    constraint of the models (enums included) and the case-insensitive unique names, in
    ``dialect``'s SQL (SQLite's by default)."""
    from sqlalchemy import CheckConstraint, Enum
    from sqlalchemy.dialects import sqlite

    dialect = dialect or sqlite.dialect()
    rules = []
    for table in Base.metadata.sorted_tables:
        for constraint in table.constraints:
            if not isinstance(constraint, CheckConstraint):
                continue
            sql = str(
                constraint.sqltext.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
            )
            enum_columns = [
                c.name
                for c in table.columns
                if isinstance(c.type, Enum) and constraint.name == f"ck_{table.name}_{c.type.name}"
            ]
            what = (
                f"{enum_columns[0]} holds a value relman does not know"
                if enum_columns
                else f"breaks the rule {str(constraint.name).removeprefix(f'ck_{table.name}_')}"
            )
            rules.append((table.name, what, f"NOT ({sql})"))
        for index in table.indexes:
            if index.unique and str(index.name).startswith(f"uq_{table.name}_lower_"):
                column = str(index.name).removeprefix(f"uq_{table.name}_lower_")
                rules.append(
                    (
                        table.name,
                        f"has a {column} another row has too (ignoring case)",
                        f"lower({column}) IN (SELECT lower({column}) FROM {table.name}"
                        f" GROUP BY lower({column}) HAVING count(*) > 1)",
                    )
                )
    return rules


def rule_problems(con: sqlite3.Connection) -> list[str]:
    """Rows that break a rule the database enforces now but a file may hold anyway (written
    before the rule, by hand, or with checks switched off): read-only SQL, briefly listed."""
    problems = []
    existing = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, what, broken in _rules():
        if table not in existing:
            continue
        try:
            rows = con.execute(f'SELECT id FROM "{table}" WHERE {broken} LIMIT 4').fetchall()
        except sqlite3.DatabaseError:
            continue  # a column of an older schema is missing: the upgrade checks it
        if rows:
            problems.append(_broken(table, what, [r[0] for r in rows]))
    return problems


def server_problems(db: Database) -> list[str]:
    """What ``relman check`` finds on a team server: where the live schema differs from the
    models, and rows that break a rule the models declare (a rule the server lacks does not
    stop them). Read-only. PostgreSQL keeps every link itself, so links need no check."""
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import DBAPIError

    from relman.storage.schema import drift

    problems = []
    with db.engine.connect() as conn:
        problems += drift(conn)
        existing = set(inspect(conn).get_table_names())
        for table, what, broken in _rules(conn.dialect):
            if table not in existing:
                continue
            try:
                with conn.begin_nested():
                    rows = conn.execute(
                        text(f'SELECT id FROM "{table}" WHERE {broken} LIMIT 4')
                    ).all()
            except DBAPIError:  # a column of an older schema is missing: the drift says so
                continue
            if rows:
                problems.append(_broken(table, what, [r[0] for r in rows]))
    return problems


def _broken(table: str, what: str, ids: list[Any]) -> str:
    """ "table: a row … (id, id, id and more)" for up to four ids read."""
    shown = ", ".join(str(i) for i in ids[:3]) + (" and more" if len(ids) > 3 else "")
    return f"{table}: a row {what} ({shown})"


def _count_rows(con: sqlite3.Connection, report: CheckReport) -> list[str]:
    """Fill ``report.counts``; return the tables that are missing or cannot be read."""
    problems = []
    existing = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    for table in sorted(Base.metadata.tables):
        if table not in existing:
            if report.revision == HEAD_REVISION:  # an older file gets its new tables on upgrade
                problems.append(f"table {table} is missing")
            continue
        try:
            report.counts[table] = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        except sqlite3.DatabaseError as exc:
            problems.append(f"table {table} cannot be read: {exc}")
    if "search_doc" in existing:
        from relman.storage.fts import SOURCES

        try:
            indexed = con.execute("SELECT count(*) FROM search_doc").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            return [*problems, _index_damaged(exc)]
        expected = sum(report.counts.get(src.table, 0) for src in SOURCES)
        if indexed != expected:
            problems.append(
                f"search index holds {indexed} entries for {expected} records; "
                "it can be rebuilt from the records"
            )
    return problems


def count_rows(db: Database) -> dict[str, int]:
    """Rows per table of an open database."""
    with db.engine.connect() as conn:
        return {
            name: conn.exec_driver_sql(f'SELECT count(*) FROM "{name}"').scalar_one()
            for name in sorted(Base.metadata.tables)
        }
