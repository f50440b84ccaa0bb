"""The large demo, built at a small scale: sizes, determinism, the method's rules, the file."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select, text

from relman.demo.large import build
from relman.models import (
    Base,
    Direction,
    EscalationStatus,
    ExpectationStatus,
    InterviewStatus,
    is_key,
)
from relman.storage import Database, open_database
from relman.storage.check import check_file, count_rows
from relman.workflows import dashboard
from relman.workflows.scripts import condition_met
from relman.workflows.search import search

SCALE = 0.01
DAY = dt.date(2026, 6, 15)  # a fixed "today" where two builds are compared


def _build(db: Database, seed: int = 11, today: dt.date | None = None) -> list[tuple]:
    calls: list[tuple] = []
    build(db, seed=seed, progress=lambda *a: calls.append(a), scale=SCALE, today=today)
    return calls


@pytest.fixture
def built(db: Database) -> Database:
    _build(db)
    return db


def _rows(db: Database, table: str) -> list[tuple]:
    with db.engine.connect() as conn:
        return conn.exec_driver_sql(f'SELECT * FROM "{table}" ORDER BY id').fetchall()


#: "settings" holds department-wide settings of a file; "who I am" is no longer one of them
#: (it belongs to the person at the keyboard). The audit of commands ("command_log") starts
#: with the first change a user makes: the demo writes its ten years in bulk, not as
#: anyone's commands.
EMPTY_IN_THE_DEMO = ["command_log", "settings"]


def test_every_table_is_filled_in_proportion(built: Database) -> None:
    counts = count_rows(built)
    empty = [table for table in Base.metadata.tables if not counts[table]]
    assert empty == EMPTY_IN_THE_DEMO
    for table, full in (
        ("business_units", 320),
        ("contacts", 6000),
        ("interviews", 30_000),
        ("expectations", 20_000),
        ("escalations", 3000),
        ("support_issues", 5000),
    ):
        assert counts[table] == pytest.approx(full * SCALE, rel=0.1, abs=1), table
    free_text = (
        counts["interviews"]
        + counts["answers"]
        + counts["meetings"]
        + counts["expectation_events"]
        + counts["measurements"]
    )
    assert free_text >= 100_000 * SCALE
    assert counts["escalations"] < counts["expectations"] < counts["expectation_events"]


def test_progress_is_reported_phase_by_phase(db: Database) -> None:
    calls = _build(db)
    done = [c[0] for c in calls]
    assert done == sorted(done)
    assert calls[-1][0] == calls[-1][1] > 1
    assert all(isinstance(c[2], str) and c[2] for c in calls)


def test_same_seed_same_data_other_seed_other_data(db: Database, tmp_path: Path) -> None:
    _build(db, seed=5, today=DAY)
    twin = open_database(tmp_path / "twin.sqlite")
    other = open_database(tmp_path / "other.sqlite")
    try:
        _build(twin, seed=5, today=DAY)
        _build(other, seed=6, today=DAY)
        for table in ("contacts", "expectation_events", "answers", "meetings"):
            assert _rows(db, table) == _rows(twin, table), table
        assert _rows(db, "contacts") != _rows(other, "contacts")
        assert _rows(db, "expectations") != _rows(other, "expectations")
    finally:
        twin.close()
        other.close()


def test_values_are_stored_as_sqlalchemy_would_store_them(built: Database) -> None:
    """The demo writes through the driver for speed: every stored value must be exactly what
    the column's type would have written."""
    dialect = built.engine.dialect
    with built.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            names = ", ".join(f'"{c.name}"' for c in table.c)
            raw = conn.exec_driver_sql(
                f'SELECT {names} FROM "{table.name}" ORDER BY rowid LIMIT 25'
            ).fetchall()
            typed = conn.execute(select(*table.c).order_by(text("rowid")).limit(25)).fetchall()
            assert raw or table.name in EMPTY_IN_THE_DEMO, table.name
            for raw_row, typed_row in zip(raw, typed, strict=True):
                for column, stored, value in zip(table.c, raw_row, typed_row, strict=True):
                    process = column.type._cached_bind_processor(dialect)
                    expected = process(value) if process and value is not None else value
                    assert stored == expected, (table.name, column.name, stored, expected)


