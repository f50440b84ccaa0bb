"""The portfolio: create, change and delete business units, assign RMs, and record which
services each unit depends on. The service catalogue itself is in
:mod:`relman.workflows.services`."""

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
from relman.storage.db_errors import name_taken_error
from relman.storage.snapshot import Key
from relman.workflows import history as records
from relman.workflows.commands import Command, command, new_version, undo_by
from relman.workflows.common import (
    choice,
    clean_name,
    clean_text,
    get,
    get_to_edit,
    history_words,
    name_taken,
    set_archived,
    whole,
)
from relman.workflows.inverses import creates, removed, toggles
from relman.workflows.portfolio_views import (  # what the pages show, re-exported
    GOALS_WORDS as GOALS_WORDS,
)
from relman.workflows.portfolio_views import Ref as Ref
from relman.workflows.portfolio_views import UnitDetail as UnitDetail
from relman.workflows.portfolio_views import unit_detail as unit_detail


def _unique_unit_name(session: Session, name: object, exclude: uuid.UUID | None = None) -> str:
    name = clean_name("name", name, "The unit's name", BusinessUnit.name)
    if name_taken(session, BusinessUnit.name, name, exclude):
        raise name_taken_error("uq_business_units_lower_name", name)
    return name


@creates("business_units")
def create_unit(
    session: Session,
    name: str,
    *,
    division: str = "",
    criticality: Criticality = Criticality.MEDIUM,
    notes: str = "",
    rms: list[uuid.UUID] | None = None,
    own_service_levels: bool = False,
    review_every_days: int = 30,
) -> BusinessUnit:
    unit = new_unit(
        session,
        name,
        division=division,
        criticality=criticality,
        notes=notes,
        own_service_levels=own_service_levels,
        review_every_days=review_every_days,
    )
    session.add(unit)
    session.flush()
    for rm in rms or []:
        assign_rm(session, unit.id, rm)
    return unit


def new_unit(
    session: Session,
    name: str,
    *,
    division: str = "",
    criticality: Criticality = Criticality.MEDIUM,
    notes: str = "",
    own_service_levels: bool = False,
    review_every_days: int = 30,
    name_is_free: bool = False,
) -> BusinessUnit:
    """The unit :func:`create_unit` saves, checked but not yet added to ``session``.
    ``name_is_free``: the caller has made sure no other unit has the name (the CSV import
    checks every row against the names it read once), so it is not looked up again."""
    if name_is_free:
        checked = clean_name("name", name, "The unit's name", BusinessUnit.name)
    else:
        checked = _unique_unit_name(session, name)
    return BusinessUnit(
        name=checked,
        division=_division(division),
        criticality=choice("criticality", Criticality, criticality),
        notes=clean_text("notes", notes, "Notes"),
        own_service_levels=own_service_levels,
        review_every_days=_review_every(review_every_days),
    )


def _division(value: object) -> str:
    return clean_name("division", value, "Division", BusinessUnit.division, required=False)


def _review_every(value: object) -> int:
    """How many days apart the unit's head expects monthly reviews: 1 to 366."""
    return whole("review_every_days", value, "The review rhythm (days)", low=1, high=366)


def update_unit(
    session: Session, unit_id: uuid.UUID, *, expected_version: int | None, **changes: object
) -> BusinessUnit:
    """Change the given fields of a unit: name, division, criticality, notes, head_id,
    own_service_levels, review_every_days. ``expected_version`` is the version the form was
    read at (see :func:`relman.workflows.common.get_to_edit`)."""
    unit = get_to_edit(session, BusinessUnit, unit_id, "business unit", expected_version)
    for field, value in changes.items():
        if field == "name":
            unit.name = _unique_unit_name(session, value, exclude=unit.id)
        elif field == "division":
            unit.division = _division(value)
        elif field == "criticality":
            unit.criticality = choice("criticality", Criticality, value)
        elif field == "notes":
            unit.notes = clean_text("notes", value, "Notes")
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
        elif field == "review_every_days":
            unit.review_every_days = _review_every(value)
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


