"""Saving a script from the editor (in place, or as a new version once interviews used it),
duplicating it, and the scripts a new database starts with."""

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from relman.errors import ConflictError, ValidationError
from relman.models import Interview, Script, ScriptVersion
from relman.workflows import contacts, interviews, script_lists, scripts

SPEC = {
    "name": "First interview",
    "sections": [
        {
            "title": "Opening",
            "questions": [
                {"key": "depends", "kind": "yes_no", "text": "Do you rely on SAP daily?"},
                {
                    "kind": "open",
                    "text": "What happens when it stops?",
                    "condition": {"on": "depends", "value": "yes"},
                },
            ],
        },
        {"title": "Ratings", "questions": [{"kind": "rating", "text": "How satisfied are you?"}]},
    ],
}


def make(db, name: str = "First interview") -> tuple[uuid.UUID, uuid.UUID]:
    with db.session() as s:
        script = scripts.create_script(s, {**SPEC, "name": name})
        return script.id, script.versions[0].id


def versions(db, script_id) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).where(ScriptVersion.script_id == script_id))


def walk(db, version_id) -> list[list]:
    with db.session() as s:
        return [list(x.questions) for x in scripts.load_version(s, version_id).sections]


def _interview(db, people, script_id) -> uuid.UUID:
    with db.session() as s:
        contact = contacts.create_contact(s, "Carla Customer")
        return interviews.schedule_interview(
            s,
            script_id=script_id,
            contact_ids=[contact.id],
            at=dt.datetime(2026, 5, 4, 10, tzinfo=dt.UTC),
            by=people.rm,
        ).id


# --- saving from the editor, duplicating, the shipped scripts ------------------------------


def _version(db, script_id) -> int:
    with db.session() as s:
        return s.get(Script, script_id).version


def test_save_of_an_unused_script_rewrites_its_version_in_place(db) -> None:
    script_id, v1 = make(db)
    with db.session() as s:
        edited = scripts.script_spec(s, script_id)
    edited["name"] = "First interview, shorter"
    del edited["sections"][1]
    edited["sections"][0]["questions"].reverse()  # the condition would now wait for a later one
    with pytest.raises(ValidationError) as err, db.session() as s:
        scripts.save_script(s, script_id, edited, expected_version=_version(db, script_id))
    assert "earlier question" in err.value.message
    edited["sections"][0]["questions"].reverse()
    with db.session() as s:
        scripts.save_script(s, script_id, edited, expected_version=_version(db, script_id))
    with db.session() as s:
        assert s.get(Script, script_id).name == "First interview, shorter"
        assert scripts.latest_version(s, script_id).id == v1
    assert versions(db, script_id) == 1
    [[depends, what]] = walk(db, v1)
    assert what.condition_question_id == depends.id


def test_save_of_a_used_script_makes_a_new_version_and_the_old_interview_keeps_its_questions(
    db, people
) -> None:
    script_id, v1 = make(db)
    held = _interview(db, people, script_id)
    with db.session() as s:
        edited = scripts.script_spec(s, script_id)
    edited["sections"][0]["questions"][0]["text"] = "Do you rely on SAP every hour?"
    with pytest.raises(ValidationError) as err, db.session() as s:
        scripts.save_script(s, script_id, edited, expected_version=_version(db, script_id))
    assert err.value.field == "change_note"
    assert "version 2" in err.value.message
    with db.session() as s:
        scripts.save_script(
            s, script_id, edited, expected_version=_version(db, script_id), change_note="Hourly"
        )
    with db.session() as s:
        latest = scripts.latest_version(s, script_id)
        assert (latest.number, latest.change_note) == (2, "Hourly")
        interview = s.get(Interview, held)
        assert interview.script_version_id == v1
        old = scripts.load_version(s, interview.script_version_id)
        assert old.sections[0].questions[0].text == "Do you rely on SAP daily?"
        assert scripts.load_version(s, latest.id).sections[0].questions[0].text == (
            "Do you rely on SAP every hour?"
        )
        rows = {r.number: r.interviews for r in script_lists.version_rows(s, script_id)}
        assert rows == {1: 1, 2: 0}


