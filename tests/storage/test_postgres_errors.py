"""The team server's failures, in words a user can act on: a server that cannot be reached,
and two users saving the same name at the same moment.

The race needs a real server (``RELMAN_TEST_POSTGRES_URL``, as in test_postgres.py, whose
fixture gives each test a database of its own); the unreachable server needs none.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable

import pytest
from sqlalchemy import create_engine, make_url, select, text
from sqlalchemy.orm import Session

from relman.errors import ValidationError
from relman.models import BusinessUnit, Service
from relman.storage import Database, open_database
from relman.workflows.portfolio import create_unit
from relman.workflows.services import create_service
from tests.cli.test_cli import one_line, relman
from tests.storage.test_postgres import SERVER, pg_url  # noqa: F401 (the fixture)

#: nothing listens on port 1: the connection is refused at once
NOWHERE = "postgresql+psycopg://relman:s3cret-pw@127.0.0.1:1/relman"


@pytest.mark.parametrize("command", [("check",), ("search", "SAP"), ("demo",)])
def test_an_unreachable_server_is_one_line_and_not_a_crash(command: tuple[str, ...]) -> None:
    result = relman(*command, "--db", NOWHERE)
    assert result.returncode not in (0, 70), result.stderr
    line = one_line(result.stderr)
    assert line.startswith(
        "relman: Cannot reach the database postgresql+psycopg://relman:***@127.0.0.1:1/relman: "
    ), line
    assert "s3cret-pw" not in result.stderr


@pytest.mark.skipif(not SERVER, reason="no PostgreSQL server given (RELMAN_TEST_POSTGRES_URL)")
def test_a_wrong_password_is_one_line_and_not_a_crash() -> None:
    assert SERVER is not None
    wrong = make_url(SERVER).set(password="not-the-password").render_as_string(False)
    result = relman("check", "--db", wrong)
    assert result.returncode not in (0, 70), result.stderr
    assert one_line(result.stderr).startswith("relman: Cannot reach the database ")
    assert "not-the-password" not in result.stderr


def _waiting_on_a_lock(database: str, timeout: float = 30) -> None:
    """Return once a connection to ``database`` waits for another's lock."""
    assert SERVER is not None
    admin = create_engine(SERVER)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with admin.connect() as conn:
                waiting = conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE datname = :name AND wait_event_type = 'Lock'"
                    ),
                    {"name": database},
                ).scalar()
            if waiting:
                return
            time.sleep(0.05)
        raise AssertionError("the second writer never waited for the first")
    finally:
        admin.dispose()


Create = Callable[[Session, str], object]


@pytest.mark.skipif(not SERVER, reason="no PostgreSQL server given (RELMAN_TEST_POSTGRES_URL)")
@pytest.mark.parametrize(
    ("create", "model"),
    [(create_unit, BusinessUnit), (create_service, Service)],
    ids=["unit", "service"],
)
def test_two_users_saving_the_same_name_at_once_get_the_workflows_refusal(
    pg_url: str,  # noqa: F811 (the fixture)
    create: Create,
    model: type[BusinessUnit] | type[Service],
) -> None:
    first, second = open_database(pg_url), open_database(pg_url)
    outcome: list[BaseException | None] = []

    def second_user(db: Database) -> None:
        try:
            with db.session() as s:
                create(s, "Sales")  # passes the name check: the first has not committed
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    try:
        with first.session() as s:
            create(s, "sales")
            racer = threading.Thread(target=second_user, args=(second,))
            racer.start()
            _waiting_on_a_lock(make_url(pg_url).database or "")
        racer.join(timeout=60)
        # what the same step says when the name was already there before the check
        with pytest.raises(ValidationError) as normal, second.session() as s:
            create(s, "Sales")
        with second.read_session() as s:
            names = s.scalars(select(model.name)).all()
    finally:
        first.close()
        second.close()
    assert names == ["sales"]
    assert len(outcome) == 1
    refused = outcome[0]
    assert isinstance(refused, ValidationError), repr(refused)
    assert refused.field == "name"
    assert refused.message == normal.value.message
    assert "“Sales”" in refused.message


@pytest.mark.skipif(not SERVER, reason="no PostgreSQL server given (RELMAN_TEST_POSTGRES_URL)")
@pytest.mark.parametrize(
    "command", [("check",), ("search", "Sales"), ("export", "csv", "units", "-o", "OUT")]
)
def test_a_login_without_grants_is_told_so_in_one_line(
    pg_url: str,  # noqa: F811 (the fixture)
    command: tuple[str, ...],
    tmp_path,
) -> None:
    """A login the server knows but that was given no access used to get "something went
    wrong" (exit 70) from every command: it is told which login was refused what, exit 4."""
    assert SERVER is not None
    db = open_database(pg_url)
    db.close()
    login = f"relman_nobody_{uuid.uuid4().hex[:8]}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f"CREATE ROLE {login} LOGIN PASSWORD 'No-grants-42'"))
        url = make_url(pg_url).set(username=login, password="No-grants-42")
        out = str(tmp_path / "units.csv")
        args = [out if arg == "OUT" else arg for arg in command]
        result = relman(*args, "--db", url.render_as_string(hide_password=False))
        assert result.returncode == 4, result.stderr
        line = one_line(result.stderr)
        assert line.startswith(f"relman: The login {login} may not read or change this part"), line
        assert "permission denied for" in line
        assert "Ask whoever runs the team server to give your login its role" in line
        assert "No-grants-42" not in result.stderr
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP ROLE {login}"))
        admin.dispose()
