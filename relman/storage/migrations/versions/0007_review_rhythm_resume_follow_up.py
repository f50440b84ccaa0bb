"""review rhythm per unit, where an interview stopped, survey follow-ups

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23

- ``business_units.review_every_days``: how often the unit's head expects a review meeting
  (30 days unless set; checked to lie between 1 and 366). The dashboard shows units whose
  review is due or overdue.
- ``interviews.current_question_id``: the question interview mode was showing, saved with
  every step, so that an interview broken off (or a laptop that died) resumes where it was.
- ``survey_scores.follow_up``: what the unit said when asked why a score was low.
- On PostgreSQL, every timestamp becomes ``TIMESTAMP WITH TIME ZONE`` (they held UTC; SQLite
  has no time zones and keeps naive UTC).
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

def _recreate() -> str:
    """SQLite can only change a table by copying it; other databases alter it in place."""
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


def _lift_triggers() -> list[str]:
    """A table recreated in batch mode loses its triggers (the search index's), and renaming
    the copy fails while a trigger elsewhere names the dropped table: lift them all first."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return []
    triggers = [
        (name, sql)
        for name, sql in bind.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL"
        )
    ]
    for name, _sql in triggers:
        bind.exec_driver_sql(f'DROP TRIGGER "{name}"')
    return [sql for _name, sql in triggers]


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Batch mode reflects the table, and SQLite cannot reflect its ``lower(name)`` index:
    SQLAlchemy would warn on the user's console. :func:`_put_back` makes the index again."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection", sa.exc.SAWarning)
        yield


def _put_back(triggers: list[str]) -> None:
    bind = op.get_bind()
    for sql in triggers:
        bind.exec_driver_sql(sql)
    # batch mode cannot copy an expression index (SQLite cannot reflect it); 0006 made this one
    if bind.dialect.name == "sqlite":
        exists = bind.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'uq_business_units_lower_name'"
        ).first()
        if exists is None:
            op.create_index(
                "uq_business_units_lower_name",
                "business_units",
                [sa.text("lower(name)")],
                unique=True,
            )


def upgrade() -> None:
    triggers = _lift_triggers()
    with _quiet(), op.batch_alter_table("business_units", recreate=_recreate()) as batch_op:
        batch_op.add_column(
            sa.Column("review_every_days", sa.Integer(), nullable=False, server_default="30")
        )
        batch_op.create_check_constraint(
            "review_rhythm", "review_every_days BETWEEN 1 AND 366"
        )
    with _quiet(), op.batch_alter_table("business_units", recreate=_recreate()) as batch_op:
        batch_op.alter_column("review_every_days", server_default=None)

    with op.batch_alter_table("interviews", recreate=_recreate()) as batch_op:
        batch_op.add_column(sa.Column("current_question_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_interviews_current_question_id_questions"),
            "questions",
            ["current_question_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index(
            batch_op.f("ix_interviews_current_question_id"), ["current_question_id"]
        )

    with op.batch_alter_table("survey_scores", recreate=_recreate()) as batch_op:
        batch_op.add_column(
            sa.Column("follow_up", sa.Text(), nullable=False, server_default="")
        )
    with op.batch_alter_table("survey_scores", recreate=_recreate()) as batch_op:
        batch_op.alter_column("follow_up", server_default=None)
    _put_back(triggers)
    _timestamps("timestamp with time zone", "timestamp without time zone")


def _timestamps(to: str, was: str) -> None:
    """On PostgreSQL, turn every timestamp column of type ``was`` into ``to``; the values
    are UTC."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    columns = bind.execute(
        sa.text(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND data_type = :was"
            " AND table_name <> 'alembic_version' ORDER BY table_name, column_name"
        ),
        {"was": was},
    ).all()
    for table, column in columns:
        op.execute(
            f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE {to}'
            f" USING \"{column}\" AT TIME ZONE 'UTC'"
        )


def downgrade() -> None:
    _timestamps("timestamp without time zone", "timestamp with time zone")
    triggers = _lift_triggers()
    with op.batch_alter_table("survey_scores", recreate=_recreate()) as batch_op:
        batch_op.drop_column("follow_up")
    with op.batch_alter_table("interviews", recreate=_recreate()) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interviews_current_question_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_interviews_current_question_id_questions"), type_="foreignkey"
        )
        batch_op.drop_column("current_question_id")
    with _quiet(), op.batch_alter_table("business_units", recreate=_recreate()) as batch_op:
        batch_op.drop_constraint("ck_business_units_review_rhythm", type_="check")
        batch_op.drop_column("review_every_days")
    _put_back(triggers)
