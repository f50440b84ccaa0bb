"""Recording quarterly satisfaction surveys, and support issues rated for the priority
quadrant. What is shown of them (trend, baseline, quadrant, movement) is in
:mod:`relman.workflows.satisfaction_views`.

Survey questions come from one list (:func:`survey_questions`): a score is recorded against
a question of the list, found whatever the case or spacing it is typed in, and an unknown
name is refused, so that a series never splits on spelling. A score of
:data:`FOLLOW_UP_AT` or lower may carry a follow-up: what the unit said when asked why.
Surveys do not use the interview-script engine: their questions are one fixed list scored
1–5 for every unit and quarter (or the trend would not compare like with like), and the one
condition they need, "low score: ask why", is this threshold rather than a script's
branching. A support issue is rated at most once per quarter (a new rating in the same
quarter corrects it); the ratings are kept, so the quadrant can be shown as of any quarter
and an issue's movement between quadrants followed.

Every change the window makes here is a named command (:mod:`relman.workflows.commands`):
recording a survey, adding a question, adding an issue (undone by taking back what they
made), rating an issue (undone by putting back the quarter's earlier rating, or taking the
new one back), and deleting a survey or an issue (undone by putting it back).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relman.errors import ConflictError, ValidationError
from relman.models import (
    BusinessUnit,
    Service,
    Staff,
    SupportIssue,
    SupportIssueRating,
    Survey,
    SurveyQuestion,
    SurveyScore,
)
from relman.storage.snapshot import Key
from relman.workflows import history
from relman.workflows.commands import Command, command, new_version, undo_by
from relman.workflows.common import (
    clean_date,
    clean_name,
    clean_period,
    clean_text,
    get,
    get_to_edit,
    now,
    number,
    rating,
    today,
    whole,
)
from relman.workflows.inverses import creates, removed
from relman.workflows.satisfaction_views import quarter_of

#: A score at or below this is low: the survey asks why, and the answer is kept.
FOLLOW_UP_AT = 2

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


@command
def add_survey_question(session: Session, name: str) -> SurveyQuestion:
    """Add a question to the survey's list (at its end). Undone by taking it off the list,
    as long as no survey has scored it."""
    text = " ".join(clean_name("name", name, "The question", SurveyQuestion.name).split())
    wanted = _normal(text)
    for question in survey_questions(session):
        if _normal(question.name) == wanted:
            raise ValidationError("name", f"“{question.name}” is already on the survey's list.")
    last = session.scalar(select(func.max(SurveyQuestion.position)))
    question = SurveyQuestion(name=text, position=0 if last is None else last + 1)
    session.add(question)
    session.flush()
    undo_by(session, "remove_survey_question", question_id=question.id)
    return question


@command(subject="question_id")
def remove_survey_question(session: Session, question_id: uuid.UUID) -> None:
    """Take a question off the survey's list (the undo of adding it). A question a survey
    has scored stays: the scores would lose what they answer."""
    question = get(session, SurveyQuestion, question_id, "survey question")
    used = session.scalar(
        select(func.count()).select_from(SurveyScore).where(SurveyScore.question_id == question.id)
    )
    if used:
        raise ConflictError(
            f"“{question.name}” has been scored in {used} survey(s) since it was added, so it "
            "stays on the survey's list; nothing was undone."
        )
    snapshot = history.remove(session, "survey_questions", question.id)
    removed(session, snapshot, Command("remove_survey_question", {"question_id": question_id}))


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


@creates("surveys")
def record_survey(
    session: Session,
    unit_id: uuid.UUID,
    quarter: str,
    scores: dict[str, float],
    *,
    respondents: int = 0,
    comments: str = "",
    follow_ups: dict[str, str] | None = None,
) -> Survey:
    """A unit's survey for a quarter: a score from 1 to 5 per question; overall is their mean.
    ``follow_ups`` holds, per question scored :data:`FOLLOW_UP_AT` or lower, what the unit
    said when asked why (optional; refused for a question not scored low)."""
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
    said = _follow_ups(session, checked, follow_ups or {})
    survey.scores.extend(
        SurveyScore(question_id=q, score=v, follow_up=said.get(q, "")) for q, v in checked.items()
    )
    session.add(survey)
    session.flush()
    return survey


def _follow_ups(
    session: Session, scores: dict[uuid.UUID, float], follow_ups: dict[str, str]
) -> dict[uuid.UUID, str]:
    """The follow-ups by question, each checked: only a low score of this survey has one."""
    said: dict[uuid.UUID, str] = {}
    for name, text in follow_ups.items():
        question = find_survey_question(session, name)
        label = f"The follow-up of “{question.name}”"
        text = clean_text("follow_up", text, label, column=SurveyScore.follow_up)
        if not text.strip():
            continue
        score = scores.get(question.id)
        if score is None:
            raise ValidationError("follow_up", f"{label} has no score; give the score first.")
        if score > FOLLOW_UP_AT:
            raise ValidationError(
                "follow_up",
                f"{label} is asked only for a score of {FOLLOW_UP_AT} or lower, and it scored "
                f"{score:g}: clear the follow-up, or correct the score.",
            )
        said[question.id] = text
    return said


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


def _rating_quarter(quarter: str | None, rated_on: str) -> str:
    """The quarter a rating counts for: as given, else that of its date, else this one."""
    if quarter is None or not str(quarter).strip():
        day = dt.date.fromisoformat(rated_on) if rated_on else today()
        return quarter_of(day)
    quarter = clean_period("quarter", quarter, "quarterly", "A support issue's rating")
    if rated_on and quarter_of(dt.date.fromisoformat(rated_on)) != quarter:
        raise ValidationError(
            "rated_on", f"The rating date {rated_on} is not in {quarter}; correct one of them."
        )
    return quarter


@creates("support_issues")
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


@command(subject="issue_id")
def rate_support_issue(
    session: Session,
    issue_id: uuid.UUID,
    *,
    importance: int | str,
    satisfaction: int | str,
    quarter: str | None = None,
    rated_on: str = "",
    expected_version: int | None = None,
    by: uuid.UUID | None = None,
) -> SupportIssueRating:
    """Rate an issue for a quarter (default: that of ``rated_on``, else this one). Earlier
    quarters' ratings are kept; a second rating in the same quarter corrects the first.
    ``expected_version``: the version of the issue the form was read at. Undone by putting
    back the quarter's earlier rating, or by taking the new one back."""
    issue = get_to_edit(session, SupportIssue, issue_id, "support issue", expected_version)
    when = _rating_quarter(quarter, _rated_on(rated_on))
    earlier = rating_in(session, issue.id, when)
    row = _rate(session, issue, importance, satisfaction, when, rated_on, by)
    issue.updated_at = now()  # a rating of any quarter moves the issue's version on
    at = new_version(session, issue)
    if earlier is None:
        undo_by(session, "remove_rating", issue_id=issue.id, quarter=when, expected_version=at)
    else:
        imp, sat, day = earlier
        undo_by(
            session,
            "rate_support_issue",
            issue_id=issue.id,
            importance=imp,
            satisfaction=sat,
            quarter=when,
            rated_on=day,
            expected_version=at,
        )
    return row


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


