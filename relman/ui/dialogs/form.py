"""A form that validates as you type and refuses bad input beside the field.

Fields are declared as data; the page supplies ``submit(values, done, failed)``, which saves
through a runner job. The dialog stays open until the save succeeded: a refused save marks
the field it names (or shows the message above the buttons) and nothing is saved.

What was typed is never thrown away without a question: a :class:`GuardedDialog` (every
form here) asks :class:`DiscardTyped` before Esc, Cancel or its close box drops changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from relman.errors import RelmanError, ValidationError
from relman.ui.errors import show_error
from relman.ui.prompts import confirm

INVALID_STYLE = "border: 1px solid #c0392b; background: #fdf2f2;"
TYPED = ("line", "text")  # the kinds of field checked as the user types


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "line"  # line, text, choice, check, many, days (a count of 1 to 366 days)
    required: bool = False
    max_len: int = 200
    choices: Sequence[tuple[str, Any]] = field(default_factory=tuple)
    help: str = ""


def choice_index(choices: Sequence[tuple[str, Any]], value: Any) -> int:
    """The position of ``value`` among ``choices`` (the first when absent).

    Compared in Python by equality: ``QComboBox.findData`` compares wrapped Python objects by
    identity, so a UUID equal to a choice's but loaded separately was never found, and
    saving the form wiped the link it showed as "(none)".
    """
    return next((n for n, (_label, data) in enumerate(choices) if data == value), 0)


class DiscardTyped:
    """Asked before typed text that is not saved is thrown away; No (the default, so that a
    stray Enter loses nothing) keeps it. A classmethod, so that tests patch one method."""

    @classmethod
    def ask(cls, parent: QWidget | None, text: str = "") -> bool:
        return confirm(
            parent,
            "Discard what you typed?",
            text or "What you typed in this form is not saved. Discard it?",
        )


class GuardedDialog(QDialog):
    """A dialog that asks before Esc, Cancel (:meth:`cancel`) or its close box throws away
    changes. A subclass says what the user can change (:meth:`snapshot`) and calls
    :meth:`keep_snapshot` once its fields hold their starting values; ``reject()`` called
    by the program still closes at once."""

    _at_start: object = None

    def snapshot(self) -> object:
        """What the user can change, comparable with ``==``."""
        return None

    def keep_snapshot(self) -> None:
        self._at_start = self.snapshot()

    def has_changes(self) -> bool:
        return self.snapshot() != self._at_start

    def may_discard(self) -> bool:
        """Nothing was changed, or the user agreed to lose it."""
        return not self.has_changes() or DiscardTyped.ask(self)

    def cancel(self) -> None:
        """Close without saving, once the user agreed to lose what was typed."""
        if self.may_discard():
            self.reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            event.accept()
            self.cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.isVisible() and not self.may_discard():
            event.ignore()
            return
        super().closeEvent(event)


def state_of(*widgets: QWidget) -> tuple[object, ...]:
    """What the user has set in each of ``widgets``: a :meth:`GuardedDialog.snapshot`."""

    def one(widget: QWidget) -> object:
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QLineEdit):
            return widget.text()
        if isinstance(widget, QComboBox):
            return widget.currentIndex()
        if isinstance(widget, QAbstractButton):
            return widget.isChecked()
        if isinstance(widget, QDateTimeEdit | QSpinBox):
            return widget.text()
        return None

    return tuple(one(widget) for widget in widgets)


def save_bar(dialog: Any) -> tuple[QLabel, QDialogButtonBox]:
    """A form dialog's foot: the line for a message about the whole form (hidden until
    there is one) and Save / Cancel, wired to ``dialog.save`` and ``dialog.cancel`` (which
    asks before typed changes go; ``dialog.reject`` for a dialog without it)."""
    message = QLabel()
    message.setStyleSheet("color: #c0392b;")
    message.setWordWrap(True)
    message.hide()
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.save)
    buttons.rejected.connect(getattr(dialog, "cancel", dialog.reject))
    return message, buttons


Submit = Callable[[dict[str, Any], Callable[[Any], None], Callable[[BaseException], None]], None]


class FormDialog(GuardedDialog):
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
        self.touched: set[str] = set()  # fields edited: only their problems are shown
        self.tried = False  # a save was attempted: every problem is shown
        form = QFormLayout()
        for spec in fields:
            editor = self._editor(spec, values.get(spec.name))
            self.editors[spec.name] = editor
            error = self._error_label(spec)
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
        self.message, self.buttons = save_bar(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.validate()
        self.keep_snapshot()

    def snapshot(self) -> object:
        return self.values()

    def _error_label(self, spec: Field) -> QLabel:
        """The line under a field for its problem; a typed field keeps the line's room while
        it is hidden, so that the fields below do not jump when an error comes or goes."""
        error = QLabel()
        error.setObjectName(f"error_{spec.name}")
        error.setStyleSheet("color: #c0392b;")
        error.setWordWrap(True)
        if spec.kind in TYPED:
            error.setText("One line")  # the room of a one-line message, kept when hidden
            error.setMinimumHeight(error.sizeHint().height())
            error.setText("")
            policy = error.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            error.setSizePolicy(policy)
        error.hide()
        return error

    def _edited(self, name: str) -> None:
        self.touched.add(name)
        self.validate()

    def _editor(self, spec: Field, value: Any) -> QWidget:
        if spec.kind == "text":
            editor: QWidget = QPlainTextEdit(value or "")
            editor.setTabChangesFocus(True)
            editor.textChanged.connect(lambda name=spec.name: self._edited(name))
        elif spec.kind == "choice":
            editor = QComboBox()
            for label, data in spec.choices:
                editor.addItem(label, data)
            editor.setCurrentIndex(choice_index(spec.choices, value))
        elif spec.kind == "check":
            editor = QCheckBox()
            editor.setChecked(bool(value))
        elif spec.kind == "days":
            editor = QSpinBox()
            editor.setRange(1, 366)
            editor.setSuffix(" days")
            editor.setValue(int(value or 30))
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
            editor.setSpacing(1)  # the frame would clip the top row otherwise
        else:
            editor = QLineEdit(value or "")
            editor.setMaxLength(spec.max_len + 1)  # one over, so the limit can be explained
            editor.setFixedHeight(editor.sizeHint().height())  # the same when marked invalid
            editor.textChanged.connect(lambda _text, name=spec.name: self._edited(name))
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
        if isinstance(editor, QSpinBox):
            return editor.value()
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
        if spec.kind not in TYPED:
            return ""
        text = self.value(spec.name)
        if spec.required and not text.strip():
            return f"{spec.label} cannot be empty."
        if len(text.strip()) > spec.max_len:
            return f"At most {spec.max_len} characters ({len(text.strip())} now)."
        return ""

    def validate(self) -> bool:
        """Check every field; show the problems of those edited, or of all of them once a
        save was attempted (Save stays enabled, so that pressing it says what is missing)."""
        ok = True
        for spec in self.fields.values():
            problem = self.problem(spec)
            if self.tried or spec.name in self.touched:
                self.mark(spec.name, problem)
            ok = ok and not problem
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

    def _focus_first_problem(self) -> None:
        for name, editor in self.editors.items():
            if self.is_marked(name):
                editor.setFocus()
                return

    def is_marked(self, name: str) -> bool:
        return bool(self.editors[name].property("invalid"))

    # -- saving ---------------------------------------------------------------------------
    def save(self) -> None:
        self.tried = True
        if self.saving:
            return
        if not self.validate():
            self._focus_first_problem()
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
