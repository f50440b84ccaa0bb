"""What the satisfaction page and the review pack show: a unit's survey trend against its
baseline, its support issues in the priority quadrant as of a quarter, and how issues moved
between quadrants since the quarter before. The window's charts and the PDF's charts draw
from these same functions, so both always agree.

Quadrant boundaries: importance and satisfaction are rated 1–5; a 4 or a 5 counts as high,
a 3 or lower as low (an average rating is neither important nor satisfied), so the split runs
between 3 and 4 on both axes (:func:`relman.models.quadrant`). An issue stands in a quarter
by its latest rating up to that quarter; an issue not rated again keeps its place.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relman.models import (
    BusinessUnit,
    Quadrant,
    Service,
    SupportIssue,
    SupportIssueRating,
    Survey,
    SurveyQuestion,
    SurveyScore,
    quadrant,
    unit_rms,
)
from relman.workflows.common import clean_period, get, today


def quarter_of(day: dt.date) -> str:
    """The quarter a day falls in, written 2026-Q3."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def previous_quarter(quarter: str) -> str:
    """The quarter before ``quarter`` (2026-Q1 → 2025-Q4)."""
    year, part = int(quarter[:4]), int(quarter[-1])
    return f"{year - 1}-Q4" if part == 1 else f"{year}-Q{part - 1}"


# -- the priority quadrant ----------------------------------------------------------------


@dataclass(frozen=True)
class RatedIssue:
    """An issue as rated in a quarter (its latest rating at or before the quarter asked)."""

    id: uuid.UUID
    title: str
    quarter: str
    importance: int
    satisfaction: int
    quadrant: Quadrant


def quadrant_points(session: Session, unit_id: uuid.UUID, quarter: str) -> list[RatedIssue]:
    """The unit's support issues as they stood in ``quarter``: each by its latest rating up
    to that quarter; issues first rated later are left out. Most important first, then
    least satisfied, then by title: the points of the quadrant chart."""
    unit = get(session, BusinessUnit, unit_id, "business unit")
    return _standing(session, unit.id, _quarter(quarter))


def _quarter(quarter: str) -> str:
    return clean_period("quarter", quarter, "quarterly", "The priority quadrant")


def _standing(session: Session, unit_id: uuid.UUID, quarter: str) -> list[RatedIssue]:
    latest = (
        select(
            SupportIssueRating.issue_id,
            func.max(SupportIssueRating.quarter).label("quarter"),
        )
        .join(SupportIssue, SupportIssue.id == SupportIssueRating.issue_id)
        .where(SupportIssue.unit_id == unit_id, SupportIssueRating.quarter <= quarter)
        .group_by(SupportIssueRating.issue_id)
        .subquery()
    )
    rows = session.execute(
        select(
            SupportIssue.id,
            SupportIssue.title,
            SupportIssueRating.quarter,
            SupportIssueRating.importance,
            SupportIssueRating.satisfaction,
        )
        .join(SupportIssueRating, SupportIssueRating.issue_id == SupportIssue.id)
        .join(
            latest,
            (latest.c.issue_id == SupportIssueRating.issue_id)
            & (latest.c.quarter == SupportIssueRating.quarter),
        )
        .order_by(
            SupportIssueRating.importance.desc(),
            SupportIssueRating.satisfaction,
            SupportIssue.title,
        )
    )
    return [
        RatedIssue(id_, title, rated, imp, sat, quadrant(imp, sat))
        for id_, title, rated, imp, sat in rows
    ]


def priority_quadrants(
    session: Session, unit_id: uuid.UUID, quarter: str
) -> dict[Quadrant, list[RatedIssue]]:
    """:func:`quadrant_points` grouped by quadrant (every quadrant present, maybe empty)."""
    result: dict[Quadrant, list[RatedIssue]] = {q: [] for q in Quadrant}
    for issue in quadrant_points(session, unit_id, quarter):
        result[issue.quadrant].append(issue)
    return result


@dataclass(frozen=True)
class QuadrantMove:
    """An issue whose quadrant in a quarter differs from the quarter before."""

    id: uuid.UUID
    title: str
    moved_from: Quadrant | None  # None: first rated in this quarter
    moved_to: Quadrant


