"""Quarterly satisfaction surveys and support issues rated for the priority quadrant."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.errors import ValidationError
from relman.models import BusinessUnit, Service, SupportIssue, Survey, SurveyScore
from relman.workflows.common import clean_name, clean_text, get, number, rating

QUARTER = re.compile(r"^\d{4}-Q[1-4]$")


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
    quarter = quarter.strip()
    if not QUARTER.match(quarter):
        raise ValidationError("quarter", "Write the quarter like 2026-Q3.")
    if not scores:
        raise ValidationError("scores", "A survey needs at least one question's score.")
    if session.scalar(
        select(Survey.id).where(Survey.unit_id == unit.id, Survey.quarter == quarter)
    ):
        raise ValidationError("quarter", f"{unit.name} already has a survey for {quarter}.")
    if respondents < 0:
        raise ValidationError("respondents", "The number of respondents cannot be negative.")
    checked = {}
    for question, score in scores.items():
        value = number("score", score, f"The score of “{question}”")
        if not 1 <= value <= 5:
            raise ValidationError("score", f"The score of “{question}” must be from 1 to 5.")
        checked[clean_name("question", question, "A survey question", 300)] = value
    survey = Survey(
        unit_id=unit.id,
        quarter=quarter,
        respondents=respondents,
        overall=round(sum(checked.values()) / len(checked), 2),
        comments=clean_text("comments", comments, "Comments"),
    )
    survey.scores.extend(SurveyScore(question=q, score=v) for q, v in checked.items())
    session.add(survey)
    session.flush()
    return survey


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
) -> SupportIssue:
    issue = SupportIssue(
        unit_id=get(session, BusinessUnit, unit_id, "business unit").id,
        title=clean_name("title", title, "The issue's title", 300),
        description=clean_text("description", description, "Description"),
        importance=rating("importance", importance, "Importance"),
        satisfaction=rating("satisfaction", satisfaction, "Satisfaction"),
        rated_on=rated_on.strip()[:10],
    )
    if service_id is not None:
        issue.service_id = get(session, Service, service_id, "service").id
    session.add(issue)
    session.flush()
    return issue


def rate_support_issue(
    session: Session, issue_id: uuid.UUID, *, importance: int | str, satisfaction: int | str
) -> SupportIssue:
    issue = get(session, SupportIssue, issue_id, "support issue")
    issue.importance = rating("importance", importance, "Importance")
    issue.satisfaction = rating("satisfaction", satisfaction, "Satisfaction")
    return issue
