"""The escalation summary: the overview, every escalation with its history and next step,
one manager's only, and a clear message for a manager nobody is called."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest

from relman.errors import NotFoundError
from tests.reports.conftest import escalation_summary


def test_every_escalation_prints_with_its_history(demo, read_pdf) -> None:
    out = io.BytesIO()
    with demo.read_session() as s:
        data = escalation_summary(s, out, include_closed=True, invariant=True)
    text = read_pdf(out.getvalue())
    assert "Escalation summary" in text and "By age" in text and "By unit" in text
    assert "page 1 of" in text
    assert data.items
    for item in data.items:
        r = item.row
        assert r.manager in text and r.unit in text and r.customer_manager in text
        assert " ".join(item.statement.split()[:5]) in text
        assert f"{r.age_days} days" in text
        assert f"due {r.due_on:%Y-%m-%d}" in text
        assert " ".join(item.next_step.split()[:4]) in text
        assert item.history and " ".join(item.history[-1].what.split()[:3]) in text
    for band, _count in data.by_band:
        assert band in text


def test_open_ones_of_one_manager(demo, read_pdf) -> None:
    with demo.read_session() as s:
        everything = escalation_summary(s, io.BytesIO(), include_closed=True)
        manager = everything.items[0].row.manager
        out = io.BytesIO()
        mine = escalation_summary(s, out, manager=manager.upper())
    assert mine.items and all(i.row.manager == manager for i in mine.items)
    assert all(i.row.status.value in ("open", "in_discussion") for i in mine.items)
    assert f"Open escalations taken up by {manager}" in read_pdf(out.getvalue())


def test_no_escalation_still_gives_a_page(db, read_pdf) -> None:
    out = io.BytesIO()
    with db.read_session() as s:
        escalation_summary(s, out)
    assert "There is no escalation to summarise." in read_pdf(out.getvalue())


def test_an_unknown_manager_is_named_in_the_message(db) -> None:
    with db.read_session() as s, pytest.raises(NotFoundError, match="No staff member is named"):
        escalation_summary(s, io.BytesIO(), manager="Nobody")


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_the_summary_sound(demo, tmp_path: Path) -> None:
    path = tmp_path / "escalations.pdf"
    with demo.read_session() as s, path.open("wb") as out:
        escalation_summary(s, out, include_closed=True)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
