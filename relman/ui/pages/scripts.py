"""Interview scripts: the list, and the editor of the chosen one (relman/ui/scripts/). New,
Duplicate (Ctrl+D), Export… (Ctrl+E) and Import… (Ctrl+I) of a script file
(docs/scripts-format.md); creations are undoable from the Edit menu."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from relman.ui.dialogs.form import Field, FormDialog
from relman.ui.file_dialogs import FileDialog
from relman.ui.pages.base import ListPage
from relman.ui.scripts.editor import ScriptEditor
from relman.ui.table_model import Column
from relman.ui.undo import perform
from relman.workflows import script_files, script_lists
from relman.workflows.commands import Command
from relman.workflows.script_lists import ScriptRow

NEW_FIELDS = (
    Field("name", "Name", required=True, help="e.g. “Half-year review with Finance”"),
    Field("purpose", "Purpose", "text", max_len=20_000),
)
FILE_FILTER = f"relman scripts (*{script_files.SUFFIX} *.json);;All files (*)"


def _starter(values: dict[str, Any]) -> dict[str, Any]:
    """A new script: one section with one open question, to be rewritten in the editor."""
    return {
        "name": values["name"],
        "purpose": values.get("purpose", ""),
        "sections": [
            {
                "title": "Opening",
                "guidance": "Say how long you will take and why you are here; then listen.",
                "questions": [{"kind": "open", "text": "What would make this meeting useful?"}],
            }
        ],
    }


def confirm(parent: QWidget, title: str, text: str, yes: QMessageBox.StandardButton) -> bool:
    """Ask before going on; the text names scripts, so it is shown as plain text."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setStandardButtons(yes | QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    return box.exec() == yes


def _file_name(name: str) -> str:
    safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in name).strip() or "script"
    return f"{safe[:80]}{script_files.SUFFIX}"


class ScriptsPage(ListPage):
    key = "scripts"
    title = "Scripts"
    placeholder = "Filter scripts"
    noun = ("script", "scripts")
    list_share = 35  # three short columns; the editor needs the room
    columns = (
        Column("Script", lambda r: r.name),
        Column("Ver.", lambda r: r.latest, align_right=True),
        Column("Interviews", lambda r: r.interviews, align_right=True),
    )

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.new_button = QPushButton("New…")
        self.duplicate_button = QPushButton("Duplicate")
        self.duplicate_button.setToolTip("Copy the script under a new name (Ctrl+D)")
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Save the script to a file to share it (Ctrl+E)")
        self.import_button = QPushButton("Import…")
        self.import_button.setToolTip("Add a script from a file (Ctrl+I)")
        for button, slot, keys in (
            (self.new_button, self.new_script, "Ctrl+Shift+N"),
            (self.duplicate_button, self.duplicate_selected, "Ctrl+D"),
            (self.export_button, self.export_selected, "Ctrl+E"),
            (self.import_button, self.import_file, "Ctrl+I"),
        ):
            button.clicked.connect(slot)
            self.toolbar.addWidget(button)
            QShortcut(
                QKeySequence(keys),
                self,
                activated=slot,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
            )
        # the whole placeholder readable: the buttons that do not fit go behind »
        hint = self.filter.fontMetrics().horizontalAdvance(self.filter.placeholderText())
        self.filter.setMinimumWidth(hint + 40)
        self._shown: uuid.UUID | None = None
        self._folder = Path.home()  # where the last script file was exported or imported
        self.show_detail(None)

    def make_detail(self) -> QWidget:
        self.editor = ScriptEditor(self.ctx)
        return self.editor

    def reload(self) -> None:
        self.ctx.runner.read(script_lists.script_rows, self.set_rows, key=self.key)

    def show_detail(self, row: ScriptRow | None) -> None:
        for button in (self.duplicate_button, self.export_button):
            button.setEnabled(row is not None)
        same = row is not None and row.id == self._shown
        if same and self.editor.dirty:
            return  # a reload while editing: keep the edits; Save checks for conflicts
        if not same and self.editor.dirty and not self._discard_ok():
            if self._shown is not None:
                self.select_record(self._shown)  # back to the script being edited
            return
        self._shown = row.id if row else None
        self.editor.show_script(row)

    def _discard_ok(self) -> bool:
        name = self.editor.row.name if self.editor.row else ""
        text = f"Discard the unsaved changes to “{name}”?"
        return confirm(self, "Unsaved changes", text, QMessageBox.StandardButton.Discard)

    def _created(self, script_id: uuid.UUID) -> None:
        self._pending_select = script_id
        self.select_record(script_id)

    # -- actions -----------------------------------------------------------------------------
    def new_script(self) -> None:
        def create(values: dict[str, Any], done: Any, failed: Any) -> None:
            perform(
                self.ctx.runner,
                self.ctx.undo,
                Command(
                    "create_script",
                    {"spec": _starter(values)},
                    by=self.ctx.me,
                    text=f"creation of script {values['name'].strip()}",
                ),
                on_done=lambda script_id: (self._created(script_id), done(script_id)),
                on_error=failed,
            )

        self.form = FormDialog(self, "New script", NEW_FIELDS, {}, create)
        self.form.open()

    def duplicate_selected(self) -> None:
        row = self.selected
        if row is None:
            return
        perform(
            self.ctx.runner,
            self.ctx.undo,
            Command(
                "duplicate_script",
                {"script_id": row.id},
                by=self.ctx.me,
                text=f"copy of script {row.name}",
            ),
            on_done=self._created,
        )

    def export_selected(self) -> None:
        row = self.selected
        if row is None:
            return
        start = str(self._folder / _file_name(row.name))
        target = FileDialog.ask_save(self, "Export script", start, FILE_FILTER)
        if target is None:
            return
        self._folder = target.parent
        self.ctx.runner.read(
            lambda s: script_files.write_script_file(s, row.id, target),
            lambda written: self.count.setText(f"Exported “{row.name}” to {written}"),
        )

    def import_file(self) -> None:
        source = FileDialog.ask_open(self, "Import script", self._folder, FILE_FILTER)
        if source is None:
            return
        self._folder = source.parent

        def check(session: Any) -> tuple[dict[str, Any], str]:
            spec = script_files.read_script_file(source)
            return spec, script_files.import_name(session, spec)

        self.ctx.runner.read(check, self._import_checked)

    def _import_checked(self, result: tuple[dict[str, Any], str]) -> None:
        spec, name = result
        if name != spec["name"].strip():
            text = (
                f"A script called “{spec['name'].strip()}” already exists. "
                f"Import this one as “{name}”?"
            )
            if not confirm(self, "Import script", text, QMessageBox.StandardButton.Yes):
                return
        perform(
            self.ctx.runner,
            self.ctx.undo,
            Command(
                "import_script",
                {"spec": spec, "name": name},
                by=self.ctx.me,
                text=f"import of script {name}",
            ),
            on_done=self._created,
        )


PAGE = ScriptsPage
