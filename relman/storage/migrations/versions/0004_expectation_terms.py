"""expectation terms, explained misses, measurement history

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

- ``expectation_events`` gains the full terms of an agreement (unit, measurement type,
  frequency, direction, review date; the target is ``proposed_target``). The latest AGREED
  event of each expectation with terms gets them from the expectation row, which holds the
  terms of its latest agreement; earlier agreements keep only their target (nothing else of
  them was recorded).
- ``measurements`` keep the terms they were judged against (unit, type, direction; the
  target they always kept), copied from the expectation row. The direction copied is the one
  that agrees with the stored met/missed (they differ only if the direction was changed by a
  later agreement), so no old value is reinterpreted. Misses explained when recorded count as
  explained then, by whoever recorded them; on which day the customer was told was not
  recorded before, so it stays empty.
- ``measurement_corrections``: the history of corrected values.

Only columns are added to ``expectation_events`` (ALTER TABLE, its rows are not copied).
``measurements`` is copied once by a batch migration to make the new terms NOT NULL and add a
foreign key; SQLite drops a table's triggers with it, so the full-text triggers of
``measurements`` are installed again from this migration's own copy of their spec.
"""

import sqlalchemy as sa
from alembic import op

from relman.storage import fts

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _recreate() -> str:
    """SQLite can only change a table by copying it; other databases alter it in place
    (copying there would drop the keys other tables' foreign keys depend on)."""
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


MEASUREMENT_TYPES = (
    "availability",
    "response_time",
    "resolution_time",
    "satisfaction",
    "delivery_date",
    "throughput",
    "other",
)
FREQUENCIES = ("weekly", "monthly", "quarterly")
DIRECTIONS = ("at_least", "at_most")

#: The search-index triggers of measurements as 0002 installed them (a copy, so that a later
#: change of storage/fts.py does not change what this migration installs).
MEASUREMENTS_INDEX = fts.Source(
    "measurements",
    "expectation",
    "NEW.expectation_id",
    "'Measurement ' || NEW.period",
    "coalesce(NEW.miss_cause, '') || ' ' || coalesce(NEW.miss_resolution, '') || ' ' || "
    "coalesce(NEW.miss_prevention, '')",
    ("miss_cause", "miss_resolution", "miss_prevention"),
)
EVENTS_INDEX = fts.Source(
    "expectation_events",
    "expectation",
    "NEW.expectation_id",
    "'Step: ' || substr(coalesce((SELECT statement FROM expectations WHERE id = "
    "NEW.expectation_id), ''), 1, 80)",
    "NEW.text",
    ("text",),
)


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(
        *values, name=name, native_enum=False, length=max(map(len, values)), create_constraint=False
    )


