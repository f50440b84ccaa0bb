"""The bar at the top of the window that says the file is open read-only, and why.

A file opens read-only when it cannot be written (permissions) or when it is damaged: then
nothing more may be written into it, and the bar offers to restore the newest good backup.
Right after the window's first paint, the whole file is checked on the runner
(:meth:`Database.verify`); a file found damaged then turns read-only in place. While the bar
is up, the runner refuses every write with the bar's sentence and the undo history is
emptied. Everything here runs on the main thread; the check and the search for a backup run
on the runner.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from relman.ui.prompts import RestoreBackupDialog

if TYPE_CHECKING:
    from relman.ui.main_window import MainWindow

READ_ONLY_TEXT = "This file is read-only: you can look but not change anything."
STYLE = """
QFrame#banner { background: #fff4ce; border-bottom: 1px solid #e3c46b; }
QFrame#banner QLabel { color: #3d3000; }
"""


def damaged_text(name: str) -> str:
    return f"{name} is damaged; relman opened it read-only so nothing more is lost."


class Banner(QFrame):
    """A slim bar: an icon, one sentence, and a restore button shown only when useful."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(STYLE)
        self.damaged = False
        self.backup: Path | None = None
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(warning.pixmap(size, size))
        self.label = QLabel()
        self.label.setWordWrap(True)  # a long file name must not widen the window
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.restore_button = QPushButton("Restore newest good backup…")
        self.restore_button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 5, 10, 5)
        layout.addWidget(icon)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.restore_button)
        self.hide()

    def say(self, text: str, detail: str = "") -> None:
        self.label.setText(text)
        self.label.setToolTip(detail)
        self.show()


def attach(window: MainWindow) -> Banner:
    """Put a (hidden) bar above the window's central widget; show it if the file is
    already read-only."""
    banner = Banner()
    body = window.takeCentralWidget()
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(banner)
    layout.addWidget(body, 1)
    window.setCentralWidget(holder)
    banner.restore_button.clicked.connect(lambda: restore_newest(window))
    window.ctx.runner.damaged.connect(lambda _exc: enter_read_only(window, damaged=True))
    window.banner = banner
    if window.ctx.db.readonly:
        enter_read_only(window)
    return banner


def enter_read_only(window: MainWindow, *, damaged: bool = False) -> None:
    """Say the file is read-only (or damaged), refuse writes, forget what cannot be undone."""
    db, banner = window.ctx.db, window.banner
    if banner.damaged or (banner.isVisibleTo(window) and not damaged):
        return  # said already
    banner.damaged = damaged
    name = db.path.name if db.path is not None else db.name
    if banner.damaged:
        text = damaged_text(name)
        refusal = f"{text} Restore a good backup (File → Restore…) to make changes again."
    else:
        text = refusal = READ_ONLY_TEXT
    banner.say(text, db.readonly_reason or db.name)
    window.ctx.runner.refusal = refusal
    window.ctx.undo.clear()
    if not window.windowTitle().endswith("(read-only)"):
        window.setWindowTitle(f"{window.windowTitle()} (read-only)")
    if damaged and db.path is not None:
        offer_backup(window, db.path)


def verify_later(window: MainWindow) -> None:
    """Check the whole file on the runner: damage found turns the window read-only through
    ``runner.damaged`` (a DamagedFileError is a CorruptFileError)."""
    db = window.ctx.db
    if db.path is not None and not window.banner.damaged:
        window.ctx.runner.read(lambda _s: db.verify(), lambda _r: None)


def offer_backup(window: MainWindow, db_path: Path) -> None:
    """Look for the newest backup that passes its check; show the restore button if any."""
    from relman.storage.backup import newest_good_backup

    def found(backup: Path | None) -> None:
        window.banner.backup = backup
        window.banner.restore_button.setVisible(backup is not None)

    window.ctx.runner.read(lambda _s: newest_good_backup(db_path), found)


def restore_newest(window: MainWindow) -> None:
    from relman.ui import file_ops

    backup, db_path = window.banner.backup, window.ctx.db.path
    if backup is None or db_path is None:
        return
    if RestoreBackupDialog.ask(window, backup, db_path):
        file_ops.restore_from(window, backup)
