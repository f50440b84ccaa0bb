"""Quarterly satisfaction surveys and support issues rated for the priority quadrant."""

import uuid

import pytest
from sqlalchemy import func, select

from relman.errors import NotFoundError, ValidationError
from relman.models import Quadrant, SupportIssue, Survey, SurveyScore
from relman.workflows import portfolio, satisfaction


@pytest.fixture
def unit_id(db) -> uuid.UUID:
    with db.session() as s:
        return portfolio.create_unit(s, "Marketing").id


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def nothing_saved(db) -> None:
    assert count(db, Survey) == 0
    assert count(db, SurveyScore) == 0


# --- surveys -------------------------------------------------------------------------------


def test_record_survey_overall_is_the_mean(db, unit_id) -> None:
    scores = {"Helpdesk": 4, "Network": "3", "Laptops <new>": "3,0", "E-mail & calendar": 5}
    with db.session() as s:
        survey_id = satisfaction.record_survey(
            s, unit_id, " 2026-Q1 ", scores, respondents=12, comments="=1+1 😀 شكرا"
        ).id
    with db.session() as s:
        survey = s.get(Survey, survey_id)
        assert survey.quarter == "2026-Q1"
        assert survey.overall == 3.75
        assert survey.respondents == 12
        assert survey.comments == "=1+1 😀 شكرا"
        stored = {
            x.question: x.score
            for x in s.scalars(select(SurveyScore).where(SurveyScore.survey_id == survey_id))
        }
    assert stored == {"Helpdesk": 4, "Network": 3, "Laptops <new>": 3, "E-mail & calendar": 5}


def test_overall_is_rounded_to_two_decimals(db, unit_id) -> None:
    with db.session() as s:
        survey = satisfaction.record_survey(s, unit_id, "2026-Q2", {"a": 4, "b": 3, "c": 3})
        assert survey.overall == 3.33


@pytest.mark.parametrize(
    "quarter", ["2026Q3", "2026-Q5", "2026-Q0", "Q3-2026", "2026-3", "", "2026-q3"]
)
def test_quarter_format_is_checked(db, unit_id, quarter) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        satisfaction.record_survey(s, unit_id, quarter, {"Helpdesk": 4})
    assert err.value.field == "quarter"
    assert "2026-Q3" in err.value.message
    nothing_saved(db)


def test_duplicate_quarter_is_refused(db, unit_id) -> None:
    with db.session() as s:
        satisfaction.record_survey(s, unit_id, "2026-Q3", {"Helpdesk": 4})
        other = portfolio.create_unit(s, "Finance").id
    with pytest.raises(ValidationError) as err, db.session() as s:
        satisfaction.record_survey(s, unit_id, "2026-Q3", {"Helpdesk": 1})
    assert err.value.field == "quarter"
    assert "Marketing already has a survey for 2026-Q3" in err.value.message
    with db.session() as s:
        assert [x.overall for x in s.scalars(select(Survey))] == [4]
    # another unit, or another quarter, is fine
    with db.session() as s:
        satisfaction.record_survey(s, other, "2026-Q3", {"Helpdesk": 2})
        satisfaction.record_survey(s, unit_id, "2026-Q4", {"Helpdesk": 5})
    assert count(db, Survey) == 3


@pytest.mark.parametrize(
    ("score", "says"),
    [
        (0, "from 1 to 5"),
        (5.5, "from 1 to 5"),
        (-1, "from 1 to 5"),
        ("abc", "must be a number"),
        ("nan", "finite"),
        (None, "must be a number"),
    ],
)
def test_scores_must_be_from_one_to_five(db, unit_id, score, says) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        satisfaction.record_survey(s, unit_id, "2026-Q1", {"Helpdesk": 4, "Network": score})
    assert err.value.field == "score"
    assert "“Network”" in err.value.message
    assert says in err.value.message
    nothing_saved(db)


