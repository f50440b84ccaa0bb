"""What the interview screens read: the interviews list with its filters, the choices for
planning one, the state interview mode opens (or resumes) with, the interviews broken off,
and the summary shown when an interview finishes. Plain values only."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Subquery, func, select
from sqlalchemy.orm import Session

from relman.models import (
    ActionItem,
    BusinessUnit,
    Contact,
    Expectation,
    Interview,
    InterviewStatus,
    Script,
    ScriptVersion,
    Service,
    Staff,
    interview_contacts,
)
from relman.workflows.common import get
from relman.workflows.interview_script import SectionInfo, script_outline
from relman.workflows.interviews import answers_of, hidden_answers_of


@dataclass(frozen=True)
class InterviewListRow:
    id: uuid.UUID
    scheduled_at: dt.datetime
    status: InterviewStatus
    contacts: str  # "Ana Silva, Ben Okafor"
    unit: str
    rm: str
    location: str
    script: str


def contact_names(
    session: Session, interview_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, list[str]]:
    """The names of each interview's contacts, alphabetically (an empty list for none)."""
    names: dict[uuid.UUID, list[str]] = {iid: [] for iid in interview_ids}
    if names:
        for iid, name in session.execute(
            select(interview_contacts.c.interview_id, Contact.name)
            .join(Contact, Contact.id == interview_contacts.c.contact_id)
            .where(interview_contacts.c.interview_id.in_(names))
            .order_by(Contact.name)
        ):
            names[iid].append(name)
    return names


def _names_by_interview() -> Subquery:
    """A subquery: each interview's contacts' names, joined by commas."""
    return (
        select(
            interview_contacts.c.interview_id,
            func.aggregate_strings(Contact.name, ", ").label("names"),
        )
        .join(Contact, Contact.id == interview_contacts.c.contact_id)
        .group_by(interview_contacts.c.interview_id)
        .subquery()
    )


