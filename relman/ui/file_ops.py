"""The File menu's work: new, open, recent, back up, restore. Each asks what it needs with a
standard dialog and hands slow work to the runner."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from relman.errors import RelmanError
from relman.paths import data_dir, log_file
from relman.storage import backup as backups
from relman.storage.database import lock_for
from relman.ui.errors import show_error

if TYPE_CHECKING:
    from relman.ui.main_window import MainWindow

FILTER = "relman databases (*.sqlite *.db);;All files (*)"


def new_database(window: MainWindow) -> None:
    path, _ = QFileDialog.getSaveFileName(window, "New database", str(data_dir()), FILTER)
    if path:
        if Path(path).exists():
            show_error(window, RelmanError(f"{path} already exists; choose a new file name."))
            return
        window.switch_to(Path(path))


def open_database(window: MainWindow) -> None:
    path, _ = QFileDialog.getOpenFileName(window, "Open database", str(data_dir()), FILTER)
    if path:
        window.switch_to(Path(path))


def fill_recent(window: MainWindow) -> None:
    menu = window.actions.recent_menu
    menu.clear()
    for path in window.ctx.settings.recent_files:
        action = menu.addAction(path)
        action.triggered.connect(lambda _checked=False, p=path: window.switch_to(Path(p)))
    menu.setEnabled(bool(window.ctx.settings.recent_files))


def back_up(window: MainWindow) -> None:
    db_path = window.ctx.db.path
    if db_path is None:
        show_error(window, RelmanError("Back up a server database with the server's own tools."))
        return
    suggested = str(db_path.parent / "backups" / f"{db_path.stem}-copy.sqlite")
    target, _ = QFileDialog.getSaveFileName(window, "Back up to", suggested, FILTER)
    if not target:
        return
    window.ctx.runner.long(
        lambda _s, _job: backups.backup(db_path, Path(target)),
        lambda copy: window.statusBar().showMessage(f"Backed up to {copy}", 8000),
        label="Backing up…",
    )


def restore(window: MainWindow) -> None:
    db_path = window.ctx.db.path
    if db_path is None:
        show_error(window, RelmanError("Restore a server database with the server's own tools."))
        return
    source, _ = QFileDialog.getOpenFileName(
        window, "Restore from backup", str(db_path.parent), FILTER
    )
    if not source:
        return
    answer = QMessageBox.question(
        window,
        "Restore",
        f"Replace the open database by {source}?\n\nThe current file is kept as "
        f"{db_path.name}.before-restore.",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    window.ctx.runner.wait()
    window.ctx.db.close()
    try:
        lock = lock_for(db_path)
        try:
            backups.restore(Path(source), db_path)
        finally:
            lock.release()
    except RelmanError as exc:
        show_error(window, exc)
    window.switch_to(db_path, force=True)


def show_data_folder(_window: MainWindow) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir())))


def show_log(_window: MainWindow) -> None:
    path = log_file()
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path if path.exists() else path.parent)))
