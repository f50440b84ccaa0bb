"""Interview scripts: create them from a plain description, version them, read them back.

A script is described as plain data (what the sample scripts in ``relman/resources/scripts``
hold as JSON)::

    {"name": "...", "purpose": "...", "sections": [
        {"title": "...", "guidance": "...", "questions": [
            {"key": "depends", "kind": "yes_no", "text": "...", "guidance": "..."},
            {"kind": "open", "text": "...", "condition": {"on": "depends", "value": "yes"}}
        ]}
    ]}

A version that an interview has used is never edited: :func:`revise_script` makes the next
version, and interviews keep the one they were held with.
"""

from __future__ import annotations

import json
import re
import uuid
from importlib import resources
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from relman.errors import RuleError, ValidationError
from relman.models import Interview, Question, QuestionKind, Script, ScriptSection, ScriptVersion
from relman.workflows.common import clean_name, clean_text, get, name_taken

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


def create_script(session: Session, spec: dict[str, Any]) -> Script:
    name = clean_name("name", spec.get("name", ""), "The script's name", Script.name)
    if name_taken(session, Script.name, name):
        raise ValidationError("name", f"A script called “{name}” already exists.")
    script = Script(name=name, purpose=clean_text("purpose", spec.get("purpose", ""), "Purpose"))
    version = ScriptVersion(number=1, change_note="First version")
    script.versions.append(version)
    links = _build_sections(version, spec.get("sections") or [])
    session.add(script)
    _link_conditions(session, links)
    return script


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
    used = session.scalar(select(func.count()).where(Interview.script_version_id == version.id))
    if used:
        raise RuleError(
            f"Version {version.number} was used in {used} interviews and is kept with them."
        )
    session.delete(version)


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
    """The interview scripts shipped with relman."""
    folder = resources.files("relman.resources").joinpath("scripts")
    return [
        json.loads(entry.read_text(encoding="utf-8"))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".json")
    ]
