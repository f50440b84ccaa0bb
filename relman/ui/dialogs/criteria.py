"""The department's key-customer criteria (Contacts → Criteria…): add, rename, reorder,
retire and restore, each undoable from the dialog (Ctrl+Z) or the Edit menu later. Retired
criteria stay in earlier assessments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relman.ui.dialogs.edits import save_changes
from relman.ui.dialogs.form import Field, FormDialog
from relman.ui.errors import show_error
from relman.ui.runner import Changes
from relman.ui.undo import perform
from relman.workflows import key_customers
from relman.workflows.commands import Command
from relman.workflows.key_customers import CriterionRow

Std = QKeySequence.StandardKey


class CriteriaDialog(QDialog):
    """The department's key-customer criteria: add, rename, reorder, retire and restore.
    Retired criteria stay in earlier assessments."""

    def __init__(self, parent: QWidget, ctx: Any) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Key-customer criteria")
        self.setMinimumWidth(520)
        self.list = QListWidget()
        self.list.currentRowChanged.connect(lambda _r: self._enable())
        self.list.itemDoubleClicked.connect(lambda _i: self.edit())
        hint = QLabel(
            "One criterion met makes a key customer. Retired criteria are no longer asked; "
            "earlier assessments keep their answers."
        )
        hint.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        side = QVBoxLayout()
        for key, label, action in (
            ("add", "Add…", self.add),
            ("edit", "Edit…", self.edit),
            ("up", "Move up", lambda: self.move(-1)),
            ("down", "Move down", lambda: self.move(1)),
            ("retire", "Retire", self.retire),
            ("restore", "Restore", self.restore),
        ):
            button = QPushButton(label)
            button.clicked.connect(action)
            self.buttons[key] = button
            side.addWidget(button)
        side.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(body)
        layout.addWidget(close)
        QShortcut(Std.Undo, self, activated=ctx.undo.undo)
        QShortcut(Std.Redo, self, activated=ctx.undo.redo)
        ctx.runner.changed.connect(self._changed)
        self.rows: list[CriterionRow] = []
        self.reload()

    def _changed(self, changes: Changes) -> None:
        if changes.touches("key_criteria"):
            self.reload()

    def reload(self) -> None:
        self.ctx.runner.read(
            lambda s: key_customers.criteria(s, include_retired=True), self._loaded, key="criteria"
        )

    def _loaded(self, rows: list[CriterionRow]) -> None:
        current = self.current.id if self.current else None
        self.rows = rows
        self.list.clear()
        for row in rows:
            label = row.name + (" (retired)" if row.archived else "")
            item = QListWidgetItem(label)
            item.setToolTip(row.question)
            if row.archived:
                item.setForeground(Qt.GlobalColor.gray)
            self.list.addItem(item)
        found = next((n for n, r in enumerate(rows) if r.id == current), 0 if rows else -1)
        self.list.setCurrentRow(found)
        self._enable()

    @property
    def current(self) -> CriterionRow | None:
        n = self.list.currentRow()
        return self.rows[n] if 0 <= n < len(self.rows) else None

    def _enable(self) -> None:
        row = self.current
        self.buttons["edit"].setEnabled(row is not None)
        in_use = [r.id for r in self.rows if not r.archived]
        live = row is not None and not row.archived
        self.buttons["retire"].setEnabled(live)
        # a move that cannot happen is not offered, so its undo never moves the other way
        self.buttons["up"].setEnabled(live and in_use[0] != row.id)  # type: ignore[union-attr]
        self.buttons["down"].setEnabled(live and in_use[-1] != row.id)  # type: ignore[union-attr]
        self.buttons["restore"].setEnabled(row is not None and row.archived)

    def _fields(self) -> list[Field]:
        return [
            Field("name", "Name", required=True, max_len=80),
            Field("question", "Question", max_len=300),
            Field(
                "excludes_unreasonable",
                "Cannot go with unreasonable demands",
                "check",
                help="Tick for a criterion that says the expectations are reasonable.",
            ),
        ]

    def _failed(self) -> Callable[[BaseException], None]:
        return lambda exc: show_error(self, exc)

    def add(self) -> None:
        def create(values: dict[str, Any], done: Any, failed: Any) -> None:
            perform(
                self.ctx.runner,
                self.ctx.undo,
                Command(
                    "add_criterion",
                    dict(values),
                    by=self.ctx.me,
                    text=f"new criterion {values['name'].strip()}",
                ),
                on_done=done,
                on_error=failed,
            )

        self.form = FormDialog(self, "New criterion", self._fields(), {}, create)
        self.form.open()

    def edit(self) -> None:
        row = self.current
        if row is None:
            return
        before = {
            "name": row.name,
            "question": row.question,
            "excludes_unreasonable": row.excludes_unreasonable,
        }

        def update(after: dict[str, Any], done: Any, failed: Any) -> None:
            save_changes(
                self.ctx,
                "update_criterion",
                "criterion_id",
                row.id,
                version=row.version,
                noun="criterion",
                before=before,
                after=after,
                on_done=done,
                on_error=failed,
            )

        self.form = FormDialog(self, f"Edit {row.name}", self._fields(), before, update)
        self.form.open()

    def _step(self, text: str, name: str, **args: Any) -> None:
        """An undoable step on the current criterion: the command ``name``, based on the
        version the list was read at."""
        row = self.current
        if row is None:
            return
        perform(
            self.ctx.runner,
            self.ctx.undo,
            Command(
                name,
                {"criterion_id": row.id, "expected_version": row.version, **args},
                by=self.ctx.me,
                text=f"{text} {row.name}",
            ),
            on_error=self._failed(),
        )

    def move(self, offset: int) -> None:
        self._step("move of criterion", "move_criterion", offset=offset)

    def retire(self) -> None:
        self._step("retiring of criterion", "retire_criterion")

    def restore(self) -> None:
        self._step("restoring of criterion", "restore_criterion")