def quadrant_moves(session: Session, unit_id: uuid.UUID, quarter: str) -> list[QuadrantMove]:
    """The unit's issues that changed quadrant since the quarter before ``quarter`` (and
    those first rated in it), in the order of :func:`quadrant_points`."""
    now = quadrant_points(session, unit_id, quarter)
    earlier = previous_quarter(_quarter(quarter))
    before = {i.id: i.quadrant for i in _standing(session, unit_id, earlier)}
    return [
        QuadrantMove(i.id, i.title, before.get(i.id), i.quadrant)
        for i in now
        if before.get(i.id) is not i.quadrant
    ]


@dataclass(frozen=True)
class Movement:
    """One quarter's rating of an issue and where it moved from."""

    quarter: str
    importance: int
    satisfaction: int
    quadrant: Quadrant
    moved_from: Quadrant | None  # None: first rating, or the same quadrant as before


def issue_movement(session: Session, issue_id: uuid.UUID) -> list[Movement]:
    """An issue's ratings quarter by quarter, saying when it moved between quadrants."""
    issue = get(session, SupportIssue, issue_id, "support issue")
    rows = session.execute(
        select(
            SupportIssueRating.quarter,
            SupportIssueRating.importance,
            SupportIssueRating.satisfaction,
        )
        .where(SupportIssueRating.issue_id == issue.id)
        .order_by(SupportIssueRating.quarter)
    )
    moves: list[Movement] = []
    for when, imp, sat in rows:
        now = quadrant(imp, sat)
        before = moves[-1].quadrant if moves else None
        moves.append(Movement(when, imp, sat, now, before if before not in (None, now) else None))
    return moves


# -- the survey trend ---------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    """A quarter's survey against the baseline (the unit's first survey) and the one before."""

    quarter: str
    overall: float
    respondents: int
    vs_baseline: float
    vs_previous: float | None
    #: Per question of the list: the score, and its change since the baseline (None when
    #: the baseline did not ask it).
    scores: dict[str, tuple[float, float | None]]
    survey_id: uuid.UUID


@dataclass(frozen=True)
class SurveyTrend:
    unit_id: uuid.UUID
    baseline: TrendPoint | None
    points: list[TrendPoint]  # every survey, the baseline first: the trend chart's points


def survey_trend(session: Session, unit_id: uuid.UUID) -> SurveyTrend:
    """The unit's surveys in order of quarter; the first is the baseline and every later one
    is compared with it and with the one before."""
    unit = get(session, BusinessUnit, unit_id, "business unit")
    surveys = session.execute(
        select(Survey.id, Survey.quarter, Survey.overall, Survey.respondents)
        .where(Survey.unit_id == unit.id)
        .order_by(Survey.quarter)
    ).all()
    by_survey: dict[uuid.UUID, dict[str, float]] = {s.id: {} for s in surveys}
    if surveys:
        for survey_id, name, score in session.execute(
            select(SurveyScore.survey_id, SurveyQuestion.name, SurveyScore.score)
            .join(SurveyQuestion, SurveyQuestion.id == SurveyScore.question_id)
            .where(SurveyScore.survey_id.in_(by_survey))
            .order_by(SurveyQuestion.position, SurveyQuestion.name)
        ):
            by_survey[survey_id][name] = score
    points: list[TrendPoint] = []
    base_scores = by_survey[surveys[0].id] if surveys else {}
    for id_, when, overall, respondents in surveys:
        base = points[0].overall if points else overall
        points.append(
            TrendPoint(
                when,
                overall,
                respondents,
                round(overall - base, 2),
                round(overall - points[-1].overall, 2) if points else None,
                {
                    name: (
                        score,
                        round(score - base_scores[name], 2) if name in base_scores else None,
                    )
                    for name, score in by_survey[id_].items()
                },
                id_,
            )
        )
    return SurveyTrend(unit.id, points[0] if points else None, points)


# -- what the page opens ------------------------------------------------------------------


@dataclass(frozen=True)
class UnitChoice:
    id: uuid.UUID
    name: str
    mine: bool  # one of the units the person working looks after


