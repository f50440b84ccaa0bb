"""Staff, and what the window needs to ask who is working: "who I am" is not in the data
file; the workflows only list whom to choose from and whom to suggest."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from pathlib import Path

from sqlalchemy import select

from relman.models import Staff, StaffRole
from relman.storage import Database, open_database
from relman.workflows import portfolio, staff


def test_identity_knows_the_person_remembered_and_nothing_is_written(db: Database, people) -> None:
    with db.read_session() as s:
        known = staff.identity(s, people.manager)
    assert known.me is not None and known.me.name == "Mara Manager"
    assert known.suggested is None
    assert [c.name for c in known.choices] == ["Mara Manager", "Rui Relman"]
    assert db.path is not None
    with sqlite3.connect(db.path) as raw:
        assert raw.execute("SELECT count(*) FROM settings").fetchone() == (0,)


def test_a_person_no_longer_on_the_staff_is_asked_again(db: Database, people) -> None:
    with db.session() as s:
        s.get(Staff, people.manager).active = False  # type: ignore[union-attr]
        other = staff.add_staff(s, "Olga Old")
        other.archived_at = dt.datetime.now(dt.UTC)
    with db.read_session() as s:
        gone = staff.identity(s, people.manager)
        archived = staff.identity(s, other.id)
        stranger = staff.identity(s, uuid.uuid4())
    assert gone.me is None and archived.me is None and stranger.me is None
    assert [c.name for c in gone.choices] == ["Rui Relman"]
    assert gone.suggested == people.rm


def test_the_suggestion_is_the_login_else_the_busiest_rm(db: Database, people) -> None:
    with db.session() as s:
        ana = staff.add_staff(s, "Ana Alves", email="aalves@example.com").id
        zed = staff.add_staff(s, "Zed Zimmer").id
        for name in ("Sales", "Finance"):
            portfolio.create_unit(s, name, rms=[zed])
        portfolio.create_unit(s, "Design", rms=[people.rm])
    with db.read_session() as s:
        assert staff.suggest_me(s) == zed, "most units"
        assert staff.suggest_me(s, "unknown") == zed
        assert staff.suggest_me(s, "AAlves") == ana, "e-mail before the @"
        assert staff.suggest_me(s, "rui.relman") == people.rm, "the name, letters only"
        assert staff.identity(s, None, "aalves").suggested == ana


def test_no_staff_nothing_to_suggest(db: Database) -> None:
    with db.read_session() as s:
        known = staff.identity(s, None, "someone")
    assert known == staff.Identity(None, (), None)


def test_an_older_file_suggests_the_person_it_recorded(demo_0002: Path) -> None:
    with sqlite3.connect(demo_0002) as raw:
        (recorded,) = raw.execute(
            "SELECT value FROM settings WHERE key = 'current_user'"
        ).fetchone()
    db = open_database(demo_0002)
    try:
        with db.read_session() as s:
            known = staff.identity(s, None)
            assert staff.legacy_current_user(s) == uuid.UUID(recorded)
            me = s.scalar(select(Staff).where(Staff.id == known.suggested))
            assert me is not None and me.role is StaffRole.RM
    finally:
        db.close()
    assert known.me is None, "only a suggestion: the person still confirms"
    assert known.suggested == uuid.UUID(recorded)
