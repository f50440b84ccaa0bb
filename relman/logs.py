"""Logging to the log file (``paths.log_file()``), set up once by the CLI and the window."""

from __future__ import annotations

import logging
import logging.handlers
import os

from relman.paths import PRIVATE_FILE, log_file, make_private_folder, opener


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log names files and records, so it is its owner's alone, rotated files too."""

    def _open(self):  # type: ignore[no-untyped-def]
        stream = open(  # noqa: SIM115 - the handler owns and closes the stream
            self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors, opener=opener
        )
        os.chmod(self.baseFilename, PRIVATE_FILE)  # a log left by an older relman, too
        return stream


def setup_logging(level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if any(getattr(h, "_relman", False) for h in root.handlers):
        return
    path = log_file()
    try:
        make_private_folder(path.parent)
        handler: logging.Handler = PrivateRotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:  # a read-only home must not stop relman from working
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._relman = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
