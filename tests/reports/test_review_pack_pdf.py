"""The review pack: every section prints, an empty unit gets a sensible pack, long text
flows across pages, cancelling stops it, and the file passes qpdf's check."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from relman.errors import NotFoundError
from relman.reports.review_pack import SECTIONS, render
from relman.workflows import portfolio
from relman.workflows.report_progress import Cancelled
from tests.reports.conftest import review_pack

START = dt.date(2020, 1, 1)


def _words(text: str, n: int = 4) -> str:
    return " ".join(text.split()[:n])


def test_every_section_of_a_busy_unit_prints(demo, read_pdf) -> None:
    out = io.BytesIO()
    with demo.read_session() as s:
        data = review_pack(s, "sales", out, start=START, invariant=True)
    text = read_pdf(out.getvalue())
    for _key, title in SECTIONS:
        assert text.count(title) >= 2  # in the contents and as the section's heading
    assert "Review pack" in text and "CONFIDENTIAL" in text
    assert data.unit.name in text and str(data.period) in text
    assert "page 2 of" in text
    assert data.unit.head is not None and data.unit.head.name in text
    assert all(rm.name in text for rm in data.unit.rms)
    assert all(dep.name in text for dep in data.unit.dependencies)
    assert data.key_customers and all(k.name in text for k in data.key_customers)
    assert _words(data.key_customers[0].verdict) in text
    assert data.expectations and all(e.service in text for e in data.expectations)
    assert data.misses and all(_words(m.cause) in text for m in data.misses if m.cause)
    assert data.interviews and all(_words(i.key_points) in text for i in data.interviews)
    assert data.meetings and all(_words(m.delivered) in text for m in data.meetings)
    assert data.open_actions and _words(data.open_actions[0].text) in text
    assert data.closed_actions and _words(data.closed_actions[-1].text) in text
    assert data.satisfaction and data.satisfaction[-1][0] in text
    assert data.issues and _words(data.issues[0].title) in text


def test_a_unit_with_nothing_in_the_period_gets_a_pack_that_says_so(db, read_pdf) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "Quiet Unit")
    out = io.BytesIO()
    with db.read_session() as s:
        review_pack(s, "Quiet Unit", out)
    text = read_pdf(out.getvalue())
    for line in (
        "No services recorded for this unit.",
        "This unit has no key customers.",
        "No expectations are recorded for this unit.",
        "No target was missed in this period.",
        "No escalation was open in this period.",
        "No interview was held in this period.",
        "No meeting was held in this period.",
        "No action item is open.",
        "No satisfaction survey is recorded for this unit.",
    ):
        assert line in text


def test_an_unknown_unit_is_named_in_the_message(db) -> None:
    with db.read_session() as s, pytest.raises(NotFoundError, match="No business unit is named"):
        review_pack(s, "Nowhere", io.BytesIO())


def test_a_one_megabyte_note_flows_across_pages(demo, read_pdf) -> None:
    with demo.read_session() as s:
        data = review_pack(s, "sales", io.BytesIO(), start=START)
    words = [f"word{i:06d}" for i in range(100_000)]
    note = " ".join(words)[:1_000_000]
    big = dataclasses.replace(data, unit=dataclasses.replace(data.unit, notes=note))
    out = io.BytesIO()
    render(big, out)
    text = read_pdf(out.getvalue())
    assert "word000000" in text and "word050000" in text and words[90_000] in text
    assert text.count("page ") > 100


def test_a_huge_table_cell_is_shortened_not_a_layout_error(demo, read_pdf) -> None:
    with demo.read_session() as s:
        data = review_pack(s, "sales", io.BytesIO(), start=START)
    first = dataclasses.replace(data.expectations[0], statement="x" * 200_000)
    big = dataclasses.replace(data, expectations=[first, *data.expectations[1:]])
    out = io.BytesIO()
    render(big, out)
    assert "xxxxxxxxxx…" in read_pdf(out.getvalue()).replace(" ", "")


def test_cancelling_stops_the_pack(demo) -> None:
    heard: list[str] = []
    with demo.read_session() as s, pytest.raises(Cancelled):
        review_pack(
            s,
            "sales",
            io.BytesIO(),
            start=START,
            progress=lambda done, total, what: heard.append(what),
            cancelled=lambda: len(heard) > 3,
        )
    assert heard[0] == "Gathering the portfolio"


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_the_pack_sound(demo, tmp_path: Path) -> None:
    path = tmp_path / "pack.pdf"
    with demo.read_session() as s, path.open("wb") as out:
        review_pack(s, "sales", out, start=START)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
