"""Removing a record so that it can be put back exactly: the basis of undo for creations and
deletions in the window (see relman/storage/snapshot.py); and noting what a transaction
wrote once it has committed, for the undo of updates."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy import delete, event
from sqlalchemy.orm import Session

from relman.errors import NotFoundError
from relman.models import Base
from relman.storage.snapshot import Snapshot, capture, restore


def remove(session: Session, table: str, record_id: uuid.UUID) -> Snapshot:
    """Delete a record and what goes with it; return what is needed to put it back."""
    snapshot = capture(session, table, [record_id])
    if not snapshot.rows:
        raise NotFoundError("That record no longer exists; it may have been deleted already.")
    model = Base.metadata.tables[table]
    (pk,) = model.primary_key.columns
    session.execute(delete(model).where(pk == record_id))
    session.expire_all()
    session.info.setdefault("changes", set()).add((table, record_id))
    return snapshot


def put_back(session: Session, snapshot: Snapshot) -> None:
    restore(session, snapshot)
    changes = session.info.setdefault("changes", set())
    for table, row in snapshot.rows:
        changes.add((table, row.get("id")))


def after_commit(session: Session, fn: Callable[[], None]) -> None:
    """Call ``fn`` once the session's transaction has committed; never if it rolls back
    (runs on the thread that commits)."""
    event.listen(session, "after_commit", lambda _session: fn(), once=True)
