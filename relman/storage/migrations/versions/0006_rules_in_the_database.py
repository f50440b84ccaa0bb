"""rules the database enforces: checks, archive, indexes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

What the workflows check, the file now checks too (docs/method.md, "Rules the database
keeps"):

- every enum column refuses a value relman does not know (CHECK ck_<table>_<enum>);
- quarters, periods, 1–5 scores and counts are checked; an agreed expectation has its terms;
- unit and service names are unique ignoring case (a unique index on ``lower(name)``);
- units, contacts, staff and services get ``archived_at`` (archived, never deleted once
  they have history), and who wrote a step (author, assessor, recorder) is ON DELETE
  RESTRICT instead of SET NULL;
- every foreign key and the dashboard's filters are indexed.

Rows that would break a new rule are repaired first where the repair is certain and loses
nothing (each one logged), or the upgrade is refused with a message naming them (the file
is left as it was; the backup taken before any upgrade is untouched).

The enum CHECKs take their values from the enum classes of this release (others are
adding members in 0003–0005 of the same release); a later migration that adds a member
recreates that table's CHECK.
"""

from __future__ import annotations

import logging
import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _recreate() -> str:
    """SQLite can only change a table by copying it; other databases alter it in place
    (copying there would drop the keys other tables' foreign keys depend on)."""
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


log = logging.getLogger("relman.storage.migrations.0006")

ARCHIVABLE = ("business_units", "contacts", "staff", "services")
UNIQUE_NAMES = ("business_units", "services")
#: (table, column): who did a step; the staff member can no longer be deleted under them.
AUTHORS = (
    ("assessments", "assessor_id"),
    ("escalations", "raised_by_id"),
    ("escalation_events", "author_id"),
    ("expectation_events", "author_id"),
    ("measurements", "recorded_by_id"),
    ("meetings", "recorded_by_id"),
)
#: (table, column) indexed: foreign keys that had none, and the dashboard's filters.
INDEXES = (
    ("escalations", "customer_manager_id"),
    ("escalations", "due_on"),
    ("answers", "question_id"),
    ("meetings", "service_id"),
    ("action_items", "owner_contact_id"),
    ("support_issues", "service_id"),
    ("questions", "condition_question_id"),
    # authors added in 0005 of this release
    ("interviews", "started_by_id"),
    ("interviews", "finished_by_id"),
    ("interviews", "cancelled_by_id"),
    ("support_issue_ratings", "rated_by_id"),
)


def _digits(column: str, start: int, count: int) -> str:
    return " AND ".join(
        f"substr({column}, {i}, 1) BETWEEN '0' AND '9'" for i in range(start, start + count)
    )


def _quarter(column: str) -> str:
    return (
        f"length({column}) = 7 AND {_digits(column, 1, 4)} AND substr({column}, 5, 2) = '-Q'"
        f" AND substr({column}, 7, 1) BETWEEN '1' AND '4'"
    )


def _period(column: str) -> str:
    year = f"{_digits(column, 1, 4)} AND substr({column}, 5, 1) = '-'"
    week = (
        f"length({column}) = 8 AND substr({column}, 6, 1) = 'W' AND {_digits(column, 7, 2)}"
        f" AND substr({column}, 7, 2) BETWEEN '01' AND '53'"
    )
    month = (
        f"length({column}) = 7 AND {_digits(column, 6, 2)}"
        f" AND substr({column}, 6, 2) BETWEEN '01' AND '12'"
    )
    quarter = (
        f"length({column}) = 7 AND substr({column}, 6, 1) = 'Q'"
        f" AND substr({column}, 7, 1) BETWEEN '1' AND '4'"
    )
    return f"{year} AND (({week}) OR ({month}) OR ({quarter}))"


AGREED_HAS_TERMS = (
    "status <> 'agreed' OR (target IS NOT NULL AND measurement_type IS NOT NULL"
    " AND frequency IS NOT NULL)"
)
#: (table, name, condition, column it needs): the rules that are not enums.
CHECKS = (
    ("expectations", "agreed_has_terms", AGREED_HAS_TERMS, "status"),
    ("measurements", "period_format", _period("period"), "period"),
    ("interviews", "duration_positive", "duration_minutes > 0", "duration_minutes"),
    ("surveys", "quarter_format", _quarter("quarter"), "quarter"),
    ("surveys", "respondents_not_negative", "respondents >= 0", "respondents"),
    ("surveys", "overall_range", "overall BETWEEN 1 AND 5", "overall"),
    ("survey_scores", "score_range", "score BETWEEN 1 AND 5", "score"),
    ("script_versions", "number_positive", "number >= 1", "number"),
    ("script_sections", "position_not_negative", "position >= 0", "position"),
    ("questions", "position_not_negative", "position >= 0", "position"),
)


def _enum_checks() -> dict[str, list[tuple[str, str]]]:
    """(table → [(constraint name, condition)]) for every enum column of this release."""
    from relman.models import Base

    found: dict[str, list[tuple[str, str]]] = {}
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, sa.Enum) and column.type.enums:
                values = ", ".join("'" + v.replace("'", "''") + "'" for v in column.type.enums)
                found.setdefault(table.name, []).append(
                    (f"ck_{table.name}_{column.type.name}", f"{column.name} IN ({values})")
                )
    return found


