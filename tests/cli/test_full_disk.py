"""A full disk, for real: a small file system of its own (tmpfs) is filled to the last byte,
then the command line is run against it as a subprocess. Every command says so on one line
("the disk is full or failing"), exits non-zero but not 70, leaves no half file, and changes
nothing it already had.

Mounting needs root (CI runs as root); elsewhere these tests are skipped. ``/dev/full`` is
not used: relman writes through a temporary file renamed into place, and renaming over a
device as root would replace the device.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from relman.demo import build_demo
from relman.paths import log_file
from relman.storage import open_database
from tests.cli.test_cli import IS_ROOT, one_line, relman, staged_leftovers


def disk_full(where: Path) -> str:
    return (
        f"relman: Could not write to {where}: the disk is full or failing. Nothing was saved; "
        "free some space and try again."
    )


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a 4 MB file system of its own, unmounted afterwards."""
    if not IS_ROOT or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    folder = tmp_path / "disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Take every free byte of ``folder``'s file system; returns the filler to free it."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(bytes(65536))
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
    return filler


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def nothing_unexpected_logged() -> None:
    log = log_file()
    assert not log.exists() or "unexpected error" not in log.read_text(), log.read_text()


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    """A demo database on the ordinary disk, to read from."""
    path = tmp_path / "demo.sqlite"
    db = open_database(path)
    try:
        build_demo(db, "small", seed=7)
    finally:
        db.close()
    return path


def test_a_report_onto_a_full_disk_says_the_disk_is_full(demo_file: Path, small_disk: Path) -> None:
    fill(small_disk)
    target = small_disk / "escalations.pdf"
    result = relman(
        "report", "escalations", "--status", "all", "--db", str(demo_file), "-o", str(target)
    )
    assert result.returncode not in (0, 70), result.stderr
    assert one_line(result.stderr) == disk_full(target)
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]  # no half file
    nothing_unexpected_logged()


@pytest.mark.parametrize(
    ("command", "name"),
    [(("export", "csv", "contacts"), "contacts.csv"), (("export", "ics"), "calendar.ics")],
)
def test_an_export_onto_a_full_disk_says_the_disk_is_full(
    demo_file: Path, small_disk: Path, command: tuple[str, ...], name: str
) -> None:
    target = small_disk / name
    target.write_text("the earlier export\n")
    fill(small_disk)
    args = (*command, "--from", "2000-01-01") if "ics" in command else command
    result = relman(*args, "--db", str(demo_file), "-o", str(target))
    assert result.returncode not in (0, 70), result.stderr
    assert one_line(result.stderr) == disk_full(target)
    assert target.read_text() == "the earlier export\n"
    assert sorted(p.name for p in small_disk.iterdir()) == sorted(["filler", name])
    nothing_unexpected_logged()


def test_demo_force_onto_a_full_disk_says_so_and_keeps_the_file(small_disk: Path) -> None:
    target = small_disk / "relman.sqlite"
    open_database(target).close()
    before = sha(target)
    fill(small_disk)
    result = relman("demo", "--force", "--db", str(target))
    assert result.returncode not in (0, 70), result.stderr
    assert one_line(result.stderr) == disk_full(target)
    assert sha(target) == before
    assert staged_leftovers(small_disk) == []
    nothing_unexpected_logged()


def test_import_into_a_database_on_a_full_disk_says_so_and_imports_nothing(
    small_disk: Path, tmp_path: Path
) -> None:
    target = small_disk / "relman.sqlite"
    open_database(target).close()
    units = tmp_path / "units.csv"
    units.write_text("name\n" + "".join(f"Unit number {i} of many\n" for i in range(300)))
    filler = fill(small_disk)
    result = relman("import", "units", str(units), "--db", str(target))
    assert result.returncode not in (0, 70), result.stderr
    assert one_line(result.stderr) == disk_full(target)
    nothing_unexpected_logged()
    os.unlink(filler)
    checked = relman("check", "--db", str(target))
    assert checked.returncode == 0, checked.stderr
    assert " business_units" in checked.stdout
    counts = dict(line.split() for line in checked.stdout.splitlines() if line.startswith("  "))
    assert counts["business_units"] == "0"
