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
from relman.storage.fts import Source
from relman.storage.fts import _cat as cat
from relman.storage.fts import _lookup as lookup

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

#: The index as this revision installs it, frozen here: later revisions change
#: ``fts.SOURCES`` (and their own copies), and a new file passes through this one first.
SOURCES_0002: tuple[Source, ...] = (
    Source(
        "business_units",
        "unit",
        "NEW.id",
        "NEW.name",
        cat("NEW.division", "NEW.notes"),
        ("name", "division", "notes"),
    ),
    Source(
        "services",
        "service",
        "NEW.id",
        "NEW.name",
        cat("NEW.description", "NEW.owner"),
        ("name", "description", "owner"),
    ),
    Source("staff", "staff", "NEW.id", "NEW.name", "NEW.email", ("name", "email")),
    Source(
        "contacts",
        "contact",
        "NEW.id",
        "NEW.name",
        cat("NEW.title", "NEW.email", "NEW.notes"),
        ("name", "title", "email", "notes"),
    ),
    Source(
        "assessments",
        "contact",
        "NEW.contact_id",
        "'Assessment of ' || coalesce(" + lookup("name", "contacts", "NEW.contact_id") + ", '')",
        cat(*(f"NEW.note{i}" for i in range(1, 8)), "NEW.unreasonable_note"),
        (*tuple(f"note{i}" for i in range(1, 8)), "unreasonable_note"),
    ),
    Source("scripts", "script", "NEW.id", "NEW.name", "NEW.purpose", ("name", "purpose")),
    Source(
        "questions",
        "script",
        "(SELECT v.script_id FROM script_sections s JOIN script_versions v"
        " ON v.id = s.version_id WHERE s.id = NEW.section_id)",
        "NEW.text",
        "NEW.guidance",
        ("text", "guidance"),
    ),
    Source(
        "interviews",
        "interview",
        "NEW.id",
        "'Interview on ' || substr(NEW.scheduled_at, 1, 10) || ' ' || NEW.location",
        cat("NEW.notes", "NEW.summary"),
        ("scheduled_at", "location", "notes", "summary"),
    ),
    Source(
        "answers",
        "interview",
        "NEW.interview_id",
        lookup("text", "questions", "NEW.question_id"),
        "NEW.value",
        ("value",),
    ),
    Source(
        "expectations",
        "expectation",
        "NEW.id",
        "coalesce(" + lookup("name", "services", "NEW.service_id") + ", '')"
        " || ': ' || substr(NEW.statement, 1, 80)",
        "NEW.statement",
        ("statement",),
    ),
    Source(
        "expectation_events",
        "expectation",
        "NEW.expectation_id",
        "'Step: ' || substr(coalesce("
        + lookup("statement", "expectations", "NEW.expectation_id")
        + ", ''), 1, 80)",
        "NEW.text",
        ("text",),
    ),
    Source(
        "measurements",
        "expectation",
        "NEW.expectation_id",
        "'Measurement ' || NEW.period",
        cat("NEW.miss_cause", "NEW.miss_resolution", "NEW.miss_prevention"),
        ("miss_cause", "miss_resolution", "miss_prevention"),
    ),
    Source(
        "escalations",
        "escalation",
        "NEW.id",
        "'Escalation: ' || substr(coalesce("
        + lookup("statement", "expectations", "NEW.expectation_id")
        + ", ''), 1, 80)",
        cat("NEW.summary", "NEW.resolution"),
        ("summary", "resolution"),
    ),
    Source(
        "escalation_events",
        "escalation",
        "NEW.escalation_id",
        "'Escalation step ' || substr(NEW.at, 1, 10)",
        "NEW.text",
        ("text",),
    ),
    Source(
        "meetings",
        "meeting",
        "NEW.id",
        "replace(NEW.kind, '_', ' ') || ' ' || substr(NEW.held_at, 1, 10)",
        cat("NEW.discussed", "NEW.delivered", "NEW.planned", "NEW.goals_note"),
        ("discussed", "delivered", "planned", "goals_note"),
    ),
    Source(
        "action_items",
        "action_item",
        "NEW.id",
        "'Action: ' || substr(NEW.text, 1, 80)",
        "NEW.text",
        ("text",),
    ),
    Source(
        "surveys", "survey", "NEW.id", "'Survey ' || NEW.quarter", "NEW.comments", ("comments",)
    ),
    Source(
        "support_issues",
        "support_issue",
        "NEW.id",
        "NEW.title",
        "NEW.description",
        ("title", "description"),
    ),
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        fts.create_all(op.execute, SOURCES_0002, ())


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        fts.drop_all(op.execute, SOURCES_0002, ())
