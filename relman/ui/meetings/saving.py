"""Saving a meeting form through the workflows' commands, undoably: a new meeting with its
inline action items in one command (``record_meeting``, refused as a whole, so nothing is
half-saved), or the fields of an existing meeting that changed (``update_meeting``), based on
the version its form was read at."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from relman.models import MeetingKind
from relman.ui.context import AppContext
from relman.ui.undo import perform
from relman.workflows.commands import Command
from relman.workflows.meeting_views import KIND_WORDS, MeetingDetail

#: The fields of a meeting its edit form may change.
EDITABLE = ("held_at", "discussed", "delivered", "planned", "goals_met", "goals_note")
ATTENDEES = ("staff_ids", "contact_ids")


def create_meeting(
    ctx: AppContext,
    kind: MeetingKind,
    values: dict[str, Any],
    unit_name: str,
    done: Callable[[Any], None],
    failed: Callable[[BaseException], None],
) -> None:
    actions = [
        {
            "text": row["text"],
            "due_on": row["due_on"],  # as typed: the workflow reads it and names the item
            "done": bool(row["done"]),
            **(row["owner"].fields if row["owner"] else {}),
        }
        for row in values.get("actions", [])
    ]
    args = {
        "kind": kind,
        "held_at": values["held_at"],
        "unit_id": values["unit_id"],
        "service_id": values["service_id"],
        "staff_ids": list(values["staff_ids"]),
        "contact_ids": list(values["contact_ids"]),
        "discussed": values.get("discussed", ""),
        "delivered": values.get("delivered", ""),
        "planned": values.get("planned", ""),
        "goals_met": values.get("goals_met"),
        "goals_note": values.get("goals_note", ""),
        "actions": actions,
    }
    with_whom = f" with {unit_name}" if unit_name else ""
    perform(
        ctx.runner,
        ctx.undo,
        Command(
            "record_meeting",
            args,
            by=ctx.me,
            text=f"recording of the {KIND_WORDS[kind]}{with_whom}",
        ),
        on_done=done,
        on_error=failed,
    )


def _minute(when: dt.datetime) -> dt.datetime:
    return when.astimezone(dt.UTC).replace(second=0, microsecond=0)


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What the form changed: times to the minute it shows, attendees as sets."""
    changed = {}
    for name in EDITABLE + ATTENDEES:
        if name not in after:
            continue
        old, new = before.get(name), after[name]
        if name == "held_at":
            same = _minute(old) == _minute(new)
        elif name in ATTENDEES:
            same = set(old or ()) == set(new)
        else:
            same = old == new
        if not same:
            changed[name] = new
    return changed


def update_meeting(
    ctx: AppContext,
    detail: MeetingDetail,
    before: dict[str, Any],
    after: dict[str, Any],
    done: Callable[[Any], None],
    failed: Callable[[BaseException], None],
) -> None:
    changed = changed_fields(before, after)
    if not changed:
        done(None)
        return
    with_whom = f" with {detail.unit.name}" if detail.unit else ""
    args = {"meeting_id": detail.id, "expected_version": detail.version, **changed}
    for name in ATTENDEES:
        if name in args:
            args[name] = list(args[name])
    perform(
        ctx.runner,
        ctx.undo,
        Command(
            "update_meeting",
            args,
            by=ctx.me,
            text=f"edit of the {detail.kind_words}{with_whom} of "
            f"{detail.held_at.astimezone():%Y-%m-%d}",
        ),
        on_done=done,
        on_error=failed,
    )


def form_values(detail: MeetingDetail) -> dict[str, Any]:
    """What an edit form starts from (and is compared with)."""
    return {
        "held_at": detail.held_at.astimezone(),
        "unit_id": detail.unit.id if detail.unit else None,
        "service_id": detail.service.id if detail.service else None,
        "staff_ids": [r.id for r in detail.staff],
        "contact_ids": [r.id for r in detail.contacts],
        "discussed": detail.discussed,
        "delivered": detail.delivered,
        "planned": detail.planned,
        "goals_met": detail.goals_met,
        "goals_note": detail.goals_note,
        "agenda": detail.agenda,
        "done_now": detail.done_now,
    }
