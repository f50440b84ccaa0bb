"""Interview scripts: validation of their description, versions, and what interviews keep."""

import copy
import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from relman.errors import NotFoundError, RuleError, ValidationError
from relman.models import Question, QuestionKind, Script, ScriptSection, ScriptVersion
from relman.workflows import contacts, interviews, scripts

SPEC = {
    "name": "First interview",
    "purpose": "Learn what the customer needs & expects.",
    "sections": [
        {
            "title": "Opening",
            "guidance": "Listen actively; restate what you heard.",
            "questions": [
                {"key": "depends", "kind": "yes_no", "text": "Do you rely on SAP daily?"},
                {
                    "kind": "open",
                    "text": "What happens when it stops?",
                    "guidance": "Let them talk; cut a rambler off politely.",
                    "condition": {"on": "depends", "value": "yes"},
                },
            ],
        },
        {
            "title": "Ratings",
            "questions": [
                {"key": "rate", "kind": "rating", "text": "How satisfied are you?"},
                {"kind": "choice", "text": "Best channel?", "choices": [" Phone ", "Mail", ""]},
                {
                    "kind": "restatement",
                    "text": "So the worst problem is response time?",
                    "condition": {"on": "rate", "value": "<=2"},
                },
                {
                    "kind": "open",
                    "text": "Anything else given how you depend on it?",
                    "condition": {"on": "depends", "value": "!=no"},
                },
            ],
        },
    ],
}


def spec(**changes) -> dict:
    result = copy.deepcopy(SPEC)
    result.update(changes)
    return result


#: rows a new database already holds (the shipped scripts), per database and table
_SHIPPED: dict[tuple[int, type], int] = {}


@pytest.fixture(autouse=True)
def _shipped(db) -> None:
    with db.session() as s:
        for model in (Script, ScriptVersion, ScriptSection, Question):
            _SHIPPED[id(db), model] = s.scalar(select(func.count()).select_from(model))


def count(db, model) -> int:
    """Rows of ``model`` beyond those of the shipped scripts."""
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) - _SHIPPED[id(db), model]


def nothing_saved(db) -> None:
    for model in (Script, ScriptVersion, ScriptSection, Question):
        assert count(db, model) == 0, model


def walk(db, version_id) -> list[list[Question]]:
    with db.session() as s:
        version = scripts.load_version(s, version_id)
        return [list(section.questions) for section in version.sections]


def make(db, description=None) -> tuple[uuid.UUID, uuid.UUID]:
    with db.session() as s:
        script = scripts.create_script(s, description or spec())
        return script.id, script.versions[0].id


# --- creating ------------------------------------------------------------------------------


def test_create_script_builds_version_one_with_sections_and_questions(db) -> None:
    script_id, version_id = make(db)
    with db.session() as s:
        script = s.get(Script, script_id)
        assert script.name == "First interview"
        assert script.purpose == "Learn what the customer needs & expects."
        version = scripts.latest_version(s, script_id)
        assert (version.id, version.number, version.change_note) == (version_id, 1, "First version")
        loaded = scripts.load_version(s, version_id)
        assert [(x.position, x.title) for x in loaded.sections] == [(1, "Opening"), (2, "Ratings")]
        assert loaded.sections[0].guidance == "Listen actively; restate what you heard."
    opening, ratings = walk(db, version_id)
    assert [q.kind for q in opening] == [QuestionKind.YES_NO, QuestionKind.OPEN]
    assert [q.position for q in ratings] == [1, 2, 3, 4]
    assert [q.kind for q in ratings] == [
        QuestionKind.RATING,
        QuestionKind.CHOICE,
        QuestionKind.RESTATEMENT,
        QuestionKind.OPEN,
    ]
    assert opening[1].guidance == "Let them talk; cut a rambler off politely."
    assert ratings[1].choices == ["Phone", "Mail"]


def test_conditions_link_to_the_earlier_question(db) -> None:
    _, version_id = make(db)
    opening, ratings = walk(db, version_id)
    depends, rate = opening[0], ratings[0]
    assert opening[0].condition_question_id is None
    assert (opening[1].condition_question_id, opening[1].condition_value) == (depends.id, "yes")
    assert (ratings[2].condition_question_id, ratings[2].condition_value) == (rate.id, "<=2")
    # a condition may point back into an earlier section
    assert (ratings[3].condition_question_id, ratings[3].condition_value) == (depends.id, "!=no")


