"""Planning an interview: with whom (one contact or several), which RM holds it, when, for
how long, where, with which script. Opened from the interviews page, a contact or a unit
(:func:`plan_interview`); the planned interview then shows on the dashboard."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QDateTimeEdit, QWidget

from relman.errors import ValidationError
from relman.ui.context import AppContext
from relman.ui.dialogs.form import Field, FormDialog
from relman.ui.undo import perform
from relman.workflows.commands import Command
from relman.workflows.interview_queries import ScheduleChoices, schedule_choices

DURATIONS = [("30 minutes", 30), ("45 minutes", 45), ("1 hour", 60), ("1½ hours", 90)]
DURATIONS += [("2 hours", 120), ("3 hours", 180)]


class ScheduleDialog(FormDialog):
    """The form, with a date-and-time field ("when") besides the usual kinds."""

    def _editor(self, spec: Field, value: Any) -> QWidget:
        if spec.kind != "when":
            return super()._editor(spec, value)
        editor = QDateTimeEdit(value)
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("yyyy-MM-dd HH:mm")
        editor.setObjectName(spec.name)
        return editor

    def value(self, name: str) -> Any:
        editor = self.editors[name]
        if isinstance(editor, QDateTimeEdit):
            # the time as read on the wall clock here, kept in UTC
            return editor.dateTime().toPython().astimezone().astimezone(dt.UTC)
        return super().value(name)


def _next_morning() -> QDateTime:
    return QDateTime(QDate.currentDate().addDays(1), QTime(10, 0))


def _fields(choices: ScheduleChoices, unit_id: uuid.UUID | None) -> list[Field]:
    people = [c for c in choices.contacts if unit_id is None or c.unit_id == unit_id]
    units = {u.id: u.name for u in choices.units}
    return [
        Field(
            "contact_ids",
            "With",
            "many",
            choices=[
                (f"{c.name} ({units[c.unit_id]})" if c.unit_id in units else c.name, c.id)
                for c in people
            ],
        ),
        Field("rm_id", "Held by", "choice", choices=[(s.name, s.id) for s in choices.staff]),
        Field("at", "When", "when"),
        Field("duration", "Length", "choice", choices=DURATIONS),
        Field("location", "Where", max_len=300),
        Field("script_id", "Script", "choice", choices=[(s.name, s.id) for s in choices.scripts]),
    ]


def plan_interview(
    ctx: AppContext,
    parent: QWidget,
    contact_ids: Sequence[uuid.UUID] = (),
    unit_id: uuid.UUID | None = None,
    on_planned: Callable[[uuid.UUID], None] | None = None,
) -> None:
    """Open the planning form, the contacts ticked and the list narrowed to ``unit_id``'s
    people when given. ``on_planned`` gets the new interview's id once it is saved."""

    def opened(choices: ScheduleChoices) -> None:
        fields = _fields(choices, unit_id)
        defaults = {
            "contact_ids": list(contact_ids),
            "rm_id": ctx.me,
            "at": _next_morning(),
            "duration": 60,
            "script_id": choices.scripts[0].id if choices.scripts else None,
        }
        dialog = ScheduleDialog(parent, "Plan an interview", fields, defaults, submit)
        dialog.setObjectName("plan_interview")
        dialog.open()

    def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
        if values["script_id"] is None:
            failed(ValidationError("script_id", "Create an interview script first."))
            return
        args = {
            "script_id": values["script_id"],
            "contact_ids": list(values["contact_ids"]),
            "at": values["at"],
            "rm_id": values["rm_id"],
            "location": values["location"],
            "duration_minutes": values["duration"],
        }

        def planned(interview_id: uuid.UUID) -> None:
            done(interview_id)
            if on_planned is not None:
                on_planned(interview_id)

        def refused(exc: BaseException) -> None:
            if isinstance(exc, ValidationError) and exc.field == "contacts":
                exc = ValidationError("contact_ids", exc.message)  # the form's name for it
            failed(exc)

        perform(
            ctx.runner,
            ctx.undo,
            Command("schedule_interview", args, by=ctx.me, text="planning of an interview"),
            on_done=planned,
            on_error=refused,
        )

    ctx.runner.read(schedule_choices, opened)
