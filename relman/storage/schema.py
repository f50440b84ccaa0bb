"""Whether a live database holds exactly the schema the models declare, in words.

Alembic's ``compare_metadata`` lists what differs between a connection's tables and
``relman.models``: a missing table, column, index, link (foreign key) or rule. ``relman
check`` on a team server reports them, and the tests run it on SQLite and PostgreSQL alike,
so that the two never drift apart. The full-text index is left out: a migration keeps it,
not the models.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, inspect
from sqlalchemy.engine import Connection

from relman.models import Base
from relman.storage.migrate import include_name

_WHAT = {
    "table": "table",
    "column": "column",
    "index": "index",
    "fk": "link (foreign key)",
    "constraint": "rule",
}


def drift(connection: Connection) -> list[str]:
    """What differs between the database and the models, one sentence each ([] if none)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    context = MigrationContext.configure(
        connection, opts={"include_name": include_name, "compare_type": True}
    )
    found = [_words(diff) for diff in compare_metadata(context, Base.metadata)]
    return found + _rules_drift(connection)


def _rules_drift(connection: Connection) -> list[str]:
    """The CHECK rules, which Alembic's comparison does not see: by name, per table."""
    live = inspect(connection)
    tables = set(live.get_table_names())
    found = []
    for table in Base.metadata.sorted_tables:
        if table.name not in tables:
            continue  # the comparison above says so
        declared = {
            str(c.name) for c in table.constraints if isinstance(c, CheckConstraint) and c.name
        }
        held = {str(c["name"]) for c in live.get_check_constraints(table.name) if c["name"]}
        found += [f"rule {name} on {table.name} is missing" for name in sorted(declared - held)]
        found += [
            f"rule {name} on {table.name} is there but relman does not declare it"
            for name in sorted(held - declared)
        ]
    return found


def _words(diff: Any) -> str:
    if isinstance(diff, list):  # a column whose type, nullability or default differs
        _op, _schema, table, column, *_rest = diff[0]
        return (
            f"column {table}.{column} is not as relman declares it ({_op.removeprefix('modify_')})"
        )
    op, *rest = diff
    verb, _, kind = str(op).partition("_")
    what = _WHAT.get(kind, kind)
    thing = rest[-1]
    if kind == "column":
        name = f"{rest[1]}.{getattr(thing, 'name', thing)}"
    else:
        name = getattr(thing, "name", None) or str(thing)
        table = getattr(getattr(thing, "table", None), "name", None)
        if table and kind != "table":
            name = f"{name} on {table}"
    if verb == "add":
        return f"{what} {name} is missing"
    if verb == "remove":
        return f"{what} {name} is there but relman does not declare it"
    return f"{what} {name} differs ({op})"
