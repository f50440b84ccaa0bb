"""What the expectations page shows: the list (filtered in the query, so that 20,000
expectations arrive as plain rows in one pass) and one expectation with its whole history."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from relman.models import (
    OPEN_ESCALATION,
    BusinessUnit,
    Contact,
    Direction,
    Escalation,
    EventKind,
    Expectation,
    ExpectationEvent,
    ExpectationStatus,
    Frequency,
    MeasurementType,
    Party,
    Service,
    Staff,
)
from relman.workflows.common import get, today
from relman.workflows.expectations import what_changed


@dataclass(frozen=True)
class Filters:
    """Which expectations to list; None or False: any."""

    unit_id: uuid.UUID | None = None
    service_id: uuid.UUID | None = None
    contact_id: uuid.UUID | None = None
    status: ExpectationStatus | None = None
    rm_id: uuid.UUID | None = None  # "mine"
    due_for_review: bool = False


#: An agreement is due for review this many days before its review date.
REVIEW_NOTICE_DAYS = 14


@dataclass(frozen=True)
class ExpectationRow:
    id: uuid.UUID
    version: int
    unit: str
    service: str
    contact: str
    statement: str
    status: ExpectationStatus
    target: float | None
    target_unit: str
    review_on: dt.date | None
    rm: str

    @property
    def terms(self) -> str:
        return terms_text(self.target, self.target_unit)

    @property
    def review_overdue(self) -> bool:
        """Agreed terms whose review date has passed (the dashboard shows them red too)."""
        return (
            self.status is ExpectationStatus.AGREED
            and self.review_on is not None
            and self.review_on < today()
        )

    @property
    def review(self) -> str:
        """The review date as the list shows it: "2026-05-08 · overdue" once past."""
        if self.review_on is None:
            return ""
        return f"{self.review_on:%Y-%m-%d}" + (" · overdue" if self.review_overdue else "")


#: Words that end the counted noun of a unit of measure: "late mornings *a* week".
_UNIT_STOPS = {"a", "an", "per", "of", "out", "in", "each", "every", "the", "by", "on"}


def _singular(unit: str) -> str:
    """The unit for a count of one: "hours" -> "hour", "late mornings a week" -> "late
    morning a week"; symbols and phrases without a plural noun ("%", "out of 5") unchanged."""
    words = unit.split(" ")
    counted = next((n for n, w in enumerate(words) if w.casefold() in _UNIT_STOPS), len(words))
    if counted == 0:
        return unit
    noun = words[counted - 1]
    if noun.endswith("ies") and len(noun) > 4:
        words[counted - 1] = noun[:-3] + "y"
    elif noun.endswith("s") and not noun.endswith("ss") and len(noun) > 2 and noun.isalpha():
        words[counted - 1] = noun[:-1]
    return " ".join(words)


def terms_text(target: float | None, unit: str) -> str:
    """A target as it reads: "99.5 %", "4 hours", "1 hour"."""
    if target is None:
        return ""
    return f"{target:g} {_singular(unit) if target == 1 else unit}".strip()


def expectation_rows(
    session: Session, filters: Filters = Filters(), *, day: dt.date | None = None
) -> list[ExpectationRow]:
    """The expectations that pass ``filters``, newest change first."""
    rm = aliased(Staff)
    query = (
        select(
            Expectation.id,
            Expectation.version,
            BusinessUnit.name,
            Service.name,
            Contact.name,
            Expectation.statement,
            Expectation.status,
            Expectation.target,
            Expectation.target_unit,
            Expectation.review_on,
            rm.name,
        )
        .join(BusinessUnit, BusinessUnit.id == Expectation.unit_id)
        .join(Service, Service.id == Expectation.service_id)
        .outerjoin(Contact, Contact.id == Expectation.contact_id)
        .outerjoin(rm, rm.id == Expectation.rm_id)
        .order_by(Expectation.updated_at.desc())
        # fetched in batches: one fetch of 20,000 rows holds the interpreter, and so the
        # window's thread, for a tenth of a second
        .execution_options(yield_per=1000)
    )
    f = filters
    for column, value in (
        (Expectation.unit_id, f.unit_id),
        (Expectation.service_id, f.service_id),
        (Expectation.contact_id, f.contact_id),
        (Expectation.status, f.status),
        (Expectation.rm_id, f.rm_id),
    ):
        if value is not None:
            query = query.where(column == value)
    if f.due_for_review:
        query = query.where(
            Expectation.status == ExpectationStatus.AGREED,
            Expectation.review_on <= (day or today()) + dt.timedelta(days=REVIEW_NOTICE_DAYS),
        )
    return [
        ExpectationRow(i, v, u, s, c or "", st, status, t, tu or "", r, rm_name or "")
        for i, v, u, s, c, st, status, t, tu, r, rm_name in session.execute(query)
    ]


@dataclass(frozen=True)
class Choice:
    id: uuid.UUID
    name: str


@dataclass(frozen=True)
class FilterChoices:
    units: list[Choice]
    services: list[Choice]
    contacts: list[Choice]


