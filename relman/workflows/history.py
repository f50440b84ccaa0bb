"""Removing a record so that it can be put back exactly: the basis of undo for creations and
deletions in the window (see relman/storage/snapshot.py); and noting what a transaction
wrote once it has committed, for the undo of updates.

On a shared database someone else may add to a record between the moment its removal is
decided and the moment it runs (B states an expectation in the unit A has just created, then
A undoes the creation). A removal is therefore told what it is known to take — what the
creation made (:func:`rows_of` in the creating transaction), or what the user was shown
when asked to confirm the delete — and in the deleting transaction itself refuses, deleting
nothing, when anything else depends on the record, naming whose work it is.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection
from typing import Any

from sqlalchemy import Table, delete, event, select
from sqlalchemy.orm import Session

from relman.errors import ConflictError, NotFoundError
from relman.models import Base
from relman.storage.snapshot import Key, Snapshot, capture, restore, row_key

#: What a row is called in a refusal, where its table's name does not say it well.
NOUNS = {
    "business_units": "unit",
    "unit_rms": "assignment of a relationship manager",
    "unit_services": "service dependency",
    "expectation_events": "step",
    "support_issue_ratings": "rating",
    "survey_scores": "survey score",
    "assessment_criteria": "assessment note",
    "meeting_contacts": "meeting attendance",
    "meeting_staff": "meeting attendance",
    "interview_contacts": "interview attendance",
    "script_versions": "script version",
    "script_sections": "script section",
    "measurement_corrections": "measurement correction",
}
#: The columns that name a row in a refusal, the first one filled in is used.
LABELS = ("name", "title", "statement", "text", "period", "quarter")


def rows_of(session: Session, table: str, record_id: uuid.UUID) -> frozenset[Key]:
    """The rows that removing the record would take with it (itself included) and the
    references to it that it would unlink: noted when it is created, or when its delete is
    asked, to be passed to :func:`remove` as ``known``."""
    return capture(session, table, [record_id]).keys()


def remove(
    session: Session,
    table: str,
    record_id: uuid.UUID,
    *,
    known: Collection[Key] | None = None,
    done: str = "deleted",
) -> Snapshot:
    """Delete a record and what goes with it; return what is needed to put it back.

    With ``known`` (see :func:`rows_of`), anything that depends on the record and is not
    in it is someone else's work added since: the removal is refused with
    :class:`ConflictError` naming whose ("…; nothing was {done}.") and deletes nothing.
    """
    snapshot = capture(session, table, [record_id])
    if not snapshot.rows:
        raise NotFoundError("That record no longer exists; it may have been deleted already.")
    if known is not None:
        _refuse_what_others_added(session, snapshot, frozenset(known), done)
    model = Base.metadata.tables[table]
    (pk,) = model.primary_key.columns
    session.execute(delete(model).where(pk == record_id))
    session.expire_all()
    session.info.setdefault("changes", set()).add((table, record_id))
    return snapshot


def _refuse_what_others_added(
    session: Session, snapshot: Snapshot, known: frozenset[Key], done: str
) -> None:
    keys = [row_key(name, row) for name, row in snapshot.rows]
    # what was added: each row not known whose parent is, with its own history below it
    added = [
        (name, row, [snapshot.rows[j] for j in snapshot.descendants(i)])
        for i, ((name, row), parent) in enumerate(zip(snapshot.rows, snapshot.parents, strict=True))
        if keys[i] not in known and parent is not None and keys[parent] in known
    ]
    # and each reference to the record that the delete would set to NULL
    for name, column, (ref,), _value in snapshot.nulled:
        if (f"{name}.{column}", tuple(ref.values())) not in known:
            linked = Base.metadata.tables[name]
            found = session.execute(
                select(linked).where(*(linked.c[k] == v for k, v in ref.items()))
            )
            added.append((name, dict(found.one()._mapping), []))
    if not added:
        return
    # name one of them, someone's work rather than a bare link if there is one
    named = [(_author(session, name, row, below), name, row) for name, row, below in added]
    author, name, row = next((n for n in named if n[0]), named[0])
    noun, label = _noun(name), _label(row)
    what = f"{noun} “{label}”" if label else noun
    if author:
        whose = f"{author}'s {what}"
    elif label:
        whose = f"The {what}, added since,"
    else:
        whose = f"{'An' if noun[0] in 'aeiou' else 'A'} {what}, added since,"
    record_table, record = snapshot.rows[0]
    target = _label(record) or f"this {_noun(record_table)}"
    more = len(added) - 1
    others = f" (and {more} more record{'s' if more > 1 else ''} added since)" if more else ""
    raise ConflictError(
        f"{whose} depends on {target}{others}; nothing was {done}, so that work is kept."
    )


def _noun(table: str) -> str:
    if table in NOUNS:
        return NOUNS[table]
    words = table.replace("_", " ")
    return words[:-1] if words.endswith("s") else words


def _label(row: dict[str, Any]) -> str:
    for column in LABELS:
        value = row.get(column)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return text if len(text) <= 60 else text[:59] + "…"
    return ""


def _author_columns(table: Table) -> list[str]:
    """Columns that name who did a step (``author_fk``: staff, ON DELETE RESTRICT)."""
    return [
        c.name
        for c in table.columns
        if any(
            fk.column.table.name == "staff" and (fk.ondelete or "").upper() == "RESTRICT"
            for fk in c.foreign_keys
        )
    ]


def _author(
    session: Session, table: str, row: dict[str, Any], below: list[tuple[str, dict[str, Any]]]
) -> str:
    """The name of who wrote the row: its own author column, else the author of the
    earliest step of its history that has one (an expectation's "stated" step); or ""."""
    history = sorted(below, key=lambda r: str(r[1].get("created_at")))
    for name, values in [(table, row), *history]:
        for column in _author_columns(Base.metadata.tables[name]):
            if values.get(column) is not None:
                staff = Base.metadata.tables["staff"]
                return (
                    session.scalar(select(staff.c.name).where(staff.c.id == values[column])) or ""
                )
    return ""


def put_back(session: Session, snapshot: Snapshot) -> None:
    restore(session, snapshot)
    changes = session.info.setdefault("changes", set())
    for table, row in snapshot.rows:
        changes.add((table, row.get("id")))


def after_commit(session: Session, fn: Callable[[], None]) -> None:
    """Call ``fn`` once the session's transaction has committed; never if it rolls back
    (runs on the thread that commits)."""
    event.listen(session, "after_commit", lambda _session: fn(), once=True)
