"""The full-text index over every free-text field (SQLite FTS5).

``search_doc`` holds one row per source row (``src_id``): the kind of record a hit opens, that
record's id (``ref_id`` — an answer opens its interview), a title and the text. ``search_fts``
is an FTS5 index over it (external content). Triggers on each source table keep
``search_doc`` in step in the same transaction as the change itself, whoever writes it — a
workflow, the demo's bulk insert or a restore — and triggers on ``search_doc`` keep the index
in step with it. The SQL is generated from :data:`SOURCES`; a migration that changes the
index must carry its own copy of the specs it installs.

:func:`rebuild_index` rebuilds both from the records when ``relman check`` finds the index
damaged: the index holds nothing that is not in the records, so nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relman.storage.database import Database


@dataclass(frozen=True)
class Source:
    table: str
    kind: str  # what a hit opens: unit, contact, interview, expectation, ...
    ref: str  # SQL over NEW: the id of the record to open
    title: str  # SQL over NEW
    body: str  # SQL over NEW
    columns: tuple[str, ...]  # an UPDATE of these columns refreshes the row


def _cat(*parts: str) -> str:
    return " || ' ' || ".join(f"coalesce({p}, '')" for p in parts)


def _lookup(column: str, table: str, key: str) -> str:
    return f"(SELECT {column} FROM {table} WHERE id = {key})"


SOURCES: tuple[Source, ...] = (
    Source(
        "business_units",
        "unit",
        "NEW.id",
        "NEW.name",
        _cat("NEW.division", "NEW.notes"),
        ("name", "division", "notes"),
    ),
    Source(
        "services",
        "service",
        "NEW.id",
        "NEW.name",
        _cat("NEW.description", "NEW.owner"),
        ("name", "description", "owner"),
    ),
    Source("staff", "staff", "NEW.id", "NEW.name", "NEW.email", ("name", "email")),
    Source(
        "contacts",
        "contact",
        "NEW.id",
        "NEW.name",
        _cat("NEW.title", "NEW.email", "NEW.notes"),
        ("name", "title", "email", "notes"),
    ),
    ASSESSMENTS := Source(
        "assessments",
        "contact",
        "NEW.contact_id",
        "'Assessment of ' || coalesce(" + _lookup("name", "contacts", "NEW.contact_id") + ", '')",
        _cat(
            "(SELECT group_concat(note, ' ') FROM assessment_criteria"
            " WHERE assessment_id = NEW.id)",
            "NEW.unreasonable_note",
            "NEW.override_note",
        ),
        ("unreasonable_note", "override_note"),
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
        _cat("NEW.notes", "NEW.summary"),
        ("scheduled_at", "location", "notes", "summary"),
    ),
    Source(
        "answers",
        "interview",
        "NEW.interview_id",
        _lookup("text", "questions", "NEW.question_id"),
        "NEW.value",
        ("value",),
    ),
    Source(
        "expectations",
        "expectation",
        "NEW.id",
        "coalesce(" + _lookup("name", "services", "NEW.service_id") + ", '')"
        " || ': ' || substr(NEW.statement, 1, 80)",
        "NEW.statement",
        ("statement",),
    ),
    Source(
        "expectation_events",
        "expectation",
        "NEW.expectation_id",
        "'Step: ' || substr(coalesce("
        + _lookup("statement", "expectations", "NEW.expectation_id")
        + ", ''), 1, 80)",
        "NEW.text",
        ("text",),
    ),
    Source(
        "measurements",
        "expectation",
        "NEW.expectation_id",
        "'Measurement ' || NEW.period",
        _cat("NEW.miss_cause", "NEW.miss_resolution", "NEW.miss_prevention"),
        ("miss_cause", "miss_resolution", "miss_prevention"),
    ),
    Source(
        "escalations",
        "escalation",
        "NEW.id",
        "'Escalation: ' || substr(coalesce("
        + _lookup("statement", "expectations", "NEW.expectation_id")
        + ", ''), 1, 80)",
        _cat("NEW.summary", "NEW.resolution"),
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
        _cat("NEW.discussed", "NEW.delivered", "NEW.planned", "NEW.goals_note"),
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


@dataclass(frozen=True)
class Child:
    """Rows whose text is indexed in their parent's entry (an assessment's notes per
    criterion): inserting, changing or deleting one refreshes the parent's entry."""

    table: str
    parent: Source
    key: str  # the child's column holding the parent's id
    columns: tuple[str, ...]  # an UPDATE of these columns refreshes the parent


CHILDREN: tuple[Child, ...] = (
    Child("assessment_criteria", ASSESSMENTS, "assessment_id", ("note",)),
)

