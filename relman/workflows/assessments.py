"""Key-customer assessments of a contact: the criteria answered, the verdict and why, the
unreasonable-demands flag and the RM's override; the contact's key status follows the
latest assessment."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from relman.errors import ValidationError
from relman.models import (
    Assessment,
    AssessmentCriterion,
    Contact,
    KeyCriterion,
    Staff,
    Verdict,
    key_verdict,
)
from relman.storage.snapshot import Key, Snapshot
from relman.workflows import history
from relman.workflows.commands import command, undo_by
from relman.workflows.common import (
    author,
    clean_date,
    clean_text,
    get,
)
from relman.workflows.key_customers import CriterionRow, criteria_in_use

# -- assessing a contact -------------------------------------------------------------------

_NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _count(n: int) -> str:
    return _NUMBERS[n - 1] if 1 <= n <= len(_NUMBERS) else str(n)


def _answers(
    in_use: list[KeyCriterion],
    met: Sequence[bool] | Mapping[uuid.UUID, bool],
    notes: Sequence[str] | Mapping[uuid.UUID, str],
) -> list[tuple[KeyCriterion, bool, str]]:
    """The answer to each criterion in use: ``met`` and ``notes`` either follow the order
    of the criteria or map criterion ids."""
    n = len(in_use)
    ids = [c.id for c in in_use]
    if isinstance(met, Mapping):
        unknown = [k for k in met if k not in ids]
        if unknown:
            raise ValidationError(
                "criteria", "One of the criteria answered is retired or unknown; reload them."
            )
        missing = [c.name for c in in_use if c.id not in met]
        if missing:
            raise ValidationError(
                "criteria", f"Answer every criterion in use: “{missing[0]}” is not answered."
            )
        flags = [bool(met[i]) for i in ids]
    else:
        if len(met) != n:
            raise ValidationError(
                "criteria",
                f"An assessment answers all {_count(n)} criteria in use, not {len(met)}.",
            )
        flags = [bool(m) for m in met]
    if isinstance(notes, Mapping):
        if any(k not in ids for k in notes):
            raise ValidationError(
                "notes", "A note is for a criterion that is retired or unknown; reload them."
            )
        texts = [notes.get(i, "") for i in ids]
    else:
        if len(notes) > n:
            raise ValidationError(
                "notes", f"An assessment has one note per criterion, {_count(n)} at most."
            )
        texts = [*notes, *[""] * (n - len(notes))]
    return [
        (c, flag, clean_text(f"note{i}", text, f"The note on “{c.name}”"))
        for i, (c, flag, text) in enumerate(zip(in_use, flags, texts, strict=True), start=1)
    ]


def verdict(
    criteria_in_use: Sequence[CriterionRow],
    met: Sequence[bool],
    *,
    unreasonable: bool = False,
    override: bool = False,
    override_note: str = "",
) -> Verdict:
    """The verdict an assessment would give, and why (for the editor, as the RM ticks)."""
    return key_verdict(
        [(c.name, bool(m)) for c, m in zip(criteria_in_use, met, strict=False)],
        unreasonable=unreasonable,
        override=override,
        override_note=override_note,
        exclusive=[c.name for c in criteria_in_use if c.excludes_unreasonable],
    )


@command
def assess_contact(
    session: Session,
    contact_id: uuid.UUID,
    criteria: Sequence[bool] | Mapping[uuid.UUID, bool],
    *,
    by: uuid.UUID | None,
    notes: Sequence[str] | Mapping[uuid.UUID, str] = (),
    unreasonable: bool = False,
    unreasonable_note: str = "",
    override: bool = False,
    override_note: str = "",
    on: dt.date | None = None,
) -> Assessment:
    """Record a new assessment against the criteria in use (``criteria``: met or not, in
    their order or by id; ``notes`` likewise); the contact's key-customer status follows
    from it (:func:`relman.models.contacts.is_key`). Earlier assessments are kept.
    Undone by :func:`delete_assessment`, told what the assessment made."""
    in_use = criteria_in_use(session)
    answers = _answers(in_use, criteria, notes)
    unreasonable, override = bool(unreasonable), bool(override)
    unreasonable_note = clean_text("unreasonable_note", unreasonable_note, "The note")
    override_note = clean_text("override_note", override_note, "The reason")
    if unreasonable and not unreasonable_note.strip():
        raise ValidationError(
            "unreasonable_note", "Say what was unreasonable about the demands, for the record."
        )
    found = key_verdict(
        [(c.name, met) for c, met, _note in answers],
        unreasonable=unreasonable,
        override=override,
        override_note=override_note,
        exclusive=[c.name for c in in_use if c.excludes_unreasonable],
    )
    if found.problem:
        raise ValidationError("unreasonable", found.problem)
    if override:
        if not unreasonable:
            raise ValidationError(
                "override",
                "An override keeps a contact with unreasonable demands key; without "
                "unreasonable demands there is nothing to override. Untick it.",
            )
        if not found.carried_by:
            raise ValidationError(
                "override",
                "An override needs at least one criterion they meet: a contact who meets "
                "none is not a key customer, whatever their demands.",
            )
        if not override_note.strip():
            raise ValidationError(
                "override_note",
                "Say why they stay a key customer despite their demands, for the record.",
            )
    contact = get(session, Contact, contact_id, "contact")
    assessor = author(session, by)
    assessment = Assessment(
        contact_id=contact.id,
        assessor_id=assessor.id,
        assessed_on=dt.date.today() if on is None else clean_date("on", on, "The date"),
        unreasonable=unreasonable,
        unreasonable_note=unreasonable_note,
        override=override,
        override_note=override_note,
        is_key=found.is_key,
    )
    assessment.answers = [
        AssessmentCriterion(criterion_id=c.id, met=met, note=note) for c, met, note in answers
    ]
    session.add(assessment)
    session.flush()
    refresh_key_status(session, contact.id)
    known = history.rows_of(session, "assessments", assessment.id)
    undo_by(session, "delete_assessment", assessment_id=assessment.id, known=known)
    return assessment


def latest_assessment(session: Session, contact_id: uuid.UUID) -> Assessment | None:
    return session.scalar(
        select(Assessment)
        .where(Assessment.contact_id == contact_id)
        .order_by(Assessment.assessed_on.desc(), Assessment.created_at.desc())
        .limit(1)
    )


def assessments_of(session: Session, contact_id: uuid.UUID) -> list[Assessment]:
    return list(
        session.scalars(
            select(Assessment)
            .where(Assessment.contact_id == contact_id)
            .order_by(Assessment.assessed_on.desc(), Assessment.created_at.desc())
        )
    )


@dataclass(frozen=True)
class AnswerRow:
    criterion_id: uuid.UUID
    name: str
    question: str
    met: bool
    note: str
    retired: bool  # the criterion is no longer asked


@dataclass(frozen=True)
class AssessmentRow:
    id: uuid.UUID
    assessed_on: dt.date
    assessor: str
    answers: tuple[AnswerRow, ...]
    unreasonable: bool
    unreasonable_note: str
    override: bool
    override_note: str
    is_key: bool
    reason: str

    @property
    def criteria(self) -> tuple[bool, ...]:
        return tuple(a.met for a in self.answers)

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(a.note for a in self.answers)


def _answer_rows(
    session: Session, assessment_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[AnswerRow]]:
    rows: dict[uuid.UUID, list[AnswerRow]] = {i: [] for i in assessment_ids}
    if not assessment_ids:
        return rows
    query = (
        select(
            AssessmentCriterion.assessment_id,
            KeyCriterion.id,
            KeyCriterion.name,
            KeyCriterion.question,
            AssessmentCriterion.met,
            AssessmentCriterion.note,
            KeyCriterion.archived_at,
            KeyCriterion.excludes_unreasonable,
        )
        .join(KeyCriterion, KeyCriterion.id == AssessmentCriterion.criterion_id)
        .where(AssessmentCriterion.assessment_id.in_(assessment_ids))
        .order_by(KeyCriterion.position, KeyCriterion.name)
    )
    for assessment_id, cid, name, question, met, note, archived, _ex in session.execute(query):
        rows[assessment_id].append(AnswerRow(cid, name, question, met, note, archived is not None))
    return rows


def assessment_rows(session: Session, contact_id: uuid.UUID) -> list[AssessmentRow]:
    """A contact's assessments, latest first, each with its answers and the verdict's
    reasons in words."""
    found = assessments_of(session, contact_id)
    names = dict(session.execute(select(Staff.id, Staff.name)).all())
    answers = _answer_rows(session, [a.id for a in found])
    exclusive = set(
        session.scalars(select(KeyCriterion.name).where(KeyCriterion.excludes_unreasonable))
    )
    rows = []
    for a in found:
        mine = answers[a.id]
        why = key_verdict(
            [(r.name, r.met) for r in mine],
            unreasonable=a.unreasonable,
            override=a.override,
            override_note=a.override_note,
            exclusive=[r.name for r in mine if r.name in exclusive],
        )
        rows.append(
            AssessmentRow(
                a.id,
                a.assessed_on,
                names.get(a.assessor_id, ""),
                tuple(mine),
                a.unreasonable,
                a.unreasonable_note,
                a.override,
                a.override_note,
                a.is_key,
                why.text,
            )
        )
    return rows


@command
def delete_assessment(
    session: Session, assessment_id: uuid.UUID, known: frozenset[Key] | None = None
) -> None:
    """Take an assessment back (the undo of :func:`assess_contact`); the contact's status
    follows the assessment before it. With ``known`` (what the assessment made), anything
    someone else has added to it since makes it refuse. Undone by
    :func:`put_back_assessment`."""
    contact_id = get(session, Assessment, assessment_id, "assessment").contact_id
    snapshot = history.remove(session, "assessments", assessment_id, known=known, done="undone")
    refresh_key_status(session, contact_id)
    undo_by(session, "put_back_assessment", snapshot=snapshot)


@command(subject="assessment_id")
def put_back_assessment(session: Session, snapshot: Snapshot) -> None:
    """Put back an assessment :func:`delete_assessment` took, same id and answers; the
    contact's status follows it again if it is their latest."""
    history.put_back(session, snapshot)
    _table, row = snapshot.rows[0]
    refresh_key_status(session, row["contact_id"])
    undo_by(session, "delete_assessment", assessment_id=row["id"], known=snapshot.keys())


def refresh_key_status(session: Session, contact_id: uuid.UUID) -> Contact:
    """Derive the key-customer status again from the latest assessment.

    The status is a cache of the assessments, not an edit of the contact: it is written
    without moving the contact's version, so that an assessment (or its undo) neither
    refuses someone's open edit form as a conflict nor the undo of an edit made before it.
    """
    contact = get(session, Contact, contact_id, "contact")
    latest = latest_assessment(session, contact.id)
    status = bool(latest and latest.is_key)
    if contact.is_key != status:
        session.execute(update(Contact).where(Contact.id == contact.id).values(is_key=status))
        session.info.setdefault("changes", set()).add((Contact.__tablename__, contact.id))
    return contact
