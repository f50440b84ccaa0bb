"""Support issues from the window: a new issue with its first rating, and an issue rated for a
quarter (a new quarter's rating, or a correction of that quarter's). Both are undoable: undo
of a new rating takes it back, undo of a correction puts the earlier rating back."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from relman.ui.context import AppContext
from relman.ui.dialogs.form import Field, FormDialog
from relman.ui.undo import perform
from relman.workflows.commands import Command

IMPORTANCE = [
    ("5 · vital to them", 5),
    ("4 · important", 4),
    ("3 · matters somewhat", 3),
    ("2 · minor", 2),
    ("1 · hardly matters", 1),
]
SATISFACTION = [
    ("1 · very unsatisfied", 1),
    ("2 · unsatisfied", 2),
    ("3 · neither", 3),
    ("4 · satisfied", 4),
    ("5 · very satisfied", 5),
]
SPLIT_HELP = "4 or 5 counts as high in the quadrant; 3 or lower as low."
QUARTER_HELP = "The quarter the rating is for, like 2026-Q3."


def rating_fields() -> list[Field]:
    return [
        Field("quarter", "Quarter", required=True, max_len=7, help=QUARTER_HELP),
        Field("importance", "Importance to the customer", "choice", choices=IMPORTANCE),
        Field(
            "satisfaction",
            "Satisfaction with its resolution",
            "choice",
            choices=SATISFACTION,
            help=SPLIT_HELP,
        ),
    ]


def new_issue(
    parent: QWidget,
    ctx: AppContext,
    unit_id: uuid.UUID,
    unit_name: str,
    services: list[tuple[str, Any]],
    quarter: str,
    on_created: Callable[[uuid.UUID], None],
) -> FormDialog:
    """Open the form of a new support issue of the unit; ``on_created(id)`` once saved."""
    fields = [
        Field("title", "Title", required=True, max_len=300),
        Field("service_id", "Service", "choice", choices=[("(none)", None), *services]),
        Field("description", "Description", "text", max_len=100_000),
        *rating_fields(),
    ]
    defaults = {"quarter": quarter, "importance": 3, "satisfaction": 3}

    def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
        def created(issue_id: uuid.UUID) -> None:
            done(issue_id)
            on_created(issue_id)

        perform(
            ctx.runner,
            ctx.undo,
            Command(
                "add_support_issue",
                {
                    "unit_id": unit_id,
                    "title": values["title"],
                    "importance": values["importance"],
                    "satisfaction": values["satisfaction"],
                    "service_id": values["service_id"],
                    "description": values["description"],
                    "quarter": values["quarter"],
                },
                by=ctx.me,
                text=f"new support issue {values['title'].strip()}",
            ),
            on_done=created,
            on_error=failed,
        )

    form = FormDialog(parent, f"New support issue of {unit_name}", fields, defaults, submit)
    form.open()
    return form


def rate_issue(
    parent: QWidget,
    ctx: AppContext,
    issue_id: uuid.UUID,
    version: int,
    title: str,
    current: tuple[int, int],
    quarter: str,
    on_rated: Callable[[], None],
) -> FormDialog:
    """Open the form rating an issue for a quarter, starting from its ``current`` rating;
    the rating is based on the ``version`` of the issue read with it."""
    defaults = {"quarter": quarter, "importance": current[0], "satisfaction": current[1]}

    def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
        def rated(_rating: Any) -> None:
            done(None)
            on_rated()

        perform(
            ctx.runner,
            ctx.undo,
            Command(
                "rate_support_issue",
                {
                    "issue_id": issue_id,
                    "expected_version": version,
                    "importance": values["importance"],
                    "satisfaction": values["satisfaction"],
                    "quarter": values["quarter"],
                },
                by=ctx.me,
                text=f"rating of {title} for {values['quarter'].strip()}",
            ),
            on_done=rated,
            on_error=failed,
        )

    form = FormDialog(parent, f"Rate “{title}”", rating_fields(), defaults, submit)
    form.open()
    return form
