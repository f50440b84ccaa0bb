"""The dashboard, "My week": upcoming interviews, overdue action items, open escalations by
age, expectations due for review, units whose review is due or overdue by their own rhythm.
Each line opens its record."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from relman.ui.pages.base import Page
from relman.workflows import dashboard
from relman.workflows.dashboard import MyWeek, ReviewDueRow

KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
OVERDUE_COLOUR = QColor("#b3261e")  # dark red, readable on light and on selected rows
QUIET_COLOUR = QColor("#555555")  # "nothing here": set apart from the lines, still readable


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

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.heading = QLabel("<h2>My week</h2>")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["", "", ""])
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.itemActivated.connect(self._open)
        self.mine = False  # the sections hold only the user's share (see fill)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)

    def reload(self) -> None:
        me = self.ctx.me
        self.ctx.runner.read(
            lambda s: dashboard.my_week(s, me),
            lambda week: self.fill(week, mine=me is not None),
            key=self.key,
        )

    def fill(self, week: MyWeek, *, mine: bool = False) -> None:
        """Show ``week``; ``mine``: it holds only the user's share, and the headings say so."""
        self.mine = mine
        self.tree.clear()
        today = dt.date.today()
        self._section(
            self._scoped("Upcoming interviews", "Your upcoming interviews"),
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
            self._scoped("Overdue action items", "Overdue action items in your units"),
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
            self._scoped(
                "Open escalations, oldest first",
                "Open escalations you raised or took up, oldest first",
            ),
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
            self._scoped("Expectations due for review", "Your expectations due for review"),
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
            self._scoped("Reviews due or overdue", "Reviews due or overdue in your units"),
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
        self._fit_columns()

    def _fill_method_reminders(self, week: MyWeek) -> None:
        """What the method asks to be done and has not been: interviews past their time,
        misses not yet explained, key customers not met, assessments grown old."""
        self._section(
            self._scoped("Interviews not held", "Your interviews not held"),
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
            self._scoped("Misses to explain", "Misses to explain on your expectations"),
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
            self._scoped("Key customers", "Key customers in your units")
            + f" with no interview in {dashboard.INTERVIEW_GAP_DAYS} days",
            [
                Line("contact", r.id, _since(r.days_since, "interviewed"), r.name, r.unit)
                for r in week.key_customers_not_interviewed
            ],
            "Every key customer was interviewed recently.",
        )
        self._section(
            self._scoped("Assessments due again", "Assessments due again in your units"),
            [
                Line("contact", r.id, _since(r.days_since, "assessed"), r.name, r.unit)
                for r in week.assessments_due
            ],
            "Every assessment is recent.",
        )

    def _scoped(self, everyone: str, mine: str) -> str:
        """A section's heading: it says when the lines are only the user's."""
        return mine if self.mine else everyone

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """When and who as wide as their longest line, what the rest (cut with an ellipsis;
        its tooltip holds the whole text), so that no column is off the right edge and no
        wide gap parts them. Headings and "nothing here" lines span the row: they do not
        widen the first column."""
        items = [self.tree.topLevelItem(n) for n in range(self.tree.topLevelItemCount())]
        lines = [i for i in items if i.data(0, KIND_ROLE)]

        def widest(column: int) -> int:
            return 16 + max(
                (QFontMetrics(i.font(column)).horizontalAdvance(i.text(column)) for i in lines),
                default=0,
            )

        when, what, who = widest(0), widest(1), widest(2)
        room = self.tree.viewport().width()
        header = self.tree.header()
        header.resizeSection(0, when)
        header.resizeSection(1, max(min(what, room - when - who), 120))

    def _section(self, title: str, lines: list[Line], empty: str) -> None:
        head = QTreeWidgetItem([f"{title} ({len(lines)})"])
        head.setFont(0, bold_font())
        head.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.addTopLevelItem(head)
        head.setFirstColumnSpanned(True)  # only once in the tree: Qt ignores it before
        if not lines:
            item = QTreeWidgetItem([empty])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setForeground(0, QUIET_COLOUR)
            quiet = item.font(0)
            quiet.setItalic(True)
            item.setFont(0, quiet)
            self.tree.addTopLevelItem(item)
            item.setFirstColumnSpanned(True)
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
