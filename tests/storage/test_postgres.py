"""The team server: relman on a real PostgreSQL database.

These tests need a server: set ``RELMAN_TEST_POSTGRES_URL`` to a URL whose role may create
databases (``.ci/run`` starts a local server and sets it). Each test gets a database of its
own, dropped afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
import warnings
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.exc import IntegrityError, OperationalError

from relman.demo import build_demo
from relman.errors import NeedsUpgradeError
from relman.storage import open_database
from relman.storage.check import count_rows

SERVER = os.environ.get("RELMAN_TEST_POSTGRES_URL")

pytestmark = pytest.mark.skipif(
    not SERVER, reason="no PostgreSQL server given (RELMAN_TEST_POSTGRES_URL)"
)


@pytest.fixture
def pg_url() -> Iterator[str]:
    assert SERVER is not None
    name = f"relman_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        _drop(admin, name)
        admin.dispose()


def _drop(admin: Engine, name: str) -> None:
    """Drop the test's database; the server's autovacuum may still be in it for a moment
    (a process of another role, which this role may not end), so try again briefly."""
    for _attempt in range(20):
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            return
        except OperationalError:
            time.sleep(0.25)
    warnings.warn(f"test database {name} is still in use and was left on the server", stacklevel=1)


def test_demo_on_postgres_holds_what_it_holds_on_sqlite(pg_url: str, tmp_path) -> None:
    on_server = open_database(pg_url)
    try:
        server_summary = build_demo(on_server, "small", seed=7)
        server_counts = count_rows(on_server)
        revision = on_server.revision()
    finally:
        on_server.close()
    local = open_database(tmp_path / "same.sqlite")
    try:
        local_summary = build_demo(local, "small", seed=7)
        local_counts = count_rows(local)
        assert revision == local.revision()
    finally:
        local.close()
    assert server_summary.counts == local_summary.counts
    assert server_counts == local_counts
    assert server_counts["contacts"] > 0


def test_reopening_a_server_database_keeps_its_rows(pg_url: str) -> None:
    first = open_database(pg_url)
    try:
        build_demo(first, "small", seed=7)
        before = count_rows(first)
    finally:
        first.close()
    again = open_database(pg_url)  # already at the newest schema: nothing to migrate
    try:
        assert count_rows(again) == before
    finally:
        again.close()


def test_cli_check_on_the_server_never_prints_the_password(pg_url: str) -> None:
    assert make_url(pg_url).password, "the test server URL should carry a password"
    env = {**os.environ, "RELMAN_DATABASE_URL": pg_url}
    demo = subprocess.run(
        [sys.executable, "-m", "relman", "demo"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert demo.returncode == 0, demo.stderr
    check = subprocess.run(
        [sys.executable, "-m", "relman", "check"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert check.returncode == 0, check.stderr
    assert "reachable" in check.stdout
    password = make_url(pg_url).password
    for output in (demo.stdout, demo.stderr, check.stdout, check.stderr):
        assert str(password) not in output.replace("***", "")


def test_timestamps_on_the_server_carry_their_time_zone(pg_url: str) -> None:
    import datetime as dt

    from relman.models import Staff
    from relman.workflows.staff import add_staff

    db = open_database(pg_url)
    try:
        with db.engine.connect() as conn:
            kinds = {
                kind
                for (kind,) in conn.execute(
                    text(
                        "SELECT DISTINCT data_type FROM information_schema.columns WHERE "
                        "table_schema = current_schema() AND data_type LIKE 'timestamp%'"
                    )
                )
            }
            assert kinds == {"timestamp with time zone"}
            # the session's own time zone does not move a stored instant
            conn.execute(text("SET TIME ZONE 'Asia/Kolkata'"))
        noon_in_oslo = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
        with db.session() as s:
            staff_id = add_staff(s, "Zoë").id
            s.get(Staff, staff_id).archived_at = noon_in_oslo
        with db.read_session() as s:
            stored = s.get(Staff, staff_id).archived_at
        assert stored == noon_in_oslo and stored.tzinfo == dt.UTC
        assert stored.hour == 10
    finally:
        db.close()


def test_commands_their_undo_and_audit_work_on_the_server(pg_url: str) -> None:
    """A command, its inverse after a trip through JSON, and the audit lines, on PostgreSQL
    (time zones, UUIDs and the snapshot a removal keeps)."""
    from relman.workflows import audit, staff
    from relman.workflows.commands import Command
    from tests.conftest import Do

    db = open_database(pg_url)
    try:
        with db.session() as s:
            rui = staff.add_staff(s, "Rui Relman").id
        do = Do(db)
        created = do(Command("create_unit", {"name": "Sales"}, by=rui, text="creation of Sales"))
        do.redo(do.undo(created))
        with db.read_session() as s:
            lines = [(c.who, c.what) for c in audit.changes_to(s, created.result)]
        assert lines == [
            ("Rui Relman", "creation of Sales"),
            ("Rui Relman", "undo of creation of Sales"),
            ("Rui Relman", "creation of Sales"),
        ]
    finally:
        db.close()


def test_the_server_holds_exactly_the_schema_the_models_declare(pg_url: str) -> None:
    """Alembic's comparison of the live schema with the models, on the server: the link
    from a unit to its head was missing there (it is kept inside the table on SQLite)."""
    from relman.storage.schema import drift

    db = open_database(pg_url)
    try:
        with db.engine.connect() as conn:
            assert drift(conn) == []
    finally:
        db.close()


def test_the_upgrade_clears_a_dangling_head_and_makes_the_link(pg_url: str, tmp_path) -> None:
    """A server made before the link kept a unit's head after the contact was deleted.
    Upgraded the only way a shared schema is: relman server upgrade, after a dump."""
    from relman.storage import migrate
    from relman.storage.database import make_engine

    engine = make_engine(pg_url)
    unit, gone = uuid.uuid4(), uuid.uuid4()
    try:
        with engine.begin() as conn:
            migrate.upgrade(conn, "0008")
            conn.execute(
                text(
                    "INSERT INTO business_units (id, name, division, criticality, notes,"
                    " own_service_levels, review_every_days, created_at, updated_at, version)"
                    " VALUES (:id, 'Sales', '', 'high', '', false, 30, now(), now(), 1)"
                ),
                {"id": unit},
            )
            conn.execute(
                text("UPDATE business_units SET head_id = :gone WHERE id = :id"),
                {"gone": gone, "id": unit},
            )
    finally:
        engine.dispose()
    # a newer relman never upgrades a shared schema by itself
    with pytest.raises(NeedsUpgradeError, match="relman server upgrade --url URL"):
        open_database(pg_url)
    backups = tmp_path / "dumps"
    upgrade = subprocess.run(
        [sys.executable, "-m", "relman", "server", "upgrade", "--url", pg_url,
         "--backups", str(backups)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert upgrade.returncode == 0, upgrade.stderr
    (dump,) = backups.iterdir()
    assert f"Dumped 0008 to {dump}" in upgrade.stdout
    assert "Upgraded from schema 0008 to" in upgrade.stdout
    assert dump.stat().st_size > 0 and dump.stat().st_mode & 0o077 == 0
    assert str(make_url(pg_url).password) not in upgrade.stdout + upgrade.stderr
    db = open_database(pg_url)
    try:
        with db.engine.connect() as conn:
            head = conn.execute(
                text("SELECT head_id FROM business_units WHERE id = :id"), {"id": unit}
            ).scalar_one()
        assert head is None
        refused = pytest.raises(IntegrityError, match="fk_business_units_head_id_contacts")
        with refused, db.engine.begin() as conn:
            conn.execute(
                text("UPDATE business_units SET head_id = :gone WHERE id = :id"),
                {"gone": gone, "id": unit},
            )
    finally:
        db.close()


def test_check_on_the_server_names_schema_drift_and_broken_rows(pg_url: str) -> None:
    """``relman check --db URL`` compares the live schema with the models and runs the
    rules over the rows: a server whose rule was dropped and which then took a bad row
    fails the check with both named, exit 2."""
    db = open_database(pg_url)
    try:
        build_demo(db, "small", seed=7)
        with db.engine.begin() as conn:
            conn.execute(
                text("ALTER TABLE business_units DROP CONSTRAINT ck_business_units_review_rhythm")
            )
            conn.execute(
                text("UPDATE business_units SET review_every_days = 0 WHERE name = 'Sales'")
            )
    finally:
        db.close()
    env = {**os.environ, "RELMAN_DATABASE_URL": pg_url}
    check = subprocess.run(
        [sys.executable, "-m", "relman", "check"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert check.returncode == 2, check.stdout + check.stderr
    out = check.stdout
    assert "2 problems found:" in out
    assert "rule ck_business_units_review_rhythm on business_units is missing" in out
    assert "business_units: a row breaks the rule review_rhythm (" in out
