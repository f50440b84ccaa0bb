"""One meeting as the Meetings page shows it beside the list: what was said (escaped), who
attended, the agenda it carried (planned items can be marked delivered), a quarterly
review's expectations and measurements, and its action items, added and marked done inline."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from relman.models import MeetingKind
from relman.ui.context import AppContext
from relman.ui.meetings.actions import (
    ActionModel,
    action_columns,
    ask_edit_action,
    ask_new_action,
    toggle_done,
)
from relman.ui.meetings.lists import AgendaList, ServiceReviewList
from relman.ui.pages.base import esc
from relman.ui.table_model import ROW_ROLE
from relman.ui.undo import perform
from relman.workflows.commands import Command
from relman.workflows.meeting_views import GOALS_WORDS, MeetingDetail
from relman.workflows.portfolio import Ref


def _lines(text: str) -> str:
    return esc(text).replace("\n", "<br>") if text.strip() else "<i>nothing noted</i>"


def summary_html(d: MeetingDetail) -> str:
    """The meeting's summary as rich text; every user text escaped."""

    def links(refs: list[Ref], kind: str) -> str:
        if not refs:
            return "<i>none</i>"
        return ", ".join(f"<a href='{kind}:{r.id}'>{esc(r.name)}</a>" for r in refs)

    where = []
    if d.unit:
        where.append(f"<a href='unit:{d.unit.id}'>{esc(d.unit.name)}</a>")
    if d.service:
        where.append(f"<a href='service:{d.service.id}'>{esc(d.service.name)}</a>")
    parts = [
        f"<h2>{esc(d.kind_words.capitalize())}</h2>",
        f"<p>{d.held_at.astimezone():%A %d %B %Y, %H:%M}"
        + (f" · {' · '.join(where)}" if where else "")
        + (f"<br>recorded by {esc(d.recorded_by)}" if d.recorded_by else "")
        + "</p>",
        f"<p><b>Staff:</b> {links(d.staff, 'staff')}<br>"
        f"<b>Contacts:</b> {links(d.contacts, 'contact')}</p>",
    ]
    if d.kind is MeetingKind.MONTHLY_REVIEW:
        goals = GOALS_WORDS[d.goals_met] if d.goals_met else "not said"
        colour = "#b3261e" if goals in ("partly", "no") else "inherit"
        parts += [
            f"<h3>Discussed</h3><p>{_lines(d.discussed)}</p>",
            f"<h3>Delivered</h3><p>{_lines(d.delivered)}</p>",
            f"<h3>Planned</h3><p>{_lines(d.planned)}</p>",
            f"<p><b>Service goals met:</b> <span style='color: {colour}'>{goals}</span>"
            + (f"<br>{_lines(d.goals_note)}" if d.goals_note.strip() else "")
            + "</p>",
        ]
    else:
        title = "Notes" if d.kind is MeetingKind.QUARTERLY_SERVICE_REVIEW else "Discussed"
        parts.append(f"<h3>{title}</h3><p>{_lines(d.discussed)}</p>")
    return "".join(parts)


