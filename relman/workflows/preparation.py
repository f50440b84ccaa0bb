"""What a relationship manager reads before an interview, gathered on one page.

:func:`prepare` collects, for one interview: who is interviewed and their units, each
contact's latest key-customer assessment with its verdict, the units' current expectations
with their latest measurement, open escalations, open action items, the notes of the last
meetings and interviews, and the script's sections and questions. The preparation view shows
it and the printed preparation sheet prints exactly this: every value is plain (no ORM object
leaves the session), so it can be handed to another thread or to the PDF engine.

The script part comes from :func:`relman.workflows.interview_script.script_outline`, which
interview mode walks; the notes from :mod:`relman.workflows.earlier_notes`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from relman.models import (
    OPEN_ESCALATION,
    ActionItem,
    BusinessUnit,
    Contact,
    Escalation,
    Expectation,
    ExpectationStatus,
    Interview,
    Measurement,
    Meeting,
    Script,
    ScriptVersion,
    Service,
    Staff,
    interview_contacts,
)
from relman.workflows.assessments import assessment_rows
from relman.workflows.common import get
from relman.workflows.earlier_notes import NotesInfo, interview_notes, meeting_notes
from relman.workflows.interview_script import SectionInfo, script_outline


@dataclass(frozen=True)
class InterviewInfo:
    """The interview itself: when, where, who holds it, with which script."""

    id: uuid.UUID
    version: int
    status: str  # an InterviewStatus value: planned, in_progress, completed, cancelled
    scheduled_at: dt.datetime
    duration_minutes: int
    location: str
    rm_id: uuid.UUID | None
    rm: str  # the RM's name, "" when none
    unit_id: uuid.UUID | None
    unit: str
    script: str  # the script's name
    script_version: int  # its version number


@dataclass(frozen=True)
class AssessmentInfo:
    """A contact's latest key-customer assessment and its verdict in words."""

    assessed_on: dt.date
    assessor: str
    is_key: bool
    verdict: str  # why: "Key customer: carried by …"
    criteria_met: tuple[str, ...]  # names of the criteria met
    unreasonable: bool


@dataclass(frozen=True)
class ContactInfo:
    """One person interviewed, with their unit and latest assessment (None: never assessed)."""

    id: uuid.UUID
    name: str
    title: str
    unit_id: uuid.UUID | None
    unit: str
    email: str
    phone: str
    is_key: bool
    assessment: AssessmentInfo | None


@dataclass(frozen=True)
class MeasurementInfo:
    period: str  # "2026-10", "2026-W41", "2026-Q3"
    value: float
    target: float
    target_unit: str
    met: bool


@dataclass(frozen=True)
class ExpectationInfo:
    """A current (not withdrawn) expectation of the interviewed units."""

    id: uuid.UUID
    unit: str
    service: str
    contact: str  # who stated it, "" when unknown
    statement: str  # the customer's words
    status: str  # an ExpectationStatus value
    target: float | None  # the terms in force, if any
    target_unit: str
    frequency: str  # a Frequency value or ""
    latest: MeasurementInfo | None  # the latest measurement, None when never measured


@dataclass(frozen=True)
class EscalationInfo:
    id: uuid.UUID
    status: str  # an EscalationStatus value
    service: str
    statement: str  # the expectation escalated
    summary: str
    opened_at: dt.datetime
    due_on: dt.date


@dataclass(frozen=True)
class ActionInfo:
    id: uuid.UUID
    text: str
    owner: str
    due_on: dt.date | None
    source: str  # "Meeting of 2026-10-02" or "Interview of 2026-09-12"


@dataclass(frozen=True)
class Preparation:
    """Everything the preparation view shows and the preparation sheet prints."""

    interview: InterviewInfo
    contacts: tuple[ContactInfo, ...]
    expectations: tuple[ExpectationInfo, ...]
    escalations: tuple[EscalationInfo, ...]
    action_items: tuple[ActionInfo, ...]
    last_meetings: tuple[NotesInfo, ...]  # latest first
    last_interviews: tuple[NotesInfo, ...]  # latest first, this one excluded
    script: tuple[SectionInfo, ...]


def _interview_info(session: Session, interview: Interview) -> InterviewInfo:
    rm = session.get(Staff, interview.rm_id) if interview.rm_id else None
    unit = session.get(BusinessUnit, interview.unit_id) if interview.unit_id else None
    script, number = "", 0
    if interview.script_version_id is not None:
        row = session.execute(
            select(Script.name, ScriptVersion.number)
            .join(Script, Script.id == ScriptVersion.script_id)
            .where(ScriptVersion.id == interview.script_version_id)
        ).one()
        script, number = row
    return InterviewInfo(
        interview.id,
        interview.version,
        interview.status.value,
        interview.scheduled_at,
        interview.duration_minutes,
        interview.location,
        interview.rm_id,
        rm.name if rm else "",
        interview.unit_id,
        unit.name if unit else "",
        script,
        number,
    )


def _contacts(session: Session, interview_id: uuid.UUID) -> tuple[ContactInfo, ...]:
    rows = session.execute(
        select(Contact, func.coalesce(BusinessUnit.name, ""))
        .join(interview_contacts, interview_contacts.c.contact_id == Contact.id)
        .outerjoin(BusinessUnit, BusinessUnit.id == Contact.unit_id)
        .where(interview_contacts.c.interview_id == interview_id)
        .order_by(Contact.name)
    ).all()
    found = []
    for contact, unit in rows:
        latest = next(iter(assessment_rows(session, contact.id)), None)
        assessment = (
            None
            if latest is None
            else AssessmentInfo(
                latest.assessed_on,
                latest.assessor,
                latest.is_key,
                latest.reason,
                tuple(a.name for a in latest.answers if a.met),
                latest.unreasonable,
            )
        )
        found.append(
            ContactInfo(
                contact.id,
                contact.name,
                contact.title,
                contact.unit_id,
                unit,
                contact.email,
                contact.phone,
                contact.is_key,
                assessment,
            )
        )
    return tuple(found)


