"""The steps a manager takes on an escalation, each a form that saves a named command
(relman.workflows.escalations) based on the version the detail was read at: a step on an
escalation someone else changed meanwhile is refused, and the form stays open with the
other person's step named above the buttons and the text typed kept.

Each can be undone (Ctrl+Z) until someone acts after it: a note is taken back, a resolution
or a withdrawal reopens the escalation as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from relman.errors import ConflictError, RuleError
from relman.ui.context import AppContext
from relman.ui.dialogs.form import Field, FormDialog
from relman.ui.escalations.resolve import ResolveDialog
from relman.ui.undo import perform
from relman.workflows.commands import Command
from relman.workflows.escalation_queries import EscalationDetail
from relman.workflows.expectations import Terms

TEXT = 100_000


def _refusal(
    failed: Callable[[BaseException], None], refresh: Callable[[], None]
) -> Callable[[BaseException], None]:
    """Show the refusal in the form; when the escalation moved on meanwhile, read it again
    so that the detail behind the form shows it as it is."""

    def refused(exc: BaseException) -> None:
        failed(exc)
        if isinstance(exc, ConflictError | RuleError):
            refresh()

    return refused


def _form(
    parent: QWidget,
    ctx: AppContext,
    title: str,
    fields: list[Field],
    values: dict[str, Any],
    step: Callable[[dict[str, Any]], Command],
    refresh: Callable[[], None],
) -> FormDialog:
    """The form of a step with one text, saved as the command ``step(values)``;
    ``refresh``: see :func:`_refusal`."""

    def submit(given: dict[str, Any], done: Any, failed: Any) -> None:
        on_error = _refusal(failed, refresh)
        perform(ctx.runner, ctx.undo, step(given), on_done=done, on_error=on_error)

    form = FormDialog(parent, title, fields, values, submit)
    form.open()
    return form


def _command(ctx: AppContext, d: EscalationDetail, name: str, noun: str, **given: Any) -> Command:
    """The step ``name`` on the escalation read in ``d``, based on its version; the Edit
    menu calls it "Undo {noun} of the escalation of …"."""
    args = {"escalation_id": d.row.id, "expected_version": d.row.version, **given}
    about = f"“{d.row.service}” for {d.row.unit}"
    return Command(name, args, by=ctx.me, text=f"{noun} of the escalation of {about}")


def add_note(
    parent: QWidget, ctx: AppContext, d: EscalationDetail, refresh: Callable[[], None]
) -> FormDialog:
    """What the managers discussed; the escalation is then in discussion."""
    return _form(
        parent,
        ctx,
        "Add a discussion note",
        [Field("text", "What was discussed", "text", required=True, max_len=TEXT)],
        {},
        lambda v: _command(ctx, d, "discuss", "discussion note", text=v["text"]),
        refresh,
    )


def withdraw(
    parent: QWidget, ctx: AppContext, d: EscalationDetail, refresh: Callable[[], None]
) -> FormDialog:
    """Close it without a resolution; the expectation goes back to disagreed."""
    return _form(
        parent,
        ctx,
        "Withdraw the escalation",
        [
            Field(
                "reason",
                "Why it is withdrawn",
                "text",
                required=True,
                max_len=TEXT,
                help="The expectation goes back to disagreed; it can be escalated again.",
            )
        ],
        {},
        lambda v: _command(ctx, d, "withdraw_escalation", "withdrawal", reason=v["reason"]),
        refresh,
    )


def resolve(
    parent: QWidget, ctx: AppContext, d: EscalationDetail, refresh: Callable[[], None]
) -> ResolveDialog:
    """Close it with its resolution, and perhaps agree the expectation on its terms."""

    def submit(resolution: str, terms: Terms | None, done: Any, failed: Any) -> None:
        command = _command(ctx, d, "resolve", "resolution", resolution=resolution, terms=terms)
        perform(ctx.runner, ctx.undo, command, on_done=done, on_error=_refusal(failed, refresh))

    dialog = ResolveDialog(parent, d, submit)
    dialog.open()
    return dialog