INDEX_DDL = (
    """CREATE TABLE search_doc (
        rowid INTEGER PRIMARY KEY,
        src_id CHAR(32) NOT NULL UNIQUE,
        kind VARCHAR(20) NOT NULL,
        ref_id CHAR(32),
        title TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT ''
    )""",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, content='search_doc', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3'
    )""",
    """CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN
        INSERT INTO search_fts(rowid, title, body) VALUES (NEW.rowid, NEW.title, NEW.body);
    END""",
    """CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', OLD.rowid, OLD.title, OLD.body);
    END""",
    """CREATE TRIGGER search_doc_au AFTER UPDATE ON search_doc BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, body)
        VALUES ('delete', OLD.rowid, OLD.title, OLD.body);
        INSERT INTO search_fts(rowid, title, body) VALUES (NEW.rowid, NEW.title, NEW.body);
    END""",
)


def source_ddl(src: Source) -> list[str]:
    t = src.table
    values = f"NEW.id, '{src.kind}', {src.ref}, coalesce({src.title}, ''), coalesce({src.body}, '')"
    cols = ", ".join(src.columns)
    return [
        f"""CREATE TRIGGER search_{t}_ai AFTER INSERT ON {t} BEGIN
            INSERT INTO search_doc(src_id, kind, ref_id, title, body) VALUES ({values});
        END""",
        f"""CREATE TRIGGER search_{t}_au AFTER UPDATE OF {cols} ON {t} BEGIN
            DELETE FROM search_doc WHERE src_id = OLD.id;
            INSERT INTO search_doc(src_id, kind, ref_id, title, body) VALUES ({values});
        END""",
        f"""CREATE TRIGGER search_{t}_ad AFTER DELETE ON {t} BEGIN
            DELETE FROM search_doc WHERE src_id = OLD.id;
        END""",
    ]


def child_ddl(child: Child) -> list[str]:
    p = child.parent
    t = child.table

    def refresh(row: str) -> str:
        body = p.body.replace("NEW.", "n.")
        return (
            f"UPDATE search_doc SET body = coalesce((SELECT {body} FROM {p.table} AS n"
            f" WHERE n.id = {row}.{child.key}), '') WHERE src_id = {row}.{child.key};"
        )

    return [
        f"CREATE TRIGGER search_{t}_ai AFTER INSERT ON {t} BEGIN {refresh('NEW')} END",
        f"CREATE TRIGGER search_{t}_au AFTER UPDATE OF {', '.join(child.columns)}, {child.key}"
        f" ON {t} BEGIN {refresh('OLD')} {refresh('NEW')} END",
        f"CREATE TRIGGER search_{t}_ad AFTER DELETE ON {t} BEGIN {refresh('OLD')} END",
    ]


def fill_sql(src: Source) -> str:
    """Index the rows already in a table (used when the index is first created)."""
    select = source_ddl(src)[0].split("VALUES (", 1)[1].rsplit(");", 1)[0]
    return (
        f"INSERT INTO search_doc(src_id, kind, ref_id, title, body) "
        f"SELECT {select.replace('NEW.', 'n.')} FROM {src.table} AS n"
    )


def create_all(
    execute, sources: tuple[Source, ...] = SOURCES, children: tuple[Child, ...] = CHILDREN
) -> None:
    """Create the index, its triggers, and index existing rows. ``execute`` runs one SQL."""
    for sql in INDEX_DDL:
        execute(sql)
    for src in sources:
        execute(fill_sql(src))
        for sql in source_ddl(src):
            execute(sql)
    for child in children:
        for sql in child_ddl(child):
            execute(sql)


def drop_triggers(execute, table: str) -> None:
    for suffix in ("ai", "au", "ad"):
        execute(f"DROP TRIGGER IF EXISTS search_{table}_{suffix}")


def drop_all(
    execute, sources: tuple[Source, ...] = SOURCES, children: tuple[Child, ...] = CHILDREN
) -> None:
    for src in (*sources, *children):
        drop_triggers(execute, src.table)
    execute("DROP TABLE IF EXISTS search_fts")
    execute("DROP TABLE IF EXISTS search_doc")


def rebuild_index(db: Database) -> int:
    """Drop and rebuild the search index from the records, in one transaction; return the
    number of entries indexed. Refused on a read-only database, on a file that is damaged
    beyond its index, and on a schema other than this relman's."""
    from relman.errors import DamagedFileError, ReadOnlyError, RelmanError
    from relman.storage import migrate
    from relman.storage.check import file_problems, summarise

    if not db.is_sqlite or db.path is None:
        raise RelmanError("The search index lives in SQLite files only; there is none to rebuild.")
    if db.readonly:
        raise ReadOnlyError(
            f"{db.name} is open read-only, so its search index cannot be rebuilt. "
            f"{db.readonly_reason}"
        )
    problems = file_problems(db.path, quick=True)
    if problems:
        raise DamagedFileError(
            f"{db.path} is damaged beyond its search index ({summarise(problems, 1)[0]}); "
            "rebuilding the index would not help. Restore it from a backup with 'relman restore'."
        )
    if db.revision() != migrate.head_revision():
        raise RelmanError(f"Open {db.path} once with this relman before rebuilding its index.")
    with db.engine.begin() as conn:
        drop_all(conn.exec_driver_sql)
        create_all(conn.exec_driver_sql)
        return conn.exec_driver_sql("SELECT count(*) FROM search_doc").scalar_one()