def _latest_measurements(
    session: Session, expectation_ids: list[uuid.UUID]
) -> dict[uuid.UUID, MeasurementInfo]:
    latest = (
        select(Measurement.expectation_id, func.max(Measurement.period).label("period"))
        .where(Measurement.expectation_id.in_(expectation_ids))
        .group_by(Measurement.expectation_id)
        .subquery()
    )
    rows = session.execute(
        select(
            Measurement.expectation_id,
            Measurement.period,
            Measurement.value,
            Measurement.target,
            Measurement.target_unit,
            Measurement.met,
        ).join(
            latest,
            (latest.c.expectation_id == Measurement.expectation_id)
            & (latest.c.period == Measurement.period),
        )
    )
    return {row[0]: MeasurementInfo(*row[1:]) for row in rows}


def _expectations(session: Session, unit_ids: list[uuid.UUID]) -> tuple[ExpectationInfo, ...]:
    rows = session.execute(
        select(Expectation, BusinessUnit.name, Service.name, func.coalesce(Contact.name, ""))
        .join(BusinessUnit, BusinessUnit.id == Expectation.unit_id)
        .join(Service, Service.id == Expectation.service_id)
        .outerjoin(Contact, Contact.id == Expectation.contact_id)
        .where(
            Expectation.unit_id.in_(unit_ids),
            Expectation.status != ExpectationStatus.WITHDRAWN,
        )
        .order_by(BusinessUnit.name, Service.name, Expectation.created_at)
    ).all()
    measured = _latest_measurements(session, [e.id for e, *_ in rows])
    return tuple(
        ExpectationInfo(
            e.id,
            unit,
            service,
            contact,
            e.statement,
            e.status.value,
            e.target,
            e.target_unit,
            e.frequency.value if e.frequency else "",
            measured.get(e.id),
        )
        for e, unit, service, contact in rows
    )


def _escalations(session: Session, unit_ids: list[uuid.UUID]) -> tuple[EscalationInfo, ...]:
    rows = session.execute(
        select(
            Escalation.id,
            Escalation.status,
            Service.name,
            Expectation.statement,
            Escalation.summary,
            Escalation.opened_at,
            Escalation.due_on,
        )
        .join(Expectation, Expectation.id == Escalation.expectation_id)
        .join(Service, Service.id == Expectation.service_id)
        .where(Expectation.unit_id.in_(unit_ids), Escalation.status.in_(OPEN_ESCALATION))
        .order_by(Escalation.opened_at)
    )
    return tuple(EscalationInfo(r[0], r[1].value, *r[2:]) for r in rows)


def _action_items(
    session: Session, unit_ids: list[uuid.UUID], contact_ids: list[uuid.UUID]
) -> tuple[ActionInfo, ...]:
    """Open action items of the units' meetings, of earlier interviews with these contacts
    or units, and those the contacts own."""
    owner_staff, owner_contact = aliased(Staff), aliased(Contact)
    with_them = select(interview_contacts.c.interview_id).where(
        interview_contacts.c.contact_id.in_(contact_ids)
    )
    rows = session.execute(
        select(
            ActionItem.id,
            ActionItem.text,
            func.coalesce(owner_staff.name, owner_contact.name, ""),
            ActionItem.due_on,
            Meeting.held_at,
            Interview.scheduled_at,
        )
        .outerjoin(owner_staff, owner_staff.id == ActionItem.owner_staff_id)
        .outerjoin(owner_contact, owner_contact.id == ActionItem.owner_contact_id)
        .outerjoin(Meeting, Meeting.id == ActionItem.meeting_id)
        .outerjoin(Interview, Interview.id == ActionItem.interview_id)
        .where(
            ActionItem.done_at.is_(None),
            or_(
                Meeting.unit_id.in_(unit_ids),
                Interview.unit_id.in_(unit_ids),
                Interview.id.in_(with_them),
                ActionItem.owner_contact_id.in_(contact_ids),
            ),
        )
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.created_at)
    )
    return tuple(
        ActionInfo(
            id_,
            text,
            owner,
            due,
            f"Meeting of {met:%Y-%m-%d}"
            if met is not None
            else f"Interview of {held:%Y-%m-%d}"
            if held is not None
            else "",
        )
        for id_, text, owner, due, met, held in rows
    )


def prepare(session: Session, interview_id: uuid.UUID) -> Preparation:
    """Everything to read before interview ``interview_id``, as plain values."""
    interview = get(session, Interview, interview_id, "interview")
    contacts = _contacts(session, interview.id)
    contact_ids = [c.id for c in contacts]
    unit_ids = list(
        dict.fromkeys(
            u for u in [interview.unit_id, *(c.unit_id for c in contacts)] if u is not None
        )
    )
    script = (
        script_outline(session, interview.script_version_id)
        if interview.script_version_id is not None
        else ()
    )
    return Preparation(
        interview=_interview_info(session, interview),
        contacts=contacts,
        expectations=_expectations(session, unit_ids),
        escalations=_escalations(session, unit_ids),
        action_items=_action_items(session, unit_ids, contact_ids),
        last_meetings=meeting_notes(session, unit_ids),
        last_interviews=interview_notes(session, interview.id, unit_ids, contact_ids),
        script=script,
    )
