"""A form that validates as you type and refuses bad input beside the field.

Fields are declared as data; the page supplies ``submit(values, done, failed)``, which saves
through a runner job. The dialog stays open until the save succeeded: a refused save marks
the field it names (or shows the message above the buttons) and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from relman.errors import RelmanError, ValidationError
from relman.ui.errors import show_error

INVALID_STYLE = "border: 1px solid #c0392b; background: #fdf2f2;"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "line"  # line, text, choice, check, many
    required: bool = False
    max_len: int = 200
    choices: Sequence[tuple[str, Any]] = field(default_factory=tuple)
    help: str = ""


Submit = Callable[[dict[str, Any], Callable[[Any], None], Callable[[BaseException], None]], None]


class FormDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        fields: Sequence[Field],
        values: dict[str, Any],
        submit: Submit,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.fields = {f.name: f for f in fields}
        self.submit = submit
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.saving = False
        form = QFormLayout()
        for spec in fields:
            editor = self._editor(spec, values.get(spec.name))
            self.editors[spec.name] = editor
            error = QLabel()
            error.setObjectName(f"error_{spec.name}")
            error.setStyleSheet("color: #c0392b;")
            error.setWordWrap(True)
            error.hide()
            self.errors[spec.name] = error
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(editor)
            box.addWidget(error)
            if spec.help:
                hint = QLabel(spec.help)
                hint.setStyleSheet("color: palette(mid);")
                box.addWidget(hint)
            form.addRow(spec.label + (" *" if spec.required else ""), box)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c0392b;")
        self.message.setWordWrap(True)
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.validate()

    def _editor(self, spec: Field, value: Any) -> QWidget:
        if spec.kind == "text":
            editor: QWidget = QPlainTextEdit(value or "")
            editor.setTabChangesFocus(True)
            editor.textChanged.connect(self.validate)
        elif spec.kind == "choice":
            editor = QComboBox()
            for label, data in spec.choices:
                editor.addItem(label, data)
            found = editor.findData(value)
            editor.setCurrentIndex(max(found, 0))
        elif spec.kind == "check":
            editor = QCheckBox()
            editor.setChecked(bool(value))
        elif spec.kind == "many":
            editor = QListWidget()
            chosen = set(value or ())
            for label, data in spec.choices:
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, data)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if data in chosen else Qt.CheckState.Unchecked
                )
                editor.addItem(item)
            editor.setMaximumHeight(140)
        else:
            editor = QLineEdit(value or "")
            editor.setMaxLength(spec.max_len + 1)  # one over, so the limit can be explained
            editor.textChanged.connect(self.validate)
        editor.setObjectName(spec.name)
        return editor

    # -- values ---------------------------------------------------------------------------
    def value(self, name: str) -> Any:
        editor = self.editors[name]
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QListWidget):
            return [
                editor.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(editor.count())
                if editor.item(i).checkState() == Qt.CheckState.Checked
            ]
        assert isinstance(editor, QLineEdit)
        return editor.text()

    def values(self) -> dict[str, Any]:
        return {name: self.value(name) for name in self.fields}

    # -- checking -------------------------------------------------------------------------
    def problem(self, spec: Field) -> str:
        if spec.kind not in ("line", "text"):
            return ""
        text = self.value(spec.name)
        if spec.required and not text.strip():
            return f"{spec.label} cannot be empty."
        if len(text.strip()) > spec.max_len:
            return f"At most {spec.max_len} characters ({len(text.strip())} now)."
        return ""

    def validate(self) -> bool:
        ok = True
        for spec in self.fields.values():
            problem = self.problem(spec)
            self.mark(spec.name, problem)
            ok = ok and not problem
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok and not self.saving)
        return ok

    def mark(self, name: str, problem: str) -> None:
        editor, error = self.editors.get(name), self.errors.get(name)
        if editor is None or error is None:
            self.message.setText(problem)
            self.message.setVisible(bool(problem))
            return
        editor.setStyleSheet(INVALID_STYLE if problem else "")
        editor.setProperty("invalid", bool(problem))
        error.setText(problem)
        error.setVisible(bool(problem))

    def is_marked(self, name: str) -> bool:
        return bool(self.editors[name].property("invalid"))

    # -- saving ---------------------------------------------------------------------------
    def save(self) -> None:
        if self.saving or not self.validate():
            return
        self.saving = True
        self.message.hide()
        self.buttons.setEnabled(False)
        self.submit(self.values(), self._saved, self._refused)

    def _saved(self, _result: Any) -> None:
        self.saving = False
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError) and exc.field in self.editors:
            self.mark(exc.field, exc.message)
            self.editors[exc.field].setFocus()
        elif isinstance(exc, RelmanError):
            self.mark("", exc.message)
        else:
            show_error(self, exc)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(True)