def _reinstall_triggers(source: fts.Source) -> None:
    """Put back the search triggers of a table a batch migration copied (SQLite only)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for suffix in ("ai", "au", "ad"):
        op.execute(f"DROP TRIGGER IF EXISTS search_{source.table}_{suffix}")
    for sql in fts.source_ddl(source):
        op.execute(sql)


def upgrade() -> None:
    # -- the terms of each agreement, on its event ----------------------------------------
    with op.batch_alter_table("expectation_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("target_unit", sa.String(length=40), nullable=True))
        batch_op.add_column(
            sa.Column("measurement_type", _enum(MEASUREMENT_TYPES, "measurementtype"))
        )
        batch_op.add_column(sa.Column("frequency", _enum(FREQUENCIES, "frequency")))
        batch_op.add_column(sa.Column("direction", _enum(DIRECTIONS, "direction")))
        batch_op.add_column(sa.Column("review_on", sa.Date(), nullable=True))
    op.execute(
        """
        UPDATE expectation_events
        SET (target_unit, measurement_type, frequency, direction, review_on) = (
            SELECT e.target_unit, e.measurement_type, e.frequency, e.direction, e.review_on
            FROM expectations e WHERE e.id = expectation_events.expectation_id
        )
        WHERE kind = 'agreed'
          AND id = (
            SELECT v.id FROM expectation_events v
            WHERE v.expectation_id = expectation_events.expectation_id AND v.kind = 'agreed'
            ORDER BY v.at DESC, v.created_at DESC LIMIT 1
          )
          AND EXISTS (
            SELECT 1 FROM expectations e
            WHERE e.id = expectation_events.expectation_id AND e.measurement_type IS NOT NULL
          )
        """
    )

    # -- the terms each measurement was judged against, and explanations ------------------
    with op.batch_alter_table("measurements", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("target_unit", sa.String(length=40), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("measurement_type", _enum(MEASUREMENT_TYPES, "measurementtype"))
        )
        batch_op.add_column(sa.Column("direction", _enum(DIRECTIONS, "direction")))
        batch_op.add_column(sa.Column("explained_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("explained_by_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("told_customer_on", sa.Date(), nullable=True))
    op.execute(
        """
        UPDATE measurements
        SET (target_unit, measurement_type, direction) = (
            SELECT coalesce(e.target_unit, ''),
                   coalesce(e.measurement_type, 'other'),
                   CASE
                     WHEN measurements.value = measurements.target
                       THEN coalesce(e.direction, 'at_least')
                     WHEN (measurements.value > measurements.target) = measurements.met
                       THEN 'at_least'
                     ELSE 'at_most'
                   END
            FROM expectations e WHERE e.id = measurements.expectation_id
        )
        """
    )
    op.execute(
        """
        UPDATE measurements SET explained_at = recorded_at, explained_by_id = recorded_by_id
        WHERE NOT met AND (miss_cause <> '' OR miss_resolution <> '' OR miss_prevention <> '')
        """
    )
    with op.batch_alter_table("measurements", schema=None, recreate=_recreate()) as batch_op:
        batch_op.alter_column(
            "target_unit", existing_type=sa.String(length=40), server_default=None
        )
        batch_op.alter_column(
            "measurement_type",
            existing_type=_enum(MEASUREMENT_TYPES, "measurementtype"),
            nullable=False,
        )
        batch_op.alter_column(
            "direction", existing_type=_enum(DIRECTIONS, "direction"), nullable=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_measurements_explained_by_id_staff"),
            "staff",
            ["explained_by_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_index(
            batch_op.f("ix_measurements_explained_by_id"), ["explained_by_id"], unique=False
        )
    _reinstall_triggers(MEASUREMENTS_INDEX)

    # -- corrections of measured values -----------------------------------------------------
    op.create_table(
        "measurement_corrections",
        sa.Column("measurement_id", sa.Uuid(), nullable=False),
        sa.Column("old_value", sa.Float(), nullable=False),
        sa.Column("new_value", sa.Float(), nullable=False),
        sa.Column("old_met", sa.Boolean(), nullable=False),
        sa.Column("new_met", sa.Boolean(), nullable=False),
        sa.Column("corrected_by_id", sa.Uuid(), nullable=True),
        sa.Column("corrected_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["corrected_by_id"],
            ["staff.id"],
            name=op.f("fk_measurement_corrections_corrected_by_id_staff"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["measurement_id"],
            ["measurements.id"],
            name=op.f("fk_measurement_corrections_measurement_id_measurements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_measurement_corrections")),
    )
    with op.batch_alter_table("measurement_corrections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_measurement_corrections_corrected_by_id"),
            ["corrected_by_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_measurement_corrections_measurement_id"),
            ["measurement_id"],
            unique=False,
        )


def downgrade() -> None:
    # Corrections are history the older schema cannot hold: the corrected values stay on the
    # measurements. A rewording becomes a note that keeps the old wording.
    with op.batch_alter_table("measurement_corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measurement_corrections_measurement_id"))
        batch_op.drop_index(batch_op.f("ix_measurement_corrections_corrected_by_id"))
    op.drop_table("measurement_corrections")
    with op.batch_alter_table("measurements", schema=None, recreate=_recreate()) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measurements_explained_by_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_measurements_explained_by_id_staff"), type_="foreignkey"
        )
        for column in (
            "told_customer_on",
            "explained_by_id",
            "explained_at",
            "direction",
            "measurement_type",
            "target_unit",
        ):
            batch_op.drop_column(column)
    _reinstall_triggers(MEASUREMENTS_INDEX)
    op.execute(
        "UPDATE expectation_events SET kind = 'note', text = 'Reworded; the earlier wording: ' "
        "|| text WHERE kind = 'reworded'"
    )
    with op.batch_alter_table("expectation_events", schema=None, recreate=_recreate()) as batch_op:
        for column in ("review_on", "direction", "frequency", "measurement_type", "target_unit"):
            batch_op.drop_column(column)
    _reinstall_triggers(EVENTS_INDEX)
