"""Snapshots of a record and everything its deletion takes with it, so a delete can be
undone exactly: same ids, same versions, links restored.

:func:`capture` follows the foreign keys of the metadata: rows that reference the record
with ``ON DELETE CASCADE`` are captured too (recursively), and references that the database
would set to NULL are remembered. :func:`restore` inserts the rows back, parents first, and
puts the references back. It works on any database SQLAlchemy supports.

:meth:`Snapshot.keys` names every row and reference a snapshot holds, so that a removal can
be compared with what was known when it was decided (what a creation made, what a delete
was confirmed on) and refused if someone has added to the record since.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, insert, select, update
from sqlalchemy.orm import Session

from relman.models import Base

#: A row (table, primary key values) or a reference to the record (table.column, the
#: referring row's primary key values) that a snapshot holds.
Key = tuple[str, tuple[Any, ...]]


@dataclass
class Snapshot:
    rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    nulled: list[tuple[str, str, list[dict[str, Any]], Any]] = field(default_factory=list)
    #: for each row, the index of the row it was captured through (None for the record)
    parents: list[int | None] = field(default_factory=list)

    def count(self, table: str) -> int:
        return sum(1 for name, _ in self.rows if name == table)

    def keys(self) -> frozenset[Key]:
        """Every row the snapshot holds and every reference it would unlink."""
        return frozenset(
            [row_key(name, row) for name, row in self.rows]
            + [
                (f"{name}.{column}", tuple(keys[0].values()))
                for name, column, keys, _ in self.nulled
            ]
        )

    def descendants(self, index: int) -> list[int]:
        """The rows captured through row ``index``, nearest first."""
        found, level = [], [index]
        while level:
            level = [i for i, parent in enumerate(self.parents) if parent in level]
            found += level
        return found


def row_key(table: str, row: dict[str, Any]) -> Key:
    return (table, tuple(row[c.name] for c in Base.metadata.tables[table].primary_key.columns))


def _children(table: Table) -> list[tuple[Table, Any, str]]:
    """(child table, child fk column, ondelete) for every foreign key pointing at ``table``."""
    found = []
    for child in Base.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is table:
                found.append((child, fk.parent, (fk.ondelete or "").upper()))
    return found


def capture(session: Session, table_name: str, key_values: list[Any]) -> Snapshot:
    """Capture rows of ``table_name`` whose primary key is in ``key_values`` (single-column
    primary keys) and all that deleting them would delete or unlink."""
    snapshot = Snapshot()
    table = Base.metadata.tables[table_name]
    (pk,) = table.primary_key.columns
    _capture(session, table, pk.in_(key_values), snapshot, seen=set(), via=None, parents={})
    return snapshot


def _capture(
    session: Session,
    table: Table,
    where: Any,
    snap: Snapshot,
    seen: set[Any],
    via: Any,
    parents: dict[Any, int],
) -> None:
    """Capture the rows of ``table`` matching ``where``; ``via`` is the column whose value
    is the key of the row (index in ``parents``) that each was captured through."""
    rows = [dict(r._mapping) for r in session.execute(select(table).where(where))]
    pk_cols = list(table.primary_key.columns)
    fresh = []
    for row in rows:
        key = (table.name, *(row[c.name] for c in pk_cols))
        if key not in seen:
            seen.add(key)
            fresh.append(row)
            snap.rows.append((table.name, row))
            snap.parents.append(None if via is None else parents.get(row[via.name]))
    if not fresh or len(pk_cols) != 1:
        return
    ids = [row[pk_cols[0].name] for row in fresh]
    at = {row_id: len(snap.rows) - len(fresh) + i for i, row_id in enumerate(ids)}
    for child, column, ondelete in _children(table):
        if ondelete == "CASCADE":
            _capture(session, child, column.in_(ids), snap, seen, column, at)
        elif ondelete == "SET NULL":
            child_pk = list(child.primary_key.columns)
            linked = session.execute(select(*child_pk, column).where(column.in_(ids))).all()
            for row in linked:
                keys = {c.name: row[i] for i, c in enumerate(child_pk)}
                snap.nulled.append((child.name, column.name, [keys], row[-1]))


def restore(session: Session, snapshot: Snapshot) -> None:
    """Insert the captured rows back and restore the references that were set to NULL."""
    for name, row in snapshot.rows:
        session.execute(insert(Base.metadata.tables[name]), [row])
    for name, column, keys, value in snapshot.nulled:
        table = Base.metadata.tables[name]
        for key in keys:
            clause = [table.c[k] == v for k, v in key.items()]
            session.execute(update(table).where(*clause).values({column: value}))
    session.expire_all()