def unit_choices(session: Session, me: uuid.UUID | None) -> list[UnitChoice]:
    """The units that are not archived, the ones ``me`` looks after first, then by name."""
    mine = (
        set(session.scalars(select(unit_rms.c.unit_id).where(unit_rms.c.staff_id == me)))
        if me is not None
        else set()
    )
    rows = session.execute(
        select(BusinessUnit.id, BusinessUnit.name).where(BusinessUnit.archived_at.is_(None))
    )
    found = [UnitChoice(id_, name, id_ in mine) for id_, name in rows]
    return sorted(found, key=lambda u: (not u.mine, u.name.casefold()))


@dataclass(frozen=True)
class UnitSatisfaction:
    """Everything the page shows for a unit: the trend, and the quadrant as of ``quarter``."""

    unit_id: uuid.UUID
    unit_name: str
    trend: SurveyTrend
    #: quarters with a survey or a rating, this one and the one asked; latest first
    quarters: list[str]
    quarter: str
    points: list[RatedIssue]
    moves: list[QuadrantMove]


def unit_satisfaction(
    session: Session, unit_id: uuid.UUID, quarter: str | None = None
) -> UnitSatisfaction:
    """A unit's satisfaction at a glance; the quadrant as of ``quarter`` (default: the latest
    quarter with a rating, else this one)."""
    unit = get(session, BusinessUnit, unit_id, "business unit")
    rated = set(
        session.scalars(
            select(SupportIssueRating.quarter)
            .join(SupportIssue, SupportIssue.id == SupportIssueRating.issue_id)
            .where(SupportIssue.unit_id == unit.id)
        )
    )
    surveyed = set(session.scalars(select(Survey.quarter).where(Survey.unit_id == unit.id)))
    this = quarter_of(today())
    if quarter is None:
        quarter = max(rated) if rated else this
    quarter = _quarter(quarter)
    quarters = sorted(rated | surveyed | {this, quarter}, reverse=True)
    return UnitSatisfaction(
        unit.id,
        unit.name,
        survey_trend(session, unit.id),
        quarters,
        quarter,
        quadrant_points(session, unit.id, quarter),
        quadrant_moves(session, unit.id, quarter),
    )


@dataclass(frozen=True)
class SurveyAnswer:
    question: str
    score: float
    follow_up: str


@dataclass(frozen=True)
class SurveyDetail:
    id: uuid.UUID
    unit_id: uuid.UUID
    unit_name: str
    quarter: str
    overall: float
    respondents: int
    comments: str
    answers: list[SurveyAnswer]  # in the order of the survey's list


def survey_detail(session: Session, survey_id: uuid.UUID) -> SurveyDetail:
    survey = get(session, Survey, survey_id, "survey")
    unit = get(session, BusinessUnit, survey.unit_id, "business unit")
    answers = [
        SurveyAnswer(*row)
        for row in session.execute(
            select(SurveyQuestion.name, SurveyScore.score, SurveyScore.follow_up)
            .join(SurveyQuestion, SurveyQuestion.id == SurveyScore.question_id)
            .where(SurveyScore.survey_id == survey.id)
            .order_by(SurveyQuestion.position, SurveyQuestion.name)
        )
    ]
    return SurveyDetail(
        survey.id,
        unit.id,
        unit.name,
        survey.quarter,
        survey.overall,
        survey.respondents,
        survey.comments,
        answers,
    )


@dataclass(frozen=True)
class IssueDetail:
    id: uuid.UUID
    unit_id: uuid.UUID
    unit_name: str
    title: str
    description: str
    service: str
    importance: int
    satisfaction: int
    quadrant: Quadrant
    ratings: list[Movement]  # quarter by quarter
    version: int = 0  # the issue's, as read: what a rating from the form is based on


def issue_detail(session: Session, issue_id: uuid.UUID) -> IssueDetail:
    issue = get(session, SupportIssue, issue_id, "support issue")
    unit = get(session, BusinessUnit, issue.unit_id, "business unit")
    service = session.get(Service, issue.service_id) if issue.service_id else None
    return IssueDetail(
        issue.id,
        unit.id,
        unit.name,
        issue.title,
        issue.description,
        service.name if service else "",
        issue.importance,
        issue.satisfaction,
        issue.quadrant,
        issue_movement(session, issue.id),
        issue.version,
    )
