"""The steps a manager takes on an escalation, each a form that saves through a write job
based on the version the detail was read at: a step on an escalation someone else changed
meanwhile is refused, and the form stays open with the other person's step named above
the buttons and the text typed kept.

The steps are history (who said what, when), so they are not undone: a note written in
error is put right by the next note.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from relman.errors import ConflictError, RuleError
from relman.ui.context import AppContext
from relman.ui.dialogs.form import Field, FormDialog
from relman.ui.escalations.resolve import ResolveDialog
from relman.workflows import escalations
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
    step: Callable[[Session, dict[str, Any]], Any],
    refresh: Callable[[], None],
) -> FormDialog:
    """The form of a step with one text; ``refresh``: see :func:`_refusal`."""

    def submit(given: dict[str, Any], done: Any, failed: Any) -> None:
        ctx.runner.write(lambda s: step(s, given), done, on_error=_refusal(failed, refresh))

    form = FormDialog(parent, title, fields, values, submit)
    form.open()
    return form


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
        lambda s, v: escalations.discuss(
            s, d.row.id, by=ctx.me, text=v["text"], expected_version=d.row.version
        ),
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
        lambda s, v: escalations.withdraw_escalation(
            s, d.row.id, by=ctx.me, reason=v["reason"], expected_version=d.row.version
        ),
        refresh,
    )


def resolve(
    parent: QWidget, ctx: AppContext, d: EscalationDetail, refresh: Callable[[], None]
) -> ResolveDialog:
    """Close it with its resolution, and perhaps agree the expectation on its terms."""

    def submit(resolution: str, terms: Terms | None, done: Any, failed: Any) -> None:
        ctx.runner.write(
            lambda s: escalations.resolve(
                s,
                d.row.id,
                by=ctx.me,
                resolution=resolution,
                terms=terms,
                expected_version=d.row.version,
            ),
            done,
            on_error=_refusal(failed, refresh),
        )

    dialog = ResolveDialog(parent, d, submit)
    dialog.open()
    return dialog
