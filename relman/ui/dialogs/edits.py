"""Saving an edit form as a named command: only the fields that changed, based on the version
the form was read at, undoable. Used by the contact, staff, service and criteria forms."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from relman.ui.undo import perform
from relman.workflows.commands import Command


def save_changes(
    ctx: Any,
    name: str,
    key: str,
    record_id: uuid.UUID,
    *,
    version: int,
    noun: str,
    before: dict[str, Any],
    after: dict[str, Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """Run the update command ``name`` (``key``: its record argument, e.g. "contact_id")
    with the fields of ``after`` that differ from ``before``; nothing changed, nothing is
    saved. Named "rename of contact Ann" when only the name changed, else "edit of contact
    Ann"."""
    changed = {k: v for k, v in after.items() if v != before.get(k)}
    if not changed:
        on_done(None)
        return
    if set(changed) == {"name"}:
        text = f"rename of {noun} {before['name']}"
    else:
        text = f"edit of {noun} {str(after.get('name', before.get('name', ''))).strip()}"
    perform(
        ctx.runner,
        ctx.undo,
        Command(
            name, {key: record_id, "expected_version": version, **changed}, by=ctx.me, text=text
        ),
        on_done=on_done,
        on_error=on_error,
    )
