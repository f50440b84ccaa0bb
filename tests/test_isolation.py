"""The tests write nothing into the user's real folders: before any fixture runs, the data
folder, the log, settings and every XDG folder point into a temporary home."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from relman.paths import default_db_path, log_file


def _inside_temp(path: Path) -> bool:
    return Path(path).resolve().is_relative_to(Path(tempfile.gettempdir()).resolve())


def test_data_log_and_settings_point_into_a_temporary_home() -> None:
    assert _inside_temp(default_db_path())
    assert _inside_temp(log_file())
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        assert _inside_temp(Path(os.environ[name])), name


def test_a_process_started_by_a_test_logs_into_the_temporary_home() -> None:
    script = "from relman.logs import setup_logging; from relman.paths import log_file\n"
    script += "setup_logging(); import logging; logging.getLogger('t').info('x'); print(log_file())"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    ).stdout.strip()
    assert _inside_temp(Path(out)) and Path(out).is_file()


def test_qt_settings_live_in_the_temporary_home(qapp) -> None:
    from PySide6.QtCore import QSettings

    assert _inside_temp(Path(QSettings("relman", "relman").fileName()))
