"""The key-customer criteria a department uses (rows it may rename, add, retire or reorder)
and the capacity check: units with more key customers than their RMs can interview.
Assessing a contact against the criteria is in :mod:`relman.workflows.contacts`."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relman.errors import ConflictError, RuleError, ValidationError
from relman.models import (
    AssessmentCriterion,
    BusinessUnit,
    Contact,
    KeyCriterion,
    Staff,
    unit_rms,
)
from relman.storage.snapshot import Key
from relman.workflows import history
from relman.workflows.commands import Command, cannot_undo, command, new_version, undo_by
from relman.workflows.common import clean_name, get, get_to_edit, name_taken, now
from relman.workflows.inverses import removed, toggles, updates

#: How many key customers one RM can interview face to face in a quarter, beside the
#: monthly reviews, the preparation and the follow-up (docs/method.md says why 8). A unit
#: shares the capacity of its RMs with their other units.
KEY_CUSTOMERS_PER_RM = 8


# -- the criteria a department uses -------------------------------------------------------


@dataclass(frozen=True)
class CriterionRow:
    id: uuid.UUID
    version: int
    name: str
    question: str
    position: int
    excludes_unreasonable: bool
    archived: bool


def _criterion_row(c: KeyCriterion) -> CriterionRow:
    return CriterionRow(
        c.id,
        c.version,
        c.name,
        c.question,
        c.position,
        c.excludes_unreasonable,
        c.archived_at is not None,
    )


def criteria_in_use(session: Session) -> list[KeyCriterion]:
    return list(
        session.scalars(
            select(KeyCriterion)
            .where(KeyCriterion.archived_at.is_(None))
            .order_by(KeyCriterion.position, KeyCriterion.name)
        )
    )


def criteria(session: Session, *, include_retired: bool = False) -> list[CriterionRow]:
    """The criteria in use, in their order; with ``include_retired`` the retired ones
    follow."""
    query = select(KeyCriterion).order_by(
        KeyCriterion.archived_at.is_not(None), KeyCriterion.position, KeyCriterion.name
    )
    if not include_retired:
        query = query.where(KeyCriterion.archived_at.is_(None))
    return [_criterion_row(c) for c in session.scalars(query)]


def _criterion_name(session: Session, value: object, exclude: uuid.UUID | None = None) -> str:
    name = clean_name("name", value, "The criterion's name", KeyCriterion.name)
    if name_taken(session, KeyCriterion.name, name, exclude):
        retired = session.scalar(
            select(KeyCriterion.archived_at.is_not(None)).where(
                func.lower(KeyCriterion.name) == name.lower()
            )
        )
        raise ValidationError(
            "name",
            f"There is already a criterion named “{name}”"
            + (" (retired: restore it instead)." if retired else "."),
        )
    return name


def _question(value: object) -> str:
    return clean_name("question", value, "The question", KeyCriterion.question, required=False)


@command
def add_criterion(
    session: Session, name: str, question: str = "", *, excludes_unreasonable: bool = False
) -> KeyCriterion:
    """A new criterion, last in the order; assessments made from now on answer it."""
    last = session.scalar(select(func.max(KeyCriterion.position))) or 0
    criterion = KeyCriterion(
        name=_criterion_name(session, name),
        question=_question(question),
        position=last + 1,
        excludes_unreasonable=bool(excludes_unreasonable),
    )
    session.add(criterion)
    session.flush()
    known = history.rows_of(session, "key_criteria", criterion.id)
    undo_by(session, "take_back_criterion", criterion_id=criterion.id, known=known)
    return criterion


@command(subject="criterion_id")
def take_back_criterion(session: Session, criterion_id: uuid.UUID, known: frozenset[Key]) -> None:
    """Undo adding a criterion: refused, removing nothing, once an assessment has answered
    it (answers are never erased: retire it instead)."""
    criterion = get(session, KeyCriterion, criterion_id, "criterion")
    answered = session.scalar(
        select(func.count()).where(AssessmentCriterion.criterion_id == criterion.id)
    )
    if answered:
        raise ConflictError(
            f"“{criterion.name}” has been answered in {answered} assessment"
            f"{'s' if answered > 1 else ''} since it was added; nothing was undone, so those "
            "answers are kept. Retire the criterion instead."
        )
    snapshot = history.remove(session, "key_criteria", criterion.id, known=known, done="undone")
    removed(
        session,
        snapshot,
        Command("take_back_criterion", {"criterion_id": criterion_id, "known": known}),
    )


@updates(KeyCriterion)
def update_criterion(
    session: Session, criterion_id: uuid.UUID, *, expected_version: int | None, **changes: object
) -> KeyCriterion:
    """Rename a criterion, reword its question, or say whether it excludes unreasonable
    demands. Earlier assessments show the new name: the criterion is the same one."""
    criterion = get_to_edit(session, KeyCriterion, criterion_id, "criterion", expected_version)
    for field, value in changes.items():
        if field == "name":
            criterion.name = _criterion_name(session, value, criterion.id)
        elif field == "question":
            criterion.question = _question(value)
        elif field == "excludes_unreasonable":
            criterion.excludes_unreasonable = bool(value)
        else:
            raise ValidationError(field, f"A criterion has no field '{field}'.")
    session.flush()
    return criterion


@toggles("restore_criterion")
def retire_criterion(
    session: Session, criterion_id: uuid.UUID, *, expected_version: int | None
) -> KeyCriterion:
    """Stop asking a criterion. It is archived, not deleted: earlier assessments keep their
    answers to it, and their verdicts stand."""
    criterion = get_to_edit(session, KeyCriterion, criterion_id, "criterion", expected_version)
    if criterion.archived_at is None:
        if len(criteria_in_use(session)) <= 1:
            raise RuleError(
                f"“{criterion.name}” is the last criterion in use; an assessment needs at "
                "least one. Add another criterion before retiring this one."
            )
        criterion.archived_at = now()
        session.flush()
    return criterion


@toggles("retire_criterion")
def restore_criterion(
    session: Session, criterion_id: uuid.UUID, *, expected_version: int | None
) -> KeyCriterion:
    """Ask a retired criterion again, in its old place."""
    criterion = get_to_edit(session, KeyCriterion, criterion_id, "criterion", expected_version)
    if criterion.archived_at is not None:
        criterion.archived_at = None
        session.flush()
    return criterion


@command
def move_criterion(
    session: Session, criterion_id: uuid.UUID, offset: int, *, expected_version: int | None
) -> KeyCriterion:
    """Move a criterion in use up (``offset`` < 0) or down the order, no further than the
    first or last place; undone by moving it back as far as it went."""
    criterion = get_to_edit(session, KeyCriterion, criterion_id, "criterion", expected_version)
    order = criteria_in_use(session)
    if criterion not in order:
        raise RuleError(f"“{criterion.name}” is retired; restore it before moving it.")
    at = order.index(criterion)
    to = max(0, min(len(order) - 1, at + offset))
    order.insert(to, order.pop(at))
    for position, c in enumerate(order, start=1):
        if c.position != position:
            c.position = position
    session.flush()
    if to == at:
        where = "first" if at == 0 else "last"
        cannot_undo(session, f"“{criterion.name}” is already {where}: nothing moved.")
    else:
        undo_by(
            session,
            "move_criterion",
            criterion_id=criterion.id,
            offset=at - to,
            expected_version=new_version(session, criterion),
        )
    return criterion


# -- more key customers than the RMs can interview ------------------------------------------


@dataclass(frozen=True)
class CapacityRow:
    """A unit with more key customers than its RMs can interview in a quarter."""

    unit_id: uuid.UUID
    unit: str
    key_customers: int
    capacity: int  # interviews a quarter its RMs can give it (their share, rounded down)
    rms: str

    @property
    def message(self) -> str:
        # ``rms`` is the names joined by ", ": one name means one RM
        title = "RMs" if ", " in self.rms else "RM"
        who = f"its {title} ({self.rms})" if self.rms else "it has no RM, so nobody"
        return (
            f"{self.unit} has {self.key_customers} key customers; {who} can interview "
            f"about {self.capacity} a quarter. Review the list: is each of them really key?"
        )


def units_over_capacity(
    session: Session, *, rm_id: uuid.UUID | None = None, per_rm: int = KEY_CUSTOMERS_PER_RM
) -> list[CapacityRow]:
    """Units with more key customers than their RMs can interview in a quarter: each
    active RM can interview ``per_rm`` a quarter, shared evenly across the units they look
    after. Only ``rm_id``'s units when given; by unit name."""
    keys = dict(
        session.execute(
            select(Contact.unit_id, func.count())
            .where(
                Contact.is_key.is_(True),
                Contact.unit_id.is_not(None),
                Contact.archived_at.is_(None),  # archived contacts are not interviewed
            )
            .group_by(Contact.unit_id)
        ).all()
    )
    if not keys:
        return []
    links = session.execute(
        select(unit_rms.c.unit_id, unit_rms.c.staff_id, Staff.name)
        .join(Staff, Staff.id == unit_rms.c.staff_id)
        .where(Staff.active.is_(True), Staff.archived_at.is_(None))
    ).all()
    units_per_rm = Counter(staff_id for _u, staff_id, _n in links)
    capacity: dict[uuid.UUID, float] = {}
    rms: dict[uuid.UUID, list[str]] = {}
    for unit_id, staff_id, name in links:
        capacity[unit_id] = capacity.get(unit_id, 0.0) + per_rm / units_per_rm[staff_id]
        rms.setdefault(unit_id, []).append(name)
    mine = None if rm_id is None else {u for u, s, _n in links if s == rm_id}
    over = [
        u
        for u, n in keys.items()
        if n > capacity.get(u, 0.0) + 1e-9 and (mine is None or u in mine)
    ]
    if not over:
        return []
    names = dict(
        session.execute(
            select(BusinessUnit.id, BusinessUnit.name).where(BusinessUnit.id.in_(over))
        ).all()
    )
    return sorted(
        (
            CapacityRow(
                u,
                names.get(u, ""),
                keys[u],
                int(capacity.get(u, 0.0) + 1e-9),
                ", ".join(sorted(rms.get(u, []))),
            )
            for u in over
        ),
        key=lambda r: r.unit.casefold(),
    )
