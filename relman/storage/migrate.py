"""Alembic, driven from code: the migrations ship inside the package and run at open.

Alembic is imported only when a database is not at :data:`HEAD_REVISION`, so opening an
up-to-date file (every start but the first after an upgrade) does not pay for it. A test
checks that the constant matches the newest migration.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection

SCRIPT_LOCATION = "relman.storage:migrations"
#: The newest migration in storage/migrations/versions.
HEAD_REVISION = "0010"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave the full-text index (managed by hand, storage/fts.py) out of autogenerate."""
    return not (type_ == "table" and name is not None and name.startswith("search_"))


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    return HEAD_REVISION


def script_head() -> str | None:
    """The newest revision as Alembic reads it from the migration files."""
    return _script().get_current_head()


def is_known(revision: str) -> bool:
    if revision == HEAD_REVISION:
        return True
    try:
        return _script().get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown id
        return False


def stamp(connection: Connection) -> None:
    """Record that a database made from the models is at the newest revision."""
    from alembic import command

    command.stamp(alembic_config(connection), "head")


def upgrade(connection: Connection, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), revision)
