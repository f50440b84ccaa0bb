"""Contacts: who they are, in which unit, reporting to whom; the contact pages' rows and
detail. Their key-customer assessments are in :mod:`relman.workflows.assessments`."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.errors import RuleError, ValidationError
from relman.models import (
    BusinessUnit,
    Contact,
    unit_rms,
)
from relman.workflows.assessments import AssessmentRow, assessment_rows
from relman.workflows.common import (
    clean_email,
    clean_name,
    clean_text,
    get,
    get_to_edit,
)
from relman.workflows.inverses import creates, toggles, updates


def _name(value: object) -> str:
    return clean_name("name", value, "The contact's name", Contact.name)


def _title(value: object) -> str:
    return clean_name("title", value, "The job title", Contact.title, required=False)


def _phone(value: object) -> str:
    text = clean_name("phone", value, "The phone number", Contact.phone, required=False)
    if text and not re.fullmatch(r"[0-9+()./\- x]{3,40}", text):
        raise ValidationError("phone", "A phone number may hold digits, spaces and + ( ) - . / x.")
    return text


@creates("contacts")
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
    contact = new_contact(
        session,
        name,
        unit_id=unit_id,
        title=title,
        email=email,
        phone=phone,
        manager_id=manager_id,
        notes=notes,
    )
    session.add(contact)
    session.flush()
    return contact


def new_contact(
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
    """The contact :func:`create_contact` saves, checked but not yet added to ``session``
    (the CSV import checks every row first, then saves them all at once)."""
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


@updates(Contact)
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


@toggles("unarchive_contact")
def archive_contact(
    session: Session, contact_id: uuid.UUID, *, expected_version: int | None
) -> Contact:
    """Archive a contact (they left the company): they leave the lists; their assessments,
    expectations, interviews and meetings keep naming them. Contacts are never deleted."""
    from relman.workflows.common import set_archived

    return set_archived(
        session, Contact, contact_id, "contact", archived=True, expected_version=expected_version
    )


@toggles("archive_contact")
def unarchive_contact(
    session: Session, contact_id: uuid.UUID, *, expected_version: int | None
) -> Contact:
    from relman.workflows.common import set_archived

    return set_archived(
        session, Contact, contact_id, "contact", archived=False, expected_version=expected_version
    )


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
