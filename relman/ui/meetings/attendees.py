"""Who attended a meeting: staff and contacts ticked in one list, filtered as you type. The
contacts of the meeting's unit come first; people ticked stay listed whatever the unit."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from relman.workflows.portfolio import Ref

ID_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1


class AttendeesPicker(QWidget):
    def __init__(
        self, staff: list[Ref], contacts: list[Ref], chosen_staff: list, chosen_contacts: list
    ) -> None:
        super().__init__()
        self.staff = staff
        self.all_contacts = contacts
        self.filter = QLineEdit(placeholderText="Find a person")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._filter)
        self.list = QListWidget()
        self.list.setObjectName("attendees")
        self.list.setMinimumHeight(150)
        self.count = QLabel()
        self.list.itemChanged.connect(lambda _i: self._count())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count)
        self._fill(set(chosen_staff), set(chosen_contacts), contacts)

    def _fill(self, staff_ids: set, contact_ids: set, contacts: list[Ref]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        self._heading("Staff")
        for ref in self.staff:
            self._person(ref, "staff", ref.id in staff_ids, ref.name)
        self._heading("Contacts")
        listed = {c.id for c in contacts}
        kept = [c for c in self.all_contacts if c.id in contact_ids and c.id not in listed]
        for ref in contacts + kept:
            label = f"{ref.name} — {ref.extra}" if ref.extra else ref.name
            self._person(ref, "contact", ref.id in contact_ids, label)
        self.list.blockSignals(False)
        self._filter(self.filter.text())
        self._count()

    def _heading(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        # not greyed as a disabled row would be: a heading is read, not chosen
        item.setForeground(self.list.palette().color(QPalette.ColorRole.Text))
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        self.list.addItem(item)

    def _person(self, ref: Ref, kind: str, on: bool, label: str) -> None:
        item = QListWidgetItem(label)
        item.setData(ID_ROLE, ref.id)
        item.setData(KIND_ROLE, kind)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsSelectable
        )
        item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.list.addItem(item)

    def show_unit(self, contacts: list[Ref]) -> None:
        """List the contacts of the meeting's unit (the others ticked stay)."""
        staff_ids, contact_ids = self.chosen()
        self._fill(set(staff_ids), set(contact_ids), contacts)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(KIND_ROLE):
                item.setHidden(not all(w in item.text().casefold() for w in words))

    def _count(self) -> None:
        staff_ids, contact_ids = self.chosen()
        contacts = f"{len(contact_ids)} contact{'' if len(contact_ids) == 1 else 's'}"
        self.count.setText(f"{len(staff_ids)} staff, {contacts} attending")

    def chosen(self) -> tuple[list[uuid.UUID], list[uuid.UUID]]:
        """The ids of the staff and of the contacts ticked."""
        picked: dict[str, list[uuid.UUID]] = {"staff": [], "contact": []}
        for i in range(self.list.count()):
            item = self.list.item(i)
            kind = item.data(KIND_ROLE)
            if kind and item.checkState() == Qt.CheckState.Checked:
                picked[kind].append(item.data(ID_ROLE))
        return picked["staff"], picked["contact"]

    def tick(self, name: str) -> None:
        """Tick the person listed as ``name``; for tests and scripts."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(KIND_ROLE) and item.text().split(" — ")[0] == name:
                item.setCheckState(Qt.CheckState.Checked)
