"""``relman report`` run as a subprocess: each report is written whole, and a unit, a
manager or an interview that does not exist gets one clear line and a non-zero exit."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from relman.demo import build_demo
from relman.storage import open_database


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-demo") / "demo.sqlite"
    db = open_database(path)
    try:
        build_demo(db, "small", seed=7)
    finally:
        db.close()
    return path


def relman(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "relman", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def _planned_interview(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT id FROM interviews WHERE status = 'planned'").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize(
    "args",
    [
        ("review-pack", "--unit", "SALES", "--from", "2025-01-01", "--until", "2026-12-31"),
        ("escalations", "--status", "all"),
        ("interview-prep", "--interview", "PLANNED"),
    ],
)
def test_each_report_is_written(demo_file: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    out = tmp_path / "report.pdf"
    args = tuple(_planned_interview(demo_file) if a == "PLANNED" else a for a in args)
    result = relman("report", *args, "--db", str(demo_file), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Wrote {out}"
    assert len(PdfReader(out).pages) >= 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]  # no temporary file left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("review-pack", "--unit", "Atlantis"), "No business unit is named “Atlantis”"),
        (("escalations", "--manager", "Nobody"), "No staff member is named “Nobody”"),
        (("interview-prep", "--interview", "42"), "“42” is not an interview id"),
        (
            ("review-pack", "--unit", "Sales", "--from", "2026-10-01", "--until", "2026-01-01"),
            "The period starts after it ends",
        ),
    ],
)
def test_what_does_not_exist_is_one_clear_line(
    demo_file: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    out = tmp_path / "report.pdf"
    out.write_bytes(b"the old report")
    result = relman("report", *args, "--db", str(demo_file), "-o", str(out))
    assert result.returncode == 1
    assert result.stderr.startswith("relman: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert out.read_bytes() == b"the old report"  # a failed report leaves the old file
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_a_folder_that_does_not_exist(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "missing" / "report.pdf"
    result = relman("report", "escalations", "--db", str(demo_file), "-o", str(out))
    assert result.returncode == 1 and "does not exist" in result.stderr
