"""Starting the window: the QApplication, opening the database, and the last-resort handler
that turns an unexpected exception into a short apology instead of a vanished window."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from relman import __version__
from relman.errors import RelmanError
from relman.paths import log_file
from relman.storage import Database, open_database

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


def open_or_explain(target: str | Path, parent: QWidget | None = None) -> Database | None:
    try:
        return open_database(target)
    except RelmanError as exc:
        QMessageBox.critical(parent, "relman cannot open the database", exc.message)
        return None


def run(target: str | Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("relman")
    app.setOrganizationName("relman")
    app.setApplicationVersion(__version__)
    sys.excepthook = _excepthook
    db = open_or_explain(target)
    if db is None:
        return 2
    from relman.ui.main_window import MainWindow

    window = MainWindow(db)
    window.show()
    return app.exec()
