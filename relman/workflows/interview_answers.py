"""What is said in an interview: the answers, question by question, and the free notes, saved
as interview mode types them (:func:`autosave_progress`, the command
``save_interview_progress``).

Changing an answer never destroys what was typed: an answer to a conditional question that is
no longer asked is *hidden* (kept in the file, left out of :func:`answers_of`) and shown again
when its condition is met again. The interview's life (schedule, start, finish, cancel) is in
:mod:`relman.workflows.interviews`, which re-exports what is here.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.errors import RuleError, ValidationError
from relman.models import (
    Answer,
    Interview,
    InterviewStatus,
    Question,
    QuestionKind,
    ScriptSection,
)
from relman.workflows import plain
from relman.workflows.commands import command
from relman.workflows.common import clean_text, get
from relman.workflows.scripts import condition_met

YES_NO = {"yes": "yes", "y": "yes", "no": "no", "n": "no"}


def _interview(session: Session, interview_id: uuid.UUID) -> Interview:
    return get(session, Interview, interview_id, "interview")


def _check_value(question: Question, value: object) -> str:
    value = clean_text("value", value, "The answer").strip()
    if question.kind is QuestionKind.RATING:
        if value not in {"1", "2", "3", "4", "5"}:
            raise ValidationError("value", "A rating is a whole number from 1 to 5.")
    elif question.kind is QuestionKind.YES_NO:
        if value.casefold() not in YES_NO:
            raise ValidationError("value", "Answer yes or no.")
        value = YES_NO[value.casefold()]
    elif question.kind is QuestionKind.CHOICE:
        chosen = [c for c in question.choices if c.casefold() == value.casefold()]
        if not chosen:
            raise ValidationError("value", "Choose one of: " + ", ".join(question.choices) + ".")
        value = chosen[0]
    return clean_text("value", value, "The answer")


def question_in_version(
    session: Session, question_id: uuid.UUID, version_id: uuid.UUID
) -> Question:
    question = session.scalar(
        select(Question)
        .join(ScriptSection, ScriptSection.id == Question.section_id)
        .where(Question.id == question_id, ScriptSection.version_id == version_id)
    )
    if question is None:
        raise ValidationError(
            "question", "That question is not in this interview's script version."
        )
    return question


def answers_of(session: Session, interview_id: uuid.UUID) -> dict[uuid.UUID, str]:
    """The answers given, by question: only those to questions still asked."""
    rows = session.execute(
        select(Answer.question_id, Answer.value).where(
            Answer.interview_id == interview_id, Answer.hidden.is_(False)
        )
    )
    return {qid: value for qid, value in rows}


def hidden_answers_of(session: Session, interview_id: uuid.UUID) -> dict[uuid.UUID, str]:
    """Answers kept for questions no longer asked (an earlier answer changed)."""
    rows = session.execute(
        select(Answer.question_id, Answer.value).where(
            Answer.interview_id == interview_id, Answer.hidden.is_(True)
        )
    )
    return {qid: value for qid, value in rows}


def answer_question(
    session: Session, interview_id: uuid.UUID, question_id: uuid.UUID, value: str
) -> Answer:
    """Record (or replace) the answer to one question of a running interview."""
    interview = _interview(session, interview_id)
    if interview.status is not InterviewStatus.IN_PROGRESS:
        raise RuleError("Start the interview before recording answers.")
    assert interview.script_version_id is not None
    question = question_in_version(session, question_id, interview.script_version_id)
    if question.condition_question_id is not None:
        given = answers_of(session, interview.id).get(question.condition_question_id)
        if not condition_met(question.condition_value, given):
            raise RuleError(
                "This question is asked only when an earlier answer calls for it "
                f"(“{question.condition_value}”); that answer does not."
            )
    value = _check_value(question, value)
    answer = session.scalar(
        select(Answer).where(Answer.interview_id == interview.id, Answer.question_id == question.id)
    )
    if answer is None:
        answer = Answer(interview_id=interview.id, question_id=question.id)
        session.add(answer)
    answer.value = value
    answer.hidden = False
    session.flush()
    _hide_unmet_answers(session, interview.id, interview.script_version_id)
    return answer


def _hide_unmet_answers(session: Session, interview_id: uuid.UUID, version_id: uuid.UUID) -> None:
    """A changed answer can make later conditional questions no longer asked, or asked again:
    their answers are hidden or shown, never deleted, so that nothing typed is lost and the
    record shows no answer to a question that was not put. A question whose condition rests
    on a hidden answer is not asked either (conditions chain)."""
    answers = {
        a.question_id: a
        for a in session.scalars(select(Answer).where(Answer.interview_id == interview_id))
    }
    conditional = {
        q.id: q
        for q in session.scalars(
            select(Question)
            .join(ScriptSection, ScriptSection.id == Question.section_id)
            .where(
                ScriptSection.version_id == version_id,
                Question.condition_question_id.is_not(None),
            )
        )
    }
    asked: dict[uuid.UUID, bool] = {}

    def is_asked(question_id: uuid.UUID, seen: frozenset[uuid.UUID] = frozenset()) -> bool:
        if question_id not in asked:
            question = conditional.get(question_id)
            if question is None:
                asked[question_id] = True
            elif question_id in seen:  # a loop of conditions: never asked
                asked[question_id] = False
            else:
                on = question.condition_question_id
                given = answers.get(on)  # type: ignore[arg-type]
                asked[question_id] = (
                    given is not None
                    and is_asked(on, seen | {question_id})  # type: ignore[arg-type]
                    and condition_met(question.condition_value, given.value)
                )
        return asked[question_id]

    for question_id, answer in answers.items():
        hidden = not is_asked(question_id)
        if answer.hidden != hidden:
            answer.hidden = hidden
    session.flush()


def save_notes(session: Session, interview_id: uuid.UUID, notes: str) -> Interview:
    """Save the free notes; called every few seconds while an interview runs."""
    interview = _interview(session, interview_id)
    if interview.status is InterviewStatus.CANCELLED:
        raise RuleError("This interview was cancelled; its notes can no longer change.")
    interview.notes = clean_text("notes", notes, "Notes")
    return interview


def save_progress(
    session: Session,
    interview_id: uuid.UUID,
    *,
    answers: Mapping[uuid.UUID, str],
    notes: str | None = None,
    current_question_id: uuid.UUID | None = None,
) -> Interview:
    """Save what interview mode holds, in one transaction: the answers typed or changed since
    the last save, the free notes, and the question on screen (so that an interview broken
    off resumes exactly there). One refused value refuses the whole save.

    An empty answer is no answer (its row goes). An answer to a conditional question whose
    condition is not met is kept hidden rather than refused: what was typed is never lost."""
    interview, _unsaved = _save(
        session, interview_id, answers, notes, current_question_id, strict=True
    )
    return interview


@plain.record
@dataclass(frozen=True)
class Unsaved:
    """What an autosave could not keep, each with the reason the user can act on: answers by
    question, and the notes ("" when they were saved or not sent)."""

    answers: dict[uuid.UUID, str] = field(default_factory=dict)
    notes: str = ""

    def __bool__(self) -> bool:
        return bool(self.answers or self.notes)


def _what_changed(args: dict[str, Any]) -> dict[str, Any]:
    """What the audit keeps of an autosave: which fields it saved, not every keystroke's text."""
    return {
        "interview_id": args.get("interview_id"),
        "answers": sorted(args.get("answers") or {}, key=str),
        "notes": args.get("notes") is not None,
        "current_question_id": args.get("current_question_id"),
    }


