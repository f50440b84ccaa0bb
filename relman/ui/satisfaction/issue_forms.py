"""Support issues from the window: a new issue with its first rating, and an issue rated for a
quarter (a new quarter's rating, or a correction of that quarter's). Both are undoable: undo
of a new rating takes it back, undo of a correction puts the earlier rating back."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from relman.models import SupportIssue
from relman.ui.context import AppContext
from relman.ui.dialogs.form import Field, FormDialog
from relman.ui.undo import perform, perform_create
from relman.workflows import satisfaction

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
        def create(s: Session) -> SupportIssue:
            return satisfaction.add_support_issue(
                s,
                unit_id,
                values["title"],
                importance=values["importance"],
                satisfaction=values["satisfaction"],
                service_id=values["service_id"],
                description=values["description"],
                quarter=values["quarter"],
                by=ctx.me,
            )

        def created(issue_id: uuid.UUID) -> None:
            done(issue_id)
            on_created(issue_id)

        perform_create(
            ctx.runner,
            ctx.undo,
            f"new support issue {values['title'].strip()}",
            create,
            "support_issues",
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
    title: str,
    current: tuple[int, int],
    quarter: str,
    on_rated: Callable[[], None],
) -> FormDialog:
    """Open the form rating an issue for a quarter, starting from its ``current`` rating."""
    defaults = {"quarter": quarter, "importance": current[0], "satisfaction": current[1]}

    def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
        earlier: dict[str, Any] = {}

        def forward(s: Session) -> str:
            earlier["rating"] = satisfaction.rating_in(s, issue_id, values["quarter"])
            row = satisfaction.rate_support_issue(
                s,
                issue_id,
                importance=values["importance"],
                satisfaction=values["satisfaction"],
                quarter=values["quarter"],
                by=ctx.me,
            )
            earlier["quarter"] = row.quarter
            return row.quarter

        def backward(s: Session) -> None:
            before, when = earlier["rating"], earlier["quarter"]
            if before is None:
                satisfaction.remove_rating(s, issue_id, when)
            else:
                imp, sat, day = before
                satisfaction.rate_support_issue(
                    s, issue_id, importance=imp, satisfaction=sat, quarter=when, rated_on=day
                )

        def rated(_quarter: str) -> None:
            done(None)
            on_rated()

        perform(
            ctx.runner,
            ctx.undo,
            f"rating of {title} for {values['quarter'].strip()}",
            forward,
            backward,
            on_done=rated,
            on_error=failed,
        )

    form = FormDialog(parent, f"Rate “{title}”", rating_fields(), defaults, submit)
    form.open()
    return form
