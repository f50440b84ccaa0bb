"""Action items as both the Action items page and a meeting's detail show them: a table whose
overdue rows are red and say "overdue" in words, and the undoable edits of an item (mark
done, reopen, add, edit) that both places use."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from relman.errors import ValidationError
from relman.ui.context import AppContext
from relman.ui.dialogs.form import Field, FormDialog
from relman.ui.pages.dashboard import OVERDUE_COLOUR
from relman.ui.table_model import Column, RowTableModel
from relman.ui.undo import perform
from relman.workflows import action_items
from relman.workflows.action_items import ActionItemRow, Owner
from relman.workflows.commands import Command

DONE_COLOUR = Qt.GlobalColor.gray


def state_words(row: ActionItemRow) -> str:
    """The item's state as the dashboard words lateness: "overdue · 5 days late"."""
    return f"{row.state} late" if row.overdue else row.state


#: The columns of an action items list; ``with_source`` adds the unit and the source.
STATE = Column(  # the most overdue first, done last (one number: the model sorts numbers)
    "State", state_words, sort=lambda r: (10**6 if r.done_at else 0) - r.days_overdue
)
DUE = Column("Due", lambda r: r.due_on, sort=lambda r: r.due_on or dt.date.max)
TEXT = Column("Action", lambda r: r.text)
OWNER = Column("Owner", lambda r: r.owner)
UNIT = Column("Unit", lambda r: r.unit)
SOURCE = Column("From", lambda r: r.source_label, sort=lambda r: (r.source, r.source_label))


def action_columns(with_source: bool) -> tuple[Column[ActionItemRow], ...]:
    if with_source:
        return (STATE, DUE, TEXT, OWNER, UNIT, SOURCE)
    return (STATE, DUE, TEXT, OWNER)


class ActionModel(RowTableModel[ActionItemRow]):
    """Rows of action items: overdue ones in red and bold, done ones in grey."""

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            if not index.isValid() or not 0 <= index.row() < len(self.rows):
                return None
            row = self.rows[index.row()]
            if role == Qt.ItemDataRole.ForegroundRole:
                if row.overdue:
                    return OVERDUE_COLOUR
                return DONE_COLOUR if row.done_at is not None else None
            if row.overdue:
                font = QFont()
                font.setBold(True)
                return font
            return None
        return super().data(index, role)


def _short(text: str) -> str:
    """An item's text as an undo entry names it."""
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"


def toggle_done(ctx: AppContext, row: ActionItemRow, on_done: Callable[[Any], None]) -> None:
    """Mark an open item done, or reopen a done one; either can be undone."""
    short = _short(row.text)
    name, text = (
        ("complete_action_item", f"marking done of “{short}”")
        if row.done_at is None
        else ("reopen_action_item", f"reopening of “{short}”")
    )
    args = {"item_id": row.id, "expected_version": row.version}
    perform(ctx.runner, ctx.undo, Command(name, args, by=ctx.me, text=text), on_done=on_done)


def action_fields(owners: list[Owner]) -> list[Field]:
    return [
        Field("text", "Action", "text", required=True, max_len=100_000),
        Field(
            "owner",
            "Owner",
            "choice",
            choices=[("(choose)", None)]
            + [(f"{o.name} ({'staff' if o.kind == 'staff' else 'contact'})", o) for o in owners],
        ),
        Field("due_on", "Due on", max_len=10, help="YYYY-MM-DD, or empty for no due date"),
    ]


def _owner_fields(owner: Owner | None) -> dict[str, uuid.UUID | None]:
    if owner is None:
        return {"owner_staff_id": None, "owner_contact_id": None}
    return owner.fields


def ask_new_action(
    ctx: AppContext,
    parent: Any,
    meeting_id: uuid.UUID,
    unit_id: uuid.UUID | None,
    on_done: Callable[[Any], None],
) -> None:
    """The form of a new action item of a meeting; saved (undoably) when it is valid."""

    def opened(owners: list[Owner]) -> None:
        def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
            try:
                due_on = action_items.parse_due(values["due_on"])
            except ValidationError as refused:
                failed(refused)
                return

            def created(item_id: Any) -> None:
                on_done(item_id)
                done(item_id)

            args = {
                "text": values["text"],
                "meeting_id": meeting_id,
                "due_on": due_on,
                **_owner_fields(values["owner"]),
            }
            text = f"new action item “{_short(values['text'])}”"
            perform(
                ctx.runner,
                ctx.undo,
                Command("add_action_item", args, by=ctx.me, text=text),
                on_done=created,
                on_error=failed,
            )

        me = next((o for o in owners if o.kind == "staff" and o.id == ctx.me), None)
        dialog = FormDialog(parent, "New action item", action_fields(owners), {"owner": me}, submit)
        parent.action_form = dialog  # kept, so that tests and scripts can reach it
        dialog.open()

    ctx.runner.read(lambda s: action_items.owners(s, unit_id), opened)


def ask_edit_action(ctx: AppContext, parent: Any, row: ActionItemRow) -> None:
    """The form to change an item's text, owner and due date (undoable)."""

    def opened(owners: list[Owner]) -> None:
        before = {
            "text": row.text,
            "owner": row.owner_ref,
            "due_on": row.due_on.isoformat() if row.due_on else "",
        }

        def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
            fields = {k: v for k, v in values.items() if v != before[k]}
            if not fields:
                done(None)
                return
            if "owner" in fields:
                fields.update(_owner_fields(fields.pop("owner")))
            if "due_on" in fields:
                try:
                    fields["due_on"] = action_items.parse_due(fields["due_on"])
                except ValidationError as refused:
                    failed(refused)
                    return
            args = {"item_id": row.id, "expected_version": row.version, **fields}
            text = f"edit of action item “{_short(row.text)}”"
            perform(
                ctx.runner,
                ctx.undo,
                Command("update_action_item", args, by=ctx.me, text=text),
                on_done=done,
                on_error=failed,
            )

        dialog = FormDialog(parent, "Edit action item", action_fields(owners), before, submit)
        parent.action_form = dialog
        dialog.open()

    ctx.runner.read(lambda s: action_items.owners(s, row.unit_id), opened)
