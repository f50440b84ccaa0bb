"""Interviews: the list (coming up, held, cancelled; mine or everyone's; one unit; a range
of days) and the selected interview beside it — its preparation while it is planned, its
answers, expectations and action items once held. Plan one (Ctrl+Shift+P), prepare it
(Enter), move it to another time or place (undo moves it back), start or resume it in
interview mode (Ctrl+Shift+S), cancel it with a reason."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QLabel, QPushButton
from sqlalchemy.orm import Session

from relman.models import InterviewStatus
from relman.ui.dialogs.form import Field, FormDialog
from relman.ui.interview.finish import summary_html
from relman.ui.interview.launch import hold_interview
from relman.ui.interview.prepare_view import heading_html, preparation_html, show_preparation
from relman.ui.interview.schedule import ScheduleDialog, plan_interview
from relman.ui.pages.base import ListPage
from relman.ui.table_model import Column
from relman.ui.undo import perform
from relman.workflows import interviews
from relman.workflows.commands import Command
from relman.workflows.interview_queries import (
    InterviewListRow,
    InterviewSummary,
    interview_rows,
    interview_summary,
    schedule_choices,
)
from relman.workflows.preparation import Preparation, prepare

S = InterviewStatus
STATUS_FILTERS: tuple[tuple[str, tuple[InterviewStatus, ...]], ...] = (
    ("Coming up", (S.PLANNED, S.IN_PROGRESS)),
    ("Planned", (S.PLANNED,)),
    ("Held", (S.COMPLETED,)),
    ("Cancelled", (S.CANCELLED,)),
    ("All", ()),
)
STATUS_WORDS = {S.PLANNED: "planned", S.IN_PROGRESS: "in progress", S.COMPLETED: "held"}


class InterviewsPage(ListPage):
    key = "interviews"
    title = "Interviews"
    placeholder = "Filter interviews"
    noun = ("interview", "interviews")
    list_share = 61  # the places ("Marketing studio, Shoreditch") need the room
    columns = (
        Column("When", lambda r: r.scheduled_at),
        Column("With", lambda r: r.contacts),
        Column("Unit", lambda r: r.unit),
        Column("State", lambda r: STATUS_WORDS.get(r.status, r.status.value)),
        Column("RM", lambda r: r.rm),
        Column("Where", lambda r: r.location),
    )

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.status = QComboBox()
        self.status.setObjectName("status_filter")
        for label, statuses in STATUS_FILTERS:
            self.status.addItem(label, statuses)
        self.mine = QCheckBox("Only mine")
        self.unit = QComboBox()
        self.unit.setObjectName("unit_filter")
        self.unit.addItem("All units", None)
        self.dated = QCheckBox("From")
        self.start = QDateEdit(QDate.currentDate().addDays(-30))
        self.end = QDateEdit(QDate.currentDate().addDays(60))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(lambda _d: self.reload())
        self.dated.toggled.connect(self._dated)
        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.unit.currentIndexChanged.connect(lambda _i: self.reload())
        self.mine.toggled.connect(lambda _on: self.reload())
        filters = QHBoxLayout()
        for widget in (self.status, self.mine, self.unit, self.dated, self.start):
            filters.addWidget(widget)
        filters.addWidget(QLabel("to"))
        filters.addWidget(self.end)
        filters.addStretch(1)
        self.table.parentWidget().layout().insertLayout(1, filters)  # type: ignore[union-attr]
        # the whole placeholder readable: the buttons that do not fit go behind »
        hint = self.filter.fontMetrics().horizontalAdvance(self.filter.placeholderText())
        self.filter.setMinimumWidth(hint + 40)

        self.plan_button = QPushButton("Plan…")
        self.prepare_button = QPushButton("Preparation view")
        self.move_button = QPushButton("Reschedule…")
        self.hold_button = QPushButton("Start")
        self.cancel_button = QPushButton("Cancel…")
        self.sheet_button = QPushButton("Preparation sheet…")
        for button, slot, keys, tip in (
            (self.plan_button, self.plan, "Ctrl+Shift+P", "Plan an interview"),
            (
                self.prepare_button,
                self.edit_selected,
                "",
                "On screen: everything to read before it (Enter)",
            ),
            (self.move_button, self.move_selected, "", "Move it to another time or place"),
            (self.hold_button, self.hold_selected, "Ctrl+Shift+S", "Interview mode"),
            (self.cancel_button, self.cancel_selected, "", "Cancel it, saying why"),
            (
                self.sheet_button,
                self.print_sheet,
                "Ctrl+P",
                "Print: the preparation sheet as a PDF",
            ),
        ):
            button.clicked.connect(slot)
            button.setToolTip(f"{tip} ({keys})" if keys else tip)
            self.toolbar.addWidget(button)
            if keys:
                QShortcut(QKeySequence(keys), self, activated=slot)
        for keys in ("Return", "Enter"):
            enter = QShortcut(QKeySequence(keys), self.table, activated=self.edit_selected)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.show_detail(None)
        ctx.runner.read(schedule_choices, self._units)

    def _units(self, choices: Any) -> None:
        for unit in choices.units:
            self.unit.addItem(unit.name, unit.id)

    def _dated(self, on: bool) -> None:
        self.start.setEnabled(on)
        self.end.setEnabled(on)
        self.reload()

    def reload(self) -> None:
        statuses = self.status.currentData() or ()
        rm = self.ctx.me if self.mine.isChecked() else None
        unit = self.unit.currentData()
        start = self.start.date().toPython() if self.dated.isChecked() else None
        end = self.end.date().toPython() if self.dated.isChecked() else None

        def load(s: Session) -> list[InterviewListRow]:
            return interview_rows(
                s, statuses=statuses, rm_id=rm, unit_id=unit, start=start, end=end
            )

        self.ctx.runner.read(load, self.set_rows, key=self.key)

    def open_record(self, record_id: uuid.UUID) -> None:
        """Shown whatever the filters: they are opened up to every interview."""
        for widget, value in ((self.status, len(STATUS_FILTERS) - 1), (self.unit, 0)):
            widget.blockSignals(True)
            widget.setCurrentIndex(value)
            widget.blockSignals(False)
        for check in (self.mine, self.dated):
            check.blockSignals(True)
            check.setChecked(False)
            check.blockSignals(False)
        self.start.setEnabled(False)
        self.end.setEnabled(False)
        self.reload()
        super().open_record(record_id)

    # -- detail ------------------------------------------------------------------------------
    def print_sheet(self) -> None:
        from relman.ui.reports import show_report

        row = self.selected
        if row is not None:
            show_report(self.ctx, self, "interview-prep", interview=row.id)

    def show_detail(self, row: InterviewListRow | None) -> None:
        live = row is not None and row.status in (S.PLANNED, S.IN_PROGRESS)
        self.prepare_button.setEnabled(row is not None)
        self.sheet_button.setEnabled(row is not None)
        self.move_button.setEnabled(row is not None and row.status is S.PLANNED)
        self.hold_button.setEnabled(live)
        self.cancel_button.setEnabled(live)
        if row is not None:
            self.hold_button.setText("Resume" if row.status is S.IN_PROGRESS else "Start")
        if row is None:
            self.detail.setHtml(  # type: ignore[attr-defined]
                "<p style='color: gray'>Choose an interview to see it, "
                "or plan one (Ctrl+Shift+P).</p>"
            )
            return
        interview_id = row.id

        def load(s: Session) -> tuple[Preparation, InterviewSummary]:
            return prepare(s, interview_id), interview_summary(s, interview_id)

        self.ctx.runner.read(load, self._fill_detail, key=f"{self.key}-detail")

    def _fill_detail(self, loaded: tuple[Preparation, InterviewSummary]) -> None:
        prep, summary = loaded
        if prep.interview.status == S.PLANNED.value:
            html = preparation_html(prep)
        else:
            html = heading_html(prep) + summary_html(summary)
        # the id the command line asks for (relman report interview-prep --interview ID)
        html += f"<p style='color: gray'>Interview id: {prep.interview.id}</p>"
        self.detail.setHtml(html)  # type: ignore[attr-defined]

    # -- actions -----------------------------------------------------------------------------
    def plan(self) -> None:
        unit = self.unit.currentData()
        plan_interview(self.ctx, self, unit_id=unit, on_planned=self._planned)

    def _planned(self, interview_id: uuid.UUID) -> None:
        self._pending_select = interview_id

    def edit_selected(self) -> None:
        """Enter or double-click: the preparation view."""
        if self.selected is not None:
            show_preparation(self.ctx, self.window(), self.selected.id)

    def move_selected(self) -> None:
        """A planned interview to another time or place, from what it is now."""
        row = self.selected
        if row is None or row.status is not S.PLANNED:
            return
        interview_id, name = row.id, row.contacts

        def opened(read: interviews.PlannedTime) -> None:
            before = {"name": name, "at": read.at, "location": read.location}

            def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
                # only what changed is given: the undo moves back just that
                args: dict[str, Any] = {"interview_id": interview_id}
                if values["at"] != before["at"]:
                    args["at"] = values["at"]
                if values["location"] != before["location"]:
                    args["location"] = values["location"]
                if len(args) == 1:
                    done(None)
                    return
                perform(
                    self.ctx.runner,
                    self.ctx.undo,
                    Command(
                        "reschedule_interview",
                        {**args, "expected_version": read.version},
                        by=self.ctx.me,
                        text=f"edit of interview with {name}",
                    ),
                    on_done=done,
                    on_error=failed,
                )

            self.form = ScheduleDialog(
                self,
                f"Reschedule the interview with {name}",
                [Field("at", "When", "when"), Field("location", "Where", max_len=300)],
                {"at": read.at.astimezone(), "location": read.location},
                submit,
            )
            self.form.setObjectName("reschedule_interview")
            self.form.open()

        self.ctx.runner.read(lambda s: interviews.planned_time(s, interview_id), opened)

    def hold_selected(self) -> None:
        row = self.selected
        if row is not None and row.status in (S.PLANNED, S.IN_PROGRESS):
            hold_interview(self.ctx, self.window(), row.id)

    def cancel_selected(self) -> None:
        row = self.selected
        if row is None:
            return
        interview_id, name = row.id, row.contacts

        def opened(read: interviews.PlannedTime) -> None:
            def cancel(values: dict[str, Any], done: Any, failed: Any) -> None:
                args = {
                    "interview_id": interview_id,
                    "reason": values["reason"],
                    "expected_version": read.version,
                }
                perform(
                    self.ctx.runner,
                    self.ctx.undo,
                    Command(
                        "cancel_interview",
                        args,
                        by=self.ctx.me,
                        text=f"cancellation of the interview with {name}",
                    ),
                    on_done=done,
                    on_error=failed,
                )

            self.form = FormDialog(
                self,
                f"Cancel the interview with {name}",
                [Field("reason", "Why", "text", required=True, max_len=100_000)],
                {},
                cancel,
            )
            self.form.open()

        # the version the cancellation is based on: someone else's change meanwhile refuses it
        self.ctx.runner.read(lambda s: interviews.planned_time(s, interview_id), opened)


PAGE = InterviewsPage