class _Refused(Exception):
    pass


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    tables = set(inspector.get_table_names())
    columns = {t: {c["name"] for c in inspector.get_columns(t)} for t in tables}
    enums = {
        t: [(n, c) for n, c in checks if c.split(" IN ", 1)[0] in columns.get(t, ())]
        for t, checks in _enum_checks().items()
        if t in tables
    }

    _refuse_what_cannot_be_repaired(bind, enums, columns)
    _repair(bind, columns)

    sqlite = bind.dialect.name == "sqlite"
    triggers: list[tuple[str, str]] = []
    if sqlite:
        # A table recreated in batch mode loses its triggers, and renaming the copy fails
        # while a trigger elsewhere names the dropped table: lift them all, put them back.
        triggers = [
            (name, sql)
            for name, sql in bind.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL"
            )
        ]
        for name, _sql in triggers:
            bind.exec_driver_sql(f'DROP TRIGGER "{name}"')

    existing_checks = {
        t: {c["name"] for c in inspector.get_check_constraints(t) if c.get("name")} for t in tables
    }
    existing_fks = {t: inspector.get_foreign_keys(t) for t in tables}
    touched = (
        set(ARCHIVABLE)
        | set(UNIQUE_NAMES)
        | {t for t, _ in AUTHORS}
        | {t for t, *_ in CHECKS}
        | set(enums)
    ) & tables
    for table in sorted(touched):
        with op.batch_alter_table(table, recreate=_recreate()) as batch:
            if table in ARCHIVABLE and "archived_at" not in columns[table]:
                batch.add_column(sa.Column("archived_at", sa.DateTime(), nullable=True))
            if table in UNIQUE_NAMES:
                uniques = {u["name"] for u in inspector.get_unique_constraints(table)}
                if f"uq_{table}_name" in uniques:
                    batch.drop_constraint(f"uq_{table}_name", type_="unique")
            for t, column in AUTHORS:
                if t != table or column not in columns[table]:
                    continue
                for key in existing_fks[table]:
                    if key["constrained_columns"] == [column] and key.get("name"):
                        batch.drop_constraint(key["name"], type_="foreignkey")
                batch.create_foreign_key(
                    f"fk_{table}_{column}_staff", "staff", [column], ["id"], ondelete="RESTRICT"
                )
            for name, condition in enums.get(table, []):
                if name not in existing_checks[table]:
                    batch.create_check_constraint(batch.f(name), sa.text(condition))
            for t, name, condition, needs in CHECKS:
                full = f"ck_{table}_{name}"
                if t == table and needs in columns[table] and full not in existing_checks[table]:
                    batch.create_check_constraint(batch.f(full), sa.text(condition))

    after = sa.inspect(bind)
    for table in UNIQUE_NAMES:
        if table in tables:
            op.create_index(f"uq_{table}_lower_name", table, [sa.text("lower(name)")], unique=True)
    indexed = {(t, column) for t, column in AUTHORS} | set(INDEXES)
    for table, column in sorted(indexed):
        if table not in tables or column not in columns[table]:
            continue
        name = f"ix_{table}_{column}"
        if name not in {i["name"] for i in after.get_indexes(table)}:
            op.create_index(name, table, [column])

    for _name, sql in triggers:
        bind.exec_driver_sql(sql)


def _refuse_what_cannot_be_repaired(
    bind: sa.Connection, enums: dict[str, list[tuple[str, str]]], columns: dict[str, set[str]]
) -> None:
    """Refuse the upgrade when a row holds a value no repair can guess (an unknown state, a
    malformed period or quarter): the message names them so that they can be corrected."""
    problems: list[str] = []
    for table, checks in enums.items():
        for _name, condition in checks:
            column = condition.split(" IN ", 1)[0]
            for (value,) in bind.exec_driver_sql(
                f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL"
                f" AND NOT ({condition})"
            ):
                problems.append(f"{table}.{column} holds the unknown value '{value}'")
    for table, column, rule in (
        ("measurements", "period", _period("period")),
        ("surveys", "quarter", _quarter("quarter")),
    ):
        if column in columns.get(table, ()):
            for (value,) in bind.exec_driver_sql(
                f"SELECT DISTINCT {column} FROM {table} WHERE NOT ({rule})"
            ):
                problems.append(f"{table}.{column} holds the malformed period '{value}'")
    if problems:
        from relman.errors import CorruptFileError

        shown = "; ".join(problems[:5]) + (
            f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        )
        raise CorruptFileError(
            "This file cannot be upgraded: " + shown + ". Correct these records with the "
            "relman that wrote the file, then open it again; it was left as it was."
        )


