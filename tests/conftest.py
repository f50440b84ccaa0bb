"""Fixtures shared by every test: a fresh database file per test, and nothing touches the
real home folder (data, logs and settings go to a temporary folder)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

# Widgets are real but need no screen; a developer may still choose another platform.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Before any fixture runs (module- and session-scoped ones build demos, and the log is set
# up once per process), every folder relman or Qt could write to points into a temporary
# home: the tests never touch the user's data, log or settings. Each test then gets a
# fresh home of its own (_isolated_home).
SESSION_HOME = Path(tempfile.mkdtemp(prefix="relman-tests-"))
for _name, _folder in {
    "RELMAN_DATA_DIR": "data",
    "RELMAN_LOG_DIR": "logs",
    "XDG_CONFIG_HOME": "config",
    "XDG_DATA_HOME": "share",
    "XDG_STATE_HOME": "state",
    "XDG_CACHE_HOME": "cache",
}.items():
    os.environ[_name] = str(SESSION_HOME / _folder)
os.environ.pop("RELMAN_DATABASE_URL", None)

# relman reads the environment above when it is imported
from relman.models import StaffRole  # noqa: E402
from relman.storage import Database, open_database  # noqa: E402
from relman.workflows import commands, inverses, plain, staff  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("RELMAN_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("RELMAN_LOG_DIR", str(home / "logs"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("RELMAN_DATABASE_URL", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "relman.sqlite"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.close()


@dataclass(frozen=True)
class People:
    """Two staff members: an RM and the manager the RM reports to."""

    manager: uuid.UUID
    rm: uuid.UUID


@pytest.fixture
def people(db: Database) -> People:
    with db.session() as s:
        boss = staff.add_staff(s, "Mara Manager", role=StaffRole.MANAGER)
        rm = staff.add_staff(s, "Rui Relman", reports_to=boss.id)
        return People(boss.id, rm.id)


class Do:
    """Runs named commands on a database as the window does: each in its own transaction
    where nothing may be written outside a command, and passed through its JSON form first
    (what the undo stack and the audit keep). ``do(cmd)`` returns the Outcome; ``do.undo``
    and ``do.redo`` run an outcome's inverse."""

    def __init__(self, database: Database) -> None:
        self.db = database
        self.written = inverses.Written()  # as one window's undo stack keeps it

    def __call__(self, cmd: commands.Command) -> commands.Outcome:
        with self.db.session() as s:
            commands.require_commands(s)
            outcome = commands.execute(s, plain.loads(plain.dumps(cmd)))
        self.written.note(outcome)
        return outcome

    def on(self, database: Database) -> Do:
        """The same, on another handle (someone else's window)."""
        return Do(database)

    def undo(self, outcome: commands.Outcome) -> commands.Outcome:
        """Run the inverse, based on the version this writer's last step left its record
        at, as the window's undo stack does."""
        assert outcome.inverse is not None, outcome.why_not
        return self(self.written.rebase(outcome.inverse))

    redo = undo


@pytest.fixture
def do(db: Database) -> Do:
    return Do(db)


@pytest.fixture
def other(db: Database, db_path: Path) -> Iterator[Database]:
    """Someone else's handle on the same file (as another window on the team server would
    be): what they write is theirs, not this window's."""
    database = open_database(db_path, lock=False)
    yield database
    database.close()


HOLDER = """
import sys
from pathlib import Path
from relman.storage import open_database
db = open_database(Path(sys.argv[1]))
print("open", flush=True)
sys.stdin.readline()
db.close()
"""


@contextlib.contextmanager
def _held_by_another_process(path: Path) -> Iterator[None]:
    """Another relman process has ``path`` open (and its lock) while the block runs."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "open"
        yield
    finally:
        holder.communicate("\n", timeout=60)


@pytest.fixture
def another_process() -> Callable[[Path], contextlib.AbstractContextManager[None]]:
    return _held_by_another_process


#: The small demo as relman wrote it at schema 0002 (the last schema of the first release),
#: made with ``relman demo`` from that version and compressed: migrations must upgrade it.
DEMO_0002 = Path(__file__).parent / "storage" / "data" / "small-demo-0002.sqlite.gz"


@pytest.fixture
def demo_0002(tmp_path: Path) -> Path:
    """A fresh copy of the small demo at schema 0002, in its own folder."""
    import gzip
    import shutil

    folder = tmp_path / "old"
    folder.mkdir()
    path = folder / "jeans-0002.sqlite"
    with gzip.open(DEMO_0002) as packed, path.open("wb") as out:
        shutil.copyfileobj(packed, out)
    return path


@pytest.fixture
def replayed(db_path: Path) -> Path:
    """A database at ``db_path`` made by running every migration (see
    :func:`replay_migrations`)."""
    return replay_migrations(db_path)


def replay_migrations(path: Path) -> Path:
    """Make a database at ``path`` by running every migration from the first, as the files
    of users who upgraded release after release were made (a new file is made from the
    models instead, which must give the same result)."""
    from relman.storage import migrate
    from relman.storage.database import make_engine

    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as conn:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            with conn.begin():
                migrate.upgrade(conn)
    finally:
        engine.dispose()
    return path


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    shutil.rmtree(SESSION_HOME, ignore_errors=True)
