"""Interview scripts: create them from a plain description, version them, read them back.

A script is described as plain data (what the shipped scripts in ``resources/scripts`` and a
script file hold; docs/scripts-format.md documents it)::

    {"name": "...", "purpose": "...", "sections": [
        {"title": "...", "guidance": "...", "questions": [
            {"key": "depends", "kind": "yes_no", "text": "...", "guidance": "..."},
            {"kind": "open", "text": "...", "condition": {"on": "depends", "value": "yes"}}
        ]}
    ]}

A version that an interview has used is never edited: :func:`save_script` then makes the next
version (:func:`revise_script`), and interviews keep the one they were held with. A version no
interview used yet is edited in place, so that a script being drafted does not pile up versions.

Creating, copying and saving a script are named commands (:mod:`relman.workflows.commands`):
a creation or a copy is undone by taking it back (:func:`take_back_script`, refused once an
interview uses it); a save by :func:`restore_script`, based on
the version the save left, and a restore by saving again what it replaced.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from relman.errors import ConflictError, RuleError, ValidationError
from relman.models import Interview, Question, QuestionKind, Script, ScriptSection, ScriptVersion
from relman.paths import resources_dir
from relman.storage.db_errors import name_taken_error
from relman.storage.snapshot import Key
from relman.workflows import history
from relman.workflows.commands import Command, command, new_version, undo_by
from relman.workflows.common import clean_name, clean_text, get, get_to_edit, name_taken, now
from relman.workflows.inverses import removed

CONDITION = re.compile(r"^\s*(<=|>=|<|>|=|!=)?\s*(.+?)\s*$")


Links = list[tuple[Question, Question]]  # (conditional question, the question it depends on)


def _build_sections(version: ScriptVersion, sections: list[dict[str, Any]]) -> Links:
    links: Links = []
    if not sections:
        raise ValidationError("sections", "A script needs at least one section with a question.")
    keys: dict[str, Question] = {}
    for s_pos, spec in enumerate(sections, start=1):
        section = ScriptSection(
            position=s_pos,
            title=clean_name(
                "title", spec.get("title", ""), f"Section {s_pos}'s title", ScriptSection.title
            ),
            guidance=clean_text("guidance", spec.get("guidance", ""), "Guidance"),
        )
        version.sections.append(section)
        questions = spec.get("questions") or []
        if not questions:
            raise ValidationError("questions", f"Section “{section.title}” has no questions.")
        for q_pos, q in enumerate(questions, start=1):
            where = f"question {q_pos} of “{section.title}”"
            try:
                kind = QuestionKind(q.get("kind", "open"))
            except ValueError:
                kinds = ", ".join(k.value for k in QuestionKind)
                raise ValidationError(
                    "kind", f"The kind of {where} must be one of {kinds}."
                ) from None
            choices = [
                clean_name("choices", c, f"A choice of {where}", required=False)
                for c in q.get("choices", [])
            ]
            choices = [c for c in choices if c]
            if kind is QuestionKind.CHOICE and len(choices) < 2:
                raise ValidationError(
                    "choices", f"{where[0].upper()}{where[1:]} needs at least two choices."
                )
            question = Question(
                position=q_pos,
                kind=kind,
                text=clean_text("text", q.get("text", ""), f"The text of {where}", required=True),
                guidance=clean_text("guidance", q.get("guidance", ""), "Guidance"),
                choices=choices,
            )
            cond = q.get("condition")
            if cond:
                target = keys.get(str(cond.get("on", "")))
                if target is None:
                    raise ValidationError(
                        "condition", f"The condition of {where} must name an earlier question."
                    )
                question.condition_value = clean_name(
                    "condition",
                    cond.get("value", ""),
                    f"The condition of {where}",
                    Question.condition_value,
                    required=False,
                )
                check_condition(question.condition_value, target, where)
                links.append((question, target))
            section.questions.append(question)
            if q.get("key"):
                keys[str(q["key"])] = question
    return links


def _link_conditions(session: Session, links: Links) -> None:
    session.flush()  # the questions get their ids
    for question, target in links:
        question.condition_question_id = target.id


def check_condition(condition: str, target: Question, where: str) -> None:
    """Refuse a condition that no answer to ``target`` could ever meet."""
    match = CONDITION.match(condition) if condition else None
    if match is None:
        raise ValidationError("condition", f"The condition of {where} needs a value.")
    op, expected = match.group(1) or "=", match.group(2)
    if op in ("<", "<=", ">", ">="):
        if target.kind is not QuestionKind.RATING:
            raise ValidationError(
                "condition", f"The condition of {where} compares numbers: it needs a rating."
            )
        try:
            float(expected)
        except ValueError:
            raise ValidationError(
                "condition", f"The condition of {where} needs a number."
            ) from None
        return
    possible = {
        QuestionKind.YES_NO: ["yes", "no"],
        QuestionKind.RATING: ["1", "2", "3", "4", "5"],
        QuestionKind.CHOICE: target.choices,
    }.get(target.kind)
    if possible is not None and expected.casefold() not in {p.casefold() for p in possible}:
        raise ValidationError(
            "condition",
            f"The condition of {where} waits for “{expected}”, which is not a possible answer "
            f"({', '.join(possible)}).",
        )


def _script_name(session: Session, value: object, exclude: uuid.UUID | None = None) -> str:
    name = clean_name("name", value, "The script's name", Script.name)
    if name_taken(session, Script.name, name, exclude):
        raise name_taken_error("uq_scripts_name", name)
    return name


@command
def create_script(session: Session, spec: dict[str, Any]) -> Script:
    """A new script with its first version, as ``spec`` describes it (see the module's doc).
    Undone by :func:`take_back_script`."""
    script = Script(
        name=_script_name(session, spec.get("name", "")),
        purpose=clean_text("purpose", spec.get("purpose", ""), "Purpose"),
    )
    version = ScriptVersion(number=1, change_note="First version")
    script.versions.append(version)
    links = _build_sections(version, spec.get("sections") or [])
    session.add(script)
    _link_conditions(session, links)
    session.flush()
    known = history.rows_of(session, "scripts", script.id)
    undo_by(session, "take_back_script", script_id=script.id, known=known)
    return script


@command(subject="script_id")
def take_back_script(session: Session, script_id: uuid.UUID, known: frozenset[Key]) -> None:
    """Undo a script's creation (or copy, or import): remove it with its versions, refused
    once an interview was given one of them, or anyone has changed it since (``known``)."""
    script = get(session, Script, script_id, "script")
    used = session.scalar(
        select(func.count())
        .select_from(Interview)
        .join(ScriptVersion, ScriptVersion.id == Interview.script_version_id)
        .where(ScriptVersion.script_id == script.id)
    )
    if used:
        raise ConflictError(
            f"“{script.name}” has been given to {used} interview(s) since it was made, and "
            "they keep it; nothing was undone."
        )
    snapshot = history.remove(session, "scripts", script.id, known=known, done="undone")
    removed(
        session, snapshot, Command("take_back_script", {"script_id": script_id, "known": known})
    )


def revise_script(
    session: Session, script_id: uuid.UUID, sections: list[dict[str, Any]], change_note: str
) -> ScriptVersion:
    """Make the next version of a script with these sections."""
    script = get(session, Script, script_id, "script")
    number = (
        session.scalar(
            select(func.max(ScriptVersion.number)).where(ScriptVersion.script_id == script.id)
        )
        or 0
    )
    version = ScriptVersion(
        script_id=script.id,
        number=number + 1,
        change_note=clean_text("change_note", change_note, "What changed", required=True),
    )
    session.add(version)
    _link_conditions(session, _build_sections(version, sections))
    return version


def delete_version(session: Session, version_id: uuid.UUID) -> None:
    version = get(session, ScriptVersion, version_id, "script version")
    used = used_by(session, version.id)
    if used:
        raise RuleError(
            f"Version {version.number} was used in {used} interviews and is kept with them."
        )
    session.delete(version)


def used_by(session: Session, version_id: uuid.UUID) -> int:
    """How many interviews (planned, held or cancelled) were given this version."""
    return (
        session.scalar(select(func.count()).where(Interview.script_version_id == version_id)) or 0
    )


@command(subject="script_id")
def save_script(
    session: Session,
    script_id: uuid.UUID,
    spec: dict[str, Any],
    *,
    expected_version: int | None,
    change_note: str = "",
) -> Script:
    """Save the editor's description of a script (name, purpose, sections).

    When an interview already uses the latest version, the sections become a new version
    and ``change_note`` (what changed) is required; otherwise the latest version is
    rewritten in place. Returns the script, flushed, so its ``version`` is the new one.
    Undone by :func:`restore_script` with the description it replaced."""
    script = get_to_edit(session, Script, script_id, "script", expected_version)
    before = script_spec(session, script.id)
    last_number = latest_version(session, script.id).number
    script.name = _script_name(session, spec.get("name", ""), exclude=script.id)
    script.purpose = clean_text("purpose", spec.get("purpose", ""), "Purpose")
    script.updated_at = now()  # the sections are part of the script: its version moves on
    latest = latest_version(session, script.id)
    used = used_by(session, latest.id)
    if used:
        if not str(change_note or "").strip():
            raise ValidationError(
                "change_note",
                f"Version {latest.number} was used in {used} interview(s), so saving makes "
                f"version {latest.number + 1}: say what changed.",
            )
        revise_script(session, script.id, spec.get("sections") or [], change_note)
    else:
        version = load_version(session, latest.id)
        if str(change_note or "").strip():
            version.change_note = clean_text("change_note", change_note, "What changed")
        version.sections.clear()
        session.flush()  # the old sections go before the new ones take their places
        _link_conditions(session, _build_sections(version, spec.get("sections") or []))
    undo_by(
        session,
        "restore_script",
        script_id=script.id,
        spec=before,
        last_number=last_number,
        expected_version=new_version(session, script),
    )
    return script


@command(subject="script_id")
def restore_script(
    session: Session,
    script_id: uuid.UUID,
    spec: dict[str, Any],
    *,
    last_number: int,
    expected_version: int | None,
) -> Script:
    """Put a script back as it was when version ``last_number`` was its latest (the undo of
    a save): versions made since are removed while no interview uses them; otherwise the
    earlier description is saved again, based on the same ``expected_version``. Undone by
    saving again what it replaced."""
    script = get_to_edit(session, Script, script_id, "script", expected_version)
    later = list(
        session.scalars(
            select(ScriptVersion).where(
                ScriptVersion.script_id == script_id, ScriptVersion.number > last_number
            )
        )
    )
    if later and not any(used_by(session, v.id) for v in later):
        replaced = script_spec(session, script.id)
        note = max(later, key=lambda v: v.number).change_note
        for version in later:
            session.delete(version)
        script.name = _script_name(session, spec.get("name", ""), exclude=script.id)
        script.purpose = clean_text("purpose", spec.get("purpose", ""), "Purpose")
        script.updated_at = now()
        undo_by(
            session,
            "save_script",
            script_id=script.id,
            spec=replaced,
            expected_version=new_version(session, script),
            change_note=note,
        )
        return script
    # saved again as a save would be (whose undo is a restore like this one)
    return save_script(
        session,
        script_id,
        spec,
        expected_version=expected_version,
        change_note="Put back as it was",
    )


def script_spec(
    session: Session, script_id: uuid.UUID, version_id: uuid.UUID | None = None
) -> dict[str, Any]:
    """A version (the latest by default) as the plain description :func:`create_script`
    takes: what the editor edits and a script file holds. Every question gets a key
    (``q1``, ``q2``, ...) so that conditions can name the question they wait for."""
    script = get(session, Script, script_id, "script")
    version = load_version(session, version_id or latest_version(session, script.id).id)
    if version.script_id != script.id:
        raise RuleError("That version belongs to another script.")
    keys: dict[uuid.UUID, str] = {}
    sections = []
    for section in version.sections:
        questions = []
        for question in section.questions:
            keys[question.id] = f"q{len(keys) + 1}"
            item: dict[str, Any] = {
                "key": keys[question.id],
                "kind": question.kind.value,
                "text": question.text,
                "guidance": question.guidance,
            }
            if question.kind is QuestionKind.CHOICE:
                item["choices"] = list(question.choices)
            if question.condition_question_id in keys:
                item["condition"] = {
                    "on": keys[question.condition_question_id],
                    "value": question.condition_value,
                }
            questions.append(item)
        sections.append(
            {"title": section.title, "guidance": section.guidance, "questions": questions}
        )
    return {"name": script.name, "purpose": script.purpose, "sections": sections}


def free_name(session: Session, name: str) -> str:
    """``name`` if no script has it yet, else the first free “name (2)”, “name (3)”, ..."""
    name = name.strip()
    if not name_taken(session, Script.name, name):
        return name
    base = re.sub(r"\s*\(\d+\)$", "", name)
    limit = Script.name.type.length
    n = 2
    while True:
        suffix = f" ({n})"
        candidate = base[: limit - len(suffix)].rstrip() + suffix
        if not name_taken(session, Script.name, candidate):
            return candidate
        n += 1


@command
def duplicate_script(session: Session, script_id: uuid.UUID) -> Script:
    """A new script with the latest version's sections, under a free name."""
    spec = script_spec(session, script_id)
    spec["name"] = free_name(session, spec["name"])
    return create_script(session, spec)


def latest_version(session: Session, script_id: uuid.UUID) -> ScriptVersion:
    version = session.scalar(
        select(ScriptVersion)
        .where(ScriptVersion.script_id == script_id)
        .order_by(ScriptVersion.number.desc())
        .limit(1)
    )
    if version is None:
        raise RuleError("This script has no version yet.")
    return version


def load_version(session: Session, version_id: uuid.UUID) -> ScriptVersion:
    """A version with its sections and questions loaded, ready to walk."""
    version = session.scalar(
        select(ScriptVersion)
        .where(ScriptVersion.id == version_id)
        .options(selectinload(ScriptVersion.sections).selectinload(ScriptSection.questions))
    )
    if version is None:
        raise RuleError("That script version no longer exists.")
    return version


def condition_met(condition: str, answer: str | None) -> bool:
    """Whether ``answer`` satisfies ``condition`` ("yes", "<=2", "!=no", ...)."""
    if answer is None or answer == "":
        return False
    match = CONDITION.match(condition)
    if not match:
        return False
    op, expected = match.group(1) or "=", match.group(2)
    if op in ("<", "<=", ">", ">="):
        try:
            left, right = float(answer), float(expected)
        except ValueError:
            return False
        return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[op]
    same = answer.strip().casefold() == expected.casefold()
    return same if op == "=" else not same


def sample_scripts() -> list[dict[str, Any]]:
    """The interview scripts shipped with relman (``resources/scripts/*.json``), in order."""
    folder = resources_dir() / "scripts"
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))]


def add_shipped_scripts(session: Session) -> dict[str, uuid.UUID]:
    """Create the shipped scripts this database does not have yet (by name); return the id
    of each by name. A new database gets them when it is made; the demo reuses them."""
    ids: dict[str, uuid.UUID] = {}
    for spec in sample_scripts():
        found = session.scalar(select(Script.id).where(Script.name == spec["name"]))
        ids[spec["name"]] = found if found is not None else create_script(session, spec).id
    return ids
