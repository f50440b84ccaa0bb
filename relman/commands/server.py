"""``relman server``: set up a team server (PostgreSQL) and give each person a login.

- ``relman server init --url URL``, as the database's owner: the newest schema, and
  relman's roles with their grants (relman.storage.server).
- ``relman server upgrade --url URL``: the only way a shared schema is migrated, after a
  ``pg_dump`` when the tool is there (it says where).
- ``relman server add-user --url URL --login LOGIN --staff "FULL NAME" --role ROLE``: a
  personal login in that role, mapped to the staff member (made if missing). The password is
  read from ``--password-file`` or asked for without echo; it is never printed or logged.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from relman.cli import add_command
from relman.errors import RelmanError, ValidationError
from relman.storage.server import GROUPS


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    server = add_command(
        commands,
        "server",
        "set up a team server and its logins",
        "Set up a team server (PostgreSQL): its schema and roles, and a personal login for "
        "each person, so that who did what is taken from the login.",
    )
    steps = server.add_subparsers(dest="server", metavar="STEP", required=True)
    init = add_command(
        steps,
        "init",
        "schema and roles, as the database's owner",
        "Bring the server's schema to the newest revision and make relman's roles "
        f"({', '.join(GROUPS.values())}) with their grants. Run it as the database's owner; "
        "running it again changes nothing.",
    )
    _url(init)
    init.set_defaults(run=cmd_init)
    upgrade = add_command(
        steps,
        "upgrade",
        "migrate the shared schema, after a dump",
        "The only way a team server's schema is migrated: takes a pg_dump first (when this "
        "computer has pg_dump) into --backups and says where, then upgrades. A newer relman "
        "never upgrades a shared schema by itself.",
    )
    _url(upgrade)
    upgrade.add_argument(
        "--backups",
        type=Path,
        metavar="FOLDER",
        help="where the dump goes (default: backups/ in relman's data folder)",
    )
    upgrade.set_defaults(run=cmd_upgrade)
    add = add_command(
        steps,
        "add-user",
        "a personal login mapped to a staff member",
        "Make a PostgreSQL login in one of relman's roles and map it to the staff member "
        "(made if there is none). An existing login gets the new role and password.",
    )
    _url(add)
    add.add_argument("--login", required=True, help="the login: lower case, digits and _")
    add.add_argument("--staff", required=True, metavar="FULL NAME", help="the person's name")
    add.add_argument("--role", required=True, choices=tuple(GROUPS), help="what they may do")
    add.add_argument(
        "--password-file",
        type=Path,
        metavar="FILE",
        help="read the password from the first line of FILE (default: ask, without echo)",
    )
    add.set_defaults(run=cmd_add_user)


def _url(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", required=True, help="the server: postgresql+psycopg://…")


def _open(url: str):  # type: ignore[no-untyped-def]
    from relman.storage import open_database

    if not url.startswith("postgresql"):
        raise RelmanError("relman server needs a PostgreSQL URL (postgresql+psycopg://…).")
    return open_database(url, lock=False)


def cmd_init(args: argparse.Namespace) -> int:
    from relman.storage.server import init_server

    db = _open(args.url)
    try:
        print(f"{db.name}: schema revision {db.revision()}", flush=True)
        for line in init_server(db):
            print(f"  {line}", flush=True)
    finally:
        db.close()
    return 0


def cmd_upgrade(args: argparse.Namespace) -> int:
    from relman.paths import data_dir
    from relman.storage import migrate, open_database
    from relman.storage.server import dump_before_upgrade

    if not args.url.startswith("postgresql"):
        raise RelmanError("relman server needs a PostgreSQL URL (postgresql+psycopg://…).")
    head = migrate.head_revision()
    db = open_database(args.url, lock=False, migrate_schema=False)
    try:
        current = db.revision()
        if current == head:
            print(f"{db.name} is at the newest schema ({head}); nothing to do.", flush=True)
            return 0
        dump = dump_before_upgrade(db, args.backups or data_dir() / "backups")
    finally:
        db.close()
    if dump is None:
        print(
            "pg_dump is not on this computer: no dump was taken. Back the database up with "
            "the server's own tools if you have not.",
            flush=True,
        )
    else:
        print(f"Dumped {current} to {dump}", flush=True)
    open_database(args.url, lock=False, upgrade_server=True).close()
    print(f"Upgraded from schema {current} to {head}.", flush=True)
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password_file is not None:
        try:
            lines = args.password_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise RelmanError(f"Cannot read {args.password_file}: {exc.strerror}.") from None
        return lines[0] if lines else ""
    if not sys.stdin.isatty():
        raise ValidationError(
            "password", "Give the password with --password-file, or run this in a terminal."
        )
    first = getpass.getpass(f"Password for {args.login}: ")
    if getpass.getpass("Again: ") != first:
        raise ValidationError("password", "The two passwords differ; nothing was changed.")
    return first


def cmd_add_user(args: argparse.Namespace) -> int:
    from relman.storage.server import create_login
    from relman.workflows import commands

    password = _password(args)
    db = _open(args.url)
    try:
        with db.session() as s:  # the login and its mapping together, or neither
            create_login(s.connection(), args.login, args.role, password)
            staff_id = commands.execute(
                s,
                commands.Command(
                    "link_login",
                    {"staff_name": args.staff, "login": args.login, "kind": args.role},
                    text=f"login {args.login} for {args.staff}",
                ),
            ).result
    finally:
        db.close()
    print(f"{args.login} signs in as {args.staff} ({args.role}); staff id {staff_id}.", flush=True)
    return 0