def test_hostile_text_in_a_script_round_trips(db) -> None:
    text = '<b>"Rate us"</b> & =1+1 😀 كيف تقيم خدماتنا؟'
    description = spec(name=text[:40], purpose=text)
    description["sections"][0]["title"] = text
    description["sections"][0]["questions"][0]["text"] = text
    _, version_id = make(db, description)
    with db.session() as s:
        loaded = scripts.load_version(s, version_id)
        assert loaded.sections[0].title == text
        assert loaded.sections[0].questions[0].text == text
        assert s.get(Script, loaded.script_id).purpose == text


# --- refused -------------------------------------------------------------------------------


def _break(mutate) -> dict:
    description = spec()
    mutate(description)
    return description


@pytest.mark.parametrize(
    ("mutate", "field", "says"),
    [
        (lambda d: d.update(name=""), "name", "name cannot be empty"),
        (lambda d: d.update(name="a\nb"), "name", "one line"),
        (lambda d: d.update(sections=[]), "sections", "at least one section"),
        (lambda d: d.pop("sections"), "sections", "at least one section"),
        (lambda d: d["sections"][1].update(title="  "), "title", "Section 2's title"),
        (
            lambda d: d["sections"][1].update(questions=[]),
            "questions",
            "“Ratings” has no questions",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].update(text="  "),
            "text",
            "question 1 of “Opening”",
        ),
        (
            lambda d: d["sections"][0]["questions"][0].update(kind="essay"),
            "kind",
            "must be one of open, restatement, rating, yes_no, choice",
        ),
        (
            lambda d: d["sections"][1]["questions"][1].update(choices=["Only one", " ", ""]),
            "choices",
            "needs at least two choices",
        ),
        (
            lambda d: d["sections"][1]["questions"][1].pop("choices"),
            "choices",
            "at least two choices",
        ),
        (
            lambda d: d["sections"][0]["questions"][1]["condition"].update(on="nowhere"),
            "condition",
            "must name an earlier question",
        ),
    ],
)
def test_bad_script_is_refused_and_nothing_saved(db, mutate, field, says) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        scripts.create_script(s, _break(mutate))
    assert err.value.field == field
    assert says in err.value.message
    nothing_saved(db)


def test_choice_message_names_the_section_as_typed(db) -> None:
    description = spec()
    description["sections"][1]["title"] = "SAP Ratings"
    description["sections"][1]["questions"][1]["choices"] = ["Only one"]
    with pytest.raises(ValidationError) as err, db.session() as s:
        scripts.create_script(s, description)
    assert err.value.message == "Question 2 of “SAP Ratings” needs at least two choices."
    nothing_saved(db)


def test_condition_on_a_later_question_is_refused(db) -> None:
    description = {
        "name": "Backwards",
        "sections": [
            {
                "title": "Only",
                "questions": [
                    {"kind": "open", "text": "Why?", "condition": {"on": "later", "value": "yes"}},
                    {"key": "later", "kind": "yes_no", "text": "Is it slow?"},
                ],
            }
        ],
    }
    with pytest.raises(ValidationError) as err, db.session() as s:
        scripts.create_script(s, description)
    assert err.value.field == "condition"
    assert "question 1 of “Only”" in err.value.message
    assert "earlier question" in err.value.message
    nothing_saved(db)


def test_condition_on_itself_is_refused(db) -> None:
    description = {
        "name": "Loop",
        "sections": [
            {
                "title": "Only",
                "questions": [
                    {
                        "key": "me",
                        "kind": "yes_no",
                        "text": "Me?",
                        "condition": {"on": "me", "value": "yes"},
                    }
                ],
            }
        ],
    }
    with pytest.raises(ValidationError) as err, db.session() as s:
        scripts.create_script(s, description)
    assert "earlier question" in err.value.message
    nothing_saved(db)


@pytest.mark.parametrize("again", ["First interview", "FIRST INTERVIEW", " first interview "])
def test_duplicate_script_name_is_refused(db, again: str) -> None:
    make(db)
    with pytest.raises(ValidationError) as err, db.session() as s:
        scripts.create_script(s, spec(name=again))
    assert err.value.field == "name"
    assert "already exists" in err.value.message
    assert count(db, Script) == 1
    assert count(db, ScriptVersion) == 1


