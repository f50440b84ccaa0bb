"""Which tables a session's statements touched, recorded as they run: change notification
derived from the SQL, not declared by hand.

Every statement a session sends (ORM queries, lazy loads, a flush's inserts, Core
``session.execute(update(...))``, raw SQL) adds the tables it names to
``session.info["tables"]`` (see :func:`touched`). A read job's set is what its page shows; a
write job's set, with the search index its triggers keep in step, is what it may have
changed. A page reloads when a committed write's set meets its last read's.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Engine, TableClause, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import visitors

from relman.storage import fts

INFO_KEY = "tables"
WRITTEN_KEY = "written"
_OPTION = "relman_tables"  # the connection's execution option holding the session's sets

#: Tables written by triggers (the search index) when one of these tables changes.
_INDEXED = frozenset(s.table for s in fts.SOURCES) | frozenset(c.table for c in fts.CHILDREN)
_INDEX_TABLES = frozenset({"search_doc", "search_fts"})

#: Raw SQL (no compiled statement): a name after FROM, JOIN, INTO or UPDATE.
_RAW_NAME = re.compile(r"\b(?:from|join|into|update)\s+\"?(\w+)", re.IGNORECASE)
_RAW_WRITE = re.compile(
    r"^\s*(?:insert\s+(?:or\s+\w+\s+)?into|replace\s+into|update|delete\s+from)\s+\"?(\w+)",
    re.IGNORECASE,
)


def touched(session: Session) -> set[str]:
    """The tables the session's statements have named so far (read or written)."""
    return session.info.setdefault(INFO_KEY, set())


def written(session: Session) -> set[str]:
    """The tables the session's INSERT, UPDATE and DELETE statements named so far."""
    return session.info.setdefault(WRITTEN_KEY, set())


def with_side_effects(tables: set[str] | frozenset[str]) -> frozenset[str]:
    """``tables`` plus the search index its triggers keep in step with them."""
    return frozenset(tables) | (_INDEX_TABLES if set(tables) & _INDEXED else frozenset())


def cascaded(table: str) -> set[str]:
    """``table`` and every table a delete from it changes through ``ON DELETE CASCADE`` or
    ``SET NULL``, however deep."""
    found, todo = {table}, [table]
    while todo:
        for child in _cascades().get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _cascades() -> dict[str, set[str]]:
    """For each table, the tables whose rows its deletes change (from the models)."""
    global _CASCADES
    if _CASCADES is None:
        from relman.models import Base  # the models import storage: import them late

        _CASCADES = {}
        for table in Base.metadata.tables.values():
            for fk in table.foreign_keys:
                if (fk.ondelete or "").upper() in ("CASCADE", "SET NULL"):
                    _CASCADES.setdefault(fk.column.table.name, set()).add(table.name)
    return _CASCADES


_CASCADES: dict[str, set[str]] | None = None


def written_tables(context: Any, statement: str) -> set[str]:
    """The tables an INSERT, UPDATE or DELETE changes (with a delete's cascades); none for
    any other statement."""
    compiled = getattr(context, "compiled", None)
    element = getattr(compiled, "statement", None)
    if element is not None and getattr(element, "is_dml", False):
        table = element.table.name
    elif match := _RAW_WRITE.match(statement):
        table = match.group(1).lower()
    else:
        return set()
    return cascaded(table) if statement.lstrip()[:6].lower() == "delete" else {table}


def statement_tables(context: Any, statement: str) -> frozenset[str]:
    """The tables one executed statement names (its compiled form when there is one).

    SQLAlchemy reuses a compiled statement for every execution of the same shape, so the
    walk over it is done once and kept on it: a query run per keystroke pays a lookup."""
    compiled = getattr(context, "compiled", None)
    if compiled is None or getattr(compiled, "statement", None) is None:
        return frozenset(name.lower() for name in _RAW_NAME.findall(statement))
    known = getattr(compiled, _CACHED, None)
    if known is None:
        known = frozenset(_compiled_tables(compiled, statement))
        setattr(compiled, _CACHED, known)
    return known


_CACHED = "_relman_tables"


def _compiled_tables(compiled: Any, statement: str) -> set[str]:
    state = getattr(compiled, "compile_state", None)
    elements = [compiled.statement, getattr(state, "statement", None)]
    names = {
        node.name
        for element in elements
        if element is not None
        for node in visitors.iterate(element)
        if isinstance(node, TableClause) and node.name
    }
    if not names:  # text(): the SQL as written
        names = {name.lower() for name in _RAW_NAME.findall(statement)}
    return names


def record_tables(engine: Engine, *makers: sessionmaker[Session]) -> None:
    """Make sessions from ``makers`` record the tables their statements touch."""

    def on_begin(session: Session, _transaction: Any, connection: Any) -> None:
        connection.execution_options(**{_OPTION: (touched(session), written(session))})

    def before_execute(
        conn: Any, _cursor: Any, statement: str, _params: Any, context: Any, _many: bool
    ) -> None:
        sinks = conn.get_execution_options().get(_OPTION)
        if sinks is None:
            return
        tables, writes = sinks
        tables.update(statement_tables(context, statement))
        writes.update(written_tables(context, statement))

    for maker in makers:
        event.listen(maker, "after_begin", on_begin)
    event.listen(engine, "before_cursor_execute", before_execute)
