"""``relman import`` against hostile files and a long one, run as a real subprocess (issue 16,
item 9).

Each run has a timeout, so that a command that blocks on a pipe fails the test instead of
blocking it, and a cap on its memory, so that one reading /dev/zero fails instead of filling
the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from relman.models import BusinessUnit
from relman.storage import open_database

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="devices and pipes are POSIX")

MEMORY_CAP = 2 * 1024**3


def _capped() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def relman(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    try:
        result = subprocess.run(
            [sys.executable, "-m", "relman", *map(str, args)],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=_capped,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"relman {' '.join(map(str, args))} was still running after {timeout} s")
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "relman.sqlite"
    open_database(path).close()
    return path


def units_in(path: Path) -> int:
    database = open_database(path, readonly=True)
    try:
        with database.read_session() as s:
            return s.scalar(select(func.count()).select_from(BusinessUnit)) or 0
    finally:
        database.close()


@pytest.mark.parametrize("content", [b",,,", b'""', b",,,\r\n,,,\r\n"])
def test_a_file_of_empty_cells_is_refused_in_one_line(
    database: Path, tmp_path: Path, content: bytes
):
    source = tmp_path / "units.csv"
    source.write_bytes(content)
    done = relman("import", "units", source, "--db", database)
    assert done.returncode == 1, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("relman: ") and "no header line" in line


def _pipe(tmp_path: Path) -> Path:
    os.mkfifo(tmp_path / "pipe")
    return tmp_path / "pipe"


SOURCES = {
    "symlink to /dev/zero": lambda tmp: Path("/dev/zero"),
    "/dev/urandom": lambda tmp: Path("/dev/urandom"),
    "named pipe": _pipe,
    "symlink to a named pipe": _pipe,
}


@pytest.mark.parametrize("source", SOURCES)
def test_a_device_or_a_pipe_is_refused_without_being_read(
    database: Path, tmp_path: Path, source: str
):
    target = SOURCES[source](tmp_path)
    if not target.exists():
        pytest.skip(f"{target} does not exist here")
    path = target
    if source.startswith("symlink"):
        path = tmp_path / "contacts.csv"
        path.symlink_to(target)
    for dry_run in ((), ("--dry-run",)):
        done = relman("import", "contacts", path, "--db", database, *dry_run)
        assert done.returncode == 1, done.stderr
        (line,) = done.stderr.strip().splitlines()
        assert line.startswith("relman: ") and "is not a regular file" in line


def test_a_hundred_thousand_units_are_imported_saying_how_far_it_got(
    database: Path, tmp_path: Path
):
    """Completion is what is asserted; the time it takes is not (a few seconds here, hours
    when every row read every name)."""
    rows = 100_000
    source = tmp_path / "units.csv"
    with source.open("w", encoding="utf-8") as f:
        f.write("name,division,criticality,notes\n")
        for i in range(1, rows + 1):
            f.write(f"Unit {i:06d},Division {i % 40},high,Imported with the others\n")
    done = relman("import", "units", source, "--db", database, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Imported {rows} units from {source} (comma-separated)."
    progress = done.stderr.strip().splitlines()
    assert "  Checking row 50,001 of 100,000" in progress
    assert "  Saving units: 50,000 of 100,000" in progress
    assert units_in(database) == rows
