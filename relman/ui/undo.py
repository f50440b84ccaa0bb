"""Undo and redo for edits made in the window, through the workflows.

An edit is done first (:func:`perform`); only when it has been saved does its command go on
the QUndoStack, so a refused edit leaves no history. Undo and redo then run the backward and
forward steps as write jobs, in order. The command's text names the action ("rename of unit
Sales"), which the Edit menu shows as "Undo rename of unit Sales".
"""

from __future__ import annotations

import uuid
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy.orm import Session

from relman.ui.errors import show_error
from relman.ui.runner import Runner
from relman.workflows import history

Step = Callable[[Session], Any]
#: A write of an update that is told the version it is based on and returns the record.
VersionedStep = Callable[[Session, int], Any]

#: Per undo stack, the version of each record as this window's last saved update left it.
_written: weakref.WeakKeyDictionary[QUndoStack, dict[uuid.UUID, int]] = weakref.WeakKeyDictionary()


class Edit(QUndoCommand):
    def __init__(
        self, runner: Runner, stack: QUndoStack, text: str, forward: Step, backward: Step
    ) -> None:
        super().__init__(text)
        self._runner, self._stack = runner, stack
        self._forward, self._backward = forward, backward
        self._done = True  # pushed after the forward step already ran

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._runner.write(self._forward, on_error=self._failed)

    def undo(self) -> None:
        self._runner.write(self._backward, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        # The data moved on under this history (someone else changed the record): what
        # remains of the stack could no longer be trusted.
        show_error(self._runner.window, exc)
        self._stack.clear()


def perform(
    runner: Runner,
    stack: QUndoStack,
    text: str,
    forward: Step,
    backward: Step,
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Run ``forward``; once saved, push the edit so that it can be undone with ``backward``."""

    def saved(result: Any) -> None:
        stack.push(Edit(runner, stack, text, forward, backward))
        if on_done is not None:
            on_done(result)

    runner.write(forward, saved, on_error=on_error)


def perform_create(
    runner: Runner,
    stack: QUndoStack,
    text: str,
    create: Callable[[Session], Any],
    table: str,
    *,
    after_undo: Callable[[Session, uuid.UUID], None] | None = None,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Create a record (``create`` returns it); undo removes it, redo puts the same record
    back. ``after_undo(session, id)`` runs after either, to refresh what derives from it.

    Undo takes only what the creation made (noted in the creating transaction): if someone
    has since added to the record (an expectation in a new unit), it is refused, naming
    whose work it is, and nothing is deleted."""
    state: dict[str, Any] = {}

    def first(session: Session) -> Any:
        record = create(session)
        state["id"] = record.id
        state["known"] = history.rows_of(session, table, record.id)
        return record.id

    def backward(session: Session) -> None:
        state["snapshot"] = history.remove(
            session, table, state["id"], known=state["known"], done="undone"
        )
        if after_undo:
            after_undo(session, state["id"])

    def forward(session: Session) -> None:
        history.put_back(session, state["snapshot"])
        if after_undo:
            after_undo(session, state["id"])

    def saved(record_id: Any) -> None:
        edit = Edit(runner, stack, text, forward, backward)
        stack.push(edit)
        if on_done is not None:
            on_done(record_id)

    runner.write(first, saved, on_error=on_error)


def perform_delete(
    runner: Runner,
    stack: QUndoStack,
    text: str,
    table: str,
    record_id: uuid.UUID,
    *,
    known: frozenset[history.Key] | None = None,
    on_done: Callable[[Any], None] | None = None,
) -> None:
    """Delete a record and all that goes with it; undo puts it all back, same ids.

    ``known`` is what the user was shown when asked (``history.rows_of``, read then): the
    delete refuses, in its own transaction, anything added to the record since, naming
    whose it is. Redo likewise refuses what was added since the delete was undone."""
    state: dict[str, Any] = {"known": known}

    def forward(session: Session) -> None:
        state["snapshot"] = history.remove(session, table, record_id, known=state["known"])
        state["known"] = state["snapshot"].keys()

    def backward(session: Session) -> None:
        history.put_back(session, state["snapshot"])

    perform(runner, stack, text, forward, backward, on_done=on_done)


def versioned_steps(
    stack: QUndoStack,
    record_id: uuid.UUID,
    version: int,
    forward: VersionedStep,
    backward: VersionedStep,
) -> tuple[Step, Step]:
    """The steps of an update, each told the version of the record it is based on: the edit
    itself the ``version`` its form was read at; its undo and redo the version this window's
    last saved update of the record left. If someone else saved the record in between, the
    workflow refuses the step as a conflict instead of writing over their change."""
    written = _written.setdefault(stack, {})
    first = [True]

    def based_on(write: VersionedStep, expected: Callable[[], int]) -> Step:
        def step(session: Session) -> Any:
            record = write(session, expected())
            new = record.version
            history.after_commit(session, lambda: written.__setitem__(record_id, new))
            return record

        return step

    def forward_version() -> int:
        if first[0]:
            first[0] = False
            return version
        return written.get(record_id, version)

    return (
        based_on(forward, forward_version),
        based_on(backward, lambda: written.get(record_id, version)),
    )


def perform_update(
    runner: Runner,
    stack: QUndoStack,
    noun: str,
    record_id: uuid.UUID,
    update: Callable[..., Any],
    before: dict[str, Any],
    after: dict[str, Any],
    *,
    version: int,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Save the fields of a form that changed through
    ``update(session, id, expected_version=..., **fields)``; ``version`` is the one the form
    was read at (see :func:`versioned_steps`). Undo saves their earlier values the same
    way. Named "rename of contact Ann" when only the name changed, else "edit of contact
    Ann"."""
    changed = {k: v for k, v in after.items() if v != before.get(k)}
    if not changed:
        on_done(None)
        return
    old = {k: before.get(k) for k in changed}
    if set(changed) == {"name"}:
        text = f"rename of {noun} {before['name']}"
    else:
        text = f"edit of {noun} {str(after.get('name', before.get('name', ''))).strip()}"
    forward, backward = versioned_steps(
        stack,
        record_id,
        version,
        lambda s, v: update(s, record_id, expected_version=v, **changed),
        lambda s, v: update(s, record_id, expected_version=v, **old),
    )
    perform(runner, stack, text, forward, backward, on_done=on_done, on_error=on_error)
