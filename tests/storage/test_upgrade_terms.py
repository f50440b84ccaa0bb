"""Migration 0004 on the first release's demo: agreements get their terms on the event,
measurements keep the terms they were judged against, explained misses count as explained,
and the search index still follows measurements and steps."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, select

from relman.models import Direction, Measurement, is_met
from relman.storage import open_database
from relman.storage.migrate import alembic_config, upgrade
from relman.workflows import expectations as ex
from relman.workflows import measurements, search


def _rows(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _triggers(path: Path) -> set[str]:
    return {
        name
        for (name,) in _rows(path, "SELECT name FROM sqlite_master WHERE type = 'trigger'")
        if name.startswith(("search_measurements_", "search_expectation_events_"))
    }


TRIGGERS = {
    f"search_{t}_{s}" for t in ("measurements", "expectation_events") for s in ("ai", "au", "ad")
}


def test_latest_agreement_gets_the_terms_of_its_expectation(demo_0002: Path) -> None:
    terms = {
        eid: rest
        for eid, *rest in _rows(
            demo_0002,
            "SELECT id, target, target_unit, measurement_type, frequency, direction, review_on "
            "FROM expectations WHERE measurement_type IS NOT NULL",
        )
    }
    events = _rows(demo_0002, "SELECT id, expectation_id, kind, text FROM expectation_events")
    assert terms
    open_database(demo_0002).close()
    after = _rows(
        demo_0002,
        "SELECT v.expectation_id, v.proposed_target, v.target_unit, v.measurement_type, "
        "v.frequency, v.direction, v.review_on FROM expectation_events v WHERE v.kind = 'agreed' "
        "AND v.at = (SELECT max(w.at) FROM expectation_events w WHERE w.kind = 'agreed' "
        "AND w.expectation_id = v.expectation_id)",
    )
    assert {eid: list(rest) for eid, *rest in after} == terms
    # no step lost or changed
    assert _rows(demo_0002, "SELECT id, expectation_id, kind, text FROM expectation_events") == (
        events
    )


def test_measurements_keep_the_terms_they_were_judged_against(demo_0002: Path) -> None:
    old = {
        mid: rest
        for mid, *rest in _rows(
            demo_0002,
            "SELECT m.id, m.period, m.value, m.target, m.met, m.miss_cause, m.recorded_at, "
            "m.recorded_by_id, e.measurement_type, e.direction, e.target_unit "
            "FROM measurements m JOIN expectations e ON e.id = m.expectation_id",
        )
    }
    assert any(not row[3] for row in old.values())  # the demo holds misses
    open_database(demo_0002).close()
    new = {
        mid: rest
        for mid, *rest in _rows(
            demo_0002,
            "SELECT id, period, value, target, met, miss_cause, recorded_at, recorded_by_id, "
            "measurement_type, direction, target_unit, explained_at, explained_by_id, "
            "told_customer_on FROM measurements",
        )
    }
    assert new.keys() == old.keys()
    for mid, row in new.items():
        assert row[:10] == old[mid], mid  # values, met and the copied terms
        _period, value, target, met, _cause, recorded_at, recorded_by = row[:7]
        assert bool(met) is is_met(value, target, Direction(row[8]))  # consistent as stored
        explained_at, explained_by, told = row[10:]
        if not met:  # every miss of the old demo was explained when recorded
            assert (explained_at, explained_by) == (recorded_at, recorded_by)
            assert told is None  # not recorded before 0004
        else:
            assert (explained_at, explained_by, told) == (None, None, None)
    db = open_database(demo_0002)
    try:
        with db.read_session() as s:
            assert measurements.unexplained_misses(s) == []
    finally:
        db.close()


def test_search_still_follows_measurements_and_steps(demo_0002: Path) -> None:
    assert _triggers(demo_0002) == TRIGGERS
    db = open_database(demo_0002)
    try:
        assert _triggers(demo_0002) == TRIGGERS
        with db.session() as s:
            m = s.scalars(select(Measurement).limit(1)).one()
            ex.add_note(s, m.expectation_id, by=m.recorded_by_id, text="Zanzibarian review")
            m.miss_cause = "Quetzalcoatl router firmware"  # fires the update trigger
        with db.read_session() as s:
            assert search.search(s, "Zanzibarian")
            assert search.search(s, "Quetzalcoatl")
    finally:
        db.close()


def test_0004_downgrades_without_losing_a_step(demo_0002: Path) -> None:
    events = _rows(demo_0002, "SELECT count(*) FROM expectation_events")[0][0]
    measurements = _rows(demo_0002, "SELECT id, value, met FROM measurements ORDER BY id")
    engine = create_engine(f"sqlite:///{demo_0002}")
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            upgrade(conn, "0004")
            stated = conn.exec_driver_sql(
                "SELECT id, expectation_id, author_id, at FROM expectation_events "
                "WHERE kind = 'stated' LIMIT 1"
            ).one()
            conn.exec_driver_sql(
                "INSERT INTO expectation_events (id, expectation_id, kind, author_id, at, text, "
                "created_at, updated_at, version) VALUES (?, ?, 'reworded', ?, ?, "
                "'the first wording', ?, ?, 1)",
                (uuid.uuid4().hex, stated[1], stated[2], stated[3], stated[3], stated[3]),
            )
        with engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            command.downgrade(alembic_config(conn), "0003")
    finally:
        engine.dispose()
    assert _rows(demo_0002, "SELECT count(*) FROM expectation_events")[0][0] == events + 1
    assert _rows(
        demo_0002, "SELECT kind, text FROM expectation_events WHERE text LIKE '%the first wording'"
    ) == [("note", "Reworded; the earlier wording: the first wording")]
    assert _rows(demo_0002, "SELECT id, value, met FROM measurements ORDER BY id") == measurements
    assert _triggers(demo_0002) == TRIGGERS
    columns = {r[1] for r in _rows(demo_0002, "PRAGMA table_info(measurements)")}
    assert "explained_at" not in columns and "direction" not in columns
