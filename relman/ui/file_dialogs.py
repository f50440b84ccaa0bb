"""The one way the window asks for a file name: a file dialog that never opens the files
it lists. Runs on the main thread.

Qt's own dialog guesses each listed file's type and icon by reading its first bytes. For the
open database that read is harmful: on POSIX, closing any descriptor of a file drops every
lock the process holds on it, SQLite's included (see relman/storage/lock.py for the guard
that survives it). Here the icon provider answers from the name alone, so listing a folder
only ever stats its files. Native dialogs (GTK's, macOS's) may read files in this process
too, so Qt's widget dialog is used except on Windows, where closing a handle drops no lock.

Tests choose a file by patching :meth:`FileDialog.ask_open` / :meth:`FileDialog.ask_save`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

#: What the files relman reads and writes are called in the dialog's Type column.
KINDS = {
    "sqlite": "Database",
    "db": "Database",
    "csv": "CSV file",
    "txt": "Text file",
    "ics": "Calendar",
    "pdf": "PDF document",
    "json": "Script file",
}


class NameOnlyIcons(QFileIconProvider):
    """Icons and type names from a file's name and kind, never from its content."""

    def icon(self, what: object) -> QIcon:  # type: ignore[override]
        if isinstance(what, QFileInfo):
            kind = (
                QFileIconProvider.IconType.Folder
                if what.isDir()
                else QFileIconProvider.IconType.File
            )
            return super().icon(kind)
        return super().icon(what)  # type: ignore[arg-type]

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix().lower()
        return KINDS.get(suffix) or (f"{suffix.upper()} file" if suffix else "File")


class FileDialog(QFileDialog):
    """A file dialog that lists folders without reading the files in them."""

    def __init__(self, parent: QWidget | None, title: str, start: str, filters: str) -> None:
        super().__init__(parent, title, start, filters)
        if sys.platform != "win32":
            self.setOption(QFileDialog.Option.DontUseNativeDialog)
        self._icons = NameOnlyIcons()  # the dialog does not own its provider
        self.setIconProvider(self._icons)

    @classmethod
    def ask_open(
        cls, parent: QWidget | None, title: str, start: str | Path, filters: str
    ) -> Path | None:
        """The existing file the user chose, or None if they cancelled."""
        return cls._ask(parent, title, start, filters, save=False)

    @classmethod
    def ask_save(
        cls, parent: QWidget | None, title: str, start: str | Path, filters: str
    ) -> Path | None:
        """The file name the user chose to write (asked before replacing one), or None."""
        return cls._ask(parent, title, start, filters, save=True)

    @classmethod
    def _ask(
        cls, parent: QWidget | None, title: str, start: str | Path, filters: str, *, save: bool
    ) -> Path | None:
        dialog = cls(parent, title, str(start), filters)
        mode = QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile
        dialog.setFileMode(mode)
        accept = QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen
        dialog.setAcceptMode(accept)
        return dialog._chosen()

    def _chosen(self) -> Path | None:
        if self.exec() != QFileDialog.DialogCode.Accepted:
            return None
        files = self.selectedFiles()
        return Path(files[0]) if files else None
