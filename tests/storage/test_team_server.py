"""Setting up a team server with relman's own commands: ``relman server init`` and
``relman server add-user``, a personal login per person, and who did what taken from it.

Needs a real server (``RELMAN_TEST_POSTGRES_URL``, whose role may create databases and
roles; ``.ci/run`` starts one). Each test gets a database of its own; the logins it makes
are dropped afterwards.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, select, text

from relman.demo import build_demo
from relman.errors import NotPermittedError
from relman.models import BusinessUnit, CommandRecord, Staff
from relman.storage import open_database
from relman.storage.server import scram_verifier
from relman.workflows import logins
from relman.workflows.commands import Command
from tests.cli.test_cli import one_line, relman
from tests.conftest import Do
from tests.storage.test_postgres import SERVER, pg_url  # noqa: F401 (the fixture)

pytestmark = pytest.mark.skipif(
    not SERVER, reason="no PostgreSQL server given (RELMAN_TEST_POSTGRES_URL)"
)

PASSWORD = "Tills-Freeze-2026 ü"


@pytest.fixture
def logins_made() -> Iterator[list[str]]:
    """Logins a test makes (roles are the cluster's, not the database's): dropped after."""
    made: list[str] = []
    yield made
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")  # type: ignore[arg-type]
    try:
        with admin.connect() as conn:
            for login in made:
                conn.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
    finally:
        admin.dispose()


@pytest.fixture
def demo_server(pg_url: str, tmp_path: Path) -> str:  # noqa: F811 (the fixture)
    db = open_database(pg_url)
    try:
        build_demo(db, "small", seed=7)
    finally:
        db.close()
    result = relman("server", "init", "--url", pg_url)
    assert result.returncode == 0, result.stderr
    assert "granted relman's tables" in result.stdout
    again = relman("server", "init", "--url", pg_url)  # safe to run again
    assert again.returncode == 0, again.stderr
    return pg_url


def add_user(url: str, tmp_path: Path, login: str, staff: str, role: str, password: str = PASSWORD):
    secret = tmp_path / f"{login}.pw"
    secret.write_text(password + "\n", encoding="utf-8")
    return relman(
        "server", "add-user", "--url", url, "--login", login, "--staff", staff,
        "--role", role, "--password-file", str(secret),
    )  # fmt: skip


def as_login(url: str, login: str, password: str = PASSWORD) -> str:
    return make_url(url).set(username=login, password=password).render_as_string(False)


def test_a_personal_login_signs_in_and_its_changes_are_recorded_as_that_person(
    demo_server: str, tmp_path: Path, logins_made: list[str]
) -> None:
    login = f"aisha_{uuid.uuid4().hex[:6]}"
    logins_made.append(login)
    result = add_user(demo_server, tmp_path, login, "Aisha Bello", "rm")
    assert result.returncode == 0, result.stderr
    assert f"{login} signs in as Aisha Bello (rm)" in result.stdout
    for output in (result.stdout, result.stderr):
        assert "Tills-Freeze" not in output

    admin = create_engine(SERVER)  # type: ignore[arg-type]
    try:
        with admin.connect() as conn:
            groups = conn.execute(
                text(
                    "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
                    " JOIN pg_roles u ON u.oid = m.member WHERE u.rolname = :login"
                ),
                {"login": login},
            ).scalars()
            assert list(groups) == ["relman_rm"]
    finally:
        admin.dispose()

    # signing in with the password proves the verifier relman computed is the right one
    db = open_database(as_login(demo_server, login), lock=False)
    try:
        with db.read_session() as s:
            me = logins.login_identity(s)
            assert s.get(Staff, me).name == "Aisha Bello"
            assert len(s.scalars(select(BusinessUnit)).all()) == 5  # granted, no RLS yet
        do = Do(db)
        unit = do(Command("create_unit", {"name": "Logistics"}, text="creation of Logistics"))
        with db.read_session() as s:
            line = s.scalars(
                select(CommandRecord).where(CommandRecord.subject_id == unit.result)
            ).one()
        assert (line.author_id, line.author) == (me, "Aisha Bello")
        with db.read_session() as s:
            someone_else = s.scalar(select(Staff.id).where(Staff.name != "Aisha Bello"))
        with pytest.raises(NotPermittedError, match="You are signed in as Aisha Bello"):
            do(Command("create_unit", {"name": "Forged"}, by=someone_else))
    finally:
        db.close()


@pytest.mark.parametrize(
    ("login", "password", "said"),
    [
        ("Robert'); DROP TABLE staff;--", PASSWORD, "cannot be a login"),
        ("relman_admin", PASSWORD, "one of relman's own roles"),
        ("short_pw", "1234567", "at least 8 characters"),
    ],
)
def test_a_bad_login_or_password_is_refused_and_nothing_is_made(
    demo_server: str,
    tmp_path: Path,
    logins_made: list[str],
    login: str,
    password: str,
    said: str,
) -> None:
    logins_made.append("short_pw")
    result = add_user(demo_server, tmp_path, login, "Aisha Bello", "rm", password)
    assert result.returncode == 1, result.stderr
    assert said in one_line(result.stderr)
    admin = create_engine(SERVER)  # type: ignore[arg-type]
    try:
        with admin.connect() as conn:
            found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :l"), {"l": login})
            assert found.first() is None or login == "relman_admin"
    finally:
        admin.dispose()


def test_a_mapping_refused_takes_the_new_login_back_with_it(
    demo_server: str, tmp_path: Path, logins_made: list[str]
) -> None:
    """Two staff members share the name: the mapping is refused, and the login it would
    have had is not left behind on the server."""
    db = open_database(demo_server, lock=False)
    try:
        with db.session() as s:
            s.add_all([Staff(name="Sam Same"), Staff(name="Sam Same")])
    finally:
        db.close()
    login = f"sam_{uuid.uuid4().hex[:6]}"
    logins_made.append(login)
    result = add_user(demo_server, tmp_path, login, "Sam Same", "manager")
    assert result.returncode == 1
    assert "2 staff members are called Sam Same" in one_line(result.stderr)
    admin = create_engine(SERVER)  # type: ignore[arg-type]
    try:
        with admin.connect() as conn:
            found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :l"), {"l": login})
            assert found.first() is None
    finally:
        admin.dispose()


def test_the_verifier_has_the_form_postgresql_stores() -> None:
    """Its correctness is proved by signing in with the password (above); here its form."""
    verifier = scram_verifier("pencil", salt=b"\x00" * 16)
    assert verifier.startswith("SCRAM-SHA-256$4096:AAAAAAAAAAAAAAAAAAAAAA==$")
    _, keys = verifier.split("$", 2)[1:]
    stored, server = keys.split(":")
    assert len(stored) == len(server) == 44  # base64 of 32 bytes


def test_on_a_server_the_window_knows_who_you_are_from_the_login(
    demo_server: str, tmp_path: Path, logins_made: list[str]
) -> None:
    """What the window reads to know who is working: the login's person, whatever this
    computer remembered choosing, and nothing to ask."""
    from relman.workflows import staff

    login = f"tomas_{uuid.uuid4().hex[:6]}"
    logins_made.append(login)
    assert add_user(demo_server, tmp_path, login, "Tomás Ferreira", "manager").returncode == 0
    db = open_database(as_login(demo_server, login), lock=False)
    try:
        with db.read_session() as s:
            other = s.scalar(select(Staff.id).where(Staff.name == "Aisha Bello"))
            known = staff.identity(s, remembered=other)
        assert known.me is not None and known.me.name == "Tomás Ferreira"
    finally:
        db.close()
