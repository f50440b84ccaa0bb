"""Recording a unit's survey and adding a question to the survey's list from the window, both
undoable (undo of a survey removes it with its scores)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from relman.ui.context import AppContext
from relman.ui.dialogs.form import Field, FormDialog
from relman.ui.satisfaction.survey_form import SurveyDialog
from relman.ui.undo import perform
from relman.workflows.commands import Command
from relman.workflows.common import today
from relman.workflows.satisfaction_views import quarter_of


def record_survey(
    parent: QWidget,
    ctx: AppContext,
    unit_id: uuid.UUID,
    unit_name: str,
    questions: list[str],
    on_recorded: Callable[[uuid.UUID], None],
) -> SurveyDialog:
    """Open the survey form of the unit for this quarter; ``on_recorded(id)`` once saved."""

    def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
        def recorded(survey_id: uuid.UUID) -> None:
            done(survey_id)
            on_recorded(survey_id)

        perform(
            ctx.runner,
            ctx.undo,
            Command(
                "record_survey",
                {
                    "unit_id": unit_id,
                    "quarter": values["quarter"],
                    "scores": dict(values["scores"]),
                    "respondents": values["respondents"],
                    "comments": values["comments"],
                    "follow_ups": dict(values["follow_ups"]),
                },
                by=ctx.me,
                text=f"survey of {unit_name} for {values['quarter'].strip()}",
            ),
            on_done=recorded,
            on_error=failed,
        )

    form = SurveyDialog(parent, unit_name, questions, quarter_of(today()), submit)
    form.open()
    return form


def add_question(parent: QWidget, ctx: AppContext) -> FormDialog:
    """Open the form adding a question at the end of the survey's list."""

    def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
        perform(
            ctx.runner,
            ctx.undo,
            Command(
                "add_survey_question",
                {"name": values["name"]},
                by=ctx.me,
                text=f"survey question {values['name'].strip()}",
            ),
            on_done=done,
            on_error=failed,
        )

    fields = [
        Field(
            "name",
            "Question",
            required=True,
            max_len=300,
            help="Asked of every unit each quarter, scored 1–5.",
        )
    ]
    form = FormDialog(parent, "Add a survey question", fields, {}, submit)
    form.open()
    return form
