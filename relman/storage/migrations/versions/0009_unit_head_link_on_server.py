"""the link from a unit to its head on PostgreSQL

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

- ``business_units.head_id`` → ``contacts.id`` (ON DELETE SET NULL). The first schema
  declared it to be added after both tables exist; SQLite keeps such a link inside the table,
  but on PostgreSQL it was never made, so a server kept a unit's head after the contact was
  deleted. A head that no longer exists is cleared first — what the link would have done
  when the contact was deleted — and the link is then made. SQLite files already have it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

NAME = "fk_business_units_head_id_contacts"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        return
    existing = {fk["name"] for fk in sa.inspect(bind).get_foreign_keys("business_units")}
    if NAME in existing:
        return
    op.execute(
        "UPDATE business_units SET head_id = NULL WHERE head_id IS NOT NULL"
        " AND head_id NOT IN (SELECT id FROM contacts)"
    )
    op.create_foreign_key(
        NAME, "business_units", "contacts", ["head_id"], ["id"], ondelete="SET NULL"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(NAME, "business_units", type_="foreignkey")