def test_every_status_occurs(built: Database) -> None:
    with built.engine.connect() as conn:

        def values(sql: str) -> set[str]:
            return {r[0] for r in conn.exec_driver_sql(sql)}

        assert values("SELECT DISTINCT status FROM expectations") == {
            s.value for s in ExpectationStatus
        }
        assert values("SELECT DISTINCT status FROM escalations") == {
            s.value for s in EscalationStatus
        }
        assert values("SELECT DISTINCT status FROM interviews") >= {
            InterviewStatus.COMPLETED.value,
            InterviewStatus.PLANNED.value,
            InterviewStatus.CANCELLED.value,
        }


def test_key_customers_follow_their_latest_assessment(built: Database) -> None:
    with built.engine.connect() as conn:
        contacts = dict(conn.exec_driver_sql("SELECT id, is_key FROM contacts").fetchall())
        latest: dict[str, bool] = {}
        met = dict(
            conn.exec_driver_sql(
                "SELECT assessment_id, max(met) FROM assessment_criteria GROUP BY assessment_id"
            ).fetchall()
        )
        clash = conn.exec_driver_sql(
            "SELECT count(*) FROM assessments a"
            " JOIN assessment_criteria ac ON ac.assessment_id = a.id"
            " JOIN key_criteria k ON k.id = ac.criterion_id"
            " WHERE a.unreasonable AND ac.met AND k.excludes_unreasonable"
        ).scalar()
        assert clash == 0, "shared reasonable expectations never go with unreasonable demands"
        for row in conn.exec_driver_sql(
            "SELECT contact_id, is_key, unreasonable, id "
            "FROM assessments ORDER BY assessed_on, created_at"
        ):
            assert bool(row[1]) == is_key([bool(met[row[3]])], bool(row[2]))
            latest[row[0]] = bool(row[1])
    assert any(latest.values()) and not all(latest.values())
    for contact_id, key in contacts.items():
        assert bool(key) == latest.get(contact_id, False)


REPLAY = {
    "stated": "stated",
    "validated": "validated",
    "proposed": "negotiating",
    "counter_proposed": "negotiating",
    "agreed": "agreed",
    "disagreed": "disagreed",
    "escalated": "escalated",
    "withdrawn": "withdrawn",
}


def test_history_leads_to_each_status(built: Database) -> None:
    with built.engine.connect() as conn:
        status = dict(conn.exec_driver_sql("SELECT id, status FROM expectations").fetchall())
        replayed: dict[str, str] = {}
        first: dict[str, str] = {}
        for exp, kind, body in conn.exec_driver_sql(
            "SELECT expectation_id, kind, text FROM expectation_events ORDER BY at, rowid"
        ):
            first.setdefault(exp, kind)
            if kind == "note":
                if body.startswith("Escalation withdrawn"):
                    replayed[exp] = "disagreed"
                continue
            replayed[exp] = REPLAY[kind]
        assert replayed == status
        assert set(first.values()) == {"stated"}

        escalations = conn.exec_driver_sql(
            "SELECT s.status, e.status, (SELECT kind FROM escalation_events v WHERE "
            "v.escalation_id = s.id ORDER BY v.at DESC, v.rowid DESC LIMIT 1), "
            "s.resolved_at IS NOT NULL FROM escalations s JOIN expectations e "
            "ON e.id = s.expectation_id"
        ).fetchall()
        for esc, exp, last, resolved in escalations:
            if esc in ("open", "in_discussion"):
                assert exp == "escalated" and not resolved
                assert last == ("opened" if esc == "open" else "discussed")
            else:
                assert exp in ("agreed", "disagreed") and resolved
                assert last == ("resolved" if esc == "resolved" else "withdrawn")


