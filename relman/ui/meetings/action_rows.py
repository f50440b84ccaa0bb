"""Action items typed inline in a new meeting's form: one row each (what, owner, due date,
done), saved with the meeting in one step. Blank rows are left out."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from relman.workflows.action_items import Owner

TEXT, OWNER, DUE, DONE = range(4)


class ActionRows(QWidget):
    def __init__(self, owners: list[Owner], me: Owner | None) -> None:
        super().__init__()
        self.owners = owners
        self.me = me
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("action_rows")
        self.table.setHorizontalHeaderLabels(["Action", "Owner", "Due", "Done"])
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        # narrow enough that the text typed keeps the most room; the due date's format is
        # in its placeholder and tooltip
        for column, width in ((OWNER, 160), (DUE, 100), (DONE, 48)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.table.setMinimumHeight(110)
        add = QPushButton("Add action item")
        add.clicked.connect(lambda: self.add_row())
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def set_owners(self, owners: list[Owner]) -> None:
        """Offer these owners (the unit's contacts changed); the rows keep their choice."""
        self.owners = owners
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, OWNER)
            assert isinstance(combo, QComboBox)
            self._offer(combo, combo.currentData())

    def _offer(self, combo: QComboBox, chosen: Owner | None) -> None:
        combo.clear()
        combo.addItem("(choose)", None)
        options = list(self.owners)
        if chosen is not None and chosen not in options:
            options.append(chosen)
        for owner in options:
            combo.addItem(f"{owner.name} ({owner.kind})", owner)
        combo.setCurrentIndex(next((n + 1 for n, o in enumerate(options) if o == chosen), 0))

    def add_row(self, text: str = "", owner: Owner | None = None, due: str = "") -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        what = QLineEdit(text, placeholderText="What is to be done")
        combo = QComboBox()
        self._offer(combo, owner or self.me)
        when = QLineEdit(due, placeholderText="YYYY-MM-DD")
        when.setToolTip("The due date, as YYYY-MM-DD; empty for no due date")
        when.setMaxLength(10)
        done = QCheckBox()
        for column, widget in ((TEXT, what), (OWNER, combo), (DUE, when), (DONE, done)):
            self.table.setCellWidget(row, column, widget)
        what.setFocus()

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)

    def values(self) -> list[dict[str, Any]]:
        """The rows typed (not the blank ones): text, owner, due (as typed) and done."""
        rows = []
        for row in range(self.table.rowCount()):
            what, combo, when, done = (self.table.cellWidget(row, c) for c in range(4))
            assert isinstance(what, QLineEdit) and isinstance(combo, QComboBox)
            assert isinstance(when, QLineEdit) and isinstance(done, QCheckBox)
            if not what.text().strip() and not when.text().strip():
                continue
            rows.append(
                {
                    "text": what.text(),
                    "owner": combo.currentData(),
                    "due_on": when.text(),
                    "done": done.isChecked(),
                }
            )
        return rows
