"""The small questions and notices about files: create a new database here?, restore this
backup?, and "here is the path" when no file manager can show it. Each is a class with a
classmethod ``ask(...)``, so that tests patch one method instead of a modal dialog. Runs on
the main thread.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def _yes(parent: QWidget | None, title: str, text: str, informative: str = "") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setInformativeText(informative)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    return box.exec() == QMessageBox.StandardButton.Yes


class CreateDatabaseDialog:
    """Asked before relman makes a database file that the user may have mistyped."""

    @classmethod
    def ask(cls, parent: QWidget | None, path: Path) -> bool:
        return _yes(
            parent,
            "New database",
            f"Create a new database at {path}?",
            "There is no file there yet. Choose No if the name is mistyped.",
        )


class RestoreBackupDialog:
    """Asked before a damaged file is replaced by its newest good backup."""

    @classmethod
    def ask(cls, parent: QWidget | None, backup: Path, db_path: Path) -> bool:
        return _yes(
            parent,
            "Restore the newest good backup",
            f"Replace {db_path.name} by the backup made on {backup_date(backup)}?",
            f"The backup is {backup}. The damaged file is kept beside it as "
            f"{db_path.name}.before-restore. Anything saved after the backup was made is not "
            "in it.",
        )


def backup_date(backup: Path) -> str:
    """When a backup was made, as a user reads it (the copy's modification time)."""
    made = dt.datetime.fromtimestamp(backup.stat().st_mtime)
    return f"{made:%d %B %Y} at {made:%H:%M}"


class PathDialog(QDialog):
    """A message with a path that can be selected and copied, for when relman cannot show
    the place itself."""

    def __init__(self, parent: QWidget | None, title: str, text: str, path: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        self.message = QLabel(text)
        self.message.setWordWrap(True)
        self.path = QLineEdit(str(path))
        self.path.setReadOnly(True)
        self.path.setMinimumWidth(
            min(720, 60 + self.path.fontMetrics().horizontalAdvance(str(path)))
        )
        self.path.selectAll()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("Copy")
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.path)
        layout.addWidget(self.buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.path.text())
        self.copy_button.setText("Copied")

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, text: str, path: Path) -> None:
        cls(parent, title, text, path).exec()


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask before a step the user may not mean (a delete, an archive); No is the default,
    so a stray Enter changes nothing."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