class MeetingDetailPanel(QWidget):
    def __init__(self, ctx: AppContext, open_link: Any) -> None:
        super().__init__()
        self.ctx = ctx
        self.detail: MeetingDetail | None = None
        self.summary = QTextBrowser()
        self.summary.setOpenLinks(False)
        self.summary.anchorClicked.connect(open_link)
        self.agenda = AgendaList()
        self.deliver_button = QPushButton("Mark delivered")
        self.deliver_button.setToolTip("The planned item was delivered: carry it no further")
        self.deliver_button.clicked.connect(self.toggle_delivered)
        self.agenda.currentItemChanged.connect(lambda *_: self._agenda_chosen())
        self.review = ServiceReviewList()
        self.actions = ActionModel(action_columns(with_source=False), self)
        self.action_table = QTableView()
        self.action_table.setObjectName("meeting_actions")
        self.action_table.setModel(self.actions)
        self.action_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.action_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.action_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.action_table.verticalHeader().hide()
        self.action_table.setWordWrap(True)  # the narrow panel shows an item's whole text
        self.action_table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.action_table.horizontalHeader().setStretchLastSection(False)
        self.action_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.action_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.action_table.selectionModel().selectionChanged.connect(self._action_chosen)
        self.action_table.doubleClicked.connect(lambda _i: self.edit_action())
        self.add_button = QPushButton("Add action item…")
        self.add_button.setToolTip("Add an action item to this meeting (Ctrl+Shift+A)")
        self.add_button.clicked.connect(self.add_action)
        self.done_button = QPushButton("Mark done")
        self.done_button.setToolTip("Mark the action item done, or reopen it (Ctrl+D)")
        self.done_button.clicked.connect(self.toggle_action)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit_action)
        shortcut = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence("Ctrl+Shift+A"), self, activated=self.add_action, context=shortcut)
        QShortcut(QKeySequence("Ctrl+D"), self, activated=self.toggle_action, context=shortcut)
        self.agenda_box = self._box(
            QLabel("<b>Carried from the last review</b>"), self.agenda, [self.deliver_button]
        )
        self.review_box = self._box(
            QLabel("<b>Agreed expectations and latest measurements</b>"), self.review, []
        )
        self.actions_box = self._box(
            QLabel("<b>Action items</b>"),
            self.action_table,
            [self.add_button, self.done_button, self.edit_button],
        )
        splitter = QSplitter(Qt.Orientation.Vertical)
        for widget in (self.summary, self.agenda_box, self.review_box, self.actions_box):
            splitter.addWidget(widget)
        splitter.setChildrenCollapsible(False)
        # the carried agenda's rows wrap in the narrow panel: it gets the most of the height
        for index, stretch in enumerate((2, 3, 2, 1)):
            splitter.setStretchFactor(index, stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.fill(None)

    def _box(self, title: QLabel, content: QWidget, buttons: list[QPushButton]) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        head = QHBoxLayout()
        head.addWidget(title)
        head.addStretch(1)
        for button in buttons:
            head.addWidget(button)
        layout.addLayout(head)
        layout.addWidget(content, 1)
        return box

    def fill(self, detail: MeetingDetail | None) -> None:
        self.detail = detail
        if detail is None:
            self.summary.setHtml("<p style='color: gray'>Choose a meeting to see it.</p>")
            self.actions.set_rows([])
            for box in (self.agenda_box, self.review_box, self.actions_box):
                box.hide()
            return
        self.summary.setHtml(summary_html(detail))
        monthly = detail.kind is MeetingKind.MONTHLY_REVIEW
        self.agenda_box.setVisible(monthly)
        if monthly:
            self.agenda.fill(
                detail.agenda, detail.done_now, empty="Nothing was carried to this review."
            )
        self.review_box.setVisible(detail.review is not None)
        self.review.fill(detail.review)
        self.actions_box.show()
        chosen = self.chosen_action()
        self.actions.set_rows(detail.actions)
        if chosen is not None:
            row = self.actions.find(lambda r: r.id == chosen.id)
            if row >= 0:
                self.action_table.selectRow(row)
        self._action_chosen()
        self._agenda_chosen()

    # -- agenda ----------------------------------------------------------------------------
    def _agenda_chosen(self) -> None:
        agenda_id, kind, finished = self.agenda.chosen()
        self.deliver_button.setEnabled(agenda_id is not None and kind == "planned")
        self.deliver_button.setText("Not delivered" if finished else "Mark delivered")

    def toggle_delivered(self) -> None:
        agenda_id, kind, finished = self.agenda.chosen()
        if agenda_id is None or kind != "planned":
            return
        item = self.agenda.currentItem()
        text = item.text(1)[:40] if item else ""
        name = "unmark_delivered" if finished else "mark_delivered"
        words = ("undelivery" if finished else "delivery") + f" of “{text}”"
        perform(
            self.ctx.runner,
            self.ctx.undo,
            Command(name, {"agenda_item_id": agenda_id}, by=self.ctx.me, text=words),
        )

    # -- action items ----------------------------------------------------------------------
    def chosen_action(self) -> Any:
        rows = self.action_table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def _action_chosen(self, *_args: QItemSelection) -> None:
        row = self.chosen_action()
        self.done_button.setEnabled(row is not None)
        self.edit_button.setEnabled(row is not None)
        self.done_button.setText("Reopen" if row is not None and row.done_at else "Mark done")

    def add_action(self) -> None:
        if self.detail is None:
            return
        meeting_id: uuid.UUID = self.detail.id
        unit_id = self.detail.unit.id if self.detail.unit else None
        ask_new_action(self.ctx, self, meeting_id, unit_id, lambda _id: None)

    def toggle_action(self) -> None:
        row = self.chosen_action()
        if row is not None:
            toggle_done(self.ctx, row, lambda _r: None)

    def edit_action(self) -> None:
        row = self.chosen_action()
        if row is not None:
            ask_edit_action(self.ctx, self, row)
