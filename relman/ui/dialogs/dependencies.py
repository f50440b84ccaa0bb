"""Which services a unit depends on, and how much: one row per service, a level each."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relman.models import Dependence
from relman.ui.dialogs.form import choice_index
from relman.ui.errors import show_error

LEVELS: list[tuple[str, Dependence | None]] = [("—", None)] + [
    (d.value.capitalize(), d) for d in Dependence
]
Levels = dict[uuid.UUID, Dependence | None]
Submit = Callable[[Levels, Levels, Callable[[Any], None], Callable[[BaseException], None]], None]


class DependenciesDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        unit: str,
        services: list[tuple[uuid.UUID, str]],
        current: Levels,
        submit: Submit,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Services {unit} depends on")
        self.resize(520, 480)
        self.before = {sid: current.get(sid) for sid, _name in services}
        self.submit = submit
        self.table = QTableWidget(len(services), 2)
        self.table.setHorizontalHeaderLabels(["Service", "Depends on it"])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.combos: dict[uuid.UUID, QComboBox] = {}
        for row, (sid, name) in enumerate(services):
            item = QTableWidgetItem(name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            self.table.setItem(row, 0, item)
            combo = QComboBox()
            for label, level in LEVELS:
                combo.addItem(label, level)
            combo.setCurrentIndex(choice_index(LEVELS, current.get(sid)))
            self.table.setCellWidget(row, 1, combo)
            self.combos[sid] = combo
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("How much does the unit's work stop when the service stops?"))
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def set_level(self, service_id: uuid.UUID, level: Dependence | None) -> None:
        combo = self.combos[service_id]
        combo.setCurrentIndex(choice_index(LEVELS, level))

    def save(self) -> None:
        after = {sid: combo.currentData() for sid, combo in self.combos.items()}
        changed = {sid: lv for sid, lv in after.items() if lv != self.before.get(sid)}
        if not changed:
            self.accept()
            return
        old = {sid: self.before.get(sid) for sid in changed}
        self.buttons.setEnabled(False)
        self.submit(changed, old, lambda _r: self.accept(), self._refused)

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        show_error(self, exc)
