"""The integrity check behind ``relman check``: is the file sound, which schema, how much."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from relman.errors import CorruptFileError
from relman.models import Base
from relman.storage.database import Database
from relman.storage.files import connect_readonly, inspect_file


@dataclass
class CheckReport:
    path: Path
    revision: str | None
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_file(path: Path) -> CheckReport:
    """Check a database file read-only. Raises :class:`CorruptFileError` if it cannot even
    be read; otherwise returns what was found, problems included."""
    info = inspect_file(path)
    if not info.exists:
        raise CorruptFileError(f"{path} does not exist.")
    report = CheckReport(path, info.revision)
    try:
        con = connect_readonly(path)
        try:
            rows = [r[0] for r in con.execute("PRAGMA integrity_check")]
            if rows != ["ok"]:
                report.problems.extend(rows[:20])
            for table, rowid, parent, _fk in con.execute("PRAGMA foreign_key_check"):
                report.problems.append(f"{table} row {rowid} points to a missing {parent}")
                if len(report.problems) > 40:
                    break
            existing = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
            for table in sorted(Base.metadata.tables):
                if table in existing:
                    report.counts[table] = con.execute(
                        f'SELECT count(*) FROM "{table}"'
                    ).fetchone()[0]
                elif info.revision is not None:
                    report.problems.append(f"table {table} is missing")
            if "search_doc" in existing:
                from relman.storage.fts import SOURCES

                indexed = con.execute("SELECT count(*) FROM search_doc").fetchone()[0]
                expected = sum(report.counts.get(src.table, 0) for src in SOURCES)
                if indexed != expected:
                    report.problems.append(
                        f"search index holds {indexed} entries for {expected} records"
                    )
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise CorruptFileError(
            f"{path} is damaged ({exc}). Restore it from a backup with 'relman restore'."
        ) from exc
    return report


def count_rows(db: Database) -> dict[str, int]:
    """Rows per table of an open database."""
    with db.engine.connect() as conn:
        return {
            name: conn.exec_driver_sql(f'SELECT count(*) FROM "{name}"').scalar_one()
            for name in sorted(Base.metadata.tables)
        }
