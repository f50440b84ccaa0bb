"""Contacts and their key-customer assessments."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from relman.errors import RuleError, ValidationError
from relman.models import (
    Assessment,
    AssessmentCriterion,
    BusinessUnit,
    Contact,
    KeyCriterion,
    Staff,
    Verdict,
    key_verdict,
    unit_rms,
)
from relman.workflows.common import (
    author,
    clean_date,
    clean_email,
    clean_name,
    clean_text,
    get,
    get_to_edit,
)
from relman.workflows.key_customers import CriterionRow, criteria_in_use


def _name(value: object) -> str:
    return clean_name("name", value, "The contact's name", Contact.name)


def _title(value: object) -> str:
    return clean_name("title", value, "The job title", Contact.title, required=False)


def _phone(value: object) -> str:
    text = clean_name("phone", value, "The phone number", Contact.phone, required=False)
    if text and not re.fullmatch(r"[0-9+()./\- x]{3,40}", text):
        raise ValidationError("phone", "A phone number may hold digits, spaces and + ( ) - . / x.")
    return text


def create_contact(
    session: Session,
    name: str,
    *,
    unit_id: uuid.UUID | None = None,
    title: str = "",
    email: str = "",
    phone: str = "",
    manager_id: uuid.UUID | None = None,
    notes: str = "",
) -> Contact:
    contact = Contact(
        name=_name(name),
        title=_title(title),
        email=clean_email("email", email),
        phone=_phone(phone),
        notes=clean_text("notes", notes, "Notes"),
    )
    if unit_id is not None:
        contact.unit_id = get(session, BusinessUnit, unit_id, "business unit").id
    if manager_id is not None:
        contact.manager_id = get(session, Contact, manager_id, "manager").id
    session.add(contact)
    session.flush()
    return contact


def _refuse_manager_cycle(session: Session, contact: Contact, manager: Contact) -> None:
    cursor: Contact | None = manager
    seen: set[uuid.UUID] = set()
    while cursor is not None and cursor.id not in seen:
        if cursor.id == contact.id:
            raise RuleError(
                f"{manager.name} already reports to {contact.name}, directly or not; "
                "a contact cannot manage their own manager."
            )
        seen.add(cursor.id)
        cursor = session.get(Contact, cursor.manager_id) if cursor.manager_id else None


def update_contact(
    session: Session, contact_id: uuid.UUID, *, expected_version: int | None, **changes: object
) -> Contact:
    """Change the given fields of a contact: name, title, email, phone, notes, unit_id,
    manager_id; ``expected_version`` is the version the form was read at (see
    :func:`relman.workflows.common.get_to_edit`)."""
    contact = get_to_edit(session, Contact, contact_id, "contact", expected_version)
    for field, value in changes.items():
        if field == "name":
            contact.name = _name(value)
        elif field == "title":
            contact.title = _title(value)
        elif field == "email":
            contact.email = clean_email("email", value)
        elif field == "phone":
            contact.phone = _phone(value)
        elif field == "notes":
            contact.notes = clean_text("notes", value, "Notes")
        elif field == "unit_id":
            contact.unit_id = (
                None if value is None else get(session, BusinessUnit, value, "unit").id
            )  # type: ignore[arg-type]
        elif field == "manager_id":
            if value is not None:
                _refuse_manager_cycle(session, contact, get(session, Contact, value, "manager"))  # type: ignore[arg-type]
            contact.manager_id = value  # type: ignore[assignment]
        else:
            raise ValidationError(field, f"A contact has no field '{field}'.")
    session.flush()
    return contact


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
    from it (:func:`relman.models.contacts.is_key`). Earlier assessments are kept."""
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


# -- what the contact pages show ------------------------------------------------------------


@dataclass(frozen=True)
class ContactRow:
    id: uuid.UUID
    name: str
    title: str
    unit: str
    email: str
    phone: str
    is_key: bool
    version: int = 0  # as read: archiving this row is refused if someone saved it since
    archived: bool = False


def contact_rows(
    session: Session, *, rm_id: uuid.UUID | None = None, include_archived: bool = False
) -> list[ContactRow]:
    """Every contact (only those in ``rm_id``'s units when given), by name; archived
    contacts only when ``include_archived``."""

    query = (
        select(
            Contact.id,
            Contact.name,
            Contact.title,
            BusinessUnit.name,
            Contact.email,
            Contact.phone,
            Contact.is_key,
            Contact.version,
            Contact.archived_at.is_not(None),
        )
        .outerjoin(BusinessUnit, BusinessUnit.id == Contact.unit_id)
        .order_by(Contact.name)
    )
    if rm_id is not None:
        query = query.where(
            Contact.unit_id.in_(select(unit_rms.c.unit_id).where(unit_rms.c.staff_id == rm_id))
        )
    if not include_archived:
        query = query.where(Contact.archived_at.is_(None))
    return [
        ContactRow(i, n, t, u or "", e, p, k, v, bool(a))
        for i, n, t, u, e, p, k, v, a in session.execute(query)
    ]


def archive_contact(
    session: Session, contact_id: uuid.UUID, *, expected_version: int | None
) -> Contact:
    """Archive a contact (they left the company): they leave the lists; their assessments,
    expectations, interviews and meetings keep naming them. Contacts are never deleted."""
    from relman.workflows.common import set_archived

    return set_archived(
        session, Contact, contact_id, "contact", archived=True, expected_version=expected_version
    )


def unarchive_contact(
    session: Session, contact_id: uuid.UUID, *, expected_version: int | None
) -> Contact:
    from relman.workflows.common import set_archived

    return set_archived(
        session, Contact, contact_id, "contact", archived=False, expected_version=expected_version
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


@dataclass(frozen=True)
class ContactDetail:
    id: uuid.UUID
    version: int
    name: str
    title: str
    unit_id: uuid.UUID | None
    unit: str
    email: str
    phone: str
    manager_id: uuid.UUID | None
    manager: str
    notes: str
    is_key: bool
    reason: str
    assessments: list[AssessmentRow]  # latest first


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


def contact_detail(session: Session, contact_id: uuid.UUID) -> ContactDetail:
    contact = get(session, Contact, contact_id, "contact")
    unit = session.get(BusinessUnit, contact.unit_id) if contact.unit_id else None
    manager = session.get(Contact, contact.manager_id) if contact.manager_id else None
    rows = assessment_rows(session, contact.id)
    return ContactDetail(
        id=contact.id,
        version=contact.version,
        name=contact.name,
        title=contact.title,
        unit_id=contact.unit_id,
        unit=unit.name if unit else "",
        email=contact.email,
        phone=contact.phone,
        manager_id=contact.manager_id,
        manager=manager.name if manager else "",
        notes=contact.notes,
        is_key=contact.is_key,
        reason=rows[0].reason if rows else "Not assessed yet.",
        assessments=rows,
    )


def delete_assessment(session: Session, assessment_id: uuid.UUID) -> None:
    """Remove an assessment (undoing one just made); the status follows the one before."""
    assessment = get(session, Assessment, assessment_id, "assessment")
    contact_id = assessment.contact_id
    session.delete(assessment)
    session.flush()
    refresh_key_status(session, contact_id)


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
