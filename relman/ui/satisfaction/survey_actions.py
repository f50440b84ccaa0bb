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
from relman.ui.undo import perform_create
from relman.workflows import satisfaction
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

        perform_create(
            ctx.runner,
            ctx.undo,
            f"survey of {unit_name} for {values['quarter'].strip()}",
            lambda s: satisfaction.record_survey(
                s,
                unit_id,
                values["quarter"],
                values["scores"],
                respondents=values["respondents"],
                comments=values["comments"],
                follow_ups=values["follow_ups"],
            ),
            "surveys",
            on_done=recorded,
            on_error=failed,
        )

    form = SurveyDialog(parent, unit_name, questions, quarter_of(today()), submit)
    form.open()
    return form


def add_question(parent: QWidget, ctx: AppContext) -> FormDialog:
    """Open the form adding a question at the end of the survey's list."""

    def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
        perform_create(
            ctx.runner,
            ctx.undo,
            f"survey question {values['name'].strip()}",
            lambda s: satisfaction.add_survey_question(s, values["name"]),
            "survey_questions",
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
