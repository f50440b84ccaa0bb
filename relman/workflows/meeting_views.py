"""What the Meetings page shows: meetings per unit or overall, one meeting with its
attendees, the agenda it carried, its action items and, for a quarterly service review, the
service's agreed expectations with their latest measurements; and what its forms offer.

Measurements are read through :func:`relman.workflows.measurements.trend`, so that a value,
"met" and the direction read here exactly as on the expectation itself.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relman.models import (
    ActionItem,
    BusinessUnit,
    Contact,
    Dependence,
    Expectation,
    ExpectationStatus,
    GoalsMet,
    Meeting,
    MeetingKind,
    Service,
    Staff,
    UnitService,
    meeting_contacts,
    meeting_staff,
)
from relman.workflows import common, measurements
from relman.workflows.action_items import ActionItemRow, action_items
from relman.workflows.carry_forward import AgendaEntry, agenda_for_new_review, agenda_of
from relman.workflows.portfolio import Ref

#: The services a unit depends on this much are its major services.
MAJOR = (Dependence.CRITICAL, Dependence.HIGH)

KIND_WORDS = {
    MeetingKind.MONTHLY_REVIEW: "monthly review",
    MeetingKind.QUARTERLY_SERVICE_REVIEW: "quarterly service review",
    MeetingKind.OTHER: "meeting",
}
#: The same, short enough for a column of a list.
KIND_SHORT = {
    MeetingKind.MONTHLY_REVIEW: "monthly",
    MeetingKind.QUARTERLY_SERVICE_REVIEW: "quarterly",
    MeetingKind.OTHER: "other",
}
GOALS_WORDS = {GoalsMet.YES: "yes", GoalsMet.PARTLY: "partly", GoalsMet.NO: "no"}


@dataclass(frozen=True)
class MeetingRow:
    id: uuid.UUID
    held_at: dt.datetime
    kind: MeetingKind
    unit_id: uuid.UUID | None
    unit: str
    service: str
    goals_met: GoalsMet | None
    open_actions: int
    carried: int

    @property
    def kind_words(self) -> str:
        return KIND_WORDS[self.kind]


def meeting_rows(session: Session, *, unit_id: uuid.UUID | None = None) -> list[MeetingRow]:
    """Meetings, latest first; only ``unit_id``'s when given."""
    from relman.models import AgendaItem

    open_actions = (
        select(ActionItem.meeting_id, func.count().label("n"))
        .where(ActionItem.done_at.is_(None), ActionItem.meeting_id.is_not(None))
        .group_by(ActionItem.meeting_id)
        .subquery()
    )
    carried = (
        select(AgendaItem.meeting_id, func.count().label("n"))
        .group_by(AgendaItem.meeting_id)
        .subquery()
    )
    query = (
        select(
            Meeting.id,
            Meeting.held_at,
            Meeting.kind,
            Meeting.unit_id,
            func.coalesce(BusinessUnit.name, ""),
            func.coalesce(Service.name, ""),
            Meeting.goals_met,
            func.coalesce(open_actions.c.n, 0),
            func.coalesce(carried.c.n, 0),
        )
        .outerjoin(BusinessUnit, BusinessUnit.id == Meeting.unit_id)
        .outerjoin(Service, Service.id == Meeting.service_id)
        .outerjoin(open_actions, open_actions.c.meeting_id == Meeting.id)
        .outerjoin(carried, carried.c.meeting_id == Meeting.id)
        .order_by(Meeting.held_at.desc())
    )
    if unit_id is not None:
        query = query.where(Meeting.unit_id == unit_id)
    return [MeetingRow(*row) for row in session.execute(query)]


@dataclass(frozen=True)
class ExpectationLine:
    """An agreed expectation of a service with its latest measurement (if any)."""

    id: uuid.UUID
    unit: str
    statement: str
    target: str  # "at least 99.5 %"
    period: str = ""
    value: float | None = None
    met: bool | None = None
    direction: str = ""  # improving, worsening, steady or ""


@dataclass(frozen=True)
class ServiceSection:
    service: Ref  # extra: how much the unit depends on it ("critical", "high"), or ""
    lines: list[ExpectationLine]


def service_review(
    session: Session, service_id: uuid.UUID, unit_id: uuid.UUID | None = None
) -> ServiceSection:
    """A service's agreed expectations (``unit_id``'s only, when given), each with its
    latest measurement and its trend."""
    service = common.get(session, Service, service_id, "service")
    dependence = ""
    query = (
        select(Expectation, BusinessUnit.name)
        .join(BusinessUnit, BusinessUnit.id == Expectation.unit_id)
        .where(
            Expectation.service_id == service.id,
            Expectation.status == ExpectationStatus.AGREED,
        )
        .order_by(BusinessUnit.name, Expectation.statement)
    )
    if unit_id is not None:
        query = query.where(Expectation.unit_id == unit_id)
        found = session.scalar(
            select(UnitService.dependence).where(
                UnitService.unit_id == unit_id, UnitService.service_id == service.id
            )
        )
        dependence = found.value if found else ""
    lines = []
    for exp, unit in session.execute(query):
        direction = exp.direction.value.replace("_", " ") if exp.direction else ""
        target = f"{direction} {exp.target:g} {exp.target_unit}".strip()
        trend = measurements.trend(session, exp.id)
        latest = trend.points[-1] if trend.points else None
        lines.append(
            ExpectationLine(
                exp.id,
                unit,
                exp.statement,
                target,
                latest.period if latest else "",
                latest.value if latest else None,
                latest.met if latest else None,
                trend.direction,
            )
        )
    return ServiceSection(Ref(service.id, service.name, dependence), lines)


