"""Contacts and their key-customer assessments."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.errors import RuleError, ValidationError
from relman.models import Assessment, BusinessUnit, Contact, is_key, key_score
from relman.models.contacts import KEY_THRESHOLD, UNREASONABLE_PENALTY
from relman.workflows.common import author, clean_name, clean_text, get

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _email(value: str) -> str:
    value = value.strip()
    if value and not EMAIL.match(value):
        raise ValidationError("email", f"“{value}” is not an e-mail address (name@example.com).")
    return value


def _phone(value: str) -> str:
    value = value.strip()
    if value and not re.fullmatch(r"[0-9+()./\- x]{3,40}", value):
        raise ValidationError("phone", "A phone number may hold digits, spaces and + ( ) - . / x.")
    return value


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
        name=clean_name("name", name, "The contact's name"),
        title=title.strip(),
        email=_email(email),
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


def update_contact(session: Session, contact_id: uuid.UUID, **changes: object) -> Contact:
    contact = get(session, Contact, contact_id, "contact")
    for field, value in changes.items():
        text = "" if value is None else str(value)
        if field == "name":
            contact.name = clean_name("name", text, "The contact's name")
        elif field == "title":
            contact.title = text.strip()
        elif field == "email":
            contact.email = _email(text)
        elif field == "phone":
            contact.phone = _phone(text)
        elif field == "notes":
            contact.notes = clean_text("notes", text, "Notes")
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


def assess_contact(
    session: Session,
    contact_id: uuid.UUID,
    criteria: list[bool] | tuple[bool, ...],
    *,
    by: uuid.UUID | None,
    notes: list[str] | tuple[str, ...] = (),
    unreasonable: bool = False,
    unreasonable_note: str = "",
    on: dt.date | None = None,
) -> Assessment:
    """Record a new assessment against the seven criteria; the contact's key-customer status
    follows from it. Earlier assessments are kept."""
    if len(criteria) != 7:
        raise ValidationError("criteria", "An assessment answers all seven criteria.")
    notes = list(notes) + [""] * (7 - len(notes))
    if len(notes) != 7:
        raise ValidationError("notes", "An assessment has one note per criterion, seven at most.")
    if unreasonable and not unreasonable_note.strip():
        raise ValidationError(
            "unreasonable_note", "Say what was unreasonable about the demands, for the record."
        )
    contact = get(session, Contact, contact_id, "contact")
    assessor = author(session, by)
    assessment = Assessment(
        contact_id=contact.id,
        assessor_id=assessor.id,
        assessed_on=on or dt.date.today(),
        unreasonable=unreasonable,
        unreasonable_note=clean_text("unreasonable_note", unreasonable_note, "The note"),
        is_key=is_key(criteria, unreasonable),
    )
    for i, (met, note) in enumerate(zip(criteria, notes, strict=True), start=1):
        setattr(assessment, f"c{i}", bool(met))
        setattr(assessment, f"note{i}", clean_text(f"note{i}", note, f"Note {i}"))
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


def contact_rows(session: Session, *, rm_id: uuid.UUID | None = None) -> list[ContactRow]:
    """Every contact (only those in ``rm_id``'s units when given), by name."""
    from relman.models import unit_rms

    query = (
        select(
            Contact.id,
            Contact.name,
            Contact.title,
            BusinessUnit.name,
            Contact.email,
            Contact.phone,
            Contact.is_key,
        )
        .outerjoin(BusinessUnit, BusinessUnit.id == Contact.unit_id)
        .order_by(Contact.name)
    )
    if rm_id is not None:
        query = query.where(
            Contact.unit_id.in_(select(unit_rms.c.unit_id).where(unit_rms.c.staff_id == rm_id))
        )
    return [ContactRow(i, n, t, u or "", e, p, k) for i, n, t, u, e, p, k in session.execute(query)]


@dataclass(frozen=True)
class AssessmentRow:
    id: uuid.UUID
    assessed_on: dt.date
    assessor: str
    criteria: tuple[bool, ...]
    notes: tuple[str, ...]
    unreasonable: bool
    unreasonable_note: str
    is_key: bool
    reason: str


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


def key_reason(criteria: tuple[bool, ...] | list[bool], unreasonable: bool) -> str:
    """Why the rule of :mod:`relman.models.contacts` gives this status, in words."""
    met = sum(bool(c) for c in criteria)
    score = key_score(criteria, unreasonable)
    verdict = "Key customer" if score >= KEY_THRESHOLD else "Not a key customer"
    detail = f"meets {met} of 7 criteria"
    if unreasonable:
        detail += f", less {UNREASONABLE_PENALTY} for unreasonable demands: {score}"
    return f"{verdict}: {detail} ({KEY_THRESHOLD} needed)."


def contact_detail(session: Session, contact_id: uuid.UUID) -> ContactDetail:
    from relman.models import Staff

    contact = get(session, Contact, contact_id, "contact")
    unit = session.get(BusinessUnit, contact.unit_id) if contact.unit_id else None
    manager = session.get(Contact, contact.manager_id) if contact.manager_id else None
    names = dict(session.execute(select(Staff.id, Staff.name)).all())
    rows = [
        AssessmentRow(
            a.id,
            a.assessed_on,
            names.get(a.assessor_id, ""),
            a.criteria,
            a.notes,
            a.unreasonable,
            a.unreasonable_note,
            a.is_key,
            key_reason(a.criteria, a.unreasonable),
        )
        for a in assessments_of(session, contact.id)
    ]
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
    """Derive the key-customer status again from the latest assessment."""
    contact = get(session, Contact, contact_id, "contact")
    latest = latest_assessment(session, contact.id)
    contact.is_key = bool(latest and latest.is_key)
    return contact
