"""Migration 0005 on the first release's demo: interviews, answers, survey questions and
support-issue ratings carried over, nothing lost, the search index still kept in step."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from relman.models import Answer, Interview, InterviewStatus, SupportIssueRating
from relman.storage import open_database
from relman.workflows import satisfaction, search


def _read(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _normal(name: str) -> str:
    return " ".join(name.split()).casefold()


def test_survey_scores_keep_their_question_and_spellings_merge(demo_0002: Path) -> None:
    # a score typed with another case and spacing before questions were a list
    con = sqlite3.connect(demo_0002)
    with con:
        con.execute(
            "UPDATE survey_scores SET question = '  value FOR   money ' WHERE id ="
            " (SELECT id FROM survey_scores WHERE question = 'Value for money' LIMIT 1)"
        )
    con.close()
    before = _read(demo_0002, "SELECT id, survey_id, question, score FROM survey_scores")
    spellings = {q for _, _, q, _ in before}
    assert "  value FOR   money " in spellings and "Value for money" in spellings

    db = open_database(demo_0002)
    try:
        with db.read_session() as s:
            names = [q.name for q in satisfaction.survey_questions(s)]
    finally:
        db.close()
    assert len(names) == len({_normal(q) for q in spellings}) == 5
    assert "Value for money" in names  # spelt as most scores spelt it
    after = {
        row[0]: row[1:]
        for row in _read(
            demo_0002,
            "SELECT sc.id, sc.survey_id, q.name, sc.score FROM survey_scores sc"
            " JOIN survey_questions q ON q.id = sc.question_id",
        )
    }
    assert len(after) == len(before)
    for id_, survey_id, question, score in before:
        assert after[id_][0] == survey_id and after[id_][2] == score
        assert _normal(after[id_][1]) == _normal(question)


def test_each_support_issue_rating_becomes_its_first_quarter(demo_0002: Path) -> None:
    before = _read(
        demo_0002, "SELECT id, importance, satisfaction, rated_on, created_at FROM support_issues"
    )
    assert before
    db = open_database(demo_0002)
    try:
        with db.read_session() as s:
            ratings = {r.issue_id.hex: r for r in s.query(SupportIssueRating)}
    finally:
        db.close()
    assert len(ratings) == len(before)
    for id_, importance, satisfied, rated_on, created_at in before:
        rating = ratings[id_]
        day = rated_on or created_at[:10]
        year, month = int(day[:4]), int(day[5:7])
        assert (rating.importance, rating.satisfaction) == (importance, satisfied)
        assert rating.quarter == f"{year}-Q{(month - 1) // 3 + 1}"
        assert rating.rated_on == rated_on


def test_interviews_get_their_authors_and_cancellation(demo_0002: Path) -> None:
    before = {
        row[0]: row[1:]
        for row in _read(demo_0002, "SELECT id, status, rm_id, notes, updated_at FROM interviews")
    }
    answers = _read(demo_0002, "SELECT count(*) FROM answers")[0][0]
    db = open_database(demo_0002)
    try:
        with db.read_session() as s:
            after = {iv.id.hex: iv for iv in s.query(Interview)}
            assert s.query(Answer).count() == answers
            assert s.query(Answer).filter(Answer.hidden.is_(True)).count() == 0
    finally:
        db.close()
    assert after.keys() == before.keys()
    statuses = set()
    for id_, (status, rm_id, notes, _updated) in before.items():
        iv = after[id_]
        rm = uuid.UUID(rm_id)
        statuses.add(iv.status)
        assert iv.notes == notes  # the notes are left as they were
        if iv.status is InterviewStatus.COMPLETED:
            assert (iv.started_by_id, iv.finished_by_id, iv.cancelled_by_id) == (rm, rm, None)
        elif iv.status is InterviewStatus.CANCELLED:
            assert (iv.started_by_id, iv.cancelled_by_id) == (None, rm)
            assert iv.cancel_reason and notes.endswith("Cancelled: " + iv.cancel_reason)
            assert iv.cancelled_at is not None
        else:
            assert status == "planned"
            assert (iv.started_by_id, iv.finished_by_id, iv.cancelled_by_id) == (None, None, None)
    assert {InterviewStatus.COMPLETED, InterviewStatus.CANCELLED} <= statuses


def test_rebuilt_tables_are_still_searched(demo_0002: Path) -> None:
    """Batch mode copies interviews and answers: their search triggers must come back."""
    db = open_database(demo_0002)
    try:
        triggers = {
            name
            for (name,) in _read(demo_0002, "SELECT name FROM sqlite_master WHERE type='trigger'")
        }
        for table in ("interviews", "answers"):
            assert {f"search_{table}_{x}" for x in ("ai", "au", "ad")} <= triggers
        with db.session() as s:
            interview = (
                s.query(Interview).filter(Interview.status == InterviewStatus.PLANNED).first()
            )
            assert interview is not None
            interview.notes = "Zanzibarish preparation"
        with db.read_session() as s:
            hits = search.search(s, "zanzibarish")
        assert [(h.kind, h.ref_id) for h in hits] == [("interview", interview.id)]
    finally:
        db.close()
