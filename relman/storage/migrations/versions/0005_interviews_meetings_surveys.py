"""interviews, carry-forward, survey and rating history

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

- interviews: who started, finished or cancelled one (``started_by_id``, ``finished_by_id``,
  ``cancelled_by_id``), when and why it was cancelled. Existing interviews are credited to
  their RM (the only person the old schema knew of); the reason is read back from the
  "Cancelled: …" line the old workflow appended to the notes (the notes are left as they are).
- answers: ``hidden`` (an answer to a question no longer asked is kept, not deleted). The old
  workflow deleted such answers, so every existing answer is visible.
- survey questions as rows (``survey_questions``); ``survey_scores.question`` (free text)
  becomes ``question_id``. Names that differ only in case or spacing map onto one question,
  spelt as most scores spelt it.
- support issue ratings per quarter (``support_issue_ratings``): each issue's current rating
  becomes its first row, in the quarter of its rating date (or of its creation when it had
  none).
- ``agenda_items``: what a monthly review carried forward from the previous one (new).

Rebuilding ``interviews`` and ``answers`` (batch mode copies the table) drops their search
triggers; they are put back from the copies of the specs below (fts.py's specs may change
after this revision).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, defaultdict

import sqlalchemy as sa
from alembic import op

from relman.storage import fts

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _recreate() -> str:
    """SQLite can only change a table by copying it; other databases alter it in place
    (copying there would drop the keys other tables' foreign keys depend on)."""
    return "always" if op.get_bind().dialect.name == "sqlite" else "auto"


#: The search triggers of ``interviews`` as of this revision.
INTERVIEWS_SEARCH = fts.Source(
    "interviews",
    "interview",
    "NEW.id",
    "'Interview on ' || substr(NEW.scheduled_at, 1, 10) || ' ' || NEW.location",
    "coalesce(NEW.notes, '') || ' ' || coalesce(NEW.summary, '')",
    ("scheduled_at", "location", "notes", "summary"),
)
#: The search triggers of ``answers`` as of this revision (rebuilding the table drops them).
ANSWERS_SEARCH = fts.Source(
    "answers",
    "interview",
    "NEW.interview_id",
    "(SELECT text FROM questions WHERE id = NEW.question_id)",
    "NEW.value",
    ("value",),
)

CANCELLED = "Cancelled: "


def _entity_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
    ]


