"""The script editor: name and purpose, the outline of sections and questions with a form for
the selected one, Save (a new version once interviews used the script), and the versions
with the number of interviews that use each.

Adding, deleting and moving items change only the editor until Save; a deletion can be
taken back with "Undo delete" until then. Saving goes through the window's undo stack, so
Edit → Undo brings back the script as it was before the save.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from relman.errors import RelmanError, ValidationError
from relman.ui.context import AppContext
from relman.ui.dialogs.form import INVALID_STYLE
from relman.ui.errors import show_error
from relman.ui.scripts.item_form import ItemForm
from relman.ui.scripts.tree import SPEC_ROLE, ScriptTree, one_line
from relman.ui.undo import perform
from relman.workflows import script_lists, scripts
from relman.workflows.commands import Command
from relman.workflows.script_lists import ScriptRow, VersionRow


def _lines_high(box: QPlainTextEdit, lines: int) -> int:
    """The height that shows ``lines`` whole lines of text in ``box`` and no part of the next
    one (a scrolled box keeps only the document's top margin, so it is counted once)."""
    margins = box.contentsMargins()
    top = box.document().documentMargin()
    return int(lines * box.fontMetrics().lineSpacing() + top + margins.top() + margins.bottom())


def _load(session: Any, script_id: uuid.UUID) -> tuple[dict[str, Any], list[VersionRow]]:
    return scripts.script_spec(session, script_id), script_lists.version_rows(session, script_id)


class ScriptEditor(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.row: ScriptRow | None = None
        self.saved_spec: dict[str, Any] = {}
        self.deleted: list[tuple[list[dict[str, Any]], str]] = []  # outline before, what went
        self.dirty = False
        self._new_keys = 0

        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.purpose = QPlainTextEdit()
        self.purpose.setFixedHeight(_lines_high(self.purpose, 3))
        self.purpose.setTabChangesFocus(True)
        head = QFormLayout()
        head.addRow("&Name", self.name)
        head.addRow("&Purpose", self.purpose)

        self.tree = ScriptTree()
        self.form = ItemForm(self.tree)
        self.add_section_button = QPushButton("Add section")
        self.add_section_button.setToolTip("Add a section after the selected one (Ctrl+Shift+T)")
        self.add_question_button = QPushButton("Add question")
        self.add_question_button.setToolTip("Add a question after the selected one (Ctrl+Shift+Q)")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected section or question (Delete)")
        self.undo_delete_button = QPushButton("Undo delete")
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.hide()  # shown with its text: no empty gap above the save row
        buttons = QHBoxLayout()
        for button in (
            self.add_section_button,
            self.add_question_button,
            self.delete_button,
            self.undo_delete_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree, 1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.notice)
        self.split = QSplitter()
        self.split.addWidget(left)
        self.split.addWidget(self.form)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)

        self.change_note = QLineEdit()
        self.change_note.setPlaceholderText("What changed (kept with a new version)")
        self.save_button = QPushButton("Save (Ctrl+S)")
        self.revert_button = QPushButton("Revert")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        save_row = QHBoxLayout()
        save_row.addWidget(self.change_note, 1)
        save_row.addWidget(self.revert_button)
        save_row.addWidget(self.save_button)
        self.versions = QListWidget()
        self.versions.setMaximumHeight(80)
        self.versions.setAccessibleName("Versions")

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.error)
        layout.addLayout(save_row)
        layout.addWidget(QLabel("Versions (interviews keep the version they were held with)"))
        layout.addWidget(self.versions)

        self.tree.currentItemChanged.connect(lambda item, _old: self._selected(item))
        self.tree.reordered.connect(self._touched)
        self.form.edited.connect(self._touched)
        self.name.textEdited.connect(self._touched)
        self.purpose.textChanged.connect(self._purpose_edited)
        self.add_section_button.clicked.connect(self.add_section)
        self.add_question_button.clicked.connect(self.add_question)
        self.delete_button.clicked.connect(self.delete_current)
        self.undo_delete_button.clicked.connect(self.undo_delete)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(lambda: self._fill(self.saved_spec))
        within = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, slot in (
            ("Ctrl+S", self.save),
            ("Ctrl+Shift+T", self.add_section),
            ("Ctrl+Shift+Q", self.add_question),
        ):
            QShortcut(QKeySequence(keys), self, activated=slot, context=within)
        QShortcut(
            QKeySequence.StandardKey.Delete,
            self.tree,
            activated=self.delete_current,
            context=Qt.ShortcutContext.WidgetShortcut,
        )
        self.show_script(None)

    # -- loading -----------------------------------------------------------------------------
    def show_script(self, row: ScriptRow | None) -> None:
        """Edit ``row`` (None: nothing chosen). Unsaved changes to another script are
        dropped; the page asks first (see :meth:`confirm_leave`)."""
        self.row = row
        self.setEnabled(row is not None)
        if row is None:
            self._fill({"name": "", "purpose": "", "sections": []})
            self.versions.clear()
            return
        self.ctx.runner.read(lambda s: _load(s, row.id), self._loaded, key="script-editor")

    def _loaded(self, result: tuple[dict[str, Any], list[VersionRow]]) -> None:
        spec, versions = result
        self._fill(spec)
        self.versions.clear()
        for v in versions:
            used = f"{v.interviews} interview{'s' if v.interviews != 1 else ''}"
            note = f" · {one_line(v.change_note, 70)}" if v.change_note else ""
            # the day the version was stored (a script set up today may carry interviews
            # held before), so said apart from the use count
            made = v.created_at.astimezone().strftime("%Y-%m-%d")
            self.versions.addItem(f"Version {v.number}{note} · used by {used} · made {made}")

    def _fill(self, spec: dict[str, Any]) -> None:
        self.saved_spec = spec
        self.name.setText(spec.get("name", ""))
        self.purpose.blockSignals(True)
        self.purpose.setPlainText(spec.get("purpose", ""))
        self.purpose.blockSignals(False)
        self.tree.load(spec.get("sections", []))
        self.change_note.clear()
        self.deleted.clear()
        self._show_error(None)
        self._set_dirty(False)
        first = self.tree.topLevelItem(0)
        self.tree.setCurrentItem(first)
        self._selected(first)

    # -- editing -----------------------------------------------------------------------------
    def _selected(self, item: Any) -> None:
        self.form.show_item(item)
        self.delete_button.setEnabled(item is not None)

    def _touched(self) -> None:
        self._set_dirty(True)

    def _purpose_edited(self) -> None:
        self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        self.undo_delete_button.setEnabled(bool(self.deleted))
        if not self.deleted:
            self.notice.clear()
            self.notice.hide()

    def _fresh_key(self) -> str:
        taken = self.tree.all_keys()
        while True:
            self._new_keys += 1
            key = f"new{self._new_keys}"
            if key not in taken:
                return key

    def add_section(self) -> None:
        current = self.tree.currentItem()
        at = self.tree.topLevelItemCount()
        if current is not None:
            top = current if current.parent() is None else current.parent()
            at = self.tree.indexOfTopLevelItem(top) + 1
        section = self.tree.section_item({"title": "New section", "guidance": ""}, at)
        question = self.tree.question_item({"key": self._fresh_key(), "kind": "open", "text": ""})
        section.addChild(question)
        section.setExpanded(True)
        self.tree.setCurrentItem(section)
        self.form.title.setFocus()
        self.form.title.selectAll()
        self._touched()

    def add_question(self) -> None:
        current = self.tree.currentItem()
        if current is None:
            if self.tree.topLevelItemCount() == 0:
                self.add_section()
                return
            current = self.tree.topLevelItem(self.tree.topLevelItemCount() - 1)
        item = self.tree.question_item({"key": self._fresh_key(), "kind": "open", "text": ""})
        if current.parent() is None:
            current.insertChild(current.childCount(), item)
            current.setExpanded(True)
        else:
            current.parent().insertChild(current.parent().indexOfChild(current) + 1, item)
        self.tree.setCurrentItem(item)
        self.form.text.setFocus()
        self._touched()

    def delete_current(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        before = self.tree.sections()
        data = item.data(0, SPEC_ROLE)
        if item.parent() is None:
            title = one_line(data.get("title", ""), 40)
            what = f"section “{title}” and its {item.childCount()} question(s)"
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
        else:
            what = f"question “{one_line(data.get('text', ''), 40)}”"
            item.parent().removeChild(item)
        self.deleted.append((before, what))
        self._touched()
        self.notice.setText(f"Deleted {what}. “Undo delete” brings it back until you save.")
        self.notice.show()

    def undo_delete(self) -> None:
        if not self.deleted:
            return
        before, what = self.deleted.pop()
        self.tree.load(before)
        self._touched()
        self.notice.setText(f"Brought back {what}.")
        self.notice.show()

    # -- saving ------------------------------------------------------------------------------
    def spec(self) -> dict[str, Any]:
        return {
            "name": self.name.text(),
            "purpose": self.purpose.toPlainText(),
            "sections": self.tree.sections(),
        }

    def save(self) -> None:
        row = self.row
        if row is None or not self.dirty:
            return
        new, note = self.spec(), self.change_note.text()
        self._show_error(None)
        self.save_button.setEnabled(False)
        # based on the version the script was read at: someone else's save in between is
        # refused, and so is the undo once the script moved on
        perform(
            self.ctx.runner,
            self.ctx.undo,
            Command(
                "save_script",
                {
                    "script_id": row.id,
                    "spec": new,
                    "expected_version": row.version,
                    "change_note": note,
                },
                by=self.ctx.me,
                text=f"edit of script {new['name'].strip() or row.name}",
            ),
            on_done=lambda _script: self._set_dirty(False),
            on_error=self._refused,
        )

    def _refused(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self._show_error(exc)
        elif isinstance(exc, RelmanError):
            show_error(self, exc)

    def _show_error(self, exc: ValidationError | None) -> None:
        self.error.setText(exc.message if exc else "")
        self.error.setVisible(exc is not None)
        for field, widget in (("name", self.name), ("change_note", self.change_note)):
            widget.setStyleSheet(INVALID_STYLE if exc is not None and exc.field == field else "")
        if exc is not None and exc.field in ("name", "change_note"):
            (self.name if exc.field == "name" else self.change_note).setFocus()