def test_restore_removes_an_unused_new_version_or_saves_the_old_description(db, people) -> None:
    script_id, v1 = make(db)
    _interview(db, people, script_id)
    with db.session() as s:
        old = scripts.script_spec(s, script_id)
    new = {**old, "name": "Renamed", "sections": old["sections"][:1]}
    with db.session() as s:
        scripts.save_script(s, script_id, new, expected_version=None, change_note="Shorter")
    with db.session() as s:
        scripts.restore_script(s, script_id, old, last_number=1, expected_version=None)
    with db.session() as s:
        assert scripts.latest_version(s, script_id).id == v1
        assert scripts.script_spec(s, script_id) == old
    # once an interview used the new version, the undo saves the old description anew
    with db.session() as s:
        scripts.save_script(s, script_id, new, expected_version=None, change_note="Shorter")
    _interview(db, people, script_id)
    with db.session() as s:
        scripts.restore_script(s, script_id, old, last_number=1, expected_version=None)
    with db.session() as s:
        latest = scripts.latest_version(s, script_id)
        assert (latest.number, latest.change_note) == (3, "Put back as it was")
        assert scripts.script_spec(s, script_id)["sections"] == old["sections"]
    assert versions(db, script_id) == 3


def test_save_with_a_stale_version_is_a_conflict(db) -> None:
    script_id, _ = make(db)
    stale = _version(db, script_id)
    with db.session() as s:
        edited = scripts.script_spec(s, script_id)
        scripts.save_script(s, script_id, edited, expected_version=stale)
    with pytest.raises(ConflictError), db.session() as s:
        scripts.save_script(s, script_id, edited, expected_version=stale)


def test_save_refuses_the_name_of_another_script(db) -> None:
    script_id, _ = make(db)
    with db.session() as s:
        edited = scripts.script_spec(s, script_id)
        edited["name"] = "monthly REVIEW with a unit head"
        with pytest.raises(ValidationError) as err:
            scripts.save_script(s, script_id, edited, expected_version=None)
    assert err.value.field == "name"


def test_duplicate_gets_a_free_name_and_the_same_questions(db) -> None:
    script_id, _ = make(db)
    with db.session() as s:
        copy_id = scripts.duplicate_script(s, script_id).id
        again_id = scripts.duplicate_script(s, copy_id).id
    with db.session() as s:
        assert s.get(Script, copy_id).name == "First interview (2)"
        assert s.get(Script, again_id).name == "First interview (3)"
        spec_copy = scripts.script_spec(s, copy_id)
        original = scripts.script_spec(s, script_id)
    assert spec_copy["sections"] == original["sections"]


def test_free_name_stays_within_the_column(db) -> None:
    long = "Ü" * 200
    make(db, long)
    with db.session() as s:
        free = scripts.free_name(s, long)
    assert free.endswith(" (2)") and len(free) == 200


def test_a_new_database_holds_the_shipped_scripts(db) -> None:
    shipped = scripts.sample_scripts()
    names = {spec["name"] for spec in shipped}
    assert {
        "First interview with a key customer",
        "Monthly review with a unit head",
        "Quarterly service review",
    } <= names
    with db.session() as s:
        rows = {r.name: r for r in script_lists.script_rows(s)}
        assert set(rows) == names
        # adding them again (the demo does) makes no duplicates
        again = scripts.add_shipped_scripts(s)
        assert again == {name: row.id for name, row in rows.items()}
    words = " ".join(
        q.get("guidance", "") + s_["guidance"]
        for spec in shipped
        for s_ in spec["sections"]
        for q in s_["questions"]
    ).lower()
    for topic in ("open question", "restate", "listen", "compromise", "agree to disagree"):
        assert topic in words, topic
    assert "steer back" in words or "step in politely" in words  # cutting off a rambler
    first = next(spec for spec in shipped if spec["name"].startswith("First interview"))
    titles = [section["title"] for section in first["sections"]]
    order = [
        i for i, t in enumerate(titles) for w in ("Validate", "Negotiate", "Escalate") if w in t
    ]
    assert len(order) == 3 and order == sorted(order)
