"""Meetings, per unit or overall: the list beside one meeting's detail (relman/ui/meetings/).
A new monthly review opens with the agenda its unit's last review left open; a quarterly
service review pulls in the service's agreed expectations and latest measurements."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

from relman.models import MeetingKind
from relman.ui.meetings.columns import fit_table
from relman.ui.meetings.detail import MeetingDetailPanel
from relman.ui.meetings.form import MeetingDialog
from relman.ui.meetings.saving import create_meeting, form_values, update_meeting
from relman.ui.pages.base import ListPage
from relman.ui.prompts import confirm
from relman.ui.table_model import Column
from relman.ui.undo import perform
from relman.workflows import history, meeting_views
from relman.workflows.commands import Command
from relman.workflows.meeting_views import FormChoices, MeetingDetail, MeetingRow

#: The buttons that start a meeting: kind, label, shortcut.
NEW = (
    (MeetingKind.MONTHLY_REVIEW, "New monthly review…", "Ctrl+Shift+M"),
    (MeetingKind.QUARTERLY_SERVICE_REVIEW, "New quarterly review…", "Ctrl+Shift+Q"),
    (MeetingKind.OTHER, "New meeting…", "Ctrl+Shift+O"),
)


class MeetingsPage(ListPage):
    key = "meetings"
    title = "Meetings"
    placeholder = "Filter meetings"
    noun = ("meeting", "meetings")
    list_share = 60  # seven short columns; the detail reads well narrower
    columns = (
        Column("Held", lambda r: r.held_at),
        Column("Kind", lambda r: meeting_views.KIND_SHORT[r.kind]),
        Column("Unit", lambda r: r.unit),
        Column("Service", lambda r: r.service),
        Column("Goals\nmet", lambda r: r.goals_met),
        Column("Open\nactions", lambda r: r.open_actions or "", align_right=True),
        Column("Carried", lambda r: r.carried or "", align_right=True),
    )

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.unit = QComboBox()
        self.unit.setAccessibleName("Unit")
        self.unit.addItem("All units", None)
        self.unit.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.unit.currentIndexChanged.connect(lambda _i: self.reload())
        self.toolbar.addWidget(self.unit)
        self.new_buttons: dict[MeetingKind, QPushButton] = {}
        for kind, label, keys in NEW:
            button = QPushButton(label)
            button.setToolTip(f"{label.rstrip('…')} ({keys})")
            button.clicked.connect(lambda _c=False, k=kind: self.new_meeting(k))
            QShortcut(QKeySequence(keys), self, activated=lambda k=kind: self.new_meeting(k))
            self.new_buttons[kind] = button
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QHBoxLayout()  # a row of their own: the filter keeps its width
        for widget in (*self.new_buttons.values(), self.edit_button, self.delete_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        self.splitter.widget(0).layout().insertLayout(1, buttons)  # type: ignore[union-attr]
        self.units_loaded = False
        self.show_detail(None)

    def make_detail(self) -> QWidget:
        self.panel = MeetingDetailPanel(self.ctx, self._link)
        return self.panel

    def size_columns(self, widest: int = 200) -> None:
        """The service (the widest, often empty) takes what the other columns leave, so that
        the list needs no sideways scrolling; the date is never shortened."""
        fit_table(self.table, 3, widest=widest, least=80, keep=(0,))

    def reload(self) -> None:
        if not self.units_loaded:
            self.ctx.runner.read(meeting_views.form_choices, self._fill_units, key=f"{self.key}-u")
            return
        unit = self.unit.currentData()
        self.ctx.runner.read(
            lambda s: meeting_views.meeting_rows(s, unit_id=unit), self.set_rows, key=self.key
        )

    def _fill_units(self, choices: FormChoices) -> None:
        chosen = self.unit.currentData()
        self.unit.blockSignals(True)
        self.unit.clear()
        self.unit.addItem("All units", None)
        for ref in choices.units:
            self.unit.addItem(ref.name, ref.id)
        found = [n for n in range(self.unit.count()) if self.unit.itemData(n) == chosen]
        self.unit.setCurrentIndex(found[0] if found else 0)
        self.unit.blockSignals(False)
        self.units_loaded = True
        self.reload()

    def show_unit(self, unit_id: uuid.UUID | None) -> None:
        """List only the meetings of ``unit_id`` (all when None)."""
        found = [n for n in range(self.unit.count()) if self.unit.itemData(n) == unit_id]
        self.unit.setCurrentIndex(found[0] if found else 0)

    def mark_stale(self) -> None:
        self.units_loaded = False  # a unit may have come or gone
        super().mark_stale()

    def show_detail(self, row: MeetingRow | None) -> None:
        self.edit_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None)
        if row is None:
            self.panel.fill(None)
            return
        self.ctx.runner.read(
            lambda s: meeting_views.meeting_detail(s, row.id),
            self._detail_loaded,
            key=f"{self.key}-detail",
        )

    def _detail_loaded(self, detail: MeetingDetail) -> None:
        shown = self.selected
        if shown is not None and shown.id == detail.id:
            self.panel.fill(detail)

    def open_record(self, record_id: uuid.UUID) -> None:
        """A meeting opened from search or another page: listed whatever its unit."""
        if self.unit.currentIndex() != 0:
            self.unit.blockSignals(True)
            self.unit.setCurrentIndex(0)
            self.unit.blockSignals(False)
            self.mark_stale()
        super().open_record(record_id)

    # -- forms -----------------------------------------------------------------------------
    def new_meeting(self, kind: MeetingKind) -> None:
        unit = self.unit.currentData()
        self.ctx.runner.read(
            meeting_views.form_choices, lambda choices: self._open_new(kind, choices, unit)
        )

    def _open_new(self, kind: MeetingKind, choices: FormChoices, unit: Any) -> None:
        staff = [self.ctx.me] if self.ctx.me else []
        names = {r.id: r.name for r in choices.units}

        def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
            def created(meeting_id: uuid.UUID) -> None:
                self._pending_select = meeting_id
                done(meeting_id)

            name = names.get(values["unit_id"], "")
            create_meeting(self.ctx, kind, values, name, created, failed)

        self.form = MeetingDialog(
            self, self.ctx, kind, choices, {"unit_id": unit, "staff_ids": staff}, submit
        )
        self.form.open()

    def edit_selected(self) -> None:
        row = self.selected
        if row is None:
            return
        self.ctx.runner.read(
            lambda s: (meeting_views.meeting_detail(s, row.id), meeting_views.form_choices(s)),
            self._open_edit,
        )

    def _open_edit(self, loaded: tuple[MeetingDetail, FormChoices]) -> None:
        detail, choices = loaded
        before = form_values(detail)
        self.form = MeetingDialog(
            self,
            self.ctx,
            detail.kind,
            choices,
            before,
            lambda v, done, failed: update_meeting(self.ctx, detail, before, v, done, failed),
            editing=True,
        )
        self.form.open()

    def delete_selected(self) -> None:
        row = self.selected
        if row is None:
            return
        self.ctx.runner.read(
            lambda s: history.rows_of(s, "meetings", row.id),
            lambda shown: self._confirm_delete(row, shown),
        )

    def _confirm_delete(self, row: MeetingRow, shown: frozenset[history.Key]) -> None:
        what = f"the {row.kind_words}" + (f" with {row.unit}" if row.unit else "")
        if confirm(
            self,
            "Delete meeting",
            f"Delete {what} of {row.held_at.astimezone():%Y-%m-%d}, with its action items and "
            "the agenda it carried?\n\nYou can undo this.",
        ):
            # The delete takes only what there was when asked: an action item or an
            # attendee someone added since makes it refuse, in its own transaction.
            perform(
                self.ctx.runner,
                self.ctx.undo,
                Command(
                    "delete_meeting",
                    {"meeting_id": row.id, "known": shown},
                    by=self.ctx.me,
                    text=f"deletion of {what}",
                ),
            )


PAGE = MeetingsPage