def test_measurements_are_consistent(built: Database) -> None:
    with built.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT m.value, m.target, m.met, e.direction, e.status, m.miss_cause, "
            "m.miss_resolution, m.miss_prevention, e.target FROM measurements m "
            "JOIN expectations e ON e.id = m.expectation_id"
        ).fetchall()
    assert rows
    misses = 0
    for value, target, met, direction, status, cause, resolution, prevention, agreed in rows:
        assert status == "agreed" and target == agreed
        at_least = direction == Direction.AT_LEAST.value
        assert bool(met) == (value >= target if at_least else value <= target)
        if not met:
            misses += 1
            assert cause and resolution and prevention
    assert 0 < misses < len(rows)


def test_answers_follow_the_interview_script(built: Database) -> None:
    with built.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT a.interview_id, a.question_id, a.value, q.condition_question_id, "
            "q.condition_value, s.version_id = i.script_version_id, i.status "
            "FROM answers a JOIN questions q ON q.id = a.question_id "
            "JOIN script_sections s ON s.id = q.section_id "
            "JOIN interviews i ON i.id = a.interview_id"
        ).fetchall()
    given: dict[tuple[str, str], str] = {(r[0], r[1]): r[2] for r in rows}
    conditional = 0
    for interview, _question, _value, cond_q, cond_value, same_version, status in rows:
        assert same_version
        assert status in ("completed", "in_progress")
        if cond_q is not None:
            conditional += 1
            assert condition_met(cond_value, given.get((interview, cond_q)))
    assert conditional


def test_the_timeline_ends_today(built: Database) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(" ")
    start = (dt.date.today() - dt.timedelta(days=3660)).isoformat()
    per_table: dict[str, int] = defaultdict(int)
    with built.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if "created_at" not in table.c:
                continue
            first, last, bad = conn.exec_driver_sql(
                "SELECT min(created_at), max(created_at), sum(updated_at < created_at) "
                f'FROM "{table.name}"'
            ).one()
            per_table[table.name] = bad
            assert start <= first and last <= now, table.name
        assert not {t: n for t, n in per_table.items() if n}, "updated before created"
        future = conn.execute(
            text(
                "SELECT count(*) FROM interviews WHERE scheduled_at > :now AND status != 'planned'"
            ),
            {"now": now},
        )
        assert future.scalar_one() == 0


def test_the_file_checks_ok(built: Database) -> None:
    assert built.path is not None
    report = check_file(built.path)
    assert report.ok, report.problems
    assert report.counts["contacts"] == count_rows(built)["contacts"]


def test_search_finds_the_demo_text(built: Database) -> None:
    with built.read_session() as s:
        assert search(s, "outage")
        assert search(s, "month-end")
        unit_id, unit_name = s.execute(text("SELECT id, name FROM business_units LIMIT 1")).one()
        hits = search(s, unit_name, limit=200)
    assert any(h.kind == "unit" and h.ref_id.hex == unit_id for h in hits)


def test_dashboard_queries_run(built: Database) -> None:
    with built.read_session() as s:
        week = dashboard.my_week(s, None)
        units = dashboard.units(s)
        rm = s.execute(text("SELECT staff_id FROM unit_rms LIMIT 1")).scalar_one()
        mine = dashboard.my_week(s, uuid.UUID(rm))
    assert len(units) == count_rows(built)["business_units"]
    assert any(u.key_customers for u in units)
    assert week.open_escalations
    assert all(
        e.status in (EscalationStatus.OPEN, EscalationStatus.IN_DISCUSSION)
        for e in week.open_escalations
    )
    assert len(mine.open_escalations) <= len(week.open_escalations)


def test_who_i_am_is_not_written_into_the_file(built: Database) -> None:
    from relman.workflows import staff

    with built.read_session() as s:
        assert staff.legacy_current_user(s) is None  # a local setting of each window
        assert staff.identity(s, None).suggested is not None
