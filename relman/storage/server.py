"""Setting up a team server (PostgreSQL): relman's roles, and a login for each person.

``relman server init`` (run as the database's owner) brings the schema to the newest
revision and makes one group role per kind of user — :data:`GROUPS` — with the grants
relman needs, now and for the tables later revisions add. ``relman server add-user`` makes a
personal login in one of those groups and maps it to a staff record
(:func:`relman.workflows.staff.link_login`), so that who did what is taken from the login.

A password never travels or is stored in the clear: the login is given a SCRAM-SHA-256
verifier computed here (:func:`scram_verifier`), as ``psql``'s ``\\password`` does, so the
server's log, which may record a failed statement, never holds it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

from sqlalchemy.engine import Connection

from relman.errors import RelmanError, ValidationError
from relman.paths import create_private_file, make_private_folder
from relman.storage.database import Database

#: relman's kinds of user, and the group role of each on the server
GROUPS = {
    "rm": "relman_rm",
    "manager": "relman_manager",
    "head": "relman_head",
    "admin": "relman_admin",
}
#: a PostgreSQL login relman makes: lower case, digits and _, starting with a letter
LOGIN = re.compile(r"[a-z][a-z0-9_]{0,62}")
SCRAM_ITERATIONS = 4096


def scram_verifier(password: str, *, salt: bytes | None = None) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores for ``password`` (RFC 5802/7677)."""
    salt = salt if salt is not None else os.urandom(16)
    normal = unicodedata.normalize("NFKC", password).encode("utf-8")
    salted = hashlib.pbkdf2_hmac("sha256", normal, salt, SCRAM_ITERATIONS)
    client_key = hmac.digest(salted, b"Client Key", "sha256")
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.digest(salted, b"Server Key", "sha256")

    def b64(data: bytes) -> str:
        return base64.b64encode(data).decode("ascii")

    return f"SCRAM-SHA-256${SCRAM_ITERATIONS}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"


def _require_server(db: Database) -> None:
    if db.engine.dialect.name != "postgresql":
        raise RelmanError(
            "relman server works on a team server (a PostgreSQL URL); a database file "
            "needs no logins."
        )


def init_server(db: Database) -> list[str]:
    """Make relman's group roles on the server and grant them relman's tables (the schema
    is already at the newest revision: opening ``db`` upgraded it). Safe to run again.
    Returns what it did, one line each."""
    _require_server(db)
    done = []
    with db.engine.begin() as conn:
        driver = conn.connection.driver_connection
        assert driver is not None
        from psycopg import sql

        existing = {
            name
            for (name,) in conn.exec_driver_sql(
                "SELECT rolname FROM pg_roles WHERE rolname = ANY(%s)", (list(GROUPS.values()),)
            )
        }
        database = conn.exec_driver_sql("SELECT current_database()").scalar_one()
        schema = conn.exec_driver_sql("SELECT current_schema()").scalar_one()
        for kind, group in GROUPS.items():
            if group not in existing:
                driver.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(group)))
                done.append(f"made the role {group} ({kind})")
            names = {"g": sql.Identifier(group), "s": sql.Identifier(schema)}
            for statement in (
                "GRANT CONNECT ON DATABASE {d} TO {g}",
                "GRANT USAGE ON SCHEMA {s} TO {g}",
                "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {g}",
                "ALTER DEFAULT PRIVILEGES IN SCHEMA {s}"
                " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {g}",
            ):
                driver.execute(sql.SQL(statement).format(d=sql.Identifier(database), **names))
        done.append(f"granted relman's tables in {database} to {', '.join(GROUPS.values())}")
    return done


def create_login(conn: Connection, login: str, kind: str, password: str) -> None:
    """Make the personal ``login`` in the group of ``kind`` with ``password`` (stored as its
    SCRAM verifier only), or give an existing login that group and password. Runs in the
    caller's transaction: PostgreSQL takes back a role with the rest if it rolls back."""
    if conn.dialect.name != "postgresql":
        raise RelmanError("Logins are made on a team server (a PostgreSQL URL).")
    if not LOGIN.fullmatch(login or ""):
        raise ValidationError(
            "login",
            f"“{login}” cannot be a login: use lower-case letters, digits and _, "
            "starting with a letter, at most 63 characters.",
        )
    if kind not in GROUPS:
        raise ValidationError("role", f"The role is one of {', '.join(GROUPS)}.")
    if len(password) < 8:
        raise ValidationError("password", "A password has at least 8 characters.")
    if login in GROUPS.values():
        raise ValidationError("login", f"{login} is one of relman's own roles.")
    from psycopg import sql

    driver = conn.connection.driver_connection
    assert driver is not None
    made = conn.exec_driver_sql(
        "SELECT count(*) FROM pg_roles WHERE rolname = ANY(%s)", (list(GROUPS.values()),)
    ).scalar_one()
    if made < len(GROUPS):
        raise RelmanError("Run relman server init on this server first.")
    exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,))
    verifier = sql.Literal(scram_verifier(password))
    if exists.first() is None:
        driver.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(login), verifier)
        )
    else:
        driver.execute(
            sql.SQL("ALTER ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(login), verifier)
        )
    for group in GROUPS.values():  # one kind of user at a time
        driver.execute(
            sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), sql.Identifier(login))
        )
    driver.execute(
        sql.SQL("GRANT {} TO {}").format(sql.Identifier(GROUPS[kind]), sql.Identifier(login))
    )


def dump_before_upgrade(db: Database, folder: Path) -> Path | None:
    """A ``pg_dump`` of the server's database into ``folder`` (made private), named after the
    database and its schema revision; None when this computer has no ``pg_dump``. The
    password goes to pg_dump in its environment, never on its command line."""
    tool = shutil.which("pg_dump")
    if tool is None:
        return None
    url = db.engine.url
    make_private_folder(folder)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{url.database}-{db.revision()}-{stamp}.dump"
    create_private_file(target)
    env = {**os.environ, "PGPASSWORD": url.password or os.environ.get("PGPASSWORD", "")}
    command = [tool, "--format=custom", f"--file={target}", "--no-password"]
    for option, value in (("--host", url.host), ("--port", url.port), ("--username", url.username)):
        if value:
            command.append(f"{option}={value}")
    command.append(str(url.database))
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        raise RelmanError(
            f"pg_dump could not back up {db.name} ({' '.join(done.stderr.split())[:300]}); "
            "nothing was upgraded."
        )
    return target
