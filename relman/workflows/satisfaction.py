"""Quarterly satisfaction surveys and support issues rated for the priority quadrant.

Survey questions come from one list (:func:`survey_questions`): a score is recorded against
a question of the list, found whatever the case or spacing it is typed in, and an unknown
name is refused, so that a series never splits on spelling. A unit's first survey is its
baseline (:func:`survey_trend`). A support issue is rated at most once per quarter (a new
rating in the same quarter corrects it); the ratings are kept, so the quadrant can be shown
as of any quarter (:func:`priority_quadrants`) and an issue's movement between quadrants
followed (:func:`issue_movement`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relman.errors import ValidationError
from relman.models import (
    BusinessUnit,
    Quadrant,
    Service,
    Staff,
    SupportIssue,
    SupportIssueRating,
    Survey,
    SurveyQuestion,
    SurveyScore,
    quadrant,
)
from relman.workflows.common import (
    clean_date,
    clean_name,
    clean_period,
    clean_text,
    get,
    number,
    rating,
    today,
    whole,
)

#: More respondents than any business unit has people: a typing mistake.
MAX_RESPONDENTS = 1_000_000


# -- the list of survey questions ---------------------------------------------------------


def _normal(name: str) -> str:
    """A question's name as compared: case and spacing do not make another question."""
    return " ".join(name.split()).casefold()


def survey_questions(session: Session) -> list[SurveyQuestion]:
    """The survey's questions, in their order."""
    return list(
        session.scalars(
            select(SurveyQuestion).order_by(SurveyQuestion.position, SurveyQuestion.name)
        )
    )


def add_survey_question(session: Session, name: str) -> SurveyQuestion:
    """Add a question to the survey's list (at its end)."""
    text = " ".join(clean_name("name", name, "The question", SurveyQuestion.name).split())
    wanted = _normal(text)
    for question in survey_questions(session):
        if _normal(question.name) == wanted:
            raise ValidationError("name", f"“{question.name}” is already on the survey's list.")
    last = session.scalar(select(func.max(SurveyQuestion.position)))
    question = SurveyQuestion(name=text, position=0 if last is None else last + 1)
    session.add(question)
    session.flush()
    return question


def find_survey_question(session: Session, name: str) -> SurveyQuestion:
    """The question of the list called ``name`` (ignoring case and spacing), or a
    ValidationError that lists the questions there are."""
    text = clean_name("question", name, "A survey question", SurveyQuestion.name)
    known = survey_questions(session)
    for question in known:
        if _normal(question.name) == _normal(text):
            return question
    if not known:
        raise ValidationError(
            "question",
            f"“{text}” is not on the survey's list of questions, which is empty: "
            "add the survey's questions first.",
        )
    raise ValidationError(
        "question",
        f"“{text}” is not one of the survey's questions: "
        + "; ".join(q.name for q in known)
        + ". Pick one of them, or add the question to the list first.",
    )


def record_survey(
    session: Session,
    unit_id: uuid.UUID,
    quarter: str,
    scores: dict[str, float],
    *,
    respondents: int = 0,
    comments: str = "",
) -> Survey:
    """A unit's survey for a quarter: a score from 1 to 5 per question; overall is their mean."""
    unit = get(session, BusinessUnit, unit_id, "business unit")
    quarter = clean_period("quarter", quarter, "quarterly", "A satisfaction survey")
    if not scores:
        raise ValidationError("scores", "A survey needs at least one question's score.")
    if session.scalar(
        select(Survey.id).where(Survey.unit_id == unit.id, Survey.quarter == quarter)
    ):
        raise ValidationError("quarter", f"{unit.name} already has a survey for {quarter}.")
    respondents = whole(
        "respondents", respondents, "The number of respondents", low=0, high=MAX_RESPONDENTS
    )
    checked: dict[uuid.UUID, float] = {}
    for name, score in scores.items():
        question = find_survey_question(session, name)
        if question.id in checked:
            raise ValidationError(
                "question", f"“{question.name}” is asked twice; keep one score for it."
            )
        checked[question.id] = number(
            "score", score, f"The score of “{question.name}”", low=1, high=5
        )
    survey = Survey(
        unit_id=unit.id,
        quarter=quarter,
        respondents=respondents,
        overall=round(sum(checked.values()) / len(checked), 2),
        comments=clean_text("comments", comments, "Comments"),
    )
    survey.scores.extend(SurveyScore(question_id=q, score=v) for q, v in checked.items())
    session.add(survey)
    session.flush()
    return survey


def _rated_on(value: object) -> str:
    """The day the issue was rated, written 2026-03-01, or "" when not said."""
    if isinstance(value, dt.date):
        return clean_date("rated_on", value, "The rating date").isoformat()
    text = clean_name("rated_on", value, "The rating date", required=False)
    if not text:
        return ""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError("rated_on", "Write the rating date like 2026-03-01.") from None
    return clean_date("rated_on", day, "The rating date").isoformat()


def _quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _rating_quarter(quarter: str | None, rated_on: str) -> str:
    """The quarter a rating counts for: as given, else that of its date, else this one."""
    if quarter is None or not str(quarter).strip():
        day = dt.date.fromisoformat(rated_on) if rated_on else today()
        return _quarter_of(day)
    quarter = clean_period("quarter", quarter, "quarterly", "A support issue's rating")
    if rated_on and _quarter_of(dt.date.fromisoformat(rated_on)) != quarter:
        raise ValidationError(
            "rated_on", f"The rating date {rated_on} is not in {quarter}; correct one of them."
        )
    return quarter