def test_survey_needs_scores_sensible_respondents_and_questions(db, unit_id) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        satisfaction.record_survey(s, unit_id, "2026-Q1", {})
    assert err.value.field == "scores"
    with pytest.raises(ValidationError) as err, db.session() as s:
        satisfaction.record_survey(s, unit_id, "2026-Q1", {"Helpdesk": 4}, respondents=-1)
    assert err.value.field == "respondents"
    with pytest.raises(ValidationError) as err, db.session() as s:
        satisfaction.record_survey(s, unit_id, "2026-Q1", {"  ": 4})
    assert err.value.field == "question"
    with pytest.raises(NotFoundError), db.session() as s:
        satisfaction.record_survey(s, uuid.uuid4(), "2026-Q1", {"Helpdesk": 4})
    nothing_saved(db)


# --- support issues ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("importance", "satisfied", "quadrant"),
    [
        (5, 1, Quadrant.FIX_FIRST),
        ("4", "4", Quadrant.KEEP_DOING),
        (1, " 5 ", Quadrant.OVERSPENT),
        (3, 3, Quadrant.LATER),
    ],
)
def test_support_issue_is_rated_and_placed_in_a_quadrant(
    db, unit_id, importance, satisfied, quadrant
) -> None:
    with db.session() as s:
        service_id = portfolio.create_service(s, "VPN").id
        issue_id = satisfaction.add_support_issue(
            s,
            unit_id,
            'VPN drops <hourly> & "randomly"',
            importance=importance,
            satisfaction=satisfied,
            service_id=service_id,
            description="From home offices 🏠",
            rated_on="2026-03-01",
        ).id
    with db.session() as s:
        issue = s.get(SupportIssue, issue_id)
        assert issue.title == 'VPN drops <hourly> & "randomly"'
        assert issue.description == "From home offices 🏠"
        assert (issue.importance, issue.satisfaction) == (int(importance), int(satisfied))
        assert issue.service_id == service_id
        assert issue.rated_on == "2026-03-01"
        assert issue.quadrant is quadrant


@pytest.mark.parametrize(
    ("importance", "satisfied", "field", "says"),
    [
        (0, 3, "importance", "Importance must be from 1 to 5, not 0"),
        (6, 3, "importance", "Importance must be from 1 to 5, not 6"),
        ("2.5", 3, "importance", "whole number"),
        ("high", 3, "importance", "whole number"),
        (None, 3, "importance", "whole number"),
        (3, 0, "satisfaction", "Satisfaction must be from 1 to 5"),
        (3, 9, "satisfaction", "Satisfaction must be from 1 to 5"),
        (3, "", "satisfaction", "whole number"),
    ],
)
def test_support_issue_ratings_must_be_one_to_five(
    db, unit_id, importance, satisfied, field, says
) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        satisfaction.add_support_issue(
            s, unit_id, "Printer jams", importance=importance, satisfaction=satisfied
        )
    assert err.value.field == field
    assert says in err.value.message
    assert count(db, SupportIssue) == 0


def test_support_issue_title_is_required(db, unit_id) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        satisfaction.add_support_issue(s, unit_id, " ", importance=3, satisfaction=3)
    assert err.value.field == "title"
    assert count(db, SupportIssue) == 0


def test_rate_support_issue_again(db, unit_id) -> None:
    with db.session() as s:
        issue_id = satisfaction.add_support_issue(
            s, unit_id, "Printer jams", importance=5, satisfaction=1
        ).id
    with db.session() as s:
        satisfaction.rate_support_issue(s, issue_id, importance=5, satisfaction=4)
    with db.session() as s:
        assert s.get(SupportIssue, issue_id).quadrant is Quadrant.KEEP_DOING
    with pytest.raises(ValidationError) as err, db.session() as s:
        satisfaction.rate_support_issue(s, issue_id, importance=2, satisfaction=7)
    assert err.value.field == "satisfaction"
    with db.session() as s:
        issue = s.get(SupportIssue, issue_id)
        assert (issue.importance, issue.satisfaction) == (5, 4)
