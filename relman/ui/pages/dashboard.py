"""The dashboard, "My week": upcoming interviews, overdue action items, open escalations by
age, expectations due for review, units whose review is due or overdue by their own rhythm.
Each line opens its record."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from relman.ui.pages.base import Page
from relman.workflows import dashboard
from relman.workflows.dashboard import MyWeek, ReviewDueRow

KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_COLOUR = QColor("#b3261e")  # dark red, readable on light and on selected rows


@dataclass(frozen=True)
class Line:
    """One line of a dashboard section: when, what and who, and the record it opens."""

    kind: str
    id: uuid.UUID
    when: str
    what: str
    who: str
    overdue: bool = False


def _since(days: int | None, done: str) -> str:
    return f"never {done}" if days is None else f"{done} {days} days ago"


def _review_when(r: ReviewDueRow) -> str:
    """When a unit's review is due, in words: "overdue · 6 days late", "due Thu 18 Jun"."""
    if r.last_review is None:
        return "overdue · never reviewed"
    if r.overdue:
        return f"overdue · {r.days_overdue} days late"
    assert r.due_on is not None
    return f"due {r.due_on:%a %d %b}"


def bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


class DashboardPage(Page):
    key = "dashboard"
    title = "Dashboard"
    tables = (
        "interviews",
        "action_items",
        "escalations",
        "expectations",
        "meetings",
        "business_units",
        "unit_rms",
    )

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.heading = QLabel("<h2>My week</h2>")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["", "", ""])
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(self._open)
        # when and who as wide as they need; what takes the rest and is cut with an ellipsis
        # (its tooltip holds the whole text), so that no column is ever off the right edge
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)

    def reload(self) -> None:
        me = self.ctx.me
        self.ctx.runner.read(lambda s: dashboard.my_week(s, me), self.fill, key=self.key)

    def fill(self, week: MyWeek) -> None:
        self.tree.clear()
        today = dt.date.today()
        self._section(
            "Upcoming interviews",
            [
                Line(
                    "interview",
                    r.id,
                    f"{r.scheduled_at.astimezone():%a %d %b %H:%M}",
                    f"{r.contacts} — {r.unit}",
                    r.location,
                )
                for r in week.upcoming_interviews
            ],
            "No interviews in the next two weeks.",
        )
        self._section(
            "Overdue action items",
            [
                Line(
                    "action_item",
                    r.id,
                    f"overdue · {r.days_overdue} days late",
                    r.text,
                    r.owner,
                    overdue=True,
                )
                for r in week.overdue_actions
            ],
            "Nothing overdue.",
        )
        self._section(
            "Open escalations, oldest first",
            [
                Line(
                    "escalation",
                    r.id,
                    f"{r.age_days} days old" + (" · overdue" if r.overdue else ""),
                    f"{r.unit} · {r.service}: {r.statement}",
                    r.raised_by,
                    overdue=r.overdue,
                )
                for r in week.open_escalations
            ],
            "No open escalations.",
        )
        self._section(
            "Expectations due for review",
            [
                Line(
                    "expectation",
                    r.id,
                    f"review {r.review_on}" + (" · overdue" if r.review_on < today else ""),
                    r.statement,
                    f"{r.unit} · {r.service}",
                    overdue=r.review_on < today,
                )
                for r in week.due_for_review
            ],
            "No expectation is due for review.",
        )
        self._section(
            "Reviews due or overdue",
            [
                Line(
                    "unit",
                    r.id,
                    _review_when(r),
                    f"{r.name} · every {r.every_days} days",
                    r.rms,
                    overdue=r.overdue,
                )
                for r in week.reviews_due
            ],
            "No unit's review is due this week.",
        )
        self._fill_method_reminders(week)

    def _fill_method_reminders(self, week: MyWeek) -> None:
        """What the method asks to be done and has not been: interviews past their time,
        misses not yet explained, key customers not met, assessments grown old."""
        self._section(
            "Interviews not held",
            [
                Line(
                    "interview",
                    r.id,
                    f"not held · planned {r.scheduled_at.astimezone():%a %d %b %H:%M}",
                    f"{r.contacts} — {r.unit}",
                    r.location,
                    overdue=True,
                )
                for r in week.interviews_not_held
            ],
            "Every planned interview was held, moved or cancelled.",
        )
        self._section(
            "Misses to explain",
            [
                Line(
                    "expectation",
                    r.expectation_id,
                    f"missed {r.period} · not explained",
                    f"{r.unit} · {r.service}: {r.value:g} against {r.target:g} {r.target_unit}",
                    r.recorded_by,
                    overdue=True,
                )
                for r in week.unexplained_misses
            ],
            "Every miss is explained.",
        )
        self._section(
            f"Key customers with no interview in {dashboard.INTERVIEW_GAP_DAYS} days",
            [
                Line("contact", r.id, _since(r.days_since, "interviewed"), r.name, r.unit)
                for r in week.key_customers_not_interviewed
            ],
            "Every key customer was interviewed recently.",
        )
        self._section(
            "Assessments due again",
            [
                Line("contact", r.id, _since(r.days_since, "assessed"), r.name, r.unit)
                for r in week.assessments_due
            ],
            "Every assessment is recent.",
        )

    def _section(self, title: str, lines: list[Line], empty: str) -> None:
        head = QTreeWidgetItem([f"{title} ({len(lines)})"])
        head.setFont(0, bold_font())
        head.setFlags(Qt.ItemFlag.ItemIsEnabled)
        head.setFirstColumnSpanned(True)
        self.tree.addTopLevelItem(head)
        if not lines:
            item = QTreeWidgetItem([empty])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setForeground(0, Qt.GlobalColor.gray)
            item.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(item)
        for line in lines:
            texts = [line.when, line.what, line.who]
            item = QTreeWidgetItem(texts)
            item.setData(0, KIND_ROLE, line.kind)
            item.setData(0, ID_ROLE, line.id)
            for column, text in enumerate(texts):
                item.setToolTip(column, text)
            if line.overdue:  # in words as well as in colour and weight
                for column in range(len(texts)):
                    item.setForeground(column, OVERDUE_COLOUR)
                item.setFont(0, bold_font())
            self.tree.addTopLevelItem(item)

    def _open(self, item: QTreeWidgetItem, _column: int) -> None:
        kind = item.data(0, KIND_ROLE)
        if kind:
            self.ctx.navigator.open_record.emit(kind, item.data(0, ID_ROLE))

    def items(self) -> list[tuple[str, uuid.UUID, str]]:
        """(kind, id, text) of every line that opens a record; for tests and scripts."""
        found = []
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, KIND_ROLE):
                found.append((item.data(0, KIND_ROLE), item.data(0, ID_ROLE), item.text(1)))
        return found


PAGE = DashboardPage
