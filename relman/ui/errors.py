"""Showing errors: a RelmanError's message as it is, anything else as a short apology with
the log's path (the traceback goes to the log). Runs on the main thread."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from relman.errors import RelmanError
from relman.paths import log_file

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if isinstance(exc, RelmanError):
        QMessageBox.warning(parent, "relman", exc.message)
        return
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    QMessageBox.critical(
        parent,
        "relman",
        "Sorry — something went wrong that relman did not expect. Nothing you had saved was "
        f"lost, and what you were typing is still there.\n\nThe details are in {log_file()}.",
    )
