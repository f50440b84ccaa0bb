"""The database keeps the method's rules too (migration 0006): CHECK constraints, names unique
ignoring case, authors that cannot be deleted, indexes on every foreign key; the upgrade of a
first-release file repairs or refuses what would break them; ``relman check`` reports rows
that break them anyway."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from relman.errors import CorruptFileError
from relman.models import Base
from relman.storage import Database, open_database
from relman.storage.check import check_file
from relman.workflows import expectations as ex
from relman.workflows import portfolio, services


def _raw(db: Database, sql: str, **params: object) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(sql), params)


def _unit_and_expectation(db: Database, people) -> tuple[str, str]:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales")
        service = services.create_service(s, "CRM")
        exp = ex.state_expectation(
            s, unit_id=unit.id, service_id=service.id, statement="Fast", by=people.rm
        )
        return unit.id.hex, exp.id.hex


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE business_units SET criticality = 'apocalyptic'",
        "UPDATE expectations SET status = 'agreed'",  # agreed without its terms
        "UPDATE expectations SET status = 'agreed', target = 99, frequency = 'monthly'",
        "UPDATE expectations SET measurement_type = 'vibes'",
    ],
)
def test_the_database_refuses_what_the_method_forbids(db: Database, people, sql: str) -> None:
    _unit_and_expectation(db, people)
    with pytest.raises(IntegrityError, match="CHECK constraint failed"):
        _raw(db, sql)


def test_an_agreed_expectation_with_its_terms_is_accepted(db: Database, people) -> None:
    _unit_and_expectation(db, people)
    _raw(
        db,
        "UPDATE expectations SET status = 'agreed', target = 99, frequency = 'monthly',"
        " measurement_type = 'availability'",
    )
    with db.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT status, target FROM expectations").all()
    assert stored == [("agreed", 99.0)]


@pytest.mark.parametrize(
    ("quarter", "score", "respondents", "ok"),
    [
        ("2026-Q3", 4.5, 10, True),
        ("2026-Q5", 4.5, 10, False),
        ("2026/Q3", 4.5, 10, False),
        ("26-Q3", 4.5, 10, False),
        ("2026-Q3", 5.5, 10, False),
        ("2026-Q3", 0, 10, False),
        ("2026-Q3", 4, -1, False),
    ],
)
def test_quarters_scores_and_counts_are_checked(
    db: Database, quarter: str, score: float, respondents: int, ok: bool
) -> None:
    with db.session() as s:
        unit_id = portfolio.create_unit(s, "Sales").id.hex
    sql = (
        "INSERT INTO surveys (id, unit_id, quarter, respondents, overall, comments, created_at,"
        " updated_at, version) VALUES (:id, :unit, :quarter, :respondents, :score, '',"
        " '2026-01-01', '2026-01-01', 1)"
    )
    values = {
        "id": uuid.uuid4().hex,
        "unit": unit_id,
        "quarter": quarter,
        "respondents": respondents,
        "score": score,
    }
    if ok:
        _raw(db, sql, **values)
    else:
        with pytest.raises(IntegrityError, match="CHECK constraint failed"):
            _raw(db, sql, **values)


@pytest.mark.parametrize(
    ("period", "ok"),
    [
        ("2026-W07", True),
        ("2026-W53", True),
        ("2026-10", True),
        ("2026-Q3", True),
        ("2026-W54", False),
        ("2026-13", False),
        ("2026-00", False),
        ("2026-Q0", False),
        ("October", False),
        ("2026-1", False),
    ],
)
def test_measurement_periods_are_checked(db: Database, people, period: str, ok: bool) -> None:
    _unit, exp_id = _unit_and_expectation(db, people)
    with db.engine.connect() as conn:
        columns = {c["name"]: c for c in inspect(conn).get_columns("measurements")}
    values = {
        "id": uuid.uuid4().hex,
        "expectation_id": exp_id,
        "period": period,
        "value": 1.0,
        "target": 1.0,
        "met": True,
        "recorded_by_id": people.rm.hex,
        "recorded_at": "2026-01-01 00:00:00",
        "created_at": "2026-01-01 00:00:00",
        "updated_at": "2026-01-01 00:00:00",
        "version": 1,
    }
    for name, column in columns.items():  # whatever other columns this release requires
        if name not in values and not column["nullable"] and column.get("default") is None:
            values[name] = {
                "direction": "at_least",
                "measurement_type": "availability",
            }.get(name, "")
    names = ", ".join(values)
    sql = f"INSERT INTO measurements ({names}) VALUES ({', '.join(':' + n for n in values)})"
    if ok:
        _raw(db, sql, **values)
    else:
        with pytest.raises(IntegrityError, match="CHECK constraint failed"):
            _raw(db, sql, **values)


def test_unit_and_service_names_are_unique_ignoring_case_in_the_database(db: Database) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "Sales")
        portfolio.create_unit(s, "Finance")
        services.create_service(s, "SAP Financials")
        services.create_service(s, "Mail")
    for table, old, new in (
        ("business_units", "Finance", "SALES"),
        ("services", "Mail", "sap financials"),
    ):
        with pytest.raises(IntegrityError, match="UNIQUE constraint failed"):
            _raw(db, f"UPDATE {table} SET name = :new WHERE name = :old", new=new, old=old)


def test_an_author_cannot_be_deleted(db: Database, people) -> None:
    _unit_and_expectation(db, people)  # the RM wrote the "stated" step
    with pytest.raises(IntegrityError, match="FOREIGN KEY constraint failed"):
        _raw(db, "DELETE FROM staff WHERE id = :id", id=people.rm.hex)


def test_every_foreign_key_is_indexed(db: Database) -> None:
    missing = []
    with db.engine.connect() as conn:
        inspector = inspect(conn)
        for table in Base.metadata.sorted_tables:
            leading = {tuple(i["column_names"][:1]) for i in inspector.get_indexes(table.name)}
            pk = inspector.get_pk_constraint(table.name)["constrained_columns"]
            leading.add(tuple(pk[:1]))
            for key in inspector.get_foreign_keys(table.name):
                column = key["constrained_columns"][0]
                if (column,) not in leading:
                    missing.append(f"{table.name}.{column}")
    assert missing == []


# -- the upgrade of a first-release file ---------------------------------------------------


def _rows(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_the_upgrade_keeps_every_row_and_value(demo_0002: Path) -> None:
    tables = [
        "business_units",
        "contacts",
        "staff",
        "services",
        "expectations",
        "measurements",
        "escalations",
        "escalation_events",
        "meetings",
        "surveys",
        "survey_scores",
        "interviews",
    ]
    before = {t: _rows(demo_0002, f"SELECT count(*) FROM {t}")[0][0] for t in tables}
    units = _rows(demo_0002, "SELECT id, name, criticality, notes FROM business_units ORDER BY id")
    authors = _rows(demo_0002, "SELECT id, author_id FROM expectation_events ORDER BY id")
    statuses = _rows(demo_0002, "SELECT id, status, target FROM expectations ORDER BY id")

    open_database(demo_0002).close()

    after = {t: _rows(demo_0002, f"SELECT count(*) FROM {t}")[0][0] for t in tables}
    assert after == before
    assert (
        _rows(demo_0002, "SELECT id, name, criticality, notes FROM business_units ORDER BY id")
        == units
    )
    kept = set(_rows(demo_0002, "SELECT id, author_id FROM expectation_events"))
    assert set(authors) <= kept
    assert _rows(demo_0002, "SELECT id, status, target FROM expectations ORDER BY id") == statuses
    assert _rows(
        demo_0002, "SELECT count(*) FROM business_units WHERE archived_at IS NOT NULL"
    ) == [(0,)]
    # the search index still follows edits: its triggers survived the tables' rebuild
    triggers = _rows(demo_0002, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
    assert triggers[0][0] > 0
    con = sqlite3.connect(demo_0002)
    con.execute("UPDATE business_units SET notes = 'zeppelins' WHERE rowid = 1")
    con.commit()
    assert con.execute("SELECT count(*) FROM search_doc WHERE body LIKE '%zeppelins%'").fetchone()[
        0
    ]
    con.close()


def test_the_upgrade_repairs_what_it_can_and_says_so(
    demo_0002: Path, caplog: pytest.LogCaptureFixture
) -> None:
    con = sqlite3.connect(demo_0002)
    exp_id = con.execute(
        "SELECT id FROM expectations WHERE status = 'agreed' ORDER BY id LIMIT 1"
    ).fetchone()[0]
    con.execute("UPDATE expectations SET target = NULL WHERE id = ?", (exp_id,))
    first, second = con.execute(
        "SELECT id, name FROM business_units ORDER BY id LIMIT 2"
    ).fetchall()
    con.execute("UPDATE business_units SET name = ? WHERE id = ?", (first[1].upper(), second[0]))
    con.execute("UPDATE survey_scores SET score = 7 WHERE rowid = 1")
    con.commit()
    con.close()

    with caplog.at_level("WARNING"):
        open_database(demo_0002).close()

    assert _rows(demo_0002, f"SELECT status FROM expectations WHERE id = '{exp_id}'") == [
        ("validated",)
    ]
    notes = _rows(
        demo_0002,
        f"SELECT text FROM expectation_events WHERE expectation_id = '{exp_id}' AND kind = 'note'",
    )
    assert any("without its full terms" in n for (n,) in notes)
    assert _rows(demo_0002, f"SELECT name FROM business_units WHERE id = '{second[0]}'") == [
        (f"{first[1].upper()} (2)",)
    ]
    assert _rows(demo_0002, "SELECT score FROM survey_scores WHERE rowid = 1") == [(5.0,)]
    assert "returned to validated" in caplog.text
    assert "renamed" in caplog.text


def test_the_upgrade_refuses_a_value_it_cannot_repair(demo_0002: Path) -> None:
    con = sqlite3.connect(demo_0002)
    con.execute("UPDATE staff SET role = 'wizard' WHERE rowid = 1")
    con.commit()
    con.close()
    with pytest.raises(CorruptFileError, match=r"staff\.role holds the unknown value 'wizard'"):
        open_database(demo_0002)
    assert _rows(demo_0002, "SELECT version_num FROM alembic_version") == [("0002",)]
    assert _rows(demo_0002, "SELECT count(*) FROM staff WHERE role = 'wizard'") == [(1,)]


# -- relman check ---------------------------------------------------------------------------


def test_check_reports_rows_that_break_the_rules(db_path: Path, people, db: Database) -> None:
    _unit_and_expectation(db, people)
    db.close()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA ignore_check_constraints = ON")
    con.execute("UPDATE expectations SET status = 'agreed'")
    con.execute("UPDATE business_units SET criticality = 'apocalyptic'")
    con.commit()
    con.close()

    problems = check_file(db_path).problems
    assert any("expectations: a row breaks the rule agreed_has_terms" in p for p in problems)
    assert any("business_units: a row criticality holds a value" in p for p in problems)


def test_check_of_a_sound_file_reports_no_rule_problem(db_path: Path, people, db: Database) -> None:
    _unit_and_expectation(db, people)
    db.close()
    assert check_file(db_path).problems == []
