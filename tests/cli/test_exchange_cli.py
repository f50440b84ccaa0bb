"""``relman export`` and ``relman import``, run as a user would: a real subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from relman.commands.exchange import CSV_KINDS
from relman.demo import build_demo
from relman.models import CommandRecord, Contact
from relman.storage import open_database
from relman.workflows import plain
from relman.workflows.csv_export import KINDS


def relman(*args: str | Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "relman", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": "Europe/Berlin"},
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database = open_database(path)
    build_demo(database, "small")
    database.close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "db" / "demo.sqlite"
    copy.parent.mkdir()
    shutil.copy(demo_file, copy)
    return copy


def contacts_in(path: Path) -> int:
    database = open_database(path, readonly=True)
    try:
        with database.read_session() as s:
            return s.scalar(select(func.count()).select_from(Contact)) or 0
    finally:
        database.close()


def test_the_calendar_of_the_demo_is_written_and_reads_back(demo: Path, tmp_path: Path):
    target = tmp_path / "plan.ics"
    done = relman("export", "ics", "--db", demo, "--from", "2000-01-01", "-o", target)
    assert done.returncode == 0, done.stderr
    calendar = Calendar.from_ical(target.read_bytes())
    count = len(calendar.events)
    assert count > 0
    assert done.stdout.strip() == f"Wrote {count} events (times in Europe/Berlin) to {target}"
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    later = relman("--db", demo, "export", "ics", "--from", "2000-01-01", "--until", "2000-12-31",
                   "--timezone", "UTC", "-o", target)  # fmt: skip
    assert later.returncode == 0 and "Wrote 0 events (times in UTC)" in later.stdout


def test_each_list_is_written_as_csv(demo: Path, tmp_path: Path):
    assert set(CSV_KINDS) == set(KINDS)
    for kind in CSV_KINDS:
        target = tmp_path / f"{kind}.csv"
        done = relman("export", "csv", kind, "--db", demo, "-o", target)
        assert done.returncode == 0, done.stderr
        assert target.read_bytes().startswith(b"\xef\xbb\xbf")
        assert done.stdout.startswith("Wrote ")


@pytest.mark.parametrize(
    ("where", "message"),
    [(".", "is a folder"), ("missing/out.ics", "The folder"), ("missing/out.csv", "does not")],
)
def test_a_bad_output_is_refused_in_one_line(demo: Path, tmp_path: Path, where: str, message: str):
    target = tmp_path / where
    args = ("ics",) if where.endswith(("ics", ".")) else ("csv", "units")
    done = relman("export", *args, "--db", demo, "-o", target)
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("relman: ") and message in line
    assert not (tmp_path / "missing").exists()


def test_a_bad_date_or_zone_is_refused_in_one_line(demo: Path, tmp_path: Path):
    for option, value in (("--from", "31.12.2026"), ("--until", "2026-02-30"), ("--timezone", "X")):
        done = relman("export", "ics", "--db", demo, option, value, "-o", tmp_path / "a.ics")
        assert done.returncode == 1
        assert len(done.stderr.strip().splitlines()) == 1 and value in done.stderr
    assert not (tmp_path / "a.ics").exists()


def test_a_contact_list_is_imported(demo: Path, tmp_path: Path):
    before = contacts_in(demo)
    source = tmp_path / "people.csv"
    source.write_bytes(
        "\ufeffName;Unit;E-mail;Phone\r\nNia Obi;Finance;nia@example.com;+44 1\r\n"
        "Olaf Berg;Sales;;\r\n".encode()
    )
    checked = relman("import", "contacts", source, "--db", demo, "--dry-run")
    assert checked.returncode == 0 and checked.stdout.strip() == "2 contacts ready to import."
    assert contacts_in(demo) == before
    done = relman("import", "contacts", source, "--db", demo)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"Imported 2 contacts from {source} (semicolon-separated)."
    assert contacts_in(demo) == before + 2


def test_an_import_is_the_windows_command_kept_in_the_audit(demo: Path, tmp_path: Path):
    source = tmp_path / "units.csv"
    source.write_text("name\nHarbour\nQuay\n", encoding="utf-8")
    done = relman("import", "units", source, "--db", demo)
    assert done.returncode == 0, done.stderr
    db = open_database(demo, create=False)
    try:
        with db.read_session() as s:
            line = s.scalars(select(CommandRecord).where(CommandRecord.name == "import_rows")).one()
            assert plain.loads(line.args) == {"kind": "units", "rows": 2}
            assert line.text == "import of units from units.csv"
    finally:
        db.close()


def test_three_bad_rows_are_reported_and_nothing_is_imported(demo: Path, tmp_path: Path):
    before = contacts_in(demo)
    source = tmp_path / "people.csv"
    source.write_text(
        "name,unit,email\nGood,Finance,\n,Finance,\nBad,Atlantis,\nWorse,Sales,@@\n",
        encoding="utf-8",
    )
    done = relman("import", "contacts", source, "--db", demo)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert [line.split(":")[0] for line in lines[:3]] == [
        "line 3, name",
        "line 4, unit",
        "line 5, email",
    ]
    assert lines[3] == "relman: 3 of 4 rows have problems; nothing was imported."
    assert contacts_in(demo) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b'name,notes\nA,"open\n', "never closed"),
        (b"\xef\xbb\xbfname\nR\xe9n\xe9e\n", "not UTF-8 text"),
    ],
)
def test_a_malformed_file_is_refused_in_one_line(
    demo: Path, tmp_path: Path, content: bytes, message: str
):
    source = tmp_path / "units.csv"
    source.write_bytes(content)
    done = relman("import", "units", source, "--db", demo)
    assert done.returncode == 1
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("relman: ") and message in line


def test_importing_into_a_missing_database_creates_nothing(tmp_path: Path):
    source = tmp_path / "units.csv"
    source.write_text("name\nSales\n", encoding="utf-8")
    done = relman("import", "units", source, "--db", tmp_path / "none.sqlite")
    assert done.returncode != 0 and "does not exist" in done.stderr
    assert not (tmp_path / "none.sqlite").exists()