@command(
    name="save_interview_progress",
    never="Typing in an interview is undone in the field itself, not here.",
    brief=_what_changed,
)
def autosave_progress(
    session: Session,
    interview_id: uuid.UUID,
    *,
    answers: Mapping[uuid.UUID, str],
    notes: str | None = None,
    current_question_id: uuid.UUID | None = None,
) -> Unsaved:
    """Save what interview mode holds like :func:`save_progress`, but each field on its own
    merits: a value that is refused (too long, not an option) is left out and reported in
    the :class:`Unsaved` returned, and every other field is saved all the same. Called by
    the autosave every second or two while typing."""
    _, unsaved = _save(session, interview_id, answers, notes, current_question_id, strict=False)
    return unsaved


def _save(
    session: Session,
    interview_id: uuid.UUID,
    answers: Mapping[uuid.UUID, str],
    notes: str | None,
    current_question_id: uuid.UUID | None,
    *,
    strict: bool,
) -> tuple[Interview, Unsaved]:
    """Save the fields given; a refused one raises (``strict``) or is reported."""
    interview = _interview(session, interview_id)
    if interview.status is not InterviewStatus.IN_PROGRESS:
        raise RuleError("This interview is not in progress; its answers can no longer change.")
    assert interview.script_version_id is not None
    existing = {
        a.question_id: a
        for a in session.scalars(select(Answer).where(Answer.interview_id == interview.id))
    }
    refused: dict[uuid.UUID, str] = {}
    for question_id, raw in answers.items():
        try:
            question = question_in_version(session, question_id, interview.script_version_id)
            if not str(raw).strip():
                value = ""
            elif question.kind in (QuestionKind.OPEN, QuestionKind.RESTATEMENT):
                value = clean_text("value", raw, "The answer")  # as typed, spaces and all
            else:
                value = _check_value(question, raw)
        except ValidationError as exc:
            if strict:
                raise
            refused[question_id] = exc.message
            continue
        answer = existing.get(question.id)
        if not value:
            if answer is not None:
                session.delete(answer)
            continue
        if answer is None:
            answer = Answer(interview_id=interview.id, question_id=question.id)
            session.add(answer)
        answer.value = value
    session.flush()
    _hide_unmet_answers(session, interview.id, interview.script_version_id)
    notes_refused = ""
    if notes is not None:
        try:
            interview.notes = clean_text("notes", notes, "Notes")
        except ValidationError as exc:
            if strict:
                raise
            notes_refused = exc.message
    if current_question_id is not None:
        interview.current_question_id = question_in_version(
            session, current_question_id, interview.script_version_id
        ).id
    return interview, Unsaved(refused, notes_refused)
