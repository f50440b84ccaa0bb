"""A script version as plain values, numbered in order: what interview mode walks question
by question and what the preparation view and sheet list.

A question whose ``condition_on`` is set is asked only when the answer to that earlier question
meets ``condition_value`` (see :func:`relman.workflows.scripts.condition_met`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from relman.workflows.scripts import condition_met, load_version


@dataclass(frozen=True)
class QuestionInfo:
    """One question of the script. ``condition_on``/``condition_value``: it is asked only
    when the answer to that earlier question meets the condition."""

    id: uuid.UUID
    number: int  # 1-based, across the whole script
    kind: str  # a QuestionKind value: open, restatement, rating, yes_no, choice
    text: str
    guidance: str
    choices: tuple[str, ...]
    condition_on: uuid.UUID | None
    condition_value: str


@dataclass(frozen=True)
class SectionInfo:
    title: str
    guidance: str
    questions: tuple[QuestionInfo, ...]


def script_outline(session: Session, version_id: uuid.UUID) -> tuple[SectionInfo, ...]:
    """A script version's sections and questions as plain values, numbered in order."""
    version = load_version(session, version_id)
    sections, number = [], 0
    for section in version.sections:
        questions = []
        for q in section.questions:
            number += 1
            questions.append(
                QuestionInfo(
                    q.id,
                    number,
                    q.kind.value,
                    q.text,
                    q.guidance,
                    tuple(q.choices or ()),
                    q.condition_question_id,
                    q.condition_value,
                )
            )
        sections.append(SectionInfo(section.title, section.guidance, tuple(questions)))
    return tuple(sections)


def questions_of(script: tuple[SectionInfo, ...]) -> list[tuple[SectionInfo, QuestionInfo]]:
    """Every question of the script in order, with its section."""
    return [(section, q) for section in script for q in section.questions]


def asked(script: tuple[SectionInfo, ...], answers: Mapping[uuid.UUID, str]) -> list[QuestionInfo]:
    """The questions put, in order, given the answers so far: a conditional question is
    asked only when the question it depends on is itself asked and its answer meets the
    condition (the same rule that hides answers in the file)."""
    shown: set[uuid.UUID] = set()
    result = []
    for _section, q in questions_of(script):
        if q.condition_on is None or (
            q.condition_on in shown
            and condition_met(q.condition_value, answers.get(q.condition_on))
        ):
            shown.add(q.id)
            result.append(q)
    return result