@dataclass(frozen=True)
class MeetingDetail:
    id: uuid.UUID
    version: int
    kind: MeetingKind
    held_at: dt.datetime
    unit: Ref | None
    service: Ref | None
    recorded_by: str
    staff: list[Ref]
    contacts: list[Ref]
    discussed: str
    delivered: str
    planned: str
    goals_met: GoalsMet | None
    goals_note: str
    agenda: list[AgendaEntry]
    actions: list[ActionItemRow]
    #: whether each carried action item is done now (by action item id)
    done_now: dict[uuid.UUID, bool]
    review: ServiceSection | None

    @property
    def kind_words(self) -> str:
        return KIND_WORDS[self.kind]


def meeting_detail(session: Session, meeting_id: uuid.UUID) -> MeetingDetail:
    meeting = common.get(session, Meeting, meeting_id, "meeting")
    unit = session.get(BusinessUnit, meeting.unit_id) if meeting.unit_id else None
    service = session.get(Service, meeting.service_id) if meeting.service_id else None
    recorder = session.get(Staff, meeting.recorded_by_id) if meeting.recorded_by_id else None
    staff = session.execute(
        select(Staff.id, Staff.name)
        .join(meeting_staff, meeting_staff.c.staff_id == Staff.id)
        .where(meeting_staff.c.meeting_id == meeting.id)
        .order_by(Staff.name)
    ).all()
    people = session.execute(
        select(Contact.id, Contact.name, Contact.title)
        .join(meeting_contacts, meeting_contacts.c.contact_id == Contact.id)
        .where(meeting_contacts.c.meeting_id == meeting.id)
        .order_by(Contact.name)
    ).all()
    agenda = agenda_of(session, meeting.id)
    carried_ids = [e.action_item_id for e in agenda if e.action_item_id]
    done_now = dict(
        session.execute(
            select(ActionItem.id, ActionItem.done_at.is_not(None)).where(
                ActionItem.id.in_(carried_ids)
            )
        ).all()
    )
    review = None
    if meeting.kind is MeetingKind.QUARTERLY_SERVICE_REVIEW and service is not None:
        review = service_review(session, service.id, meeting.unit_id)
    return MeetingDetail(
        id=meeting.id,
        version=meeting.version,
        kind=meeting.kind,
        held_at=meeting.held_at,
        unit=Ref(unit.id, unit.name) if unit else None,
        service=Ref(service.id, service.name) if service else None,
        recorded_by=recorder.name if recorder else "",
        staff=[Ref(i, n) for i, n in staff],
        contacts=[Ref(i, n, t) for i, n, t in people],
        discussed=meeting.discussed,
        delivered=meeting.delivered,
        planned=meeting.planned,
        goals_met=meeting.goals_met,
        goals_note=meeting.goals_note,
        agenda=agenda,
        actions=action_items(session, include_done=True, meeting_id=meeting.id),
        done_now=done_now,
        review=review,
    )


# -- what the meeting form offers ----------------------------------------------------------


@dataclass(frozen=True)
class FormChoices:
    """The units, the staff and contacts who may attend, and the services, for a form."""

    units: list[Ref]
    staff: list[Ref]
    contacts: list[Ref]  # extra: the contact's unit
    services: list[Ref]  # extra: how much the chosen unit depends on it, or ""


def form_choices(session: Session) -> FormChoices:
    units = session.execute(
        select(BusinessUnit.id, BusinessUnit.name)
        .where(BusinessUnit.archived_at.is_(None))
        .order_by(BusinessUnit.name)
    )
    staff = session.execute(
        select(Staff.id, Staff.name)
        .where(Staff.archived_at.is_(None), Staff.active.is_(True))
        .order_by(Staff.name)
    )
    contacts = session.execute(
        select(Contact.id, Contact.name, func.coalesce(BusinessUnit.name, ""))
        .outerjoin(BusinessUnit, BusinessUnit.id == Contact.unit_id)
        .where(Contact.archived_at.is_(None))
        .order_by(Contact.name)
    )
    services = session.execute(
        select(Service.id, Service.name).where(Service.archived_at.is_(None)).order_by(Service.name)
    )
    return FormChoices(
        [Ref(i, n) for i, n in units],
        [Ref(i, n) for i, n in staff],
        [Ref(i, n, u) for i, n, u in contacts],
        [Ref(i, n) for i, n in services],
    )


@dataclass(frozen=True)
class UnitContext:
    """What a new meeting with a unit starts from: its contacts, its services (major first,
    with their dependence) and, for a monthly review, the agenda carried to it."""

    unit_id: uuid.UUID
    contacts: list[Ref]
    services: list[Ref]
    agenda: list[AgendaEntry]


def unit_context(
    session: Session, unit_id: uuid.UUID, *, at: dt.datetime | None = None
) -> UnitContext:
    unit = common.get(session, BusinessUnit, unit_id, "business unit")
    contacts = session.execute(
        select(Contact.id, Contact.name, Contact.title)
        .where(Contact.unit_id == unit.id, Contact.archived_at.is_(None))
        .order_by(Contact.is_key.desc(), Contact.name)
    )
    order = {d: n for n, d in enumerate((*MAJOR, Dependence.MEDIUM, Dependence.LOW))}
    deps = sorted(
        session.execute(
            select(Service.id, Service.name, UnitService.dependence)
            .join(UnitService, UnitService.service_id == Service.id)
            .where(UnitService.unit_id == unit.id, Service.archived_at.is_(None))
        ).all(),
        key=lambda r: (order[r[2]], r[1].casefold()),
    )
    return UnitContext(
        unit.id,
        [Ref(i, n, t) for i, n, t in contacts],
        [Ref(i, n, d.value) for i, n, d in deps],
        agenda_for_new_review(session, unit.id, at=at),
    )
