"""The File menu's work: new, open, recent, back up, restore, switching the window to
another file; and the Help menu's "show the data folder / the log". Each asks what it needs
with a standard dialog and hands slow work to the runner. Runs on the main thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from relman.errors import RelmanError
from relman.paths import data_dir, log_file
from relman.storage import backup as backups
from relman.storage.lock import lock_for
from relman.ui.app import declined_to_create, open_for_window, show_window
from relman.ui.errors import show_error
from relman.ui.file_dialogs import FileDialog
from relman.ui.prompts import PathDialog

if TYPE_CHECKING:
    from relman.ui.main_window import MainWindow

FILTER = "relman databases (*.sqlite *.db);;All files (*)"


def new_database(window: MainWindow) -> None:
    path = FileDialog.ask_save(window, "New database", data_dir(), FILTER)
    if path is not None:
        if path.exists():
            show_error(window, RelmanError(f"{path} already exists; choose a new file name."))
            return
        window.switch_to(path, chosen_new=True)


def open_database(window: MainWindow) -> None:
    path = FileDialog.ask_open(window, "Open database", data_dir(), FILTER)
    if path is not None:
        window.switch_to(path)


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
    target = FileDialog.ask_save(window, "Back up to", suggested, FILTER)
    if target is None:
        return
    window.ctx.runner.long(
        lambda _s, _job: backups.backup(db_path, target),
        lambda copy: window.statusBar().showMessage(f"Backed up to {copy}", 8000),
        label="Backing up…",
    )


def restore(window: MainWindow) -> None:
    db_path = window.ctx.db.path
    if db_path is None:
        show_error(window, RelmanError("Restore a server database with the server's own tools."))
        return
    source = FileDialog.ask_open(window, "Restore from backup", db_path.parent, FILTER)
    if source is None:
        return
    answer = QMessageBox.question(
        window,
        "Restore",
        f"Replace the open database by {source}?\n\nThe current file is kept as "
        f"{db_path.name}.before-restore.",
    )
    if answer == QMessageBox.StandardButton.Yes:
        restore_from(window, source)


def restore_from(window: MainWindow, source: Path) -> None:
    """Replace the open file by the backup ``source`` on the runner, then reopen it (even
    when the restore was refused, so that the window works on a live database again)."""
    db_path = window.ctx.db.path
    if db_path is None:
        return
    window.ctx.runner.wait()
    window.ctx.db.close()  # lets go of the lock: the restore takes it

    def work(_session: object, _job: object) -> object:
        lock = lock_for(db_path)
        try:
            return backups.restore(source, db_path)
        finally:
            lock.release()

    def failed(exc: BaseException) -> None:
        show_error(window, exc)
        switch_to(window, db_path, force=True)

    window.ctx.runner.long(
        work,
        lambda _kept: switch_to(window, db_path, force=True),
        label="Restoring…",
        on_error=failed,
    )


def switch_to(
    window: MainWindow, path: Path, *, force: bool = False, chosen_new: bool = False
) -> None:
    """Open ``path`` in a new window in place of ``window``, asking before creating it
    unless the user has just chosen it as a new file (File → New)."""
    current = window.ctx.db.path
    if not force and current is not None and path.resolve() == current.resolve():
        return
    if not chosen_new and declined_to_create(path, window):
        return
    opened = open_for_window(path, window)
    if opened is None:
        return
    show_window(opened, window.ctx.settings)
    window.close()


def show_data_folder(window: MainWindow) -> None:
    reveal(window, data_dir(), "data folder", "relman makes it when it first saves there.")


def show_log(window: MainWindow) -> None:
    reveal(window, log_file(), "log", "nothing has been logged yet.")


def reveal(window: MainWindow, path: Path, noun: str, why_missing: str) -> None:
    """Show ``path`` in the file manager; where that is not possible (no file manager, or
    nothing there yet), show the path so that the user can copy it."""
    if path.exists():
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            return
        text = f"No file manager could show the {noun}. It is here:"
    else:
        text = f"There is no {noun} yet: {why_missing} It will be here:"
    PathDialog.ask(window, f"relman — {noun}", text, path)
