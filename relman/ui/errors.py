"""Showing errors: a RelmanError's message as it is, anything else as a short apology with
the log's path (the traceback goes to the log). Runs on the main thread."""

from __future__ import annotations

import logging

from PySide6.QtGui import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from relman.errors import RelmanError
from relman.paths import log_file

log = logging.getLogger(__name__)


def literal(text: str) -> str:
    """``text`` as a message box shows it literally: messages quote what the user typed or
    a file held ("Section 1 (“<b>x</b>”)"), which Qt would otherwise take for markup."""
    return Qt.convertFromPlainText(text) if Qt.mightBeRichText(text) else text


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if isinstance(exc, RelmanError):
        QMessageBox.warning(parent, "relman", literal(exc.message))
        return
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    QMessageBox.critical(
        parent,
        "relman",
        "Sorry — something went wrong that relman did not expect. Nothing you had saved was "
        f"lost, and what you were typing is still there.\n\nThe details are in {log_file()}.",
    )
