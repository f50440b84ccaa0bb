"""the audit trail of commands

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

- ``command_log``: every command that changed the data — who ran it (their id and their name
  then), when, its name, what the user saw it called, the record it was about, and its
  arguments and result as plain JSON. A log, with no foreign keys: deleting a record never
  touches what was done to it. Files written before this revision have no lines; their
  history views show the steps they kept in their own tables, as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    timestamp = sa.DateTime(timezone=op.get_bind().dialect.name == "postgresql")
    op.create_table(
        "command_log",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("at", timestamp, nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.Column("subject_id", sa.Uuid(), nullable=True),
        sa.Column("args", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_command_log")),
    )
    op.create_index("ix_command_log_subject_id", "command_log", ["subject_id"])
    op.create_index("ix_command_log_at", "command_log", ["at"])


def downgrade() -> None:
    op.drop_index("ix_command_log_at", table_name="command_log")
    op.drop_index("ix_command_log_subject_id", table_name="command_log")
    op.drop_table("command_log")
