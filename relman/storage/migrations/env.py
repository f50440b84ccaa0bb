"""Alembic environment: runs on the connection relman hands over (see storage.migrate)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from relman.models import Base
from relman.storage.migrate import include_name

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_name=include_name,
        compare_type=True,
    )


connection = config.attributes.get("connection")
if connection is not None:
    _configure(connection)
    with context.begin_transaction():
        context.run_migrations()
else:  # the alembic command line, for developers: alembic -x url=sqlite:///file ...
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///relman-dev.sqlite")
    with create_engine(url).connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
