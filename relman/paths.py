"""Where relman keeps things on disk, in one place.

Every location can be moved by an environment variable so that tests, and users with
unusual set-ups, never touch the real home folder:

=====================  ===============================================  =====================
what                   default                                          override
=====================  ===============================================  =====================
database               ``user_data_dir("relman")/relman.sqlite``        ``--db PATH`` first,
                                                                        then
                                                                        ``RELMAN_DATABASE_URL``
data folder            ``platformdirs.user_data_dir("relman")``         ``RELMAN_DATA_DIR``
log folder             ``platformdirs.user_log_dir("relman")``          ``RELMAN_LOG_DIR``
=====================  ===============================================  =====================
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "relman"
DB_FILENAME = "relman.sqlite"


def data_dir() -> Path:
    return Path(os.environ.get("RELMAN_DATA_DIR") or platformdirs.user_data_dir(APP, False))


def log_dir() -> Path:
    return Path(os.environ.get("RELMAN_LOG_DIR") or platformdirs.user_log_dir(APP, False))


def log_file() -> Path:
    return log_dir() / "relman.log"


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def database_target(db: str | os.PathLike[str] | None = None) -> str | Path:
    """What to open: ``--db`` if given, else ``RELMAN_DATABASE_URL``, else the default file.

    Returns a :class:`Path` for a file and a ``str`` for an SQLAlchemy URL.
    """
    if db:
        return as_target(db)
    url = os.environ.get("RELMAN_DATABASE_URL")
    if url:
        return as_target(url)
    return default_db_path()


def as_target(value: str | os.PathLike[str]) -> str | Path:
    text = os.fspath(value)
    if "://" in text:
        if text.startswith("sqlite:///") and text != "sqlite:///:memory:":
            return Path(text.removeprefix("sqlite:///"))
        return text
    return Path(text).expanduser()


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"