@command(subject="unit_id")
def edit_unit(
    session: Session,
    unit_id: uuid.UUID,
    *,
    expected_version: int,
    changes: dict[str, object],
    assign: list[uuid.UUID] | None = None,
    unassign: list[uuid.UUID] | None = None,
) -> BusinessUnit:
    """Change a unit's fields and its relationship managers at once, based on the version
    the form was read at; undone by the same command with the earlier values."""
    unit = get_to_edit(session, BusinessUnit, unit_id, "business unit", expected_version)
    old = {field: getattr(unit, field, None) for field in changes}
    unit = update_unit(session, unit_id, expected_version=expected_version, **changes)
    for rm in assign or []:
        assign_rm(session, unit_id, rm)
    for rm in unassign or []:
        unassign_rm(session, unit_id, rm)
    undo_by(
        session,
        "edit_unit",
        unit_id=unit_id,
        expected_version=new_version(session, unit),
        changes=old,
        assign=list(unassign or []),
        unassign=list(assign or []),
    )
    return unit


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


def unit_history(session: Session, unit_id: uuid.UUID) -> str:
    """What history names the unit ("2 expectations, 1 meeting"), or "" for none."""
    impact = delete_impact(session, unit_id)
    return history_words(
        [
            (impact.expectations, "expectations"),
            (impact.surveys, "surveys"),
            (impact.support_issues, "support issues"),
            (impact.contacts_kept, "contacts"),
            (impact.interviews_kept, "interviews"),
            (impact.meetings_kept, "meetings"),
        ]
    )


@command
def delete_unit(session: Session, unit_id: uuid.UUID, known: frozenset[Key] | None = None) -> None:
    """Delete a unit that has no history yet (a typing mistake); one with history is
    refused with a message offering to archive it: history is never erased by a delete.
    With ``known`` (what the user was shown when asked, history.rows_of), anything added to
    the unit since makes it refuse too. Undone by putting back exactly what it took."""
    unit = get(session, BusinessUnit, unit_id, "business unit")
    name, history = unit.name, unit_history(session, unit.id)
    # others' work added since the question is named first (the whole write is rolled back)
    snapshot = records.remove(session, "business_units", unit_id, known=known)
    if history:
        raise RuleError(
            f"{name} has history ({history}), which a delete would erase. "
            "Archive the unit instead: it leaves the lists and its history is kept."
        )
    removed(session, snapshot, Command("delete_unit", {"unit_id": unit_id, "known": known}))


def unit_version(session: Session, unit_id: uuid.UUID) -> int:
    """The version of the unit as saved now, for an edit that must be based on it."""
    return get(session, BusinessUnit, unit_id, "business unit").version


@toggles("unarchive_unit")
def archive_unit(session: Session, unit_id: uuid.UUID, *, expected_version: int) -> BusinessUnit:
    """Archive a unit: it leaves the lists; its history stays and still names it."""
    return set_archived(
        session,
        BusinessUnit,
        unit_id,
        "business unit",
        archived=True,
        expected_version=expected_version,
    )


@toggles("archive_unit")
def unarchive_unit(session: Session, unit_id: uuid.UUID, *, expected_version: int) -> BusinessUnit:
    return set_archived(
        session,
        BusinessUnit,
        unit_id,
        "business unit",
        archived=False,
        expected_version=expected_version,
    )


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
    link.dependence = choice("dependence", Dependence, dependence)
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


@command
def set_dependencies(
    session: Session, unit_id: uuid.UUID, levels: dict[uuid.UUID, Dependence | None]
) -> None:
    """Set how much a unit depends on each of these services (None: not at all); undone
    by setting the levels they had."""
    had = {
        link.service_id: link.dependence
        for link in session.scalars(
            select(UnitService).where(
                UnitService.unit_id == unit_id, UnitService.service_id.in_(list(levels))
            )
        )
    }
    for service_id, level in levels.items():
        set_dependency(session, unit_id, service_id, level)
    undo_by(
        session,
        "set_dependencies",
        unit_id=unit_id,
        levels={service_id: had.get(service_id) for service_id in levels},
    )