# --- versions ------------------------------------------------------------------------------


def _interview(db, people, script_id, version_id=None) -> uuid.UUID:
    with db.session() as s:
        contact = contacts.create_contact(s, f"Carla {uuid.uuid4().hex[:6]}")
        return interviews.schedule_interview(
            s,
            script_id=script_id,
            contact_ids=[contact.id],
            at=dt.datetime(2026, 5, 4, 10, tzinfo=dt.UTC),
            by=people.rm,
            version_id=version_id,
        ).id


def test_revise_makes_version_two_and_interviews_keep_version_one(db, people) -> None:
    script_id, v1 = make(db)
    held = _interview(db, people, script_id)
    before = [[(q.id, q.text) for q in section] for section in walk(db, v1)]
    new_sections = [
        {
            "title": "Shorter",
            "questions": [
                {"key": "ok", "kind": "yes_no", "text": "All fine?"},
                {"kind": "open", "text": "What is not?", "condition": {"on": "ok", "value": "no"}},
            ],
        }
    ]
    with db.session() as s:
        v2 = scripts.revise_script(s, script_id, new_sections, "Cut to one section").id
    with db.session() as s:
        version = s.get(ScriptVersion, v2)
        assert (version.number, version.change_note) == (2, "Cut to one section")
        assert scripts.latest_version(s, script_id).id == v2
        numbers = select(ScriptVersion.number).where(ScriptVersion.script_id == script_id)
        assert sorted(s.scalars(numbers)) == [1, 2]
        assert s.get(interviews.Interview, held).script_version_id == v1
    assert [[(q.id, q.text) for q in section] for section in walk(db, v1)] == before
    [[ok, what]] = walk(db, v2)
    assert what.condition_question_id == ok.id
    # a new interview is held with the latest version
    later = _interview(db, people, script_id)
    with db.session() as s:
        assert s.get(interviews.Interview, later).script_version_id == v2
    # ...unless an older one is chosen
    chosen = _interview(db, people, script_id, version_id=v1)
    with db.session() as s:
        assert s.get(interviews.Interview, chosen).script_version_id == v1


def test_revise_needs_a_change_note_and_valid_sections(db) -> None:
    script_id, _ = make(db)
    with pytest.raises(ValidationError) as err, db.session() as s:
        scripts.revise_script(s, script_id, SPEC["sections"], "  ")
    assert err.value.field == "change_note"
    assert "What changed" in err.value.message
    with pytest.raises(ValidationError) as err, db.session() as s:
        scripts.revise_script(s, script_id, [{"title": "Empty", "questions": []}], "Emptied")
    assert "has no questions" in err.value.message
    assert count(db, ScriptVersion) == 1
    assert count(db, Question) == 6


def test_revise_unknown_script_is_not_found(db) -> None:
    with pytest.raises(NotFoundError), db.session() as s:
        scripts.revise_script(s, uuid.uuid4(), SPEC["sections"], "x")


def test_delete_version_used_by_an_interview_is_refused(db, people) -> None:
    script_id, v1 = make(db)
    _interview(db, people, script_id)
    with pytest.raises(RuleError) as err, db.session() as s:
        scripts.delete_version(s, v1)
    assert "Version 1" in err.value.message
    assert "1 interviews" in err.value.message
    assert count(db, ScriptVersion) == 1
    assert count(db, Question) == 6


def test_delete_unused_version(db, people) -> None:
    script_id, v1 = make(db)
    _interview(db, people, script_id)
    with db.session() as s:
        v2 = scripts.revise_script(s, script_id, SPEC["sections"], "Same again").id
    with db.session() as s:
        scripts.delete_version(s, v2)
    with db.session() as s:
        assert s.get(ScriptVersion, v2) is None
        assert scripts.latest_version(s, script_id).id == v1
    assert count(db, Question) == 6
    assert count(db, ScriptSection) == 2


def test_script_without_versions_has_no_latest(db) -> None:
    script_id, v1 = make(db)
    with db.session() as s:
        scripts.delete_version(s, v1)
    with pytest.raises(RuleError) as err, db.session() as s:
        scripts.latest_version(s, script_id)
    assert "no version" in err.value.message
    with pytest.raises(RuleError), db.session() as s:
        scripts.load_version(s, v1)
