"""Migration 0003: the seven criteria columns of the released schema become rows, with the
same met flags and notes, and the key-customer status is recomputed by the new rule."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from sqlalchemy import select

from relman.models import CRITERIA, KeyCriterion, Staff
from relman.storage import migrate, open_database
from relman.storage.database import make_engine
from relman.workflows import assessments, contacts, search


def _old_answers(path: Path) -> dict[tuple[str, int], tuple[bool, str]]:
    """(assessment id, criterion 1..7) -> (met, note), read from the 0002 columns."""
    with sqlite3.connect(path) as con:
        rows = con.execute(
            "SELECT id, c1, c2, c3, c4, c5, c6, c7,"
            " note1, note2, note3, note4, note5, note6, note7 FROM assessments"
        ).fetchall()
    return {(row[0], i): (bool(row[i]), row[7 + i]) for row in rows for i in range(1, 8)}


def test_the_seven_criteria_of_old_assessments_become_rows(demo_0002: Path) -> None:
    before = _old_answers(demo_0002)
    assert any(note for _met, note in before.values()), "the demo has criterion notes"
    assert any(met for met, _note in before.values())
    open_database(demo_0002).close()
    with sqlite3.connect(demo_0002) as con:
        columns = {r[1] for r in con.execute("PRAGMA table_info(assessments)")}
        criteria = con.execute(
            "SELECT id, name, question, position, excludes_unreasonable, archived_at"
            " FROM key_criteria ORDER BY position"
        ).fetchall()
        after = {
            (a, p): (bool(m), n)
            for a, p, m, n in con.execute(
                "SELECT ac.assessment_id, k.position, ac.met, ac.note FROM assessment_criteria ac"
                " JOIN key_criteria k ON k.id = ac.criterion_id"
            )
        }
    assert not columns & ({f"c{i}" for i in range(1, 8)} | {f"note{i}" for i in range(1, 8)})
    assert [(name, question) for _i, name, question, *_ in criteria] == list(CRITERIA)
    assert [r[3] for r in criteria] == [1, 2, 3, 4, 5, 6, 7]
    assert [bool(r[4]) for r in criteria] == [False] * 6 + [True]
    assert all(r[5] is None for r in criteria)
    assert after == {(uuid.UUID(a).hex, p): v for (a, p), v in before.items()}


def test_key_status_is_recomputed_by_the_new_rule(demo_0002: Path) -> None:
    with sqlite3.connect(demo_0002) as con:
        old = con.execute(
            "SELECT id, contact_id, unreasonable, c1 + c2 + c3 + c4 + c5 + c6 + c7"
            " FROM assessments ORDER BY assessed_on, created_at"
        ).fetchall()
    expected = {a: bool(n) and not unreasonable for a, _c, unreasonable, n in old}
    latest = {c: expected[a] for a, c, _u, _n in old}  # the last one of each contact wins
    assert any(0 < n < 4 and not u for _a, _c, u, n in old), "some were not key by the old rule"
    db = open_database(demo_0002)
    try:
        with db.engine.connect() as conn:
            stored = dict(conn.exec_driver_sql("SELECT id, is_key FROM assessments").fetchall())
            key = dict(conn.exec_driver_sql("SELECT id, is_key FROM contacts").fetchall())
    finally:
        db.close()
    assert {a: bool(k) for a, k in stored.items()} == expected
    for contact_id, is_key in key.items():
        assert bool(is_key) == latest.get(contact_id, False)


def test_criterion_notes_are_still_found_by_search(demo_0002: Path) -> None:
    with sqlite3.connect(demo_0002) as con:
        contact_id, note = con.execute(
            "SELECT contact_id, note5 FROM assessments WHERE length(note5) > 20 LIMIT 1"
        ).fetchone()
    word = max(note.split(), key=len).strip(".,;:()\"'")
    db = open_database(demo_0002)
    try:
        with db.read_session() as s:
            hits = search.search(s, word)
        assert any(h.ref_id == uuid.UUID(contact_id) for h in hits), (word, hits[:3])
        # a new assessment's notes are indexed too, and a contact's detail shows them
        with db.session() as s:
            assert len(s.scalars(select(KeyCriterion)).all()) == 7
            assessor = s.scalar(select(Staff.id).limit(1))
            assessments.assess_contact(
                s,
                uuid.UUID(contact_id),
                [False] * 4 + [True, False, False],
                by=assessor,
                notes=["", "", "", "", "Zanzibarish feedback, always fair"],
            )
        with db.read_session() as s:
            assert any(h.ref_id == uuid.UUID(contact_id) for h in search.search(s, "zanzibarish"))
            detail = contacts.contact_detail(s, uuid.UUID(contact_id))
        assert detail.is_key
        assert detail.assessments[0].notes[4] == "Zanzibarish feedback, always fair"
    finally:
        db.close()


def test_the_downgrade_puts_the_columns_back(demo_0002: Path) -> None:
    """0003 alone, up and down again: the seven columns come back with the same values."""
    from alembic import command

    before = _old_answers(demo_0002)
    engine = make_engine(f"sqlite:///{demo_0002}")
    try:
        with engine.connect() as conn:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            with conn.begin():
                migrate.upgrade(conn, "0003")
            with conn.begin():
                command.downgrade(migrate.alembic_config(conn), "0002")
    finally:
        engine.dispose()
    assert _old_answers(demo_0002) == before
    with sqlite3.connect(demo_0002) as con:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        (hits,) = con.execute(
            "SELECT count(*) FROM search_doc d JOIN assessments a ON a.id = d.src_id"
        ).fetchone()
        (assessments,) = con.execute("SELECT count(*) FROM assessments").fetchone()
    assert not tables & {"key_criteria", "assessment_criteria"}
    assert hits == assessments
