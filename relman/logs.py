"""Logging to the log file (``paths.log_file()``), set up once by the CLI and the window."""

from __future__ import annotations

import logging
import logging.handlers

from relman.paths import log_file


def setup_logging(level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if any(getattr(h, "_relman", False) for h in root.handlers):
        return
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:  # a read-only home must not stop relman from working
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._relman = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
