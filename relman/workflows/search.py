"""Search over every record's free text, through the FTS5 index (relman/storage/fts.py).

Each word typed matches words that start with it, so results come as the user types. Hits
whose title matches (names of units, contacts, services, people) come first, then the newest
text first; each record appears once. Ranking by recency instead of by bm25 relevance lets
SQLite stop after the first rows it finds rather than score every match: on ten years of
data a keystroke costs a few milliseconds instead of tens to hundreds (bench/bench_ui.py).
"""

from __future__ import annotations

import dataclasses
import html
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.errors import RelmanError
from relman.models import ActionItem

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 12

KIND_LABELS = {
    "unit": "Business unit",
    "service": "Service",
    "staff": "Staff",
    "contact": "Contact",
    "script": "Script",
    "interview": "Interview",
    "expectation": "Expectation",
    "escalation": "Escalation",
    "meeting": "Meeting",
    "action_item": "Action item",
    "survey": "Survey",
    "support_issue": "Support issue",
}

_SQL = """
    SELECT d.kind, d.ref_id, d.title, snippet(search_fts, 1, :on, :off, '…', 12) AS snip,
           d.src_id = d.ref_id AS own
    FROM search_fts JOIN search_doc AS d ON d.rowid = search_fts.rowid
    WHERE search_fts MATCH :query
    ORDER BY search_fts.rowid DESC
    LIMIT :limit
"""
#: Records named in their titles come first, in this order of kinds.
TITLE_FIRST = ("unit", "contact", "service", "staff", "script", "support_issue")


#: Where SQLite's snippet() marks the words matched: control characters, which no stored
#: text contains, so that they can be taken out again (brackets showed up in the window).
MARK_ON, MARK_OFF = "\x02", "\x03"


@dataclass(frozen=True)
class Hit:
    kind: str
    ref_id: uuid.UUID
    title: str
    snippet: str  # plain text, as stored
    marks: tuple[tuple[int, int], ...] = ()  # (start, end) of each word matched in it

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    def snippet_html(self) -> str:
        """The snippet as rich text, the words matched in bold, user text escaped."""
        parts, at = [], 0
        for start, end in self.marks:
            parts += [
                html.escape(self.snippet[at:start]),
                f"<b>{html.escape(self.snippet[start:end])}</b>",
            ]
            at = end
        return "".join([*parts, html.escape(self.snippet[at:])])


#: A list item's dash or bullet at the start of a line of notes or minutes.
BULLET = re.compile(r"(^|\n)[ \t]*[-*•][ \t]+")


def unmark(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Split a snippet from SQLite into its plain text and where the matches are. The lines
    of a list become one line, its items parted by " · " rather than by raw dashes."""
    marked = BULLET.sub(lambda m: " · " if m.group(1) else "", marked)
    text, marks, start = "", [], 0
    for piece in re.split(f"([{MARK_ON}{MARK_OFF}])", " ".join(marked.split())):
        if piece == MARK_ON:
            start = len(text)
        elif piece == MARK_OFF:
            marks.append((start, len(text)))
        else:
            text += piece
    return text, tuple(marks)


def fts_query(typed: str) -> str | None:
    """The FTS5 query for what the user typed: every word must match, as a prefix.

    User text never reaches FTS5's query syntax: each word is quoted, so quotes, ``*``,
    ``AND``/``NOT``/``NEAR`` and brackets are searched for as plain words or dropped.
    """
    words = WORD.findall(typed)[:MAX_WORDS]
    if not words:
        return None
    return " ".join(f'"{w}"*' if len(w) > 1 else f'"{w}"' for w in words)


def search(session: Session, typed: str, *, limit: int = 50) -> list[Hit]:
    if limit < 1:
        raise RelmanError("The number of results must be at least 1.")
    query = fts_query(typed)
    if query is None:
        return []
    if session.get_bind().dialect.name != "sqlite":
        raise RelmanError("Search works on SQLite databases only in this version of relman.")
    run = session.connection().exec_driver_sql  # straight to SQLite: this runs per keystroke
    marks = {"on": MARK_ON, "off": MARK_OFF}
    named = run(_SQL, {"query": f"{{title}} : ({query})", "limit": limit, **marks}).all()
    # the record itself before rows about it (a contact before their assessment)
    named.sort(key=lambda r: (TITLE_FIRST.index(r[0]) if r[0] in TITLE_FIRST else 99, not r[4]))
    rows = [r for r in named if r[0] in TITLE_FIRST]
    rows += run(_SQL, {"query": query, "limit": limit * 2, **marks}).all()
    hits: dict[tuple[str, str], Hit] = {}
    for kind, ref, title, snip, _own in rows:
        key = (kind, ref)
        if key in hits or ref is None:
            continue
        hits[key] = Hit(kind, uuid.UUID(ref), title, *unmark(snip))
        if len(hits) >= limit:
            break
    return _told_apart(session, list(hits.values()))


def _told_apart(session: Session, hits: list[Hit]) -> list[Hit]:
    """Action items are titled by their text, which repeats when the same job is raised at
    several meetings: two identical lines. Title them by their due date and state instead
    (the snippet shows the text)."""
    ids = [h.ref_id for h in hits if h.kind == "action_item"]
    if not ids:
        return hits
    when = {
        id_: (f"Done {done:%Y-%m-%d}" if done else f"Due {due}, open" if due else "Open")
        for id_, due, done in session.execute(
            select(ActionItem.id, ActionItem.due_on, ActionItem.done_at).where(
                ActionItem.id.in_(ids)
            )
        )
    }
    return [
        dataclasses.replace(h, title=when[h.ref_id])
        if h.kind == "action_item" and h.ref_id in when
        else h
        for h in hits
    ]
