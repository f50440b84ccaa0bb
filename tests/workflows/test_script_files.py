"""Script files: a script exported and imported again is the same script; a malformed or
hostile file is refused whole, with a message naming the problem."""

import copy
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from relman.errors import ValidationError
from relman.models import Question, Script
from relman.workflows import script_files, scripts

HOSTILE = '<b>"Rate us"</b> & =1+1 😀 كيف تقيم خدماتنا؟'

SPEC = {
    "name": "Shared review",
    "purpose": HOSTILE,
    "sections": [
        {
            "title": "Opening",
            "guidance": "Listen; restate.\nThen ask again.",
            "questions": [
                {"key": "ok", "kind": "yes_no", "text": "All fine?"},
                {"kind": "open", "text": HOSTILE, "condition": {"on": "ok", "value": "no"}},
            ],
        },
        {
            "title": "Scores",
            "questions": [
                {"key": "r", "kind": "rating", "text": "Rate us", "guidance": "1 to 5"},
                {"kind": "choice", "text": "Channel?", "choices": ["Phone", "Mail & chat"]},
                {"kind": "restatement", "text": "So…", "condition": {"on": "r", "value": "<=2"}},
            ],
        },
    ],
}


def document(**script_changes) -> dict:
    script = copy.deepcopy(SPEC)
    script.update(script_changes)
    return {"format": "relman-script", "version": 1, "script": script}


def counts(db) -> tuple[int, int]:
    with db.session() as s:
        return (
            s.scalar(select(func.count()).select_from(Script)),
            s.scalar(select(func.count()).select_from(Question)),
        )