def filter_choices(session: Session) -> FilterChoices:
    """The units, services and contacts the list can be narrowed to, by name."""

    def names(model: type) -> list[Choice]:
        rows = session.execute(select(model.id, model.name).order_by(model.name))
        return [Choice(i, n) for i, n in rows]

    return FilterChoices(names(BusinessUnit), names(Service), names(Contact))


@dataclass(frozen=True)
class EventRow:
    """One step of the history, as the timeline shows it."""

    id: uuid.UUID
    kind: EventKind
    at: dt.datetime
    author: str
    party: Party | None
    text: str
    proposed_target: float | None
    target_unit: str | None
    measurement_type: MeasurementType | None
    frequency: Frequency | None
    review_on: dt.date | None


@dataclass(frozen=True)
class ExpectationDetail:
    id: uuid.UUID
    version: int
    unit_id: uuid.UUID
    unit: str
    own_service_levels: bool
    service_id: uuid.UUID
    service: str
    contact_id: uuid.UUID | None
    contact: str
    rm: str
    statement: str
    status: ExpectationStatus
    target: float | None
    target_unit: str
    measurement_type: MeasurementType | None
    frequency: Frequency | None
    direction: Direction | None
    review_on: dt.date | None
    agreed_at: dt.datetime | None
    open_escalation_id: uuid.UUID | None
    events: list[EventRow]

    @property
    def terms(self) -> str:
        return terms_text(self.target, self.target_unit)

    @property
    def known_unit(self) -> str:
        """The unit of measure its targets are read in: the terms', else the last one any
        step recorded ("" when none did; a proposal records only a number)."""
        if self.target_unit:
            return self.target_unit
        return next((e.target_unit for e in reversed(self.events) if e.target_unit), "")

    @property
    def last_proposal(self) -> float | None:
        """The target last proposed, to start a counter-proposal or an agreement from."""
        for event in reversed(self.events):
            if event.proposed_target is not None:
                return event.proposed_target
        return None


def expectation_detail(session: Session, expectation_id: uuid.UUID) -> ExpectationDetail:
    """One expectation and its whole history, oldest step first."""
    exp = get(session, Expectation, expectation_id, "expectation")
    unit = get(session, BusinessUnit, exp.unit_id, "business unit")
    service = get(session, Service, exp.service_id, "service")
    contact = session.get(Contact, exp.contact_id) if exp.contact_id else None
    rm = session.get(Staff, exp.rm_id) if exp.rm_id else None
    events = session.execute(
        select(
            ExpectationEvent.id,
            ExpectationEvent.kind,
            ExpectationEvent.at,
            Staff.name,
            ExpectationEvent.party,
            ExpectationEvent.text,
            ExpectationEvent.proposed_target,
            ExpectationEvent.target_unit,
            ExpectationEvent.measurement_type,
            ExpectationEvent.frequency,
            ExpectationEvent.review_on,
        )
        .outerjoin(Staff, Staff.id == ExpectationEvent.author_id)
        .where(ExpectationEvent.expectation_id == exp.id)
        .order_by(ExpectationEvent.at, ExpectationEvent.created_at)
    )
    escalation = session.scalar(
        select(Escalation.id).where(
            Escalation.expectation_id == exp.id, Escalation.status.in_(OPEN_ESCALATION)
        )
    )
    return ExpectationDetail(
        exp.id,
        exp.version,
        unit.id,
        unit.name,
        unit.own_service_levels,
        service.id,
        service.name,
        exp.contact_id,
        contact.name if contact else "",
        rm.name if rm else "",
        exp.statement,
        exp.status,
        exp.target,
        exp.target_unit,
        exp.measurement_type,
        exp.frequency,
        exp.direction,
        exp.review_on,
        exp.agreed_at,
        escalation,
        [EventRow(*row[:3], row[3] or "", *row[4:]) for row in events],
    )


def changed_since(session: Session, expectation_id: uuid.UUID) -> str:
    """What someone else did to the expectation, for a user whose reading is older."""
    return what_changed(session, get(session, Expectation, expectation_id, "expectation"))


@dataclass(frozen=True)
class EscalationDefaults:
    """Who an escalation goes to by default, and who could be chosen instead."""

    rm_name: str
    rm_manager_id: uuid.UUID | None
    customer_manager_id: uuid.UUID | None
    contact_name: str
    staff: list[Choice]
    contacts: list[Choice]


def escalation_defaults(
    session: Session, expectation_id: uuid.UUID, by: uuid.UUID | None
) -> EscalationDefaults:
    """The RM's manager (of the person escalating, from staff) and the customer's manager
    (from the expectation's contact), each None when not recorded."""
    exp = get(session, Expectation, expectation_id, "expectation")
    me = session.get(Staff, by) if by else None
    contact = session.get(Contact, exp.contact_id) if exp.contact_id else None
    staff = [
        Choice(i, n) for i, n in session.execute(select(Staff.id, Staff.name).order_by(Staff.name))
    ]
    contacts = [
        Choice(i, n)
        for i, n in session.execute(
            select(Contact.id, Contact.name)
            .where(Contact.archived_at.is_(None))
            .order_by(Contact.name)
        )
    ]
    return EscalationDefaults(
        me.name if me else "",
        me.reports_to_id if me else None,
        contact.manager_id if contact else None,
        contact.name if contact else "",
        staff,
        contacts,
    )
