"""The preview of a CSV import: every row of the file as it will be imported, each problem
beside its row, and an Import button that is enabled only when no row has a problem.

Nothing is written while this dialog is open: the preview came from checking every row
without writing any (relman/workflows/csv_import.py). ``ImportPreviewDialog.ask`` is what the menu
calls and what tests patch. Runs on the main thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from relman.ui.table_model import Column, RowTableModel
from relman.workflows.csv_import import KINDS, ImportPreview
from relman.workflows.csv_read import SEPARATOR_NAMES

#: how many characters of a cell the table shows (its tooltip shows all of it)
CELL_CHARS = 120


@dataclass(frozen=True)
class PreviewRow:
    line: int
    problem: str  # "" when the row is right
    values: tuple[str, ...]


def preview_rows(preview: ImportPreview) -> list[PreviewRow]:
    """One row per record of the file, with its problems joined in one sentence."""
    problems: dict[int, list[str]] = {}
    for p in preview.problems:
        said = f"{_title(p.column)} — {p.message}" if p.column else p.message
        problems.setdefault(p.line, []).append(said)
    columns = preview.file.columns
    return [
        PreviewRow(
            row.line, " ".join(problems.get(row.line, [])), tuple(row.values[c] for c in columns)
        )
        for row in preview.file.rows
    ]


class _PreviewModel(RowTableModel[PreviewRow]):
    """Rows with a problem are tinted, so they stand out in a long file."""

    BAD = QColor(255, 228, 225)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            return self.BAD if self.rows[index.row()].problem else None
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            return QColor(Qt.GlobalColor.black) if self.rows[index.row()].problem else None
        return super().data(index, role)


def _title(header: str) -> str:
    """A header of the file as the dialog's own headers are written: first letter capital."""
    return header[:1].upper() + header[1:]


def _cut(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= CELL_CHARS else flat[:CELL_CHARS] + "…"


class ImportPreviewDialog(QDialog):
    def __init__(self, preview: ImportPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        kind = KINDS[preview.kind]
        self.setWindowTitle(f"Import {kind.plural}")
        self.resize(1100, 520)
        layout = QVBoxLayout(self)

        self.summary = QLabel(preview.summary())
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        layout.addWidget(self.summary)
        notes = [f"Read as {SEPARATOR_NAMES[preview.file.separator]}-separated text."]
        if preview.file.ignored:
            notes.append("Columns left out: " + ", ".join(preview.file.ignored) + ".")
        if not preview.ok:
            notes.append("Correct the rows marked below in the file, then import it again.")
        self.notes = QLabel(" ".join(notes))
        self.notes.setTextFormat(Qt.TextFormat.PlainText)  # header names come from the file
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)

        columns: list[Column[PreviewRow]] = [
            Column("Line", lambda r: r.line, align_right=True),
            Column("Problem", lambda r: r.problem or "ok"),
        ]
        for n, name in enumerate(preview.file.columns):
            columns.append(Column(_title(name), lambda r, n=n: _cut(r.values[n])))
        self.model = _PreviewModel(columns, self)
        self.model.set_rows(preview_rows(preview))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.resizeColumnsToContents()
        # the file's columns as wide as their words (up to a point, the rest in a tooltip);
        # the problem takes the room that is left, so that it reads in full
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in range(2, len(columns)):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column) + 8, 220))
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        layout.addWidget(self.table, 1)

        self.problems = QPlainTextEdit()  # plain text: the file's words are never markup
        self.problems.setReadOnly(True)
        self.problems.setMaximumHeight(110)
        self.problems.setPlainText(
            "\n".join(
                f"Line {p.line}, {_title(p.column)} — {p.message}"
                if p.column
                else f"Line {p.line}: {p.message}"
                for p in preview.problems
            )
        )
        self.problems.setVisible(not preview.ok)
        layout.addWidget(self.problems)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        rows, bad = len(preview.file.rows), len(preview.bad_lines)
        # the count only when all of them will be imported
        self.import_button = self.buttons.addButton(
            f"Import {rows} {kind.noun if rows == 1 else kind.plural}" if preview.ok else "Import",
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        if not preview.ok:
            self.import_button.setToolTip(
                f"Fix the {bad} row{'s' if bad != 1 else ''} with problems in the file first"
            )
        self.import_button.setEnabled(preview.ok)
        self.import_button.setDefault(preview.ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, preview: ImportPreview) -> bool:
        """Show the preview; True when the user chose to import."""
        dialog = cls(preview, parent)
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted and preview.ok
        finally:
            dialog.deleteLater()
