"""The dashboard, "My week": upcoming interviews, overdue action items, open escalations by
age, expectations due for review, units with no review lately. Each line opens its record."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from relman.ui.pages.base import Page
from relman.workflows import dashboard
from relman.workflows.dashboard import MyWeek

KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1


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
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)

    def reload(self) -> None:
        me = self.ctx.me
        self.ctx.runner.read(lambda s: dashboard.my_week(s, me), self.fill, key=self.key)

    def fill(self, week: MyWeek) -> None:
        self.tree.clear()
        bold = QFont()
        bold.setBold(True)

        def section(title: str, rows: list[tuple[str, uuid.UUID, list[str]]], empty: str) -> None:
            head = QTreeWidgetItem([f"{title} ({len(rows)})"])
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(head)
            if not rows:
                item = QTreeWidgetItem([empty])
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                item.setForeground(0, Qt.GlobalColor.gray)
                self.tree.addTopLevelItem(item)
            for kind, ident, texts in rows:
                item = QTreeWidgetItem(texts)
                item.setData(0, KIND_ROLE, kind)
                item.setData(0, ID_ROLE, ident)
                self.tree.addTopLevelItem(item)

        section(
            "Upcoming interviews",
            [
                (
                    "interview",
                    r.id,
                    [
                        f"{r.scheduled_at.astimezone():%a %d %b %H:%M}",
                        f"{r.contacts} — {r.unit}",
                        r.location,
                    ],
                )
                for r in week.upcoming_interviews
            ],
            "No interviews in the next two weeks.",
        )
        section(
            "Overdue action items",
            [
                ("action_item", r.id, [f"{r.days_overdue} days late", r.text, r.owner])
                for r in week.overdue_actions
            ],
            "Nothing overdue.",
        )
        section(
            "Open escalations, oldest first",
            [
                (
                    "escalation",
                    r.id,
                    [
                        f"{r.age_days} days old" + (" · overdue" if r.overdue else ""),
                        f"{r.unit} · {r.service}: {r.statement[:90]}",
                        r.raised_by,
                    ],
                )
                for r in week.open_escalations
            ],
            "No open escalations.",
        )
        section(
            "Expectations due for review",
            [
                (
                    "expectation",
                    r.id,
                    [f"review {r.review_on}", f"{r.unit} · {r.service}", r.statement[:90]],
                )
                for r in week.due_for_review
            ],
            "No expectation is due for review.",
        )
        section(
            f"Units with no review in {dashboard.REVIEW_GAP_DAYS} days",
            [
                (
                    "unit",
                    r.id,
                    [f"last {r.last_review:%Y-%m-%d}" if r.last_review else "never", r.name, r.rms],
                )
                for r in week.units_without_review
            ],
            "Every unit had a review recently.",
        )
        for column in range(3):
            self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(column, min(self.tree.columnWidth(column) + 16, 560))

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
