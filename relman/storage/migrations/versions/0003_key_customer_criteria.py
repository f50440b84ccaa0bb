"""key-customer criteria as rows

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

The seven fixed criteria columns of an assessment (``c1``..``c7``, ``note1``..``note7``)
become rows: ``key_criteria`` (seeded with the seven of the method, so that a department
can rename, add and retire criteria) and ``assessment_criteria`` (one row per criterion
answered in an assessment, with the same met flag and note). Assessments gain the RM's
deliberate override of unreasonable demands. ``is_key`` of every assessment and contact is
recomputed by the new rule: one criterion met is enough, unreasonable demands rule a
contact out unless overridden (no old assessment has an override). The search index
entries of assessments are rebuilt from the rows.
"""

import datetime as dt
import uuid

import sqlalchemy as sa
from alembic import op

from relman.storage import fts
from relman.storage.fts import Child, Source
from relman.storage.fts import _cat as cat
from relman.storage.fts import _lookup as lookup

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: The seven criteria of the method as this revision seeds them (frozen copy).
SEVEN = (
    ("Depends on us", "Their success critically depends on our services."),
    ("Assures our success", "Their satisfaction assures our success: influence, visibility."),
    ("Represents many", "They fairly represent a large customer organisation."),
    ("Large consumer", "Their organisation is a large consumer of our services."),
    ("Constructive critic", "They critique our services constructively and objectively."),
    ("Business influence", "They can significantly influence the business."),
    ("Shared expectations", "We share agreed, reasonable expectations with them."),
)


