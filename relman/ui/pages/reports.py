"""The Reports page: choose a report and what it covers, build it, preview, print, save.

Each report has its own box: the review pack of a unit over a period, the escalation
summary (one manager's or all, open ones or all), and the preparation sheet of an interview
still to hold. Building runs on the operation runner (:func:`relman.ui.reports.show_report`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from relman.ui.pages.base import Page
from relman.ui.reports import show_report

#: the period a review pack covers unless changed: the last three months
DEFAULT_DAYS = 91


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _day(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


class ReportsPage(Page):
    key = "reports"
    title = "Reports"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Reports</h2>"))
        intro = QLabel(
            "Each report is built in the background and opens in a preview, from where you "
            "print it or save it as a PDF file."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        today = dt.date.today()
        self.unit = QComboBox()
        self.start = _date_edit(today - dt.timedelta(days=DEFAULT_DAYS))
        self.end = _date_edit(today)
        self.pack_button = self._button("Build &review pack…", "Ctrl+Shift+R", self.build_pack)
        layout.addWidget(
            self._box(
                "Review pack of a unit",
                [("Unit", self.unit), ("From", self.start), ("Until", self.end)],
                self.pack_button,
            )
        )

        self.manager = QComboBox()
        self.status = QComboBox()
        self.status.addItem("Open escalations", False)
        self.status.addItem("All escalations, resolved too", True)
        self.summary_button = self._button(
            "Build escalation &summary…", "Ctrl+Shift+E", self.build_summary
        )
        layout.addWidget(
            self._box(
                "Escalation summary for managers",
                [("Manager", self.manager), ("Which", self.status)],
                self.summary_button,
            )
        )

        self.interview = QComboBox()
        self.prep_button = self._button(
            "Build &preparation sheet…", "Ctrl+Shift+P", self.build_prep
        )
        layout.addWidget(
            self._box(
                "Interview preparation sheet",
                [("Interview", self.interview)],
                self.prep_button,
            )
        )
        layout.addStretch(1)

    def _button(self, text: str, keys: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setShortcut(QKeySequence(keys))
        button.setToolTip(f"{text.replace('&', '').rstrip('…')} ({keys})")
        button.clicked.connect(slot)
        return button

    def _box(self, title: str, rows: list[tuple[str, Any]], button: QPushButton) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        for label, widget in rows:
            form.addRow(label, widget)
        form.addRow("", button)
        return box

    def reload(self) -> None:
        from relman.workflows.report_choices import report_choices

        self.ctx.runner.read(report_choices, self.fill, key=self.key)

    def fill(self, choices: Any) -> None:
        for combo, options, first in (
            (self.unit, choices.units, None),
            (self.manager, choices.managers, "All managers"),
            (self.interview, choices.interviews, None),
        ):
            kept = combo.currentData()
            combo.clear()
            if first:
                combo.addItem(first, None)
            for option in options:
                combo.addItem(option.label, option.id)
            index = combo.findData(kept)
            combo.setCurrentIndex(max(index, 0))
        self.pack_button.setEnabled(bool(choices.units))
        self.prep_button.setEnabled(bool(choices.interviews))
        if not choices.interviews:
            self.interview.addItem("No interview to prepare", None)

    def build_pack(self) -> None:
        unit = self.unit.currentData()
        if unit is None:
            return
        show_report(
            self.ctx, self, "review-pack", unit=unit, start=_day(self.start), end=_day(self.end)
        )

    def build_summary(self) -> None:
        show_report(
            self.ctx,
            self,
            "escalations",
            manager=self.manager.currentData(),
            include_closed=self.status.currentData(),
        )

    def build_prep(self) -> None:
        interview = self.interview.currentData()
        if interview is not None:
            show_report(self.ctx, self, "interview-prep", interview=interview)


PAGE = ReportsPage
