"""Gathering the review pack of one unit and a period, in one session, into plain data
(:mod:`relman.reports.review_pack` prints it).

Reuses the workflows where they answer the question (the unit's portfolio, the key
customers' assessments, an expectation's trend, the satisfaction trend, the priority
quadrant); the lists bounded by the period come from :mod:`relman.workflows.unit_history`,
one query each, so the busiest unit is gathered in well under a second.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relman.errors import NotFoundError
from relman.models import BusinessUnit, Contact, Expectation, ExpectationStatus, Service
from relman.workflows import common
from relman.workflows.assessments import assessment_rows
from relman.workflows.measurements import period_start, trend
from relman.workflows.portfolio import UnitDetail, unit_detail
from relman.workflows.report_progress import Progress, check_cancel, gathering
from relman.workflows.satisfaction_views import (
    RatedIssue,
    quadrant_points,
    quarter_of,
    survey_trend,
)
from relman.workflows.unit_history import (
    ActionLine,
    EscalationLine,
    InterviewLine,
    MeetingLine,
    Miss,
    Period,
    num,
    period,
    target_text,
    unit_actions,
    unit_escalations,
    unit_interviews,
    unit_meetings,
    unit_misses,
)


@dataclass(frozen=True)
class KeyCustomer:
    name: str
    title: str
    assessed_on: dt.date | None
    assessor: str
    verdict: str


@dataclass(frozen=True)
class ExpectationLine:
    service: str
    customer: str
    statement: str
    status: str
    target: str
    frequency: str
    latest: str  # "99.1 % (2026-10)" or ""
    met: bool | None
    trend: str


@dataclass(frozen=True)
class ReviewData:
    unit: UnitDetail
    period: Period
    made_on: dt.date
    key_customers: list[KeyCustomer]
    expectations: list[ExpectationLine]
    misses: list[Miss]
    escalations: list[EscalationLine]
    interviews: list[InterviewLine]
    meetings: list[MeetingLine]
    open_actions: list[ActionLine]
    closed_actions: list[ActionLine]
    satisfaction: list[tuple[str, float]]  # (quarter, overall), oldest first
    quadrant_quarter: str
    issues: list[RatedIssue]


def named(session: Session, id_column: Any, name_column: Any, name: str) -> uuid.UUID | None:
    """The id of the row whose name is ``name`` in any case. Compared in Python: SQLite's
    ``lower()`` knows only ASCII, and names are Cyrillic or Greek too."""
    wanted = name.strip().casefold()
    for row_id, row_name in session.execute(select(id_column, name_column)):
        if row_name.casefold() == wanted:
            return row_id
    return None


def find_unit(session: Session, name: str) -> uuid.UUID:
    """The unit named ``name`` (any case), else a message naming what was asked."""
    found = named(session, BusinessUnit.id, BusinessUnit.name, name)
    if found is None:
        raise NotFoundError(f"No business unit is named “{name.strip()}”; check the spelling.")
    return found


def _key_customers(session: Session, unit_id: uuid.UUID) -> list[KeyCustomer]:
    result = []
    for cid, name, title in session.execute(
        select(Contact.id, Contact.name, Contact.title)
        .where(Contact.unit_id == unit_id, Contact.is_key, Contact.archived_at.is_(None))
        .order_by(Contact.name)
    ):
        latest = next(iter(assessment_rows(session, cid)), None)
        if latest is None:
            result.append(KeyCustomer(name, title, None, "", "Not assessed yet."))
        else:
            result.append(
                KeyCustomer(name, title, latest.assessed_on, latest.assessor, latest.reason)
            )
    return result


def _expectations(session: Session, unit_id: uuid.UUID, until: dt.date) -> list[ExpectationLine]:
    rows = session.execute(
        select(Expectation, Service.name, func.coalesce(Contact.name, ""))
        .join(Service, Service.id == Expectation.service_id)
        .outerjoin(Contact, Contact.id == Expectation.contact_id)
        .where(
            Expectation.unit_id == unit_id,
            Expectation.status != ExpectationStatus.WITHDRAWN,
        )
        .order_by(Service.name, Expectation.statement)
    ).all()
    lines = []
    for exp, service, customer in rows:
        series = trend(session, exp.id)
        points = [p for p in series.points if period_start(p.period) <= until]
        last = points[-1] if points else None
        lines.append(
            ExpectationLine(
                service,
                customer,
                exp.statement,
                exp.status.value.replace("_", " "),
                target_text(exp.target, exp.target_unit, exp.direction),
                exp.frequency.value if exp.frequency else "",
                f"{num(last.value)} {last.target_unit} ({last.period})".replace("  ", " ")
                if last
                else "",
                last.met if last else None,
                series.direction,
            )
        )
    return lines


def gather_review_pack(
    session: Session,
    unit: str | uuid.UUID,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ReviewData:
    """Everything the review pack of ``unit`` (its id, or its name in any case) over
    ``start``–``end`` (default: the last three months) shows."""
    unit_id = unit if isinstance(unit, uuid.UUID) else find_unit(session, unit)
    span = period(start, end)
    steps = iter(range(10))
    report = gathering(progress, 10)

    def step(what: str) -> None:
        check_cancel(cancelled)
        report(next(steps), f"Gathering the {what}")

    step("portfolio")
    unit = unit_detail(session, unit_id)
    step("key customers")
    key_customers = _key_customers(session, unit_id)
    step("expectations")
    expectations = _expectations(session, unit_id, span.end)
    step("misses")
    misses = unit_misses(session, unit_id, span)
    step("escalations")
    escalations = unit_escalations(session, unit_id, span)
    step("interviews")
    interviews = unit_interviews(session, unit_id, span)
    step("meetings")
    meetings = unit_meetings(session, unit_id, span)
    step("action items")
    open_actions, closed_actions = unit_actions(session, unit_id, span)
    step("satisfaction surveys")
    last_quarter = quarter_of(span.end)
    surveys = survey_trend(session, unit_id).points
    step("support issues")
    issues = quadrant_points(session, unit_id, last_quarter)
    return ReviewData(
        unit=unit,
        period=span,
        made_on=common.today(),
        key_customers=key_customers,
        expectations=expectations,
        misses=misses,
        escalations=escalations,
        interviews=interviews,
        meetings=meetings,
        open_actions=open_actions,
        closed_actions=closed_actions,
        satisfaction=[(p.quarter, p.overall) for p in surveys if p.quarter <= last_quarter],
        quadrant_quarter=last_quarter,
        issues=issues,
    )
