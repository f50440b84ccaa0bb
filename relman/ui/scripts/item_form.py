"""The form beside the outline: the selected section's title and guidance, or the selected
question's kind, text, guidance, choices and condition. Edits go straight into the item's
data; the script is checked as a whole when it is saved."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QTreeWidgetItem,
    QWidget,
)

from relman.ui.scripts.tree import KIND_LABELS, SPEC_ROLE, ScriptTree, one_line

#: what a condition may wait for, by the kind of the earlier question
SUGGESTED_VALUES = {
    "yes_no": ["yes", "no"],
    "rating": ["1", "2", "3", "4", "5", "<=2", ">=4"],
}


def _text_box(height: int, placeholder: str) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setMaximumHeight(height)
    box.setTabChangesFocus(True)
    return box


class ItemForm(QStackedWidget):
    #: the item's data changed (the editor then has unsaved changes)
    edited = Signal()

    def __init__(self, tree: ScriptTree) -> None:
        super().__init__()
        self.tree = tree
        self.item: QTreeWidgetItem | None = None
        self._filling = False
        self.empty = QLabel("Choose a section or a question to edit it.")
        self.empty.setWordWrap(True)
        self.addWidget(self.empty)

        self.section_page = QWidget()
        form = QFormLayout(self.section_page)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.title = QLineEdit()
        self.title.setMaxLength(200)
        self.section_guidance = _text_box(220, "Advice for the whole section")
        form.addRow("Section &title", self.title)
        form.addRow("&Guidance", self.section_guidance)
        self.addWidget(self.section_page)

        self.question_page = QWidget()
        form = QFormLayout(self.question_page)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # room for the text
        self.kind = QComboBox()
        for value, label in KIND_LABELS.items():
            self.kind.addItem(label, value)
        self.text = _text_box(90, "The question as you would ask it")
        self.guidance = _text_box(140, "Advice for the interviewer: how to ask, what to listen for")
        self.choices = _text_box(110, "One choice per line")
        self.choices_label = QLabel("C&hoices")
        self.choices_label.setBuddy(self.choices)
        self.condition_on = QComboBox()
        self.condition_on.setAccessibleName("Show only when question")
        # the box keeps the form's width however long the questions are (shortened below)
        self.condition_on.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.condition_on.setMinimumContentsLength(12)
        self.condition_value = QComboBox()
        self.condition_value.setEditable(True)
        self.condition_value.setAccessibleName("was answered")
        form.addRow("&Kind", self.kind)
        form.addRow("&Question", self.text)
        form.addRow("G&uidance", self.guidance)
        form.addRow(self.choices_label, self.choices)
        form.addRow("Show only &when", self.condition_on)
        form.addRow("…was &answered", self.condition_value)
        self.addWidget(self.question_page)

        self.title.textChanged.connect(self._save)
        self.section_guidance.textChanged.connect(self._save)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for box in (self.text, self.guidance, self.choices):
            box.textChanged.connect(self._save)
        self.condition_on.currentIndexChanged.connect(self._condition_changed)
        self.condition_value.currentTextChanged.connect(self._save)
        self.show_item(None)

    def show_item(self, item: QTreeWidgetItem | None) -> None:
        self.item = item
        self._filling = True
        try:
            if item is None:
                self.setCurrentWidget(self.empty)
            elif ScriptTree.is_section(item):
                data = item.data(0, SPEC_ROLE)
                self.title.setText(data.get("title", ""))
                self.section_guidance.setPlainText(data.get("guidance", ""))
                self.setCurrentWidget(self.section_page)
            else:
                self._fill_question(item.data(0, SPEC_ROLE))
                self.setCurrentWidget(self.question_page)
        finally:
            self._filling = False

    def _fill_question(self, data: dict[str, Any]) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(data.get("kind", "open"))))
        self.text.setPlainText(data.get("text", ""))
        self.guidance.setPlainText(data.get("guidance", ""))
        self.choices.setPlainText("\n".join(data.get("choices", [])))
        self._show_choices()
        self.condition_on.clear()
        self.condition_on.addItem("(always ask this question)", "")
        assert self.item is not None
        for earlier in self.tree.questions_before(self.item):
            kind = KIND_LABELS.get(earlier.get("kind", ""), "")
            # short enough for the box; the whole question in the tooltip
            self.condition_on.addItem(
                f"{kind}: {one_line(earlier['text'], 26)}", earlier.get("key", "")
            )
            full = f"{kind}: {earlier['text']}"
            self.condition_on.setItemData(
                self.condition_on.count() - 1, full, Qt.ItemDataRole.ToolTipRole
            )
        condition = data.get("condition") or {}
        index = self.condition_on.findData(condition.get("on", ""))
        if index < 0:  # it waits for a question now after it: shown so the user can fix it
            self.condition_on.addItem("(a question that now comes later)", condition.get("on"))
            index = self.condition_on.count() - 1
        self.condition_on.setCurrentIndex(index)
        self._condition_tooltip()
        self._fill_values()
        self.condition_value.setCurrentText(condition.get("value", ""))

    def _show_choices(self) -> None:
        shown = self.kind.currentData() == "choice"
        self.choices.setVisible(shown)
        self.choices_label.setVisible(shown)

    def _fill_values(self) -> None:
        """Offer the answers the chosen earlier question can have."""
        on = self.condition_on.currentData()
        earlier = (
            next((q for q in self.tree.questions_before(self.item) if q.get("key") == on), None)
            if self.item is not None and on
            else None
        )
        text = self.condition_value.currentText()
        self.condition_value.clear()
        if earlier is not None:
            values = SUGGESTED_VALUES.get(earlier.get("kind", ""), earlier.get("choices", []))
            self.condition_value.addItems(values)
        self.condition_value.setCurrentText(text)
        self.condition_value.setEnabled(bool(on))

    def _kind_changed(self) -> None:
        self._show_choices()
        self._save()

    def _condition_tooltip(self) -> None:
        """The chosen question in full, as the box shows it shortened."""
        index = self.condition_on.currentIndex()
        full = self.condition_on.itemData(index, Qt.ItemDataRole.ToolTipRole)
        self.condition_on.setToolTip(full or self.condition_on.currentText())

    def _condition_changed(self) -> None:
        self._condition_tooltip()
        if not self._filling:
            self._filling = True
            try:
                self._fill_values()
            finally:
                self._filling = False
        self._save()

    def _save(self) -> None:
        """Write the form back into the item."""
        if self._filling or self.item is None:
            return
        data = dict(self.item.data(0, SPEC_ROLE))
        if ScriptTree.is_section(self.item):
            data.update(title=self.title.text(), guidance=self.section_guidance.toPlainText())
        else:
            data.update(
                kind=self.kind.currentData(),
                text=self.text.toPlainText(),
                guidance=self.guidance.toPlainText(),
            )
            if data["kind"] == "choice":
                data["choices"] = [c for c in self.choices.toPlainText().split("\n") if c.strip()]
            else:
                data.pop("choices", None)
            on = self.condition_on.currentData()
            if on:
                data["condition"] = {"on": on, "value": self.condition_value.currentText()}
            else:
                data.pop("condition", None)
        self.item.setData(0, SPEC_ROLE, data)
        ScriptTree.refresh(self.item)
        self.edited.emit()
