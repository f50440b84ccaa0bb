"""full-text search index over every free-text field

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

On SQLite this creates the FTS5 index and the triggers that keep it in step (see
relman/storage/fts.py), and indexes the rows already there. Other databases search without
it, more slowly.
"""

from alembic import op

from relman.storage import fts

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        fts.create_all(op.execute)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        fts.drop_all(op.execute)