def _repair(bind: sa.Connection, columns: dict[str, set[str]]) -> None:
    """Repair rows whose right value is certain, logging each kind of repair."""

    def run(sql: str, what: str) -> int:
        count = bind.exec_driver_sql(sql).rowcount or 0
        if count:
            log.warning("upgrade 0006: %s: %d row(s)", what, count)
        return count

    if {"status", "target", "measurement_type", "frequency"} <= columns.get("expectations", set()):
        broken = [
            row[0]
            for row in bind.exec_driver_sql(
                f"SELECT id FROM expectations WHERE NOT ({AGREED_HAS_TERMS})"
            )
        ]
        for expectation_id in broken:
            # Not agreed after all: back to validated, with the reason kept in its history.
            bind.execute(
                sa.text(
                    "INSERT INTO expectation_events (id, expectation_id, kind, author_id, at,"
                    " party, text, proposed_target, created_at, updated_at, version) VALUES"
                    " (:id, :e, 'note', NULL, CURRENT_TIMESTAMP, NULL, :text, NULL,"
                    " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"
                ),
                {
                    "id": uuid.uuid4().hex,
                    "e": expectation_id,
                    "text": "Marked agreed without its full terms (target, type of measurement, "
                    "frequency); returned to validated when relman was upgraded. Agree it again "
                    "with its terms.",
                },
            )
        if broken:
            placeholders = ", ".join(f"'{i}'" for i in broken)
            run(
                f"UPDATE expectations SET status = 'validated', version = version + 1"
                f" WHERE id IN ({placeholders})",
                "agreed expectations without terms returned to validated",
            )
    if "respondents" in columns.get("surveys", set()):
        run(
            "UPDATE surveys SET respondents = 0 WHERE respondents < 0",
            "negative respondents set to 0",
        )
    for table, column in (("surveys", "overall"), ("survey_scores", "score")):
        if column in columns.get(table, set()):
            run(
                # CASE, not max()/min(): those are SQLite's scalar forms only
                f"UPDATE {table} SET {column} = CASE WHEN {column} < 1 THEN 1 ELSE 5 END"
                f" WHERE {column} < 1 OR {column} > 5",
                f"{table}.{column} outside 1–5 brought into range",
            )
    for table in ("script_sections", "questions"):
        if "position" in columns.get(table, set()):
            run(
                f"UPDATE {table} SET position = 0 WHERE position < 0",
                f"{table}: negative position set to 0",
            )
    if "duration_minutes" in columns.get("interviews", set()):
        run(
            "UPDATE interviews SET duration_minutes = 60 WHERE duration_minutes <= 0",
            "interviews without a duration given the default 60 minutes",
        )
    for table in UNIQUE_NAMES:
        if "name" not in columns.get(table, set()):
            continue
        seen: dict[str, int] = {}
        taken = {name.casefold() for (name,) in bind.exec_driver_sql(f"SELECT name FROM {table}")}
        rows = bind.exec_driver_sql(f"SELECT id, name FROM {table} ORDER BY created_at, id").all()
        for row_id, name in rows:
            key = name.lower()
            seen[key] = seen.get(key, 0) + 1
            if seen[key] == 1:
                continue
            n = seen[key]
            while f"{name} ({n})".casefold() in taken:
                n += 1
            new = f"{name} ({n})"
            taken.add(new.casefold())
            bind.execute(
                sa.text(f"UPDATE {table} SET name = :name WHERE id = :id"),
                {"name": new, "id": row_id},
            )
            log.warning("upgrade 0006: %s '%s' renamed '%s' (the name was taken)", table, name, new)


def downgrade() -> None:
    bind = op.get_bind()
    triggers = []
    if bind.dialect.name == "sqlite":
        triggers = list(
            bind.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL"
            )
        )
        for name, _sql in triggers:
            bind.exec_driver_sql(f'DROP TRIGGER "{name}"')
    inspector = sa.inspect(bind)
    tables = set(inspector.get_table_names())
    for table in UNIQUE_NAMES:
        if table in tables:
            op.drop_index(f"uq_{table}_lower_name", table_name=table)
    for table in sorted(tables):
        checks = [c["name"] for c in inspector.get_check_constraints(table) if c.get("name")]
        ours = {f"ck_{t}_{n}" for t, n, *_ in CHECKS} | {
            n for n, _c in _enum_checks().get(table, [])
        }
        drop = [c for c in checks if c in ours]
        authors = [c for t, c in AUTHORS if t == table]
        if not (drop or authors or table in ARCHIVABLE or table in UNIQUE_NAMES):
            continue
        with op.batch_alter_table(table, recreate=_recreate()) as batch:
            for name in drop:
                batch.drop_constraint(name, type_="check")
            for column in authors:
                batch.drop_constraint(f"fk_{table}_{column}_staff", type_="foreignkey")
                batch.create_foreign_key(
                    f"fk_{table}_{column}_staff", "staff", [column], ["id"], ondelete="SET NULL"
                )
            if table in ARCHIVABLE:
                batch.drop_column("archived_at")
            if table in UNIQUE_NAMES:
                batch.create_unique_constraint(f"uq_{table}_name", ["name"])
    for table, column in (*AUTHORS, *INDEXES):
        if table in tables:
            op.drop_index(f"ix_{table}_{column}", table_name=table, if_exists=True)
    for _name, sql in triggers:
        bind.exec_driver_sql(sql)