def interview_rows(
    session: Session,
    *,
    statuses: Collection[InterviewStatus] = (),
    rm_id: uuid.UUID | None = None,
    unit_id: uuid.UUID | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[InterviewListRow]:
    """Interviews, latest first, filtered by status (none given: all), RM, unit and a range
    of days (``start`` and ``end`` included, in UTC)."""
    names = _names_by_interview()
    query = (
        select(
            Interview.id,
            Interview.scheduled_at,
            Interview.status,
            func.coalesce(names.c.names, ""),
            func.coalesce(BusinessUnit.name, ""),
            func.coalesce(Staff.name, ""),
            Interview.location,
            func.coalesce(Script.name, ""),
        )
        .outerjoin(names, names.c.interview_id == Interview.id)
        .outerjoin(BusinessUnit, BusinessUnit.id == Interview.unit_id)
        .outerjoin(Staff, Staff.id == Interview.rm_id)
        .outerjoin(ScriptVersion, ScriptVersion.id == Interview.script_version_id)
        .outerjoin(Script, Script.id == ScriptVersion.script_id)
        .order_by(Interview.scheduled_at.desc())
    )
    if statuses:
        query = query.where(Interview.status.in_(list(statuses)))
    if rm_id is not None:
        query = query.where(Interview.rm_id == rm_id)
    if unit_id is not None:
        query = query.where(Interview.unit_id == unit_id)
    if start is not None:
        query = query.where(Interview.scheduled_at >= _midnight(start))
    if end is not None:
        query = query.where(Interview.scheduled_at < _midnight(end + dt.timedelta(days=1)))
    return [InterviewListRow(*row) for row in session.execute(query)]


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


@dataclass(frozen=True)
class Choice:
    id: uuid.UUID
    name: str
    unit_id: uuid.UUID | None = None  # a contact's unit


@dataclass(frozen=True)
class ScheduleChoices:
    """What the planning form offers: contacts (with their unit), RMs, units, scripts."""

    contacts: tuple[Choice, ...]
    staff: tuple[Choice, ...]
    units: tuple[Choice, ...]
    scripts: tuple[Choice, ...]


def schedule_choices(session: Session) -> ScheduleChoices:
    def pick(*columns: Any, where: ColumnElement[bool]) -> tuple[Choice, ...]:
        query = select(*columns).where(where).order_by(columns[1])
        return tuple(Choice(*row) for row in session.execute(query))

    return ScheduleChoices(
        contacts=pick(
            Contact.id, Contact.name, Contact.unit_id, where=Contact.archived_at.is_(None)
        ),
        staff=pick(Staff.id, Staff.name, where=Staff.archived_at.is_(None)),
        units=pick(BusinessUnit.id, BusinessUnit.name, where=BusinessUnit.archived_at.is_(None)),
        scripts=pick(Script.id, Script.name, where=Script.archived.is_(False)),
    )


@dataclass(frozen=True)
class InterviewState:
    """What interview mode opens with: the script, the answers and notes saved so far, and
    the question that was on screen (None: the first)."""

    id: uuid.UUID
    status: InterviewStatus
    title: str  # "Interview with Ana Silva (Sales)"
    unit_id: uuid.UUID | None
    contacts: tuple[Choice, ...]  # the people interviewed, with their unit
    started_at: dt.datetime | None
    script: tuple[SectionInfo, ...]
    answers: dict[uuid.UUID, str]  # only those to questions still asked
    hidden: dict[uuid.UUID, str]  # kept for questions no longer asked
    notes: str
    current_question_id: uuid.UUID | None


def _contacts_of(session: Session, interview_id: uuid.UUID) -> tuple[Choice, ...]:
    rows = session.execute(
        select(Contact.id, Contact.name, Contact.unit_id)
        .join(interview_contacts, interview_contacts.c.contact_id == Contact.id)
        .where(interview_contacts.c.interview_id == interview_id)
        .order_by(Contact.name)
    )
    return tuple(Choice(*row) for row in rows)


def interview_state(session: Session, interview_id: uuid.UUID) -> InterviewState:
    interview = get(session, Interview, interview_id, "interview")
    people = _contacts_of(session, interview.id)
    unit = session.get(BusinessUnit, interview.unit_id) if interview.unit_id else None
    title = "Interview with " + (", ".join(p.name for p in people) or "nobody")
    if unit is not None:
        title += f" ({unit.name})"
    return InterviewState(
        interview.id,
        interview.status,
        title,
        interview.unit_id,
        people,
        interview.started_at,
        script_outline(session, interview.script_version_id) if interview.script_version_id else (),
        answers_of(session, interview.id),
        hidden_answers_of(session, interview.id),
        interview.notes,
        interview.current_question_id,
    )


def broken_off(session: Session, by: uuid.UUID | None) -> list[InterviewListRow]:
    """Interviews still in progress that ``by`` started (anyone's when None), oldest first:
    an interview is in progress only while interview mode is open, so these were cut short
    (relman closed or the computer stopped) and can be resumed."""
    query = select(Interview.id).where(Interview.status == InterviewStatus.IN_PROGRESS)
    if by is not None:
        query = query.where(Interview.started_by_id == by)
    ids = set(session.scalars(query))
    rows = interview_rows(session, statuses=[InterviewStatus.IN_PROGRESS])
    return sorted((r for r in rows if r.id in ids), key=lambda r: r.scheduled_at)


@dataclass(frozen=True)
class CapturedExpectation:
    id: uuid.UUID
    service: str
    statement: str
    status: str  # an ExpectationStatus value


@dataclass(frozen=True)
class CapturedAction:
    id: uuid.UUID
    text: str
    owner: str
    due_on: dt.date | None


@dataclass(frozen=True)
class InterviewSummary:
    """What an interview produced: the answers in script order (question, answer), the
    expectations captured in it with their state now, and its action items."""

    answers: tuple[tuple[str, str], ...]
    expectations: tuple[CapturedExpectation, ...]
    action_items: tuple[CapturedAction, ...]


def interview_summary(session: Session, interview_id: uuid.UUID) -> InterviewSummary:
    state = interview_state(session, interview_id)
    given = state.answers
    answered = tuple(
        (q.text, given[q.id])
        for section in state.script
        for q in section.questions
        if given.get(q.id, "").strip()
    )
    expectations = session.execute(
        select(Expectation.id, Service.name, Expectation.statement, Expectation.status)
        .join(Service, Service.id == Expectation.service_id)
        .where(Expectation.interview_id == interview_id)
        .order_by(Expectation.created_at)
    )
    owner = func.coalesce(Staff.name, Contact.name, "")
    actions = session.execute(
        select(ActionItem.id, ActionItem.text, owner, ActionItem.due_on)
        .outerjoin(Staff, Staff.id == ActionItem.owner_staff_id)
        .outerjoin(Contact, Contact.id == ActionItem.owner_contact_id)
        .where(ActionItem.interview_id == interview_id)
        .order_by(ActionItem.created_at)
    )
    return InterviewSummary(
        answered,
        tuple(CapturedExpectation(i, s, t, st.value) for i, s, t, st in expectations),
        tuple(CapturedAction(*row) for row in actions),
    )
