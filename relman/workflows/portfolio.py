"""The portfolio: create, change and delete business units and services; assign RMs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from relman.errors import RuleError, ValidationError
from relman.models import (
    BusinessUnit,
    Contact,
    Criticality,
    Dependence,
    Expectation,
    Interview,
    Meeting,
    Service,
    Staff,
    SupportIssue,
    Survey,
    UnitService,
    unit_rms,
)
from relman.workflows.common import clean_name, clean_text, get


def _unique_unit_name(session: Session, name: str, exclude: uuid.UUID | None = None) -> str:
    name = clean_name("name", name, "The unit's name")
    query = select(BusinessUnit.id).where(func.lower(BusinessUnit.name) == name.lower())
    if exclude is not None:
        query = query.where(BusinessUnit.id != exclude)
    if session.scalar(query) is not None:
        raise ValidationError(
            "name", f"A unit called “{name}” already exists; choose another name."
        )
    return name


def create_unit(
    session: Session,
    name: str,
    *,
    division: str = "",
    criticality: Criticality = Criticality.MEDIUM,
    notes: str = "",
    rms: list[uuid.UUID] | None = None,
    own_service_levels: bool = False,
) -> BusinessUnit:
    unit = BusinessUnit(
        name=_unique_unit_name(session, name),
        division=clean_name("division", division, "Division") if division.strip() else "",
        criticality=criticality,
        notes=clean_text("notes", notes, "Notes"),
        own_service_levels=own_service_levels,
    )
    session.add(unit)
    session.flush()
    for rm in rms or []:
        assign_rm(session, unit.id, rm)
    return unit


def update_unit(session: Session, unit_id: uuid.UUID, **changes: object) -> BusinessUnit:
    """Change the given fields of a unit: name, division, criticality, notes, head_id,
    own_service_levels."""
    unit = get(session, BusinessUnit, unit_id, "business unit")
    for field, value in changes.items():
        if field == "name":
            unit.name = _unique_unit_name(session, str(value), exclude=unit.id)
        elif field == "division":
            unit.division = (
                clean_name("division", str(value), "Division") if str(value).strip() else ""
            )
        elif field == "criticality":
            unit.criticality = Criticality(value)
        elif field == "notes":
            unit.notes = clean_text("notes", str(value), "Notes")
        elif field == "head_id":
            if value is None:
                unit.head_id = None
            else:
                head = get(session, Contact, value, "contact")  # type: ignore[arg-type]
                if head.unit_id not in (None, unit.id):
                    raise ValidationError("head_id", f"{head.name} works in another unit.")
                unit.head_id = head.id
        elif field == "own_service_levels":
            unit.own_service_levels = bool(value)
        else:
            raise ValidationError(field, f"A unit has no field '{field}'.")
    session.flush()
    return unit


def assign_rm(session: Session, unit_id: uuid.UUID, staff_id: uuid.UUID) -> None:
    unit = get(session, BusinessUnit, unit_id, "business unit")
    staff = get(session, Staff, staff_id, "relationship manager")
    exists = session.scalar(
        select(func.count())
        .select_from(unit_rms)
        .where(unit_rms.c.unit_id == unit.id, unit_rms.c.staff_id == staff.id)
    )
    if not exists:
        session.execute(insert(unit_rms).values(unit_id=unit.id, staff_id=staff.id))


def unassign_rm(session: Session, unit_id: uuid.UUID, staff_id: uuid.UUID) -> None:
    session.execute(
        delete(unit_rms).where(unit_rms.c.unit_id == unit_id, unit_rms.c.staff_id == staff_id)
    )


@dataclass(frozen=True)
class DeleteImpact:
    """What else goes when a unit is deleted, for the question asked first."""

    expectations: int
    surveys: int
    support_issues: int
    dependencies: int
    contacts_kept: int
    interviews_kept: int
    meetings_kept: int

    def describe(self) -> str:
        gone = [
            f"{n} {label}"
            for n, label in (
                (self.expectations, "expectations with their history and measurements"),
                (self.surveys, "satisfaction surveys"),
                (self.support_issues, "support issues"),
                (self.dependencies, "service dependencies"),
            )
            if n
        ]
        kept = [
            f"{n} {label}"
            for n, label in (
                (self.contacts_kept, "contacts"),
                (self.interviews_kept, "interviews"),
                (self.meetings_kept, "meetings"),
            )
            if n
        ]
        text = "This also deletes " + (", ".join(gone) if gone else "nothing else") + "."
        if kept:
            text += " Kept, without a unit: " + ", ".join(kept) + "."
        return text


def delete_impact(session: Session, unit_id: uuid.UUID) -> DeleteImpact:
    unit = get(session, BusinessUnit, unit_id, "business unit")

    def count(model: type, column: object) -> int:
        return session.scalar(select(func.count()).select_from(model).where(column == unit.id)) or 0

    return DeleteImpact(
        expectations=count(Expectation, Expectation.unit_id),
        surveys=count(Survey, Survey.unit_id),
        support_issues=count(SupportIssue, SupportIssue.unit_id),
        dependencies=count(UnitService, UnitService.unit_id),
        contacts_kept=count(Contact, Contact.unit_id),
        interviews_kept=count(Interview, Interview.unit_id),
        meetings_kept=count(Meeting, Meeting.unit_id),
    )


def delete_unit(session: Session, unit_id: uuid.UUID) -> DeleteImpact:
    impact = delete_impact(session, unit_id)
    unit = get(session, BusinessUnit, unit_id, "business unit")
    session.delete(unit)
    session.flush()
    return impact


def create_service(
    session: Session, name: str, *, description: str = "", owner: str = ""
) -> Service:
    name = clean_name("name", name, "The service's name")
    if session.scalar(select(Service.id).where(func.lower(Service.name) == name.lower())):
        raise ValidationError("name", f"A service called “{name}” already exists.")
    service = Service(
        name=name,
        description=clean_text("description", description, "Description"),
        owner=owner.strip(),
    )
    session.add(service)
    session.flush()
    return service


def set_dependency(
    session: Session, unit_id: uuid.UUID, service_id: uuid.UUID, dependence: Dependence | None
) -> UnitService | None:
    """Record how much a unit depends on a service; ``None`` removes the dependency."""
    unit = get(session, BusinessUnit, unit_id, "business unit")
    service = get(session, Service, service_id, "service")
    link = session.scalar(
        select(UnitService).where(
            UnitService.unit_id == unit.id, UnitService.service_id == service.id
        )
    )
    if dependence is None:
        if link is not None:
            session.delete(link)
        return None
    if link is None:
        link = UnitService(unit_id=unit.id, service_id=service.id)
        session.add(link)
    link.dependence = dependence
    session.flush()
    return link


def unit_depends_on(session: Session, unit_id: uuid.UUID, service_id: uuid.UUID) -> bool:
    return (
        session.scalar(
            select(UnitService.id).where(
                UnitService.unit_id == unit_id, UnitService.service_id == service_id
            )
        )
        is not None
    )


def delete_service(session: Session, service_id: uuid.UUID) -> None:
    service = get(session, Service, service_id, "service")
    used = session.scalar(select(func.count()).where(Expectation.service_id == service.id))
    if used:
        raise RuleError(
            f"{service.name} has {used} expectations recorded against it; "
            "withdraw or move them before deleting the service."
        )
    session.delete(service)
