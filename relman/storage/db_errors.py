"""Database failures a user can act on, that :func:`relman.storage.database.translate_db_error`
does not name yet: a server that cannot be reached, a login the server refuses, and a name
that someone else saved at the same moment (two users pass the name check together; the
unique index refuses the second). Each becomes a :mod:`relman.errors` kind with one line
saying what to do.

:func:`explain` is the whole translation (``translate_db_error`` first, then these, then a
full or failing disk); the command line uses it for a failure that surfaced outside a
session. This module imports nothing of relman's storage, so ``database.py`` may import it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping

from sqlalchemy import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from relman.errors import (
    ConflictError,
    NotPermittedError,
    RelmanError,
    ValidationError,
    disk_error,
)

#: The unique indexes on names, with the one wording of a name already taken: the workflows
#: (relman.workflows.portfolio, .services, .scripts) refuse through :func:`name_taken_error`
#: too, so that a user sees the same words whichever check caught the name.
NAME_TAKEN = {
    "uq_business_units_lower_name": "A unit called “{name}” already exists; choose another name.",
    "uq_services_lower_name": "A service called “{name}” already exists.",
    "uq_scripts_name": "A script called “{name}” already exists.",
}
#: SQLite names the index of an expression, or the table and column of a plain one.
_SQLITE_INDEX = re.compile(r"unique constraint failed: index '([^']+)'", re.IGNORECASE)
_SQLITE_COLUMN = re.compile(r"unique constraint failed: (\w+)\.(\w+)", re.IGNORECASE)
#: PostgreSQL's detail: ``Key (lower(name::text))=(sales) already exists.``
_PG_KEY = re.compile(r"Key \((?:\w+\()?(\w+)")
PG_UNIQUE_VIOLATION = "23505"
PG_INSUFFICIENT_PRIVILEGE = "42501"


def one_line(text: object) -> str:
    """``text`` with every run of spaces and line breaks made one space."""
    return " ".join(str(text).split())


def unreachable(exc: BaseException, shown: str) -> RelmanError | None:
    """A server (not an SQLite file) that cannot be reached: refused, down, wrong password,
    connection lost. ``shown`` names the database without its password."""
    if not isinstance(exc, OperationalError) or isinstance(exc.orig, sqlite3.Error):
        return None
    reason = one_line(exc.orig)
    if exc.statement is not None and "connection" not in reason.lower():
        return None  # the server answered: not a connection problem
    return RelmanError(f"Cannot reach the database {shown}: {reason}")


def not_permitted(exc: BaseException, shown: str) -> NotPermittedError | None:
    """The server refused the login (PostgreSQL's insufficient_privilege, 42501): which
    login, what it was refused, in one sentence the user can take to their admin. ``shown``
    is the database's URL without its password."""
    orig = getattr(exc, "orig", None)
    if getattr(orig, "sqlstate", None) != PG_INSUFFICIENT_PRIVILEGE:
        return None
    try:
        login = make_url(shown).username or ""
    except ArgumentError:
        login = ""
    who = f"The login {login}" if login else "Your login"
    return NotPermittedError(
        f"{who} may not read or change this part of relman's data on {shown} (the server "
        f"said: {one_line(orig)}). Nothing was changed. Ask whoever runs the team server to "
        "give your login its role in relman."
    )


def name_taken_error(index: str, name: str) -> ValidationError:
    """The refusal, on the field ``name``, of a ``name`` that the unique ``index`` (a key of
    :data:`NAME_TAKEN`) already holds."""
    return ValidationError("name", NAME_TAKEN[index].format(name=name))


def unique_violation(exc: BaseException) -> RelmanError | None:
    """A :class:`ValidationError` on ``name`` in the workflow's words when a unique index
    on a name refused a row; a :class:`ConflictError` naming the column for any other
    unique index; None if ``exc`` is not a unique violation."""
    if not isinstance(exc, IntegrityError):
        return None
    orig = exc.orig
    text = one_line(orig)
    if getattr(orig, "sqlstate", None) == PG_UNIQUE_VIOLATION:
        diag = getattr(orig, "diag", None)
        index = getattr(diag, "constraint_name", None) or ""
        key = _PG_KEY.search(getattr(diag, "message_detail", None) or "")
        column = key.group(1) if key else "value"
    elif isinstance(orig, sqlite3.IntegrityError) and "unique constraint failed" in text.lower():
        by_index, by_column = _SQLITE_INDEX.search(text), _SQLITE_COLUMN.search(text)
        index = by_index.group(1) if by_index else ""
        column = "value"
        if by_column:
            index, column = f"uq_{by_column.group(1)}_{by_column.group(2)}", by_column.group(2)
    else:
        return None
    template = NAME_TAKEN.get(index)
    name = exc.params.get("name") if isinstance(exc.params, Mapping) else None
    if template is not None and isinstance(name, str):
        return name_taken_error(index, name)
    if template is not None:
        return ValidationError("name", "Someone else saved that name a moment ago; choose another.")
    return ConflictError(
        f"Someone else saved a record with the same {column.replace('_', ' ')} a moment ago, "
        "so yours was not saved. Reload, then change it and try again."
    )


def explain(exc: BaseException, where: str) -> RelmanError | None:
    """Everything relman can say about a failure of the database named ``where`` (a path,
    or a URL without its password), or None if it is a bug."""
    from relman.storage.database import translate_db_error

    if isinstance(exc, OSError):
        return disk_error(exc, exc.filename) if exc.filename else None
    if not isinstance(exc, (DBAPIError, StaleDataError, sqlite3.Error)):
        return None
    return translate_db_error(exc, where) or unique_violation(exc) or unreachable(exc, where)
