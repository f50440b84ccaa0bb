"""Satisfaction: one unit at a time, its survey trend against the baseline and its support
issues in the priority quadrant as of a quarter, with what moved since the quarter before.
Each chart point opens its survey or issue in the detail panel (click, or Tab to the chart,
arrow keys, Enter). Surveys and issues are recorded and rated here; every edit is undoable.

Shortcuts (on this page): Ctrl+Shift+R record a survey, Ctrl+Shift+I a new support issue,
Ctrl+Shift+T rate the issue shown, Alt+U choose the unit, Alt+Q the quadrant's quarter.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from relman.errors import NotFoundError
from relman.ui.errors import show_error
from relman.ui.pages.base import Page
from relman.ui.prompts import confirm
from relman.ui.satisfaction import issue_forms, panels, survey_actions
from relman.ui.satisfaction.quadrant_chart import QuadrantChart
from relman.ui.satisfaction.trend_chart import TrendChart
from relman.ui.undo import perform
from relman.workflows import history, satisfaction, satisfaction_views, services
from relman.workflows.commands import Command
from relman.workflows.common import today
from relman.workflows.satisfaction_views import (
    IssueDetail,
    SurveyDetail,
    UnitChoice,
    UnitSatisfaction,
    quarter_of,
)


class DeleteQuestion:
    """Asked before a survey or an issue is deleted (undo brings it back)."""

    @classmethod
    def ask(cls, parent: QWidget, what: str) -> bool:
        return confirm(parent, "Delete", f"Delete {what}? Undo (Ctrl+Z) brings it back.")


class SatisfactionPage(Page):
    key = "satisfaction"
    title = "Satisfaction"

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.unit_id: uuid.UUID | None = None
        self.quarter: str | None = None  # None: the unit's latest rated quarter
        self.view: UnitSatisfaction | None = None
        self.shown: SurveyDetail | IssueDetail | None = None
        self.units = QComboBox()
        self.units.setMinimumWidth(180)
        self.units.currentIndexChanged.connect(self._unit_chosen)
        self.quarters = QComboBox()
        self.quarters.currentIndexChanged.connect(self._quarter_chosen)
        self.survey_button = QPushButton("Record &survey…")
        self.issue_button = QPushButton("New &issue…")
        self.rate_button = QPushButton("&Rate issue…")
        self.delete_button = QPushButton("&Delete…")
        self.question_button = QPushButton("Add &question…")
        for button, slot, shortcut, tip in (
            (self.survey_button, self.record_survey, "Ctrl+Shift+R", "Record a quarter's survey"),
            (self.issue_button, self.new_issue, "Ctrl+Shift+I", "A new support issue, rated"),
            (self.rate_button, self.rate_shown, "Ctrl+Shift+T", "Rate the issue for a quarter"),
            (self.delete_button, self.delete_shown, "", "Delete the survey or issue shown"),
            (self.question_button, self.add_question, "", "Add a question to the survey"),
        ):
            button.clicked.connect(slot)
            button.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
            if shortcut:
                QShortcut(
                    QKeySequence(shortcut),
                    self,
                    activated=slot,
                    context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
                )
        bar = QHBoxLayout()
        for text, combo in (("&Unit:", self.units), ("Quadrant as &of:", self.quarters)):
            label = QLabel(text)
            label.setBuddy(combo)
            bar.addWidget(label)
            bar.addWidget(combo)
        bar.addStretch(1)
        for button in (self.survey_button, self.issue_button, self.question_button):
            bar.addWidget(button)
        self.trend = TrendChart()
        self.quadrant = QuadrantChart()
        self.trend.activated.connect(lambda i: self.open_kind("survey", i))
        self.quadrant.activated.connect(lambda i: self.open_kind("support_issue", i))
        self.trend_title, self.quadrant_title = QLabel(), QLabel()
        self.summary, self.detail = QTextBrowser(), QTextBrowser()
        for browser in (self.summary, self.detail):
            browser.setOpenLinks(False)
            browser.anchorClicked.connect(self._link)
        charts = QSplitter()
        for title, chart in ((self.trend_title, self.trend), (self.quadrant_title, self.quadrant)):
            title.setTextFormat(Qt.TextFormat.PlainText)  # a unit's name may hold "<b>"
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(title)
            column.addWidget(chart, 1)
            charts.addWidget(box)
        shown = QWidget()  # the record opened, and what can be done to it
        shown_column = QVBoxLayout(shown)
        shown_column.setContentsMargins(0, 0, 0, 0)
        shown_bar = QHBoxLayout()
        shown_bar.addStretch(1)
        shown_bar.addWidget(self.rate_button)
        shown_bar.addWidget(self.delete_button)
        shown_column.addLayout(shown_bar)
        shown_column.addWidget(self.detail, 1)
        texts = QSplitter()
        texts.addWidget(self.summary)
        texts.addWidget(shown)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(charts)
        self.splitter.addWidget(texts)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        saved = ctx.settings.splitter(self.key)
        if saved is not None:
            self.splitter.restoreState(saved)
        self.splitter.splitterMoved.connect(
            lambda *_: ctx.settings.set_splitter(self.key, self.splitter.saveState())
        )
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        self.show_detail(None)

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        me = self.ctx.me
        self.ctx.runner.read(
            lambda s: satisfaction_views.unit_choices(s, me),
            self._fill_units,
            key=f"{self.key}-units",
        )

    def _fill_units(self, units: list[UnitChoice]) -> None:
        ids = [u.id for u in units]
        keep = self.unit_id if self.unit_id in ids else (ids[0] if ids else None)
        self.units.blockSignals(True)
        self.units.clear()
        for unit in units:
            self.units.addItem(unit.name + (" (mine)" if unit.mine else ""), unit.id)
        self.units.setCurrentIndex(ids.index(keep) if keep is not None else -1)
        self.units.blockSignals(False)
        for button in (self.survey_button, self.issue_button):
            button.setEnabled(keep is not None)
        if keep != self.unit_id:
            self.quarter = None
        self.unit_id = keep
        self.load_unit()

    def _unit_chosen(self, index: int) -> None:
        self.unit_id = self.units.itemData(index) if index >= 0 else None
        self.quarter = None
        self.show_detail(None)
        self.load_unit()

    def _quarter_chosen(self, index: int) -> None:
        if index >= 0 and self.quarters.itemData(index) != self.quarter:
            self.quarter = self.quarters.itemData(index)
            self.load_unit()

    def load_unit(self) -> None:
        unit_id, quarter = self.unit_id, self.quarter
        if unit_id is None:
            self.summary.setHtml(
                f"<p style='{panels.MUTED}'>No business unit yet: add one on the Business "
                "units page.</p>"
            )
            return
        self.ctx.runner.read(
            lambda s: satisfaction_views.unit_satisfaction(s, unit_id, quarter),
            self._show_unit,
            key=self.key,
        )

    def _show_unit(self, view: UnitSatisfaction) -> None:
        if view.unit_id != self.unit_id:
            return  # another unit was chosen meanwhile
        self.view = view
        self.quarter = view.quarter
        self.quarters.blockSignals(True)
        self.quarters.clear()
        for quarter in view.quarters:
            self.quarters.addItem(quarter, quarter)
        self.quarters.setCurrentIndex(view.quarters.index(view.quarter))
        self.quarters.blockSignals(False)
        self.trend_title.setText(panels.trend_caption(view))
        new = sum(1 for m in view.moves if m.moved_from is None)
        self.quadrant_title.setText(
            f"Priority quadrant as of {view.quarter}: {len(view.points)} issues; since "
            f"{satisfaction_views.previous_quarter(view.quarter)}, "
            f"{len(view.moves) - new} moved and {new} new"
        )
        self.trend.set_trend(view.trend)
        self.quadrant.set_issues(view.points)
        self.summary.setHtml(panels.summary(view))
        if self.shown is not None:  # the record shown may have changed: show it afresh
            kind = "survey" if isinstance(self.shown, SurveyDetail) else "support_issue"
            self.open_kind(kind, self.shown.id, keep_unit=True)

    # -- opening records -------------------------------------------------------------------
    def _link(self, url: QUrl) -> None:
        kind, _, ident = url.toString().partition(":")
        self.ctx.navigator.open_record.emit(kind, uuid.UUID(ident))

    def open_record(self, record_id: uuid.UUID) -> None:
        self.open_kind("support_issue", record_id)

    def open_kind(self, kind: str, record_id: uuid.UUID, *, keep_unit: bool = False) -> None:
        """Show a survey or an issue in the detail panel, switching to its unit."""
        self.activate()
        read = (
            satisfaction_views.survey_detail
            if kind == "survey"
            else satisfaction_views.issue_detail
        )

        def gone(exc: BaseException) -> None:
            if not isinstance(exc, NotFoundError):
                show_error(self, exc)
            self.show_detail(None)  # deleted, or undone, meanwhile

        self.ctx.runner.read(
            lambda s: read(s, record_id),
            lambda d: self._opened(d, keep_unit),
            key=f"{self.key}-detail",
            on_error=gone,
        )

    def _opened(self, detail: SurveyDetail | IssueDetail, keep_unit: bool) -> None:
        if not keep_unit and detail.unit_id != self.unit_id:
            # compared in Python: findData compares wrapped objects by identity
            ids = [self.units.itemData(i) for i in range(self.units.count())]
            if detail.unit_id in ids:
                index = ids.index(detail.unit_id)
                self.units.setCurrentIndex(index)  # loads the unit, clears the detail
        self.show_detail(detail)

    def show_detail(self, detail: SurveyDetail | IssueDetail | None) -> None:
        self.shown = detail
        self.trend.mark_opened(detail.id if isinstance(detail, SurveyDetail) else None)
        self.quadrant.mark_opened(detail.id if isinstance(detail, IssueDetail) else None)
        self.rate_button.setEnabled(isinstance(detail, IssueDetail))
        self.delete_button.setEnabled(detail is not None)
        if detail is None:
            self.detail.setHtml(
                f"<p style='{panels.MUTED}'>Choose a point of a chart, or a survey or issue in "
                "the list, to see it here.</p>"
            )
        elif isinstance(detail, SurveyDetail):
            self.detail.setHtml(panels.survey_html(detail))
        else:
            self.detail.setHtml(panels.issue_html(detail))

    # -- editing ---------------------------------------------------------------------------
    def _unit_name(self) -> str:
        return self.view.unit_name if self.view is not None else ""

    def record_survey(self) -> None:
        if self.unit_id is None:
            return
        self.ctx.runner.read(
            lambda s: [q.name for q in satisfaction.survey_questions(s)], self._open_survey
        )

    def _open_survey(self, questions: list[str]) -> None:
        if not questions:
            QMessageBox.information(
                self, "No questions", "The survey has no questions yet: add them first."
            )
            return
        assert self.unit_id is not None
        self.form = survey_actions.record_survey(
            self,
            self.ctx,
            self.unit_id,
            self._unit_name(),
            questions,
            lambda survey_id: self.open_kind("survey", survey_id),
        )

    def new_issue(self) -> None:
        if self.unit_id is None:
            return
        self.ctx.runner.read(services.service_rows, self._open_new_issue)

    def _open_new_issue(self, offered: list[services.ServiceRow]) -> None:
        assert self.unit_id is not None
        self.form = issue_forms.new_issue(
            self,
            self.ctx,
            self.unit_id,
            self._unit_name(),
            [(s.name, s.id) for s in offered],
            quarter_of(today()),
            lambda issue_id: self.open_kind("support_issue", issue_id),
        )

    def rate_shown(self) -> None:
        issue = self.shown
        if not isinstance(issue, IssueDetail):
            return
        self.form = issue_forms.rate_issue(
            self,
            self.ctx,
            issue.id,
            issue.version,
            issue.title,
            (issue.importance, issue.satisfaction),
            quarter_of(today()),
            lambda: self.open_kind("support_issue", issue.id),
        )

    def delete_shown(self) -> None:
        shown = self.shown
        if shown is None:
            return
        table = "surveys" if isinstance(shown, SurveyDetail) else "support_issues"
        self.ctx.runner.read(
            lambda s: history.rows_of(s, table, shown.id),
            lambda known: self._confirm_delete(shown, table, known),
        )

    def _confirm_delete(
        self, shown: SurveyDetail | IssueDetail, table: str, known: frozenset[history.Key]
    ) -> None:
        if isinstance(shown, SurveyDetail):
            what = f"the survey of {shown.unit_name} for {shown.quarter}"
        else:
            what = f"the support issue “{shown.title}” and its ratings"
        if not DeleteQuestion.ask(self, what):
            return
        # The delete takes only what there was when asked: a rating someone added since
        # makes it refuse, in its own transaction, naming whose it is.
        if table == "surveys":
            command = Command("delete_survey", {"survey_id": shown.id, "known": known})
        else:
            command = Command("delete_support_issue", {"issue_id": shown.id, "known": known})
        perform(
            self.ctx.runner,
            self.ctx.undo,
            Command(command.name, command.args, by=self.ctx.me, text=f"deletion of {what}"),
            on_done=lambda _r: self.show_detail(None),
        )

    def add_question(self) -> None:
        self.form = survey_actions.add_question(self, self.ctx)


PAGE = SatisfactionPage