def add_support_issue(
    session: Session,
    unit_id: uuid.UUID,
    title: str,
    *,
    importance: int | str,
    satisfaction: int | str,
    service_id: uuid.UUID | None = None,
    description: str = "",
    rated_on: str = "",
    quarter: str | None = None,
    by: uuid.UUID | None = None,
) -> SupportIssue:
    """A support issue with its first rating (in ``quarter``, or that of ``rated_on``)."""
    issue = SupportIssue(
        unit_id=get(session, BusinessUnit, unit_id, "business unit").id,
        title=clean_name("title", title, "The issue's title", SupportIssue.title),
        description=clean_text("description", description, "Description"),
    )
    if service_id is not None:
        issue.service_id = get(session, Service, service_id, "service").id
    _rate(session, issue, importance, satisfaction, quarter, rated_on, by)
    session.add(issue)
    session.flush()
    return issue


def rate_support_issue(
    session: Session,
    issue_id: uuid.UUID,
    *,
    importance: int | str,
    satisfaction: int | str,
    quarter: str | None = None,
    rated_on: str = "",
    by: uuid.UUID | None = None,
) -> SupportIssueRating:
    """Rate an issue for a quarter (default: that of ``rated_on``, else this one). Earlier
    quarters' ratings are kept; a second rating in the same quarter corrects the first."""
    issue = get(session, SupportIssue, issue_id, "support issue")
    return _rate(session, issue, importance, satisfaction, quarter, rated_on, by)


def _rate(
    session: Session,
    issue: SupportIssue,
    importance: int | str,
    satisfaction: int | str,
    quarter: str | None,
    rated_on: object,
    by: uuid.UUID | None,
) -> SupportIssueRating:
    imp = rating("importance", importance, "Importance")
    sat = rating("satisfaction", satisfaction, "Satisfaction")
    day = _rated_on(rated_on)
    when = _rating_quarter(quarter, day)
    rater = None if by is None else get(session, Staff, by, "staff member").id
    row = None
    if issue.id is not None:
        row = session.scalar(
            select(SupportIssueRating).where(
                SupportIssueRating.issue_id == issue.id, SupportIssueRating.quarter == when
            )
        )
    if row is None:
        row = SupportIssueRating(quarter=when)
        if issue.id is None:
            issue.ratings.append(row)
        else:
            row.issue_id = issue.id
            session.add(row)
    row.importance, row.satisfaction, row.rated_on, row.rated_by_id = imp, sat, day, rater
    latest = None
    if issue.id is not None:
        latest = session.scalar(
            select(func.max(SupportIssueRating.quarter)).where(
                SupportIssueRating.issue_id == issue.id
            )
        )
    if latest is None or when >= latest:
        issue.importance, issue.satisfaction, issue.rated_on = imp, sat, day
    session.flush()
    return row


# -- queries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RatedIssue:
    """An issue as rated in a quarter (its latest rating at or before the quarter asked)."""

    id: uuid.UUID
    title: str
    quarter: str
    importance: int
    satisfaction: int
    quadrant: Quadrant


def priority_quadrants(
    session: Session, unit_id: uuid.UUID, quarter: str
) -> dict[Quadrant, list[RatedIssue]]:
    """The unit's support issues in the four quadrants as they stood in ``quarter``: each by
    its latest rating up to that quarter (an issue not rated again keeps its last rating);
    issues first rated later are left out. Most important first, then least satisfied."""
    unit = get(session, BusinessUnit, unit_id, "business unit")
    quarter = clean_period("quarter", quarter, "quarterly", "The priority quadrant")
    latest = (
        select(
            SupportIssueRating.issue_id,
            func.max(SupportIssueRating.quarter).label("quarter"),
        )
        .join(SupportIssue, SupportIssue.id == SupportIssueRating.issue_id)
        .where(SupportIssue.unit_id == unit.id, SupportIssueRating.quarter <= quarter)
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
    result: dict[Quadrant, list[RatedIssue]] = {q: [] for q in Quadrant}
    for id_, title, rated, imp, sat in rows:
        result[quadrant(imp, sat)].append(
            RatedIssue(id_, title, rated, imp, sat, quadrant(imp, sat))
        )
    return result


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


@dataclass(frozen=True)
class SurveyTrend:
    unit_id: uuid.UUID
    baseline: TrendPoint | None
    points: list[TrendPoint]  # every survey, the baseline first


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
        ):
            by_survey[survey_id][name] = score
    points: list[TrendPoint] = []
    for id_, when, overall, respondents in surveys:
        base = points[0] if points else None
        base_scores = by_survey[surveys[0].id]
        points.append(
            TrendPoint(
                when,
                overall,
                respondents,
                round(overall - (base.overall if base else overall), 2),
                round(overall - points[-1].overall, 2) if points else None,
                {
                    name: (
                        score,
                        round(score - base_scores[name], 2) if name in base_scores else None,
                    )
                    for name, score in by_survey[id_].items()
                },
            )
        )
    return SurveyTrend(unit.id, points[0] if points else None, points)
