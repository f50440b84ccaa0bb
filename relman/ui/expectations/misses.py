"""The misses still without an explanation, one click from the expectations page: a list
whose row opens the expectation's measurements, where the miss is explained."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relman.ui.context import AppContext
from relman.ui.table_model import ROW_ROLE, Column, RowTableModel
from relman.workflows import measurements
from relman.workflows.measurements import MissRow

COLUMNS = (
    Column("Period", lambda r: r.period),
    Column("Unit", lambda r: r.unit),
    Column("Service", lambda r: r.service),
    Column("Value", lambda r: f"{r.value:g}", sort=lambda r: r.value, align_right=True),
    Column("Target", lambda r: f"{r.target:g} {r.target_unit}".strip(), sort=lambda r: r.target),
    Column("Recorded by", lambda r: r.recorded_by),
    Column("Expectation", lambda r: r.statement),
)


class MissesDialog(QDialog):
    """Unexplained misses (only the user's expectations when ``mine``); choosing one calls
    ``open_expectation(id)`` and closes the list."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None,
        open_expectation: Callable[[uuid.UUID], None],
        *,
        mine: bool,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Misses without an explanation")
        self.resize(820, 420)
        self.open_expectation = open_expectation
        self.model: RowTableModel[MissRow] = RowTableModel(COLUMNS, self)
        self.table = QTableView()
        self.table.setObjectName("misses")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._chosen)
        self.table.activated.connect(self._chosen)
        self.label = QLabel("Loading…")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        rm = ctx.me if mine else None
        ctx.runner.read(lambda s: measurements.unexplained_misses(s, rm_id=rm), self._show)

    def _show(self, rows: list[MissRow]) -> None:
        self.model.set_rows(rows)
        self.label.setText(
            f"{len(rows)} missed target(s) without an explanation. Customers forgive a miss "
            "that is explained: open one (Enter or double-click) to explain it."
            if rows
            else "Every miss has its explanation."
        )

    def _chosen(self, index: object) -> None:
        row = index.data(ROW_ROLE)  # type: ignore[attr-defined]
        if row is not None:
            self.accept()
            self.open_expectation(row.expectation_id)
