"""A file upgraded from the first release has exactly the schema the models declare.

``compare_metadata`` (tests/storage/test_open.py) does not see CHECK constraints, ON DELETE
actions or expression indexes; this test compares what SQLite itself holds: every table's
columns, foreign keys (with their ON DELETE), CHECK constraints and indexes, of the small
demo from schema 0002 after the upgrade against a file made fresh from the models
(``Base.metadata.create_all``). The full-text index (``search_*``) is left out: it is made by
a migration, not by the models.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine

from relman.models import Base
from relman.storage import open_database


def _norm(sql: str | None) -> str:
    text = re.sub(r"\s+", " ", sql or "").strip()
    return re.sub(r'"(\w+)"', r"\1", text)


def schema(path: Path) -> dict[str, dict[str, object]]:
    """Each table's columns, foreign keys, CHECK constraints and indexes, order aside."""
    con = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_%'"
                " AND name NOT LIKE 'sqlite_%' AND name <> 'alembic_version'"
            )
        ]
        found: dict[str, dict[str, object]] = {}
        for table in tables:
            sql = _norm(
                con.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
                ).fetchone()[0]
            )
            columns = {
                (name, type_.upper(), bool(notnull), dflt, pk)
                for _cid, name, type_, notnull, dflt, pk in con.execute(
                    f'PRAGMA table_info("{table}")'
                )
            }
            keys = {
                (frm, ref, to, on_delete)
                for _id, _seq, ref, frm, to, _upd, on_delete, _m in con.execute(
                    f'PRAGMA foreign_key_list("{table}")'
                )
            }
            checks = set(
                re.findall(r"CONSTRAINT (\w+) CHECK \((.*?)\)(?=, CONSTRAINT|\s*\)$)", sql)
            )
            uniques = set(re.findall(r"CONSTRAINT (\w+) UNIQUE \(([^)]*)\)", sql))
            indexes = {
                _norm(index_sql)
                for (index_sql,) in con.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
                    " AND sql IS NOT NULL",
                    (table,),
                )
            }
            found[table] = {
                "columns": columns,
                "foreign keys": keys,
                "checks": checks,
                "uniques": uniques,
                "indexes": indexes,
            }
        return found
    finally:
        con.close()


def differences(old: dict, new: dict) -> list[str]:
    lines = []
    for table in sorted(set(old) | set(new)):
        if table not in old or table not in new:
            lines.append(f"{table}: only in {'fresh' if table in new else 'upgraded'}")
            continue
        for part in old[table]:
            a, b = old[table][part], new[table][part]
            for item in sorted(map(str, a - b)):
                lines.append(f"{table} {part}: only upgraded: {item}")
            for item in sorted(map(str, b - a)):
                lines.append(f"{table} {part}: only fresh: {item}")
    return lines


def test_a_file_upgraded_from_0002_has_the_schema_of_a_fresh_one(
    demo_0002: Path, tmp_path: Path
) -> None:
    open_database(demo_0002).close()
    fresh = tmp_path / "fresh.sqlite"
    engine = create_engine(f"sqlite:///{fresh}")
    Base.metadata.create_all(engine)
    engine.dispose()

    diff = differences(schema(demo_0002), schema(fresh))
    assert diff == [], "\n".join(diff)


def test_a_file_made_by_the_migrations_has_the_schema_of_the_models(replayed: Path) -> None:
    fresh = replayed.with_name("fresh.sqlite")
    engine = create_engine(f"sqlite:///{fresh}")
    Base.metadata.create_all(engine)
    engine.dispose()

    diff = differences(schema(replayed), schema(fresh))
    assert diff == [], "\n".join(diff)


def _rows(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_new_file_equals_one_made_by_every_migration(replayed: Path) -> None:
    """relman makes a new file from the models, not by replaying the migrations: the
    result must be the same, search triggers and starting rows included."""
    new = replayed.with_name("new.sqlite")
    open_database(new).close()

    diff = differences(schema(replayed), schema(new))
    assert diff == [], "\n".join(diff)
    triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    assert [(n, _norm(s)) for n, s in _rows(new, triggers)] == [
        (n, _norm(s)) for n, s in _rows(replayed, triggers)
    ]
    seeds = (
        "SELECT id, name, question, position, excludes_unreasonable, archived_at"
        " FROM key_criteria ORDER BY position"
    )
    assert _rows(new, seeds) == _rows(replayed, seeds)
    assert len(_rows(new, seeds)) == 7
    assert _rows(new, "SELECT version_num FROM alembic_version") == _rows(
        replayed, "SELECT version_num FROM alembic_version"
    )
