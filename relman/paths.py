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
import re
from pathlib import Path
from urllib.parse import unquote

import platformdirs

from relman.errors import RelmanError

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
    """A file :class:`Path` for a path or any SQLite URL; other URLs are returned as text.

    ``sqlite:///rel.sqlite``, ``sqlite+pysqlite:////abs.sqlite``, ``sqlite:///file:x?mode=ro``
    and ``file:`` URIs all name a file, so they get the same lock and inspection as a path.
    An in-memory database keeps nothing and is refused.
    """
    text = os.fspath(value)
    match = _SQLITE_URL.match(text)
    if match:
        return _sqlite_file(match.group("rest"), text)
    if text.startswith("file:"):
        return _sqlite_file("/" + text, text)
    if "://" in text:
        return text
    if text in ("", ":memory:"):
        raise _in_memory(text)
    return Path(text).expanduser()


_SQLITE_URL = re.compile(r"^sqlite(\+\w+)?://(?P<rest>.*)$", re.IGNORECASE)


def _sqlite_file(rest: str, original: str) -> Path:
    """The file named by what follows ``sqlite://`` (``/rel``, ``//abs``, ``/file:…``)."""
    name = rest.removeprefix("/").split("?", 1)[0]
    if name.startswith("file:"):
        name = unquote(name.removeprefix("file:"))
        if name.startswith("//"):  # file://host/abs or file:///abs
            name = "/" + name[2:].partition("/")[2]
    if name in ("", ":memory:") or "mode=memory" in original:
        raise _in_memory(original)
    return Path(name).expanduser()


def _in_memory(text: str) -> RelmanError:
    return RelmanError(
        f"'{text}' is an in-memory database, which keeps nothing once relman stops. "
        "Give the path of a database file instead."
    )


def shown_target(target: str | os.PathLike[str]) -> str:
    """How a database is named to the user: a path as it is, a server URL without its
    password (messages and logs must never carry it)."""
    if not isinstance(target, str):
        return os.fspath(target)
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(target).render_as_string(hide_password=True)
    except ArgumentError:
        return target


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def resources_dir() -> Path:
    """The data relman ships (interview scripts, the demo company's story, fonts): the
    top-level ``resources/`` folder of a source checkout, which the wheel carries as
    ``relman/_resources`` (pyproject.toml, ``force-include``)."""
    package = Path(__file__).resolve().parent
    installed = package / "_resources"
    return installed if installed.is_dir() else package.parent / "resources"


# What relman writes holds what customers said in confidence, so a database, its -wal/-shm
# (SQLite gives them the database's mode), its backups, exports and the log are created
# 0600 in folders made 0700. The user can widen them; relman never does. The command line
# and the window also run under umask 077 (relman.cli.PRIVATE_UMASK), which covers what
# other libraries create.
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def create_private_file(path: Path) -> bool:
    """Make the empty file ``path``, readable by its owner only; False if it exists."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    except FileExistsError:
        return False
    return True


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and its missing parents) for its owner only, if it is missing."""
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)


def opener(path: str, flags: int) -> int:
    """For ``open(..., opener=opener)``: a new file is made readable by its owner only."""
    return os.open(path, flags, PRIVATE_FILE)
