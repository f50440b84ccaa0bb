"""Opens relman's window on a database, then its File → Open dialog on the database's own
folder, for tests/ui/test_file_dialog_keeps_locks.py, which runs this as a subprocess.

Usage: file_dialog_driver.py DB SETTINGS

Prints ``dialog closed`` once the dialog has listed the folder for a while and been
cancelled; then waits for a line on stdin (the test lets an outside SQLite client in
meanwhile), adds a unit named by that line through the window's runner, prints ``saved``
once the write is committed, and sleeps until it is killed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

LISTING_MS = 1500


def main() -> None:
    db_path, settings_path = sys.argv[1:3]
    app = QApplication([])

    from relman.storage import open_database
    from relman.ui.main_window import MainWindow
    from relman.ui.settings import Settings
    from relman.workflows.commands import Command

    db = open_database(Path(db_path))
    window = MainWindow(db, Settings(QSettings(settings_path, QSettings.Format.IniFormat)))
    window.show()

    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # not shown yet: look again shortly
            QTimer.singleShot(100, close_dialog)
            return
        QTimer.singleShot(LISTING_MS, dialog.reject)

    def after_dialog() -> None:
        print("dialog closed", flush=True)
        name = sys.stdin.readline().strip()

        def saved(_result: object) -> None:
            print("saved", flush=True)

        window.ctx.runner.run(Command("create_unit", {"name": name}), saved)

    def open_dialog() -> None:
        QTimer.singleShot(0, close_dialog)
        window.actions.open_db.trigger()  # modal: returns once the dialog is cancelled
        QTimer.singleShot(0, after_dialog)

    QTimer.singleShot(500, open_dialog)
    app.exec()
    time.sleep(3600)


if __name__ == "__main__":
    main()
