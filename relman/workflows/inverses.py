"""The inverses a whole family of commands shares, and one writer's undo history.

- :func:`creates`: a creation, taken back by ``take_back`` (exactly what it made; refused,
  naming whose, when someone has added to it since), put back by ``put_back``;
- :func:`updates`: an update, undone by the same command with the earlier values;
- :func:`toggles`: archive and restore, each undone by the other;
- :func:`removed`: inside a delete command, its inverse ``put_back`` (whose redo is the
  delete again, rules and all);
- :class:`Written`: the version each record was left at by one writer's last step, so
  that its undo history can be walked back step by step.

Each inverse is based on the version its change left (:func:`commands.new_version`).
"""

from __future__ import annotations

import functools
import inspect
import uuid
from collections.abc import Callable, Collection
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from relman.models import Base
from relman.storage.snapshot import Key, Snapshot
from relman.workflows import history
from relman.workflows.commands import (
    REGISTRY,
    Command,
    Outcome,
    command,
    new_version,
    undo_by,
)

F = TypeVar("F", bound=Callable[..., Any])


# -- one writer's undo history ---------------------------------------------------------------


class Written:
    """The version each record was left at by one writer's last committed command (one
    window's undo stack), so that its undo history can be walked back step by step.

    Each inverse is based on the version its own command left. Undoing a later change of the
    same record moves that version on, so the earlier inverse is *rebased* on the version
    this writer's last step left: still refused if someone else saved the record since."""

    def __init__(self) -> None:
        self._left: dict[Any, int] = {}

    def _subject(self, cmd: Command) -> Any:
        spec = REGISTRY.get(cmd.name)
        return cmd.args.get(spec.subject) if spec is not None and spec.subject else None

    def note(self, outcome: Outcome) -> None:
        """After ``outcome``'s command committed: the version its inverse is based on is
        the one this writer left."""
        inverse = outcome.inverse
        if inverse is not None and "expected_version" in inverse.args:
            subject = self._subject(inverse)
            if subject is not None:
                self._left[subject] = inverse.args["expected_version"]

    def rebase(self, cmd: Command) -> Command:
        """``cmd`` based on the version this writer's last step left its record at."""
        subject = self._subject(cmd)
        if "expected_version" not in cmd.args or subject not in self._left:
            return cmd
        args = {**cmd.args, "expected_version": self._left[subject]}
        return Command(cmd.name, args, by=cmd.by, text=cmd.text)


# -- the families -----------------------------------------------------------------------------


def creates(table: str, **options: Any) -> Callable[[F], F]:
    """Register a function that creates a record and returns it (or its id) as a command
    whose inverse takes back exactly what it made (``take_back``)."""

    def register(fn: F) -> F:
        @functools.wraps(fn)
        def create(session: Session, /, **args: Any) -> Any:
            record = fn(session, **args)
            record_id = record if isinstance(record, uuid.UUID) else record.id
            session.flush()
            undo_by(
                session,
                "take_back",
                table=table,
                record_id=record_id,
                known=history.rows_of(session, table, record_id),
            )
            return record

        command(create, name=options.pop("name", fn.__name__), **options)
        return fn

    return register


def updates(model: type[Base], **options: Any) -> Callable[[F], F]:
    """Register ``fn(session, id, *, expected_version, **fields)``, which changes the given
    fields of one record and returns it, as a command whose inverse gives the fields their
    earlier values, based on the version this update leaves: someone else's save in between
    makes the undo refuse rather than write over it."""

    def register(fn: F) -> F:
        params = list(inspect.signature(fn).parameters)
        key = params[1]

        @functools.wraps(fn)
        def update(session: Session, /, **args: Any) -> Any:
            record_id = args[key]
            found = session.get(model, record_id)
            fields = {k for k in args if k not in (key, "expected_version", "by")}
            old = {k: getattr(found, k) for k in fields} if found is not None else {}
            record = fn(session, **args)
            undo_by(
                session,
                update.__name__,
                **{key: record_id, "expected_version": new_version(session, record), **old},
            )
            return record

        update.__name__ = options.pop("name", fn.__name__)
        command(update, name=update.__name__, **options)
        return fn

    return register


def toggles(opposite: str) -> Callable[[F], F]:
    """Register ``fn(session, id, *, expected_version)`` (archive, restore) as a command
    undone by ``opposite`` on the same record, based on the version it left."""

    def register(fn: F) -> F:
        key = list(inspect.signature(fn).parameters)[1]

        @functools.wraps(fn)
        def toggle(session: Session, /, **args: Any) -> Any:
            record = fn(session, **args)
            undo_by(
                session,
                opposite,
                **{key: args[key], "expected_version": new_version(session, record)},
            )
            return record

        command(toggle, name=fn.__name__)
        return fn

    return register


@command(subject="record_id")
def take_back(session: Session, table: str, record_id: uuid.UUID, known: Collection[Key]) -> None:
    """Undo a creation: remove the record and what it made, refusing (and removing
    nothing) when anyone has added to it since, naming whose work it is."""
    snapshot = history.remove(session, table, record_id, known=known, done="undone")
    undo_by(session, "put_back", snapshot=snapshot)


@command
def put_back(session: Session, snapshot: Snapshot, again: Command | None = None) -> uuid.UUID:
    """Put back what a removal took, same ids and versions. Taken back again by ``again``
    (the delete that removed it, so that its rules apply again), else by ``take_back``."""
    history.put_back(session, snapshot)
    table, row = snapshot.rows[0]
    result: uuid.UUID = row["id"]  # the record put back, the subject of the audit line
    if again is not None:
        args = {**again.args, "known": snapshot.keys()} if "known" in again.args else again.args
        undo_by(session, again.name, **args)
    else:
        undo_by(session, "take_back", table=table, record_id=row["id"], known=snapshot.keys())
    return result


def removed(session: Session, snapshot: Snapshot, again: Command) -> None:
    """Inside a delete command: its inverse puts ``snapshot`` back; redoing it runs
    ``again`` (the delete, told what was put back)."""
    undo_by(session, "put_back", snapshot=snapshot, again=again)
