"""The main window: menus, status bar and the central page.

Kept deliberately thin: it assembles actions and pages, it does not query or compute.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from relman import __version__
from relman.storage import Database
from relman.storage.check import count_rows


class MainWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.setWindowTitle(f"{db.path.name if db.path else db.name} — relman")
        self.resize(1100, 720)
        self._build_menus()
        self.statusBar().showMessage(db.name)
        counts = count_rows(db)
        self.summary = QLabel(
            f"<h2>relman</h2><p>{counts['business_units']} business units, "
            f"{counts['contacts']} contacts, {counts['interviews']} interviews, "
            f"{counts['expectations']} expectations.</p>"
        )
        self.summary.setMargin(24)
        self.setCentralWidget(self.summary)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self, shortcut=QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.menuBar().addMenu("&Edit")
        self.menuBar().addMenu("&View")
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About relman", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About relman",
            f"<b>relman {__version__}</b><p>Relationship management for IT departments.</p>",
        )