def rating_in(session: Session, issue_id: uuid.UUID, quarter: str) -> tuple[int, int, str] | None:
    """The issue's rating in ``quarter`` as (importance, satisfaction, rated on), if any: what
    an undo of a new rating in that quarter puts back."""
    issue = get(session, SupportIssue, issue_id, "support issue")
    quarter = clean_period("quarter", quarter, "quarterly", "A support issue's rating")
    row = session.execute(
        select(
            SupportIssueRating.importance,
            SupportIssueRating.satisfaction,
            SupportIssueRating.rated_on,
        ).where(SupportIssueRating.issue_id == issue.id, SupportIssueRating.quarter == quarter)
    ).first()
    return None if row is None else (row[0], row[1], row[2])


@command(subject="issue_id")
def remove_rating(
    session: Session, issue_id: uuid.UUID, quarter: str, expected_version: int | None = None
) -> None:
    """Take back the issue's rating in ``quarter``; the issue then shows its newest remaining
    rating. Its only rating cannot be taken back: delete the issue instead. Undone by
    rating the quarter again as it was."""
    issue = get_to_edit(session, SupportIssue, issue_id, "support issue", expected_version)
    rows = list(
        session.scalars(
            select(SupportIssueRating)
            .where(SupportIssueRating.issue_id == issue.id)
            .order_by(SupportIssueRating.quarter)
        )
    )
    row = next((r for r in rows if r.quarter == quarter), None)
    if row is None:
        raise ValidationError("quarter", f"“{issue.title}” has no rating in {quarter}.")
    if len(rows) == 1:
        raise ValidationError(
            "quarter", f"{quarter} holds the only rating of “{issue.title}”; delete the issue."
        )
    gone = (row.importance, row.satisfaction, row.rated_on)
    session.delete(row)
    newest = [r for r in rows if r is not row][-1]
    issue.importance, issue.satisfaction = newest.importance, newest.satisfaction
    issue.rated_on = newest.rated_on
    issue.updated_at = now()
    undo_by(
        session,
        "rate_support_issue",
        issue_id=issue.id,
        importance=gone[0],
        satisfaction=gone[1],
        quarter=quarter,
        rated_on=gone[2],
        expected_version=new_version(session, issue),
    )


@command
def delete_survey(
    session: Session, survey_id: uuid.UUID, known: frozenset[Key] | None = None
) -> None:
    """Delete a survey with its scores. With ``known`` (what the user was shown when asked,
    history.rows_of), a score someone added since makes it refuse, naming whose. Undone by
    putting back exactly what it took."""
    survey = get(session, Survey, survey_id, "survey")
    snapshot = history.remove(session, "surveys", survey.id, known=known)
    removed(session, snapshot, Command("delete_survey", {"survey_id": survey_id, "known": known}))


@command
def delete_support_issue(
    session: Session, issue_id: uuid.UUID, known: frozenset[Key] | None = None
) -> None:
    """Delete a support issue with its ratings. With ``known``, a rating someone added
    since makes it refuse, naming whose. Undone by putting back exactly what it took."""
    issue = get(session, SupportIssue, issue_id, "support issue")
    snapshot = history.remove(session, "support_issues", issue.id, known=known)
    again = Command("delete_support_issue", {"issue_id": issue_id, "known": known})
    removed(session, snapshot, again)
