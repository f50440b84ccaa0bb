"""The service catalogue: services named as their users name them ("SAP Financials"), created,
changed, archived or deleted, and listed with the units that depend on them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from relman.errors import ConflictError, RuleError, ValidationError
from relman.models import (
    BusinessUnit,
    Expectation,
    Meeting,
    Service,
    SupportIssue,
    UnitService,
)
from relman.storage.db_errors import name_taken_error
from relman.storage.snapshot import Key
from relman.workflows import history
from relman.workflows.commands import Command, command, undo_by
from relman.workflows.common import (
    clean_name,
    clean_text,
    get,
    get_to_edit,
    history_words,
    name_taken,
    set_archived,
)
from relman.workflows.inverses import removed, toggles, updates


def _unique_service_name(session: Session, name: object, exclude: uuid.UUID | None = None) -> str:
    name = clean_name("name", name, "The service's name", Service.name)
    if name_taken(session, Service.name, name, exclude):
        raise name_taken_error("uq_services_lower_name", name)
    return name


def _owner(value: object) -> str:
    return clean_name("owner", value, "The owner", Service.owner, required=False)


@command
def create_service(
    session: Session, name: str, *, description: str = "", owner: str = ""
) -> Service:
    service = Service(
        name=_unique_service_name(session, name),
        description=clean_text("description", description, "Description"),
        owner=_owner(owner),
    )
    session.add(service)
    session.flush()
    known = history.rows_of(session, "services", service.id)
    undo_by(session, "take_back_service", service_id=service.id, known=known)
    return service


@command
def take_back_service(session: Session, service_id: uuid.UUID, known: frozenset[Key]) -> None:
    """Undo creating a service: refused, removing nothing, once anything has been recorded
    against it or added to it since (history is never erased: archive it instead)."""
    service = get(session, Service, service_id, "service")
    recorded = service_history(session, service.id)
    if recorded:
        raise ConflictError(
            f"{service.name} has history recorded against it since ({recorded}); nothing "
            "was undone, so that work is kept. Archive the service instead."
        )
    snapshot = history.remove(session, "services", service.id, known=known, done="undone")
    removed(
        session, snapshot, Command("take_back_service", {"service_id": service_id, "known": known})
    )


def service_history(session: Session, service_id: uuid.UUID) -> str:
    """What history names the service ("2 expectations, 1 meeting"), or "" for none."""

    def count(column: object) -> int:
        return session.scalar(select(func.count()).where(column == service_id)) or 0

    return history_words(
        [
            (count(Expectation.service_id), "expectations"),
            (count(Meeting.service_id), "meetings"),
            (count(SupportIssue.service_id), "support issues"),
        ]
    )


@command
def delete_service(
    session: Session, service_id: uuid.UUID, known: frozenset[Key] | None = None
) -> None:
    """Delete a service nothing was recorded against (a typing mistake); one with history
    is refused with a message offering to archive it. With ``known`` (what the user was
    shown when asked), anything added to it since makes it refuse too, naming whose.
    Undone by putting back exactly what it took."""
    service = get(session, Service, service_id, "service")
    recorded = service_history(session, service.id)
    if recorded:  # history recorded since the question included: it names the service
        raise RuleError(
            f"{service.name} has history ({recorded}) recorded against it, which a delete "
            "would erase. Archive the service instead: it leaves the lists and its history "
            "is kept."
        )
    snapshot = history.remove(session, "services", service_id, known=known)
    removed(
        session, snapshot, Command("delete_service", {"service_id": service_id, "known": known})
    )


@toggles("unarchive_service")
def archive_service(
    session: Session, service_id: uuid.UUID, *, expected_version: int | None
) -> Service:
    return set_archived(
        session, Service, service_id, "service", archived=True, expected_version=expected_version
    )


@toggles("archive_service")
def unarchive_service(
    session: Session, service_id: uuid.UUID, *, expected_version: int | None
) -> Service:
    return set_archived(
        session, Service, service_id, "service", archived=False, expected_version=expected_version
    )


@dataclass(frozen=True)
class ServiceRow:
    id: uuid.UUID
    version: int  # as read: an edit of this row is refused if someone saved it since
    name: str
    description: str
    owner: str
    units: str  # "Finance (critical), Sales (high)"
    unit_count: int
    archived: bool = False


def service_rows(session: Session, *, include_archived: bool = False) -> list[ServiceRow]:
    """The services, archived ones only when ``include_archived``."""
    deps: dict[uuid.UUID, list[str]] = {}
    for service_id, unit, dependence in session.execute(
        select(UnitService.service_id, BusinessUnit.name, UnitService.dependence)
        .join(BusinessUnit, BusinessUnit.id == UnitService.unit_id)
        .order_by(BusinessUnit.name)
    ):
        deps.setdefault(service_id, []).append(f"{unit} ({dependence.value})")
    return [
        ServiceRow(
            s.id,
            s.version,
            s.name,
            s.description,
            s.owner,
            ", ".join(deps.get(s.id, [])),
            len(deps.get(s.id, [])),
            s.archived_at is not None,
        )
        for s in session.scalars(
            select(Service)
            .where(true() if include_archived else Service.archived_at.is_(None))
            .order_by(Service.name)
        )
    ]


@updates(Service)
def update_service(
    session: Session, service_id: uuid.UUID, *, expected_version: int | None, **changes: object
) -> Service:
    """Change the given fields of a service: name, description, owner; ``expected_version``
    as for :func:`relman.workflows.portfolio.update_unit`."""
    service = get_to_edit(session, Service, service_id, "service", expected_version)
    for field, value in changes.items():
        if field == "name":
            service.name = _unique_service_name(session, value, service.id)
        elif field == "description":
            service.description = clean_text("description", value, "Description")
        elif field == "owner":
            service.owner = _owner(value)
        else:
            raise ValidationError(field, f"A service has no field '{field}'.")
    session.flush()
    return service
