"""What each printed report can be asked for, for the window's Reports page: the units (review
pack), the managers who take up escalations (escalation summary) and the interviews still
to hold (preparation sheet)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from relman.models import (
    BusinessUnit,
    Escalation,
    Interview,
    InterviewStatus,
    Staff,
    StaffRole,
)
from relman.workflows import common
from relman.workflows.interview_queries import contact_names

#: interviews offered on the page: the next ones to hold, a few days late included
INTERVIEWS_SHOWN = 200
LATE_DAYS = 7


@dataclass(frozen=True)
class Option:
    id: uuid.UUID
    label: str


@dataclass(frozen=True)
class ReportChoices:
    units: list[Option]
    managers: list[Option]
    interviews: list[Option]


def report_choices(session: Session) -> ReportChoices:
    units = session.execute(
        select(BusinessUnit.id, BusinessUnit.name)
        .where(BusinessUnit.archived_at.is_(None))
        .order_by(BusinessUnit.name)
    ).all()
    taken_up = select(Escalation.rm_manager_id).where(Escalation.rm_manager_id.is_not(None))
    managers = session.execute(
        select(Staff.id, Staff.name)
        .where(or_(Staff.id.in_(taken_up), Staff.role == StaffRole.MANAGER))
        .order_by(Staff.name)
    ).all()
    since = common.now() - dt.timedelta(days=LATE_DAYS)
    found = session.execute(
        select(Interview.id, Interview.scheduled_at, BusinessUnit.name)
        .outerjoin(BusinessUnit, BusinessUnit.id == Interview.unit_id)
        .where(
            Interview.status.in_((InterviewStatus.PLANNED, InterviewStatus.IN_PROGRESS)),
            Interview.scheduled_at >= since,
        )
        .order_by(Interview.scheduled_at)
        .limit(INTERVIEWS_SHOWN)
    ).all()
    people = contact_names(session, [row.id for row in found])
    return ReportChoices(
        units=[Option(i, n) for i, n in units],
        managers=[Option(i, n) for i, n in managers],
        interviews=[
            Option(
                row.id,
                f"{row.scheduled_at.astimezone():%Y-%m-%d %H:%M} · "
                f"{', '.join(people[row.id]) or 'no one named'} · {row.name or 'no unit'}",
            )
            for row in found
        ],
    )
