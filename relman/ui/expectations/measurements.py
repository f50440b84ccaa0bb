"""The measurement grid of one expectation: a row per period due by its frequency, the
value typed in the grid, met or missed shown by colour and word, a miss asked for its
explanation (cause, resolution, prevention), a recorded value corrected ("Correct…", kept
as its history and shown in the grid), and the trend chart under it.

Each is a named command (relman.workflows.measurements): recording a value is undoable
(Ctrl+Z removes it), and so are an explanation (Ctrl+Z leaves the miss to explain again) and
a correction (Ctrl+Z corrects the value back, which the history keeps too).
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relman.ui.context import AppContext
from relman.ui.dialogs.form import Field, FormDialog
from relman.ui.errors import show_error
from relman.ui.expectations.trend import MET, MISSED, TrendChart
from relman.ui.runner import Changes
from relman.ui.undo import perform
from relman.workflows.commands import Command
from relman.workflows.measurement_grid import Grid, GridRow, measurement_grid
from relman.workflows.measurements import CorrectionRow

COLUMNS = ("Period", "Value", "Target", "Result", "Explanation")
VALUE = 1
GRID_KEY = "measurement-grid"
UNEXPLAINED = "missed — not explained"


def result_words(row: GridRow) -> str:
    if row.met is None:
        return ""
    if row.met:
        return "met"
    return "missed — explained" if row.explained else UNEXPLAINED


def corrections_tip(corrections: tuple[CorrectionRow, ...]) -> str:
    """What a corrected value was, who corrected it, when and why, oldest first."""
    return "\n".join(
        f"Corrected from {c.old_value:g} to {c.new_value:g} by {c.corrected_by or 'someone'} "
        f"on {c.corrected_at:%Y-%m-%d}: {' '.join(c.reason.split())}"
        for c in corrections
    )


class MeasurementGrid(QWidget):
    """Shows :func:`measurement_grid` for one expectation; typing a value in a period's row
    records it."""

    recorded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.grid: Grid | None = None
        self.expectation_id: uuid.UUID | None = None
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("measurement_grid")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        # one line per period, rows of one height: a long explanation ends in "…" and reads
        # whole in its tooltip
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemChanged.connect(self._value_typed)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.itemSelectionChanged.connect(self._update_actions)
        self.correct_button = QPushButton("Correct…")
        self.correct_button.setObjectName("correct_measurement")
        self.correct_button.setToolTip("Correct the recorded value of the selected period")
        self.correct_button.clicked.connect(self._correct_selected)
        self.correct_button.setEnabled(False)
        self.chart = TrendChart()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.label, 1)
        top.addWidget(self.correct_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.chart)
        self._filling = False
        self._pending = ""
        # reloaded when a write (undo and redo too) changes what the grid read
        self._read: frozenset[str] = frozenset()
        ctx.runner.loaded.connect(self._on_loaded)
        ctx.runner.changed.connect(self._on_changed)

    def _on_loaded(self, key: str, tables: frozenset[str]) -> None:
        if key == GRID_KEY:
            self._read = tables

    def _on_changed(self, changes: Changes) -> None:
        if self.expectation_id is not None and self._read and changes.touches(*self._read):
            self.load(self.expectation_id)

    def load(self, expectation_id: uuid.UUID | None) -> None:
        self.expectation_id = expectation_id
        if expectation_id is None:
            self.show_grid(None)
            return
        self.ctx.runner.read(
            lambda s: measurement_grid(s, expectation_id), self.show_grid, key=GRID_KEY
        )

    def show_grid(self, grid: Grid | None) -> None:
        self.grid = grid
        self._filling = True
        rows = grid.rows if grid else []
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            self._fill(n, row, editable=bool(grid and grid.measurable))
        self._filling = False
        self.chart.set_rows(rows)
        self._update_actions()
        if grid is None:
            self.label.setText("")
        elif not grid.measurable:
            self.label.setText("Only an agreed expectation is measured: agree its terms first.")
        else:
            misses = sum(r.unexplained_miss for r in rows)
            self.label.setText(
                "Type the measured value in a period's row (Enter to record it); "
                "select a recorded one to correct it."
                + (
                    f" <b style='color: #c0392b'>{misses} missed without an explanation</b>: "
                    "double-click to explain."
                    if misses
                    else ""
                )
            )

    def _fill(self, n: int, row: GridRow, *, editable: bool) -> None:
        unit = f" {row.target_unit}" if row.target_unit else ""
        corrected = " (corrected)" if row.corrections else ""
        cells = (
            row.period,
            "" if row.value is None else f"{row.value:g}{corrected}",
            "" if row.target is None else f"{row.target:g}{unit}",
            result_words(row),
            " ".join(row.cause.split()),
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if column == VALUE and editable and row.measurement_id is None:
                flags |= Qt.ItemFlag.ItemIsEditable
                item.setToolTip("Type the value measured in this period")
            if column == VALUE and row.corrections:
                item.setToolTip(corrections_tip(row.corrections))
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
            item.setFlags(flags)
            if column == 3 and row.met is not None:
                item.setForeground(QBrush(MET if row.met else MISSED))
                if row.unexplained_miss:
                    item.setBackground(QBrush(QColor("#fdf2f2")))
            if column == 4 and row.cause:
                item.setToolTip(
                    f"Cause: {row.cause}\nResolution: {row.resolution}\n"
                    f"Prevention: {row.prevention}"
                )
            self.table.setItem(n, column, item)

    # -- recording -----------------------------------------------------------------------
    def _value_typed(self, item: QTableWidgetItem) -> None:
        if self._filling or self.grid is None or item.column() != VALUE:
            return
        row = self.grid.rows[item.row()]
        text = item.text().strip()
        if row.measurement_id is not None or not text:
            return
        self.record(row.period, text)

    def record(self, period: str, value: str) -> None:
        """Record ``value`` for ``period``; a miss then asks for its explanation."""
        expectation_id = self.expectation_id
        assert expectation_id is not None

        def saved(_id: uuid.UUID) -> None:
            self.recorded.emit()
            self.ctx.runner.read(lambda s: measurement_grid(s, expectation_id), self._after_record)

        def refused(exc: BaseException) -> None:
            self.load(expectation_id)  # the typed value is not kept: the grid shows the truth
            show_error(self, exc)

        args = {"expectation_id": expectation_id, "period": period, "value": value}
        perform(
            self.ctx.runner,
            self.ctx.undo,
            Command("record_measurement", args, by=self.ctx.me, text=f"measurement of {period}"),
            on_done=saved,
            on_error=refused,
        )
        self._pending = period

    def _after_record(self, grid: Grid) -> None:
        self.show_grid(grid)
        row = next((r for r in grid.rows if r.period == self._pending), None)
        if row is not None and row.unexplained_miss:
            self.explain(row)

    def _double_clicked(self, n: int, _column: int) -> None:
        if self.grid is not None and 0 <= n < len(self.grid.rows):
            row = self.grid.rows[n]
            if row.unexplained_miss:
                self.explain(row)

    def explain(self, row: GridRow) -> FormDialog:
        """Ask for the explanation of the miss in ``row``."""
        measurement_id, version = row.measurement_id, row.version
        assert measurement_id is not None

        def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
            args = {
                "measurement_id": measurement_id,
                "cause": values["miss_cause"],
                "resolution": values["miss_resolution"],
                "prevention": values["miss_prevention"],
                "expected_version": version,
            }
            text = f"explanation of the miss in {row.period}"
            command = Command("explain_miss", args, by=self.ctx.me, text=text)
            perform(self.ctx.runner, self.ctx.undo, command, on_done=done, on_error=failed)

        fields = [
            Field("miss_cause", "Nature and cause", "text", required=True, max_len=100_000),
            Field(
                "miss_resolution",
                "What is done to resolve it",
                "text",
                required=True,
                max_len=100_000,
            ),
            Field(
                "miss_prevention",
                "How it will be prevented",
                "text",
                required=True,
                max_len=100_000,
            ),
        ]
        unit = f" {row.target_unit}" if row.target_unit else ""
        title = f"Explain the miss in {row.period}: {row.value:g} against {row.target:g}{unit}"
        self.dialog = FormDialog(self, title, fields, {}, submit)
        self.dialog.finished.connect(lambda _r: self.load(self.expectation_id))
        self.dialog.open()
        return self.dialog

    # -- correcting ----------------------------------------------------------------------
    def _selected_row(self) -> GridRow | None:
        n = self.table.currentRow()
        if self.grid is None or not self.table.selectedItems() or not 0 <= n < len(self.grid.rows):
            return None
        row = self.grid.rows[n]
        return row if row.measurement_id is not None else None

    def _update_actions(self) -> None:
        self.correct_button.setEnabled(self._selected_row() is not None)

    def _correct_selected(self) -> None:
        row = self._selected_row()
        if row is not None:
            self.correct(row)

    def _context_menu(self, pos: QPoint) -> None:
        n = self.table.rowAt(pos.y())
        if self.grid is None or not 0 <= n < len(self.grid.rows):
            return
        row = self.grid.rows[n]
        if row.measurement_id is None:
            return
        self.table.selectRow(n)
        menu = QMenu(self)
        menu.addAction("Correct…", lambda: self.correct(row))
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def correct(self, row: GridRow) -> FormDialog:
        """Ask the corrected value of the measurement in ``row`` and why; met or missed is
        judged again against the terms it was recorded under. Undo corrects it back."""
        measurement_id, version, period = row.measurement_id, row.version, row.period
        assert measurement_id is not None and row.value is not None

        def submit(values: dict[str, Any], done: Any, failed: Any) -> None:
            args = {
                "measurement_id": measurement_id,
                "value": values["value"],
                "reason": values["reason"],
                "expected_version": version,
            }
            text = f"correction of the measurement of {period}"
            command = Command("correct_measurement", args, by=self.ctx.me, text=text)
            perform(self.ctx.runner, self.ctx.undo, command, on_done=done, on_error=failed)

        unit = f" ({row.target_unit})" if row.target_unit else ""
        fields = [
            Field("value", f"Corrected value{unit}", required=True, max_len=40),
            Field("reason", "Why it is corrected", "text", required=True, max_len=100_000),
        ]
        target = f"{row.target:g} {row.target_unit}".strip() if row.target is not None else ""
        title = f"Correct the value of {period}: {row.value:g} against {target}"
        self.dialog = FormDialog(self, title, fields, {"value": f"{row.value:g}"}, submit)
        self.dialog.finished.connect(lambda _r: self.load(self.expectation_id))
        self.dialog.open()
        return self.dialog
