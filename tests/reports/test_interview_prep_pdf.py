"""The interview preparation sheet: everything the preparation gathers prints, the script
with room to write, and a clear message for an id that is no interview."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from relman.errors import NotFoundError
from relman.models import Interview, InterviewStatus
from relman.reports.interview_prep import SECTIONS
from tests.reports.conftest import interview_prep


def _planned(db) -> str:
    with db.read_session() as s:
        return str(
            s.scalars(
                select(Interview.id).where(Interview.status == InterviewStatus.PLANNED).limit(1)
            ).one()
        )


def test_every_section_prints(demo, read_pdf) -> None:
    out = io.BytesIO()
    with demo.read_session() as s:
        prep = interview_prep(s, _planned(demo), out, invariant=True)
    text = read_pdf(out.getvalue())
    for _key, title, _make in SECTIONS:
        assert title in text
    assert "Interview preparation" in text and "CONFIDENTIAL" in text
    assert prep.interview.unit in text and prep.interview.rm in text
    for c in prep.contacts:
        assert c.name in text
        assert c.assessment is None or " ".join(c.assessment.verdict.split()[:4]) in text
    assert prep.expectations and all(e.service in text for e in prep.expectations)
    assert all(" ".join(a.text.split()[:4]) in text for a in prep.action_items)
    assert prep.last_meetings and prep.last_meetings[0].title in text
    assert prep.script
    for section in prep.script:
        assert section.title in text
        for q in section.questions:
            assert " ".join(q.text.split()[:5]) in text


def test_an_id_that_is_no_interview(demo) -> None:
    with demo.read_session() as s:
        with pytest.raises(NotFoundError, match="not an interview id"):
            interview_prep(s, "12<b>", io.BytesIO())
        with pytest.raises(NotFoundError):
            interview_prep(s, "0" * 32, io.BytesIO())


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_the_sheet_sound(demo, tmp_path: Path) -> None:
    path = tmp_path / "prep.pdf"
    with demo.read_session() as s, path.open("wb") as out:
        interview_prep(s, _planned(demo), out)
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