def seed_id(position: int) -> uuid.UUID:
    """The same id for the n-th seeded criterion in every file, so that files assessed
    apart (two laptops) agree on what criterion 5 is, and the downgrade finds them."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://relman.invalid/key-criteria/{position}")


_TITLE = "'Assessment of ' || coalesce(" + lookup("name", "contacts", "NEW.contact_id") + ", '')"
#: The search index entry of an assessment, before (0002) and after this revision.
ASSESSMENTS_0002 = Source(
    "assessments",
    "contact",
    "NEW.contact_id",
    _TITLE,
    cat(*(f"NEW.note{i}" for i in range(1, 8)), "NEW.unreasonable_note"),
    (*tuple(f"note{i}" for i in range(1, 8)), "unreasonable_note"),
)
ASSESSMENTS_0003 = Source(
    "assessments",
    "contact",
    "NEW.contact_id",
    _TITLE,
    cat(
        "(SELECT group_concat(note, ' ') FROM assessment_criteria WHERE assessment_id = NEW.id)",
        "NEW.unreasonable_note",
        "NEW.override_note",
    ),
    ("unreasonable_note", "override_note"),
)
CRITERIA_0003 = Child("assessment_criteria", ASSESSMENTS_0003, "assessment_id", ("note",))

_UUID_SQL = "lower(hex(randomblob(16)))"  # 32 hex digits, as sa.Uuid stores on SQLite


def _entity_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def _reindex(execute, source: Source) -> None:
    execute("DELETE FROM search_doc WHERE src_id IN (SELECT id FROM assessments)")
    execute(fts.fill_sql(source))
    for sql in fts.source_ddl(source):
        execute(sql)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        fts.drop_triggers(op.execute, "assessments")

    op.create_table(
        "key_criteria",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("question", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("excludes_unreasonable", sa.Boolean(), nullable=False),
        sa.Column("archived_at", sa.DateTime(), nullable=True),
        *_entity_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_key_criteria")),
        sa.UniqueConstraint("name", name=op.f("uq_key_criteria_name")),
    )
    op.create_table(
        "assessment_criteria",
        sa.Column("assessment_id", sa.Uuid(), nullable=False),
        sa.Column("criterion_id", sa.Uuid(), nullable=False),
        sa.Column("met", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_entity_columns(),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_assessment_criteria_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["criterion_id"],
            ["key_criteria.id"],
            name=op.f("fk_assessment_criteria_criterion_id_key_criteria"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_criteria")),
        sa.UniqueConstraint(
            "assessment_id", "criterion_id", name=op.f("uq_assessment_criteria_assessment_id")
        ),
    )
    with op.batch_alter_table("assessment_criteria", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assessment_criteria_assessment_id"), ["assessment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assessment_criteria_criterion_id"), ["criterion_id"], unique=False
        )

    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    criteria = sa.table(
        "key_criteria",
        sa.column("id", sa.Uuid()),
        sa.column("name", sa.String()),
        sa.column("question", sa.String()),
        sa.column("position", sa.Integer()),
        sa.column("excludes_unreasonable", sa.Boolean()),
        sa.column("archived_at", sa.DateTime()),
        sa.column("created_at", sa.DateTime()),
        sa.column("updated_at", sa.DateTime()),
        sa.column("version", sa.Integer()),
    )
    op.bulk_insert(
        criteria,
        [
            {
                "id": seed_id(i),
                "name": name,
                "question": question,
                "position": i,
                "excludes_unreasonable": i == 7,
                "archived_at": None,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
            for i, (name, question) in enumerate(SEVEN, start=1)
        ],
    )

    # Every old assessment answered all seven: one row each, same met flag and note.
    uuid_sql = _UUID_SQL if sqlite else "md5(random()::text || clock_timestamp()::text)::uuid"
    for i in range(1, 8):
        criterion = f"'{seed_id(i).hex}'" if sqlite else f"'{seed_id(i)}'::uuid"
        op.execute(
            "INSERT INTO assessment_criteria"
            " (id, assessment_id, criterion_id, met, note, created_at, updated_at, version)"
            f" SELECT {uuid_sql}, id, {criterion}, c{i}, note{i}, created_at, updated_at, 1"
            " FROM assessments"
        )

    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("override", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("override_note", sa.Text(), nullable=False, server_default="")
        )
        for i in range(1, 8):
            batch_op.drop_column(f"c{i}")
            batch_op.drop_column(f"note{i}")
    # The defaults only filled the rows already there: the models declare none.
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.alter_column("override", server_default=None)
        batch_op.alter_column("override_note", server_default=None)

    # The new rule: one criterion met is enough; unreasonable demands rule out (no old
    # assessment has an override). Contacts follow their latest assessment; the cache is
    # written without moving their version (it is not an edit).
    op.execute(
        "UPDATE assessments SET is_key = CASE WHEN (NOT unreasonable OR override) AND EXISTS"
        " (SELECT 1 FROM assessment_criteria ac WHERE ac.assessment_id = assessments.id"
        " AND ac.met) THEN 1 ELSE 0 END"
        if sqlite
        else "UPDATE assessments SET is_key = ((NOT unreasonable OR override) AND EXISTS"
        " (SELECT 1 FROM assessment_criteria ac WHERE ac.assessment_id = assessments.id"
        " AND ac.met))"
    )
    op.execute(
        "UPDATE contacts SET is_key = coalesce((SELECT a.is_key FROM assessments a"
        " WHERE a.contact_id = contacts.id ORDER BY a.assessed_on DESC, a.created_at DESC"
        " LIMIT 1), " + ("0" if sqlite else "false") + ")"
    )

    if sqlite:
        _reindex(op.execute, ASSESSMENTS_0003)
        for sql in fts.child_ddl(CRITERIA_0003):
            op.execute(sql)


def downgrade() -> None:
    """Back to seven columns: the answers to the seven seeded criteria (renamed or not) go
    back to ``c1``..``c7``; answers to criteria a department added are dropped, overrides
    too; ``is_key`` is recomputed by the old rule (4 criteria, unreasonable counts 2)."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        fts.drop_triggers(op.execute, "assessment_criteria")
        fts.drop_triggers(op.execute, "assessments")
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        for i in range(1, 8):
            batch_op.add_column(
                sa.Column(f"c{i}", sa.Boolean(), nullable=False, server_default=sa.false())
            )
        for i in range(1, 8):
            batch_op.add_column(sa.Column(f"note{i}", sa.Text(), nullable=False, server_default=""))
    for i in range(1, 8):
        criterion = f"'{seed_id(i).hex}'" if sqlite else f"'{seed_id(i)}'::uuid"
        answer = (
            "FROM assessment_criteria ac WHERE ac.assessment_id = assessments.id"
            f" AND ac.criterion_id = {criterion}"
        )
        no = "0" if sqlite else "false"
        op.execute(
            f"UPDATE assessments SET c{i} = coalesce((SELECT ac.met {answer}), {no}),"
            f" note{i} = coalesce((SELECT ac.note {answer}), '')"
        )
    score = " + ".join(f"CAST(c{i} AS INTEGER)" for i in range(1, 8))
    op.execute(
        f"UPDATE assessments SET is_key = (({score}) - 2 * CAST(unreasonable AS INTEGER) >= 4)"
    )
    op.execute(
        "UPDATE contacts SET is_key = coalesce((SELECT a.is_key FROM assessments a"
        " WHERE a.contact_id = contacts.id ORDER BY a.assessed_on DESC, a.created_at DESC"
        " LIMIT 1), " + ("0" if sqlite else "false") + ")"
    )
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_column("override_note")
        batch_op.drop_column("override")
    op.drop_table("assessment_criteria")
    op.drop_table("key_criteria")
    if sqlite:
        _reindex(op.execute, ASSESSMENTS_0002)
