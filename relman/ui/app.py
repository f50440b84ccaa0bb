"""Starting the window: the QApplication, opening the database, and the last-resort handler
that turns an unexpected exception into a short apology instead of a vanished window.

Opening for the window (:func:`open_for_window`) asks before creating a database the user
may have mistyped, and opens read-only, with a banner, a file that cannot be written or
that is damaged, instead of refusing it. Runs on the main thread.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from relman import __version__
from relman.errors import DamagedFileError, ReadOnlyError, RelmanError
from relman.paths import default_db_path, log_file
from relman.storage import Database, open_database
from relman.storage.database import open_readonly
from relman.storage.files import inspect_file
from relman.storage.lock import real_path
from relman.storage.migrate import HEAD_REVISION
from relman.ui.prompts import CreateDatabaseDialog

if TYPE_CHECKING:
    from relman.ui.main_window import MainWindow
    from relman.ui.settings import Settings

log = logging.getLogger(__name__)


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, exc, tb)))
    if isinstance(exc, RelmanError):
        QMessageBox.warning(None, "relman", exc.message)
        return
    QMessageBox.critical(
        None,
        "relman",
        "Sorry — something went wrong that relman did not expect. "
        f"What you had saved is safe. The details are in {log_file()}.",
    )


@dataclass(frozen=True)
class Opened:
    """A database opened for the window; ``damaged`` if it failed its check at open."""

    db: Database
    damaged: bool = False


def declined_to_create(target: str | Path, parent: QWidget | None = None) -> bool:
    """Ask before a new database file is made, unless it is the default one (first run).
    A path whose folder does not exist is not asked about: opening it says so."""
    if not isinstance(target, Path) or target.exists() or target == default_db_path():
        return False
    if not target.parent.is_dir():
        return False
    return not CreateDatabaseDialog.ask(parent, target)


def _explain(parent: QWidget | None, exc: RelmanError) -> None:
    QMessageBox.critical(parent, "relman cannot open the database", exc.message)


def needs_upgrade(target: str | Path) -> bool:
    """A file written by an earlier version of relman, upgraded when opened."""
    if not isinstance(target, Path) or not target.is_file():
        return False
    try:
        revision = inspect_file(target).revision
    except RelmanError:
        return False
    return revision is not None and revision != HEAD_REVISION


def open_showing_upgrade(target: Path, parent: QWidget | None = None, **options: Any) -> Database:
    """Open ``target``; an upgrade from an earlier version (seconds on a big file) runs on a
    thread behind a progress dialog, so that the screen shows what is happening instead of
    nothing. It cannot be cancelled halfway: the file is backed up before it starts."""
    if not needs_upgrade(target):
        return open_database(target, **options)
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["db"] = open_database(target, **options)
        except BaseException as exc:  # handed to the main thread
            outcome["error"] = exc

    dialog = QProgressDialog(
        f"Upgrading {target.name} for this version of relman…\n"
        "A copy of the file as it was is kept in backups/ beside it.",
        "",
        0,
        0,
        parent,
    )
    dialog.setWindowTitle("relman")
    dialog.setCancelButton(None)  # type: ignore[arg-type]
    dialog.setMinimumDuration(0)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.show()
    worker = threading.Thread(target=work, name="relman-upgrade", daemon=True)
    worker.start()
    while worker.is_alive():
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        worker.join(0.05)
    dialog.close()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["db"]


def open_for_window(target: str | Path, parent: QWidget | None = None) -> Opened | None:
    """Open ``target`` for the window, read-only if it cannot be written or is damaged.
    Returns None (after saying why) when it cannot be opened at all."""
    try:
        if target == default_db_path():  # the first run makes its data folder
            return Opened(open_showing_upgrade(target, parent, create_folders=True))
        if isinstance(target, Path):
            return Opened(open_showing_upgrade(target, parent))
        return Opened(open_database(target))
    except DamagedFileError as exc:
        return _open_read_only(target, parent, exc, damaged=True)
    except ReadOnlyError as exc:
        return _open_read_only(target, parent, exc, damaged=False)
    except RelmanError as exc:
        _explain(parent, exc)
        return None


def _open_read_only(
    target: str | Path, parent: QWidget | None, why: RelmanError, *, damaged: bool
) -> Opened | None:
    if not isinstance(target, Path) or not target.is_file():
        _explain(parent, why)
        return None
    try:
        db = open_readonly(real_path(target), damaged=damaged)
    except RelmanError as exc:  # not readable at all: say why it could not be written
        log.info("%s cannot be read either: %s", target, exc.message)
        _explain(parent, why)
        return None
    log.info("opened %s read-only: %s", target, why.message)
    return Opened(db, damaged)


def show_window(opened: Opened, settings: Settings | None = None) -> MainWindow:
    from relman.ui import banner
    from relman.ui.main_window import MainWindow

    window = MainWindow(opened.db, settings)
    if opened.damaged:
        banner.enter_read_only(window, damaged=True)
    window.show()
    return window


def run(target: str | Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("relman")
    app.setOrganizationName("relman")
    app.setApplicationVersion(__version__)
    sys.excepthook = _excepthook
    if declined_to_create(target):
        return 0
    opened = open_for_window(target)
    if opened is None:
        return 2
    _window = show_window(opened)
    return app.exec()
