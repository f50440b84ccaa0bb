"""the login a staff member signs in to a team server with

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

- ``staff.login``: the PostgreSQL login mapped to the person (``relman server add-user``),
  unique; empty for everyone until an admin maps them. On a server, who did what is then
  taken from the login.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("staff", sa.Column("login", sa.String(length=63), nullable=True))
    op.create_index("uq_staff_login", "staff", ["login"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_staff_login", table_name="staff")
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("login")
