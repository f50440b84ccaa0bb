"""The outline of a script being edited: sections at the top level, their questions below.

Each item holds its part of the script's description (the dict :func:`relman.workflows.scripts.
script_spec` gives and :func:`relman.workflows.scripts.save_script` takes), so the tree in its
current order *is* the script. Items are reordered by drag and drop or with Ctrl+Up/Ctrl+Down;
a drop that would put a question at the top level or a section inside another is undone.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDropEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem

SPEC_ROLE = Qt.ItemDataRole.UserRole + 1
Indicator = QAbstractItemView.DropIndicatorPosition
KIND_LABELS = {
    "open": "Open",
    "restatement": "Restate",
    "rating": "Rating 1–5",
    "yes_no": "Yes/no",
    "choice": "Choice",
}


def one_line(text: str, limit: int = 90) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class ScriptTree(QTreeWidget):
    #: the order or the set of items changed (a drop, a keyboard move)
    reordered = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setHeaderLabels(["Sections and questions", "Kind"])
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setAccessibleName("Sections and questions")
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setToolTip("Drag to reorder, or Ctrl+Up / Ctrl+Down; Delete removes the item")

    # -- the script as data ------------------------------------------------------------------
    def load(self, sections: list[dict[str, Any]]) -> None:
        self.clear()
        for section in sections:
            item = self.section_item(section)
            for question in section.get("questions", []):
                item.addChild(self.question_item(question))
        self.expandAll()

    def sections(self) -> list[dict[str, Any]]:
        """The script's sections in the order shown, each with its questions."""
        result = []
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            section = {k: v for k, v in item.data(0, SPEC_ROLE).items() if k != "questions"}
            section["questions"] = [
                copy.deepcopy(item.child(j).data(0, SPEC_ROLE)) for j in range(item.childCount())
            ]
            result.append(section)
        return result

    def section_item(self, section: dict[str, Any], at: int | None = None) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        item.setData(0, SPEC_ROLE, {k: v for k, v in section.items() if k != "questions"})
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsDropEnabled | Qt.ItemFlag.ItemIsDragEnabled)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        self.refresh(item)
        if at is None:
            self.addTopLevelItem(item)
        else:
            self.insertTopLevelItem(at, item)
        return item

    @staticmethod
    def question_item(question: dict[str, Any]) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        item.setData(0, SPEC_ROLE, copy.deepcopy(question))
        item.setFlags(
            (item.flags() | Qt.ItemFlag.ItemIsDragEnabled) & ~Qt.ItemFlag.ItemIsDropEnabled
        )
        ScriptTree.refresh(item)
        return item

    @staticmethod
    def is_section(item: QTreeWidgetItem | None) -> bool:
        return item is not None and item.parent() is None

    @staticmethod
    def refresh(item: QTreeWidgetItem) -> None:
        """Show the item's current text (after its form changed it)."""
        data = item.data(0, SPEC_ROLE)
        if item.parent() is None and "kind" not in data:
            item.setText(0, one_line(data.get("title", "")) or "(untitled section)")
            item.setToolTip(0, data.get("guidance", ""))
            return
        mark = "↳ " if data.get("condition") else ""
        item.setText(0, mark + (one_line(data.get("text", "")) or "(no text yet)"))
        item.setText(1, KIND_LABELS.get(data.get("kind", ""), ""))
        item.setToolTip(0, data.get("text", ""))

    def questions_before(self, target: QTreeWidgetItem) -> list[dict[str, Any]]:
        """The questions asked before ``target``, in order: what its condition may wait for."""
        found = []
        for i in range(self.topLevelItemCount()):
            section = self.topLevelItem(i)
            for j in range(section.childCount()):
                child = section.child(j)
                if child is target:
                    return found
                found.append(child.data(0, SPEC_ROLE))
        return found

    def all_keys(self) -> set[str]:
        return {
            self.topLevelItem(i).child(j).data(0, SPEC_ROLE).get("key", "")
            for i in range(self.topLevelItemCount())
            for j in range(self.topLevelItem(i).childCount())
        }

    # -- moving ------------------------------------------------------------------------------
    @staticmethod
    def drop_allowed(
        moved: QTreeWidgetItem, target: QTreeWidgetItem | None, where: Indicator
    ) -> bool:
        """A section goes between sections; a question into a section or between questions."""
        between = where in (Indicator.AboveItem, Indicator.BelowItem)
        if ScriptTree.is_section(moved):
            return (target is None or where is Indicator.OnViewport) or (
                ScriptTree.is_section(target) and between
            )
        if target is None:
            return False
        return where is Indicator.OnItem if ScriptTree.is_section(target) else between

    def dropEvent(self, event: QDropEvent) -> None:
        moved = self.currentItem()
        target = self.itemAt(event.position().toPoint())
        if moved is None or not self.drop_allowed(moved, target, self.dropIndicatorPosition()):
            event.ignore()
            return
        before = self.sections()
        moved_data = moved.data(0, SPEC_ROLE)
        super().dropEvent(event)
        if not self._well_formed():
            event.ignore()
            self.load(before)
            return
        self.expandAll()
        self._select_data(moved_data)
        self.reordered.emit()

    def _well_formed(self) -> bool:
        for i in range(self.topLevelItemCount()):
            section = self.topLevelItem(i)
            if "kind" in section.data(0, SPEC_ROLE):
                return False  # a question was dropped at the top level
            for j in range(section.childCount()):
                child = section.child(j)
                if "kind" not in child.data(0, SPEC_ROLE) or child.childCount():
                    return False  # a section inside a section, or a question under a question
        return True

    def _select_data(self, data: Any) -> None:
        for i in range(self.topLevelItemCount()):
            section = self.topLevelItem(i)
            for item in [section, *(section.child(j) for j in range(section.childCount()))]:
                if item.data(0, SPEC_ROLE) == data:
                    self.setCurrentItem(item)
                    return

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() == Qt.KeyboardModifier.ControlModifier and event.key() in (
            Qt.Key.Key_Up,
            Qt.Key.Key_Down,
        ):
            self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)

    def move_current(self, step: int) -> None:
        """Move the selected item one place up (-1) or down (1). A question at the edge of
        its section moves into the neighbouring section."""
        item = self.currentItem()
        if item is None:
            return
        parent = item.parent()
        if parent is None:
            row = self.indexOfTopLevelItem(item)
            if not 0 <= row + step < self.topLevelItemCount():
                return
            expanded = item.isExpanded()
            self.takeTopLevelItem(row)
            self.insertTopLevelItem(row + step, item)
            item.setExpanded(expanded)
        else:
            row = parent.indexOfChild(item)
            if 0 <= row + step < parent.childCount():
                parent.takeChild(row)
                parent.insertChild(row + step, item)
            else:
                neighbour = self.topLevelItem(self.indexOfTopLevelItem(parent) + step)
                if neighbour is None:
                    return
                parent.takeChild(row)
                neighbour.insertChild(neighbour.childCount() if step < 0 else 0, item)
                neighbour.setExpanded(True)
        self.setCurrentItem(item)
        self.reordered.emit()