def _quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _as_datetime(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def _normal(name: str) -> str:
    return " ".join(name.split()).casefold()


def _reinstall_search_triggers(spec: fts.Source) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for suffix in ("ai", "au", "ad"):
        op.execute(f"DROP TRIGGER IF EXISTS search_{spec.table}_{suffix}")
    for sql in fts.source_ddl(spec):
        op.execute(sql)


def upgrade() -> None:
    conn = op.get_bind()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)

    # -- interviews: authors of the steps, cancellation --------------------------------------
    with op.batch_alter_table("interviews", recreate=_recreate()) as batch_op:
        batch_op.add_column(sa.Column("started_by_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("finished_by_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("cancelled_by_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("cancelled_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("cancel_reason", sa.Text(), nullable=False, server_default="")
        )
        for column in ("started_by_id", "finished_by_id", "cancelled_by_id"):
            batch_op.create_foreign_key(
                batch_op.f(f"fk_interviews_{column}_staff"),
                "staff",
                [column],
                ["id"],
                ondelete="RESTRICT",
            )
    _reinstall_search_triggers(INTERVIEWS_SEARCH)
    conn.execute(
        sa.text(
            "UPDATE interviews SET started_by_id = rm_id"
            " WHERE started_at IS NOT NULL AND status IN ('in_progress', 'completed')"
        )
    )
    conn.execute(sa.text("UPDATE interviews SET finished_by_id = rm_id WHERE status = 'completed'"))
    cancelled = conn.execute(
        sa.text("SELECT id, notes, updated_at FROM interviews WHERE status = 'cancelled'")
    ).all()
    for id_, notes, updated_at in cancelled:
        reason = notes.rsplit(CANCELLED, 1)[1].strip() if CANCELLED in (notes or "") else ""
        conn.execute(
            sa.text(
                "UPDATE interviews SET cancelled_by_id = rm_id, cancelled_at = :at,"
                " cancel_reason = :reason WHERE id = :id"
            ),
            {"at": updated_at, "reason": reason, "id": id_},
        )

    # The default only filled the existing rows: the model has none, and neither must the file.
    with op.batch_alter_table("interviews", recreate=_recreate()) as batch_op:
        batch_op.alter_column("cancel_reason", server_default=None)
    _reinstall_search_triggers(INTERVIEWS_SEARCH)

    # -- answers: hidden, not deleted ----------------------------------------------------------
    with op.batch_alter_table("answers", recreate=_recreate()) as batch_op:
        batch_op.add_column(
            sa.Column("hidden", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("answers", recreate=_recreate()) as batch_op:
        batch_op.alter_column("hidden", server_default=None)
    _reinstall_search_triggers(ANSWERS_SEARCH)

    # -- survey questions as rows --------------------------------------------------------------
    questions = op.create_table(
        "survey_questions",
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        *_entity_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_questions")),
        sa.UniqueConstraint("name", name=op.f("uq_survey_questions_name")),
    )
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    raw_names: dict[str, list[str]] = defaultdict(list)
    for raw, count in conn.execute(
        sa.text("SELECT question, count(*) FROM survey_scores GROUP BY question")
    ):
        key = _normal(raw)
        spellings[key][" ".join(raw.split())] += count
        raw_names[key].append(raw)
    ids: dict[str, uuid.UUID] = {}
    rows = []
    for position, key in enumerate(sorted(spellings)):
        name = spellings[key].most_common(1)[0][0]
        ids[key] = uuid.uuid4()
        rows.append(
            {
                "id": ids[key],
                "name": name,
                "position": position,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
    if rows:
        op.bulk_insert(questions, rows)
    with op.batch_alter_table("survey_scores") as batch_op:
        batch_op.add_column(sa.Column("question_id", sa.Uuid(), nullable=True))
    scores = sa.table(
        "survey_scores", sa.column("question_id", sa.Uuid()), sa.column("question", sa.String())
    )
    for key, raws in raw_names.items():
        for raw in raws:
            conn.execute(
                scores.update().where(scores.c.question == raw).values(question_id=ids[key])
            )
    with op.batch_alter_table("survey_scores", recreate=_recreate()) as batch_op:
        batch_op.drop_column("question")
        batch_op.alter_column("question_id", existing_type=sa.Uuid(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_survey_scores_question_id_survey_questions"),
            "survey_questions",
            ["question_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_index(
            batch_op.f("ix_survey_scores_question_id"), ["question_id"], unique=False
        )

    # -- support issue ratings per quarter ------------------------------------------------------
    ratings = op.create_table(
        "support_issue_ratings",
        sa.Column("issue_id", sa.Uuid(), nullable=False),
        sa.Column("quarter", sa.String(length=7), nullable=False),
        sa.Column("importance", sa.Integer(), nullable=False),
        sa.Column("satisfaction", sa.Integer(), nullable=False),
        sa.Column("rated_on", sa.String(length=10), nullable=False),
        sa.Column("rated_by_id", sa.Uuid(), nullable=True),
        *_entity_columns(),
        sa.CheckConstraint(
            "importance BETWEEN 1 AND 5", name=op.f("ck_support_issue_ratings_importance_range")
        ),
        sa.CheckConstraint(
            "satisfaction BETWEEN 1 AND 5",
            name=op.f("ck_support_issue_ratings_satisfaction_range"),
        ),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["support_issues.id"],
            name=op.f("fk_support_issue_ratings_issue_id_support_issues"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["rated_by_id"],
            ["staff.id"],
            name=op.f("fk_support_issue_ratings_rated_by_id_staff"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_issue_ratings")),
        sa.UniqueConstraint("issue_id", "quarter", name=op.f("uq_support_issue_ratings_issue_id")),
    )
    with op.batch_alter_table("support_issue_ratings") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_support_issue_ratings_issue_id"), ["issue_id"], unique=False
        )
    issues = sa.table(
        "support_issues",
        sa.column("id", sa.Uuid()),
        sa.column("importance", sa.Integer()),
        sa.column("satisfaction", sa.Integer()),
        sa.column("rated_on", sa.String()),
        sa.column("created_at", sa.DateTime()),
        sa.column("updated_at", sa.DateTime()),
    )
    rows = []
    for id_, importance, satisfaction, rated_on, created_at, updated_at in conn.execute(
        sa.select(*issues.c)
    ):
        try:
            day = dt.date.fromisoformat(rated_on) if rated_on else None
        except ValueError:
            day = None
        when = _as_datetime(updated_at)
        rows.append(
            {
                "id": uuid.uuid4(),
                "issue_id": id_,
                "quarter": _quarter(day or _as_datetime(created_at).date()),
                "importance": importance,
                "satisfaction": satisfaction,
                "rated_on": rated_on or "",
                "rated_by_id": None,
                "created_at": when,
                "updated_at": when,
                "version": 1,
            }
        )
    if rows:
        op.bulk_insert(ratings, rows)

    # -- agenda items carried from one monthly review to the next --------------------------------
    op.create_table(
        "agenda_items",
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("action", "planned", name="agendakind", native_enum=False),
            nullable=False,
        ),
        sa.Column("action_item_id", sa.Uuid(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("first_meeting_id", sa.Uuid(), nullable=True),
        sa.Column("first_raised_on", sa.Date(), nullable=False),
        sa.Column("times_carried", sa.Integer(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        *_entity_columns(),
        sa.CheckConstraint(
            "times_carried >= 1", name=op.f("ck_agenda_items_carried_at_least_once")
        ),
        sa.CheckConstraint(
            "(kind = 'action') = (action_item_id IS NOT NULL)",
            name=op.f("ck_agenda_items_action_has_item"),
        ),
        sa.ForeignKeyConstraint(
            ["action_item_id"],
            ["action_items.id"],
            name=op.f("fk_agenda_items_action_item_id_action_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["first_meeting_id"],
            ["meetings.id"],
            name=op.f("fk_agenda_items_first_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_agenda_items_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
        sa.UniqueConstraint(
            "meeting_id", "action_item_id", name=op.f("uq_agenda_items_meeting_id")
        ),
    )
    with op.batch_alter_table("agenda_items") as batch_op:
        batch_op.create_index(batch_op.f("ix_agenda_items_meeting_id"), ["meeting_id"])
        batch_op.create_index(batch_op.f("ix_agenda_items_action_item_id"), ["action_item_id"])
        batch_op.create_index(batch_op.f("ix_agenda_items_first_meeting_id"), ["first_meeting_id"])


def downgrade() -> None:
    conn = op.get_bind()
    op.drop_table("agenda_items")
    # The issue keeps its latest rating; the earlier quarters go with the table.
    op.drop_table("support_issue_ratings")

    with op.batch_alter_table("survey_scores") as batch_op:
        batch_op.add_column(
            sa.Column("question", sa.String(length=300), nullable=False, server_default="")
        )
    conn.execute(
        sa.text(
            "UPDATE survey_scores SET question ="
            " (SELECT name FROM survey_questions WHERE id = survey_scores.question_id)"
        )
    )
    with op.batch_alter_table("survey_scores", recreate=_recreate()) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_scores_question_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_survey_scores_question_id_survey_questions"), type_="foreignkey"
        )
        batch_op.drop_column("question_id")
    op.drop_table("survey_questions")

    # Hidden answers stay (the old relman shows them as answers); only the flag goes.
    with op.batch_alter_table("answers", recreate=_recreate()) as batch_op:
        batch_op.drop_column("hidden")
    with op.batch_alter_table("interviews", recreate=_recreate()) as batch_op:
        for column in ("started_by_id", "finished_by_id", "cancelled_by_id"):
            batch_op.drop_constraint(
                batch_op.f(f"fk_interviews_{column}_staff"), type_="foreignkey"
            )
            batch_op.drop_column(column)
        batch_op.drop_column("cancelled_at")
        batch_op.drop_column("cancel_reason")
    _reinstall_search_triggers(INTERVIEWS_SEARCH)
    _reinstall_search_triggers(ANSWERS_SEARCH)