def test_export_then_import_gives_the_same_script_under_a_free_name(db, tmp_path: Path) -> None:
    with db.session() as s:
        script_id = scripts.create_script(s, SPEC).id
    path = tmp_path / f"shared{script_files.SUFFIX}"
    with db.session() as s:
        script_files.write_script_file(s, script_id, path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert (raw["format"], raw["version"]) == ("relman-script", 1)
    assert "😀 كيف تقيم خدماتنا؟" in path.read_text(encoding="utf-8")  # readable, not \u escapes
    spec = script_files.read_script_file(path)
    with db.session() as s:
        assert script_files.import_name(s, spec) == "Shared review (2)"
        copy_id = script_files.import_script(s, spec, "Shared review (2)").id
    with db.session() as s:
        original, imported = scripts.script_spec(s, script_id), scripts.script_spec(s, copy_id)
    assert imported["name"] == "Shared review (2)"
    assert imported["purpose"] == original["purpose"] == HOSTILE
    assert imported["sections"] == original["sections"]
    # and the same once more: the exported file of the import equals the first one
    with db.session() as s:
        again = json.loads(script_files.export_script(s, copy_id))
    assert again["script"]["sections"] == raw["script"]["sections"]


def test_import_under_its_own_name_when_it_is_free(db) -> None:
    data = json.dumps(document()).encode()
    spec = script_files.parse_script_file(data)
    with db.session() as s:
        assert script_files.import_name(s, spec) == "Shared review"
        script_files.import_script(s, spec)
    with db.session() as s, pytest.raises(ValidationError) as err:
        script_files.import_script(s, spec)  # the name is taken now: refused, not doubled
    assert "already exists" in err.value.message


def _with(mutate) -> bytes:
    doc = document()
    mutate(doc)
    return json.dumps(doc).encode()


def _question(section: int, number: int):
    return lambda d: d["script"]["sections"][section]["questions"][number]


BAD = [
    (b'{"format": "relman-script",\n  "version": 1\n  "script": {}}', "line 3, column 3"),
    (b"\xff\xfe garbage", "not UTF-8"),
    (b"[1, 2]", "must be an object"),
    (b"", "not valid JSON"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"format": "relman-script", "format": "x", "version": 1, "script": {}}', "appears twice"),
    (b'{"format": "relman-script", "version": NaN, "script": {}}', "NaN"),
    (_with(lambda d: d.update(format="something-else")), "not a relman script file"),
    (_with(lambda d: d.update(version=7)), "newer relman"),
    (_with(lambda d: d.update(version="1")), "whole number"),
    (_with(lambda d: d.update(extra=1)), "“extra”"),
    (_with(lambda d: d["script"].update(name=42)), "“name” must be text, not a number"),
    (_with(lambda d: d["script"].update(name="  ")), "has no name"),
    (_with(lambda d: d["script"].update(sections={})), "must be a list"),
    (_with(lambda d: d["script"].update(sections=[])), "“sections” is empty"),
    (_with(lambda d: d["script"].update(sections=[None])), "Section 1 must be an object"),
    (
        _with(lambda d: _question(1, 0)(d).update(kind="essay")),
        "Section 2 (“Scores”), question 1: “essay” is not a kind of question",
    ),
    (_with(lambda d: _question(1, 1)(d).pop("choices")), "needs its “choices”"),
    (_with(lambda d: _question(1, 0)(d).update(choices=["a", "b"])), "only a “choice”"),
    (_with(lambda d: _question(1, 1)(d).update(choices=["x"] * 21)), "too many choices"),
    (_with(lambda d: _question(1, 1)(d).update(choices=[1, 2])), "must be text"),
    (
        _with(lambda d: _question(0, 1)(d)["condition"].update(on="nobody")),
        "no question has that key",
    ),
    (
        _with(lambda d: _question(0, 1)(d)["condition"].update(on="r")),
        "which comes later",
    ),
    (_with(lambda d: _question(1, 2)(d).update(condition="r")), "the condition must be an object"),
    (_with(lambda d: _question(1, 0)(d).update(key="ok")), "already used"),
    (_with(lambda d: _question(0, 0)(d).update(text="x" * 20_001)), "too long"),
    (_with(lambda d: d["script"].update(name="n" * 201)), "too long"),
    (
        _with(
            lambda d: d["script"]["sections"][0].update(
                questions=[{"kind": "open", "text": "?"}] * 501
            )
        ),
        "too many questions",
    ),
    (b" " * (script_files.MAX_FILE_BYTES + 1), "too large"),
]


@pytest.mark.parametrize(("data", "says"), BAD, ids=[says for _, says in BAD])
def test_a_bad_file_is_refused_with_its_problem_named(db, data: bytes, says: str) -> None:
    before = counts(db)
    with pytest.raises(ValidationError) as err:
        script_files.parse_script_file(data)
    assert err.value.field == "file"
    assert says in err.value.message
    assert counts(db) == before


@pytest.mark.parametrize(
    ("mutate", "says"),
    [
        (lambda d: _question(0, 1)(d)["condition"].update(value="maybe"), "not a possible answer"),
        (lambda d: _question(1, 0)(d).update(text="   "), "cannot be empty"),
        (lambda d: d["script"]["sections"][1].update(title="a\nb"), "one line"),
    ],
)
def test_a_file_that_fails_the_script_rules_imports_nothing(db, mutate, says) -> None:
    """The file is well formed but the script breaks a rule: refused in the transaction,
    after some of it was already built, and nothing stays."""
    spec = script_files.parse_script_file(_with(mutate))
    before = counts(db)
    with pytest.raises(ValidationError) as err, db.session() as s:
        script_files.import_script(s, spec)
    assert says in err.value.message
    assert counts(db) == before


def test_an_unreadable_or_missing_file_is_refused(db, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as err:
        script_files.read_script_file(tmp_path / "nowhere.json")
    assert "Could not read" in err.value.message
    with db.session() as s:
        script_id = s.scalar(select(Script.id).limit(1))
        with pytest.raises(ValidationError) as err:
            script_files.write_script_file(s, script_id, tmp_path / "no" / "such" / "x.json")
    assert "Could not write" in err.value.message
    assert not list(tmp_path.rglob("*.part"))
