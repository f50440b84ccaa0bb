"""Undo and redo in the window: the QUndoStack holds the inverse commands the workflows built.

:func:`perform` runs a named command (relman.workflows.commands); only once it has been
saved, and only if it can be undone, does an :class:`Edit` go on the stack, so a refused
edit leaves no history. The Edit holds the command that takes the change back, as plain
text, built by the workflow in the same transaction; undoing runs it, and the inverse *it*
built is what redo runs, and so on. Every step is a command like any other, with the same
rules: the version it is based on, rows others added since, the method's states. Each step
is based on the version this window's last step left its record at
(``inverses.Written``), so that two changes of one record undo one after the other, while a
save by someone else in between is still refused. The Edit's text is the command's
("rename of unit Sales"), which the Edit menu shows as "Undo rename of unit Sales". A
command that cannot be undone says why in the status bar.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from relman.ui.errors import show_error
from relman.ui.runner import Runner
from relman.workflows import plain
from relman.workflows.commands import Command, Outcome
from relman.workflows.inverses import Written

#: Per undo stack, the version each record was left at by this window's last step.
_written: weakref.WeakKeyDictionary[QUndoStack, Written] = weakref.WeakKeyDictionary()


def written(stack: QUndoStack) -> Written:
    return _written.setdefault(stack, Written())


class Edit(QUndoCommand):
    def __init__(self, runner: Runner, stack: QUndoStack, outcome: Outcome) -> None:
        super().__init__(outcome.command.text)
        self._runner, self._stack = runner, stack
        # kept as text, as it would be kept anywhere else: what is run is what was stored
        self._next = plain.dumps(outcome.inverse)
        self._first = True  # pushed after the command already ran

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._step()

    def undo(self) -> None:
        self._step()

    def _step(self) -> None:
        # Read when the job starts: by then the step queued before it (this Edit's undo,
        # when redo follows at once) has committed and left its inverse here.
        self._runner.run(
            lambda: written(self._stack).rebase(plain.loads(self._next)),
            self._stepped,
            on_error=self._failed,
            committed=self._committed,
        )

    def _committed(self, outcome: Outcome) -> None:
        # on the worker, before the next write job reads ``_next``
        self._next = plain.dumps(outcome.inverse)
        written(self._stack).note(outcome)

    def _stepped(self, outcome: Outcome) -> None:
        if outcome.inverse is None:
            self._stack.clear()  # nothing can take this step back: the history ends here

    def _failed(self, exc: BaseException) -> None:
        # The data moved on under this history (someone else changed the record): what
        # remains of the stack could no longer be trusted.
        show_error(self._runner.window, exc)
        self._stack.clear()


def perform(
    runner: Runner,
    stack: QUndoStack,
    command: Command,
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Run ``command``; once saved, put its inverse on ``stack`` (if it has one) and give
    ``on_done`` the command's result."""

    def saved(outcome: Outcome) -> None:
        if outcome.inverse is not None:
            stack.push(Edit(runner, stack, outcome))
        else:
            runner.not_undoable.emit(outcome.why_not)
        if on_done is not None:
            on_done(outcome.result)

    runner.run(command, saved, on_error=on_error, committed=written(stack).note)
