"""Quarterly satisfaction surveys and support issues rated for the priority quadrant."""

import uuid

import pytest
from sqlalchemy import func, select

from relman.errors import NotFoundError, ValidationError
from relman.models import Quadrant, SupportIssue, Survey, SurveyQuestion, SurveyScore
from relman.workflows import portfolio, satisfaction, satisfaction_views, services

#: The survey's list of questions in these tests.
QUESTIONS = ("Helpdesk", "Network", "Laptops <new>", "E-mail & calendar", "a", "b", "c")


@pytest.fixture
def unit_id(db) -> uuid.UUID:
    with db.session() as s:
        for name in QUESTIONS:
            satisfaction.add_survey_question(s, name)
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
        query = (
            select(SurveyQuestion.name, SurveyScore.score)
            .join(SurveyQuestion, SurveyQuestion.id == SurveyScore.question_id)
            .where(SurveyScore.survey_id == survey_id)
        )
        stored = {name: score for name, score in s.execute(query)}
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


def test_a_low_score_keeps_what_the_unit_said_about_it(db, unit_id) -> None:
    said = {"helpdesk": "Calls wait <20 min> & more 😞", "Network": "   "}
    with db.session() as s:
        survey_id = satisfaction.record_survey(
            s, unit_id, "2026-Q1", {"Helpdesk": 2, "Network": 1.5, "a": 4}, follow_ups=said
        ).id
    with db.session() as s:
        kept = {
            a.question: a.follow_up for a in satisfaction_views.survey_detail(s, survey_id).answers
        }
    # a blank follow-up is no follow-up
    assert kept == {"Helpdesk": "Calls wait <20 min> & more 😞", "Network": "", "a": ""}


@pytest.mark.parametrize(
    ("scores", "said", "says"),
    [
        ({"Helpdesk": 2.1}, {"Helpdesk": "why"}, "only for a score of 2 or lower"),
        ({"Helpdesk": 1}, {"Network": "why"}, "has no score"),
        ({"Helpdesk": 1}, {"Help desk": "why"}, "not one of the survey's questions"),
        ({"Helpdesk": 1}, {"Helpdesk": "x" * 200_001}, "too long"),
    ],
)
def test_a_follow_up_belongs_to_a_low_score(db, unit_id, scores, said, says) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        satisfaction.record_survey(s, unit_id, "2026-Q1", scores, follow_ups=said)
    assert says in err.value.message
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
        service_id = services.create_service(s, "VPN").id
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


# --- the fixed list of questions ----------------------------------------------------------


def test_scores_are_recorded_against_the_list_whatever_the_spelling(db, unit_id) -> None:
    with db.session() as s:
        first = satisfaction.record_survey(s, unit_id, "2026-Q1", {"Helpdesk": 4}).id
        second = satisfaction.record_survey(s, unit_id, "2026-Q2", {"  HELPDESK ": 2}).id
    with db.session() as s:
        ids = {
            x.survey_id: x.question_id
            for x in s.scalars(
                select(SurveyScore).where(SurveyScore.survey_id.in_([first, second]))
            )
        }
    assert ids[first] == ids[second]
    assert count(db, SurveyQuestion) == len(QUESTIONS)


def test_unknown_question_names_are_refused_naming_the_list(db, unit_id) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        satisfaction.record_survey(s, unit_id, "2026-Q1", {"Helpdesk": 4, "Help desk": 3})
    assert err.value.field == "question"
    assert "“Help desk” is not one of the survey's questions" in err.value.message
    assert "Helpdesk" in err.value.message
    nothing_saved(db)


def test_the_same_question_twice_in_other_spellings_is_refused(db, unit_id) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        satisfaction.record_survey(s, unit_id, "2026-Q1", {"Helpdesk": 4, "helpdesk": 3})
    assert "asked twice" in err.value.message
    nothing_saved(db)


def test_a_question_is_added_to_the_list_once(db, unit_id) -> None:
    with db.session() as s:
        added = satisfaction.add_survey_question(s, "  Value   for money ")
        assert (added.name, added.position) == ("Value for money", len(QUESTIONS))
    with pytest.raises(ValidationError) as err, db.session() as s:
        satisfaction.add_survey_question(s, "value for MONEY")
    assert "already on the survey's list" in err.value.message
    with db.session() as s:
        assert [q.name for q in satisfaction.survey_questions(s)][-1] == "Value for money"


# --- ratings per quarter ----------------------------------------------------------------------


def test_ratings_keep_their_history_per_quarter(db, unit_id) -> None:
    with db.session() as s:
        issue_id = satisfaction.add_support_issue(
            s, unit_id, "Printer jams", importance=5, satisfaction=1, rated_on="2026-02-10"
        ).id
    with db.session() as s:
        satisfaction.rate_support_issue(
            s, issue_id, importance=5, satisfaction=4, quarter="2026-Q2"
        )
        # a second rating in a quarter corrects that quarter's
        satisfaction.rate_support_issue(
            s, issue_id, importance=4, satisfaction=2, rated_on="2026-08-01"
        )
        satisfaction.rate_support_issue(
            s, issue_id, importance=5, satisfaction=5, rated_on="2026-08-20"
        )
    with db.session() as s:
        moves = satisfaction_views.issue_movement(s, issue_id)
        issue = s.get(SupportIssue, issue_id)
        assert (issue.importance, issue.satisfaction, issue.rated_on) == (5, 5, "2026-08-20")
    assert [(m.quarter, m.quadrant, m.moved_from) for m in moves] == [
        ("2026-Q1", Quadrant.FIX_FIRST, None),
        ("2026-Q2", Quadrant.KEEP_DOING, Quadrant.FIX_FIRST),
        ("2026-Q3", Quadrant.KEEP_DOING, None),
    ]


def test_a_late_rating_of_an_earlier_quarter_does_not_replace_the_latest(db, unit_id) -> None:
    with db.session() as s:
        issue_id = satisfaction.add_support_issue(
            s, unit_id, "VPN", importance=4, satisfaction=4, quarter="2026-Q3"
        ).id
        satisfaction.rate_support_issue(
            s, issue_id, importance=2, satisfaction=1, quarter="2026-Q1"
        )
    with db.session() as s:
        issue = s.get(SupportIssue, issue_id)
        assert (issue.importance, issue.satisfaction) == (4, 4)


def test_a_rating_date_outside_its_quarter_is_refused(db, unit_id) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        satisfaction.add_support_issue(
            s,
            unit_id,
            "VPN",
            importance=4,
            satisfaction=4,
            quarter="2026-Q3",
            rated_on="2026-01-02",
        )
    assert err.value.field == "rated_on"
    assert count(db, SupportIssue) == 0


def test_quadrants_as_they_stood_in_a_quarter(db, unit_id) -> None:
    with db.session() as s:
        jams = satisfaction.add_support_issue(
            s, unit_id, "Printer jams", importance=5, satisfaction=1, quarter="2026-Q1"
        ).id
        satisfaction.rate_support_issue(s, jams, importance=5, satisfaction=5, quarter="2026-Q3")
        satisfaction.add_support_issue(
            s, unit_id, "Toner", importance=2, satisfaction=5, quarter="2026-Q2"
        )
        other = portfolio.create_unit(s, "Finance").id
        satisfaction.add_support_issue(
            s, other, "Elsewhere", importance=5, satisfaction=1, quarter="2026-Q1"
        )
    with db.session() as s:
        q1 = satisfaction_views.priority_quadrants(s, unit_id, "2026-Q1")
        q2 = satisfaction_views.priority_quadrants(s, unit_id, "2026-Q2")
        q3 = satisfaction_views.priority_quadrants(s, unit_id, "2026-Q3")
    names = lambda quads: {q: [i.title for i in rows] for q, rows in quads.items() if rows}  # noqa: E731
    assert names(q1) == {Quadrant.FIX_FIRST: ["Printer jams"]}
    # not rated again in Q2: its Q1 rating still stands
    assert names(q2) == {Quadrant.FIX_FIRST: ["Printer jams"], Quadrant.OVERSPENT: ["Toner"]}
    assert names(q3) == {Quadrant.KEEP_DOING: ["Printer jams"], Quadrant.OVERSPENT: ["Toner"]}
    assert q2[Quadrant.FIX_FIRST][0].quarter == "2026-Q1"


def test_a_rating_taken_back_leaves_the_newest_remaining_one(db, unit_id) -> None:
    with db.session() as s:
        issue_id = satisfaction.add_support_issue(
            s, unit_id, "VPN", importance=5, satisfaction=1, quarter="2026-Q1"
        ).id
        satisfaction.rate_support_issue(
            s, issue_id, importance=5, satisfaction=5, quarter="2026-Q2"
        )
        assert satisfaction.rating_in(s, issue_id, "2026-Q2") == (5, 5, "")
        assert satisfaction.rating_in(s, issue_id, "2026-Q3") is None
        satisfaction.remove_rating(s, issue_id, "2026-Q2")
    with db.session() as s:
        assert s.get(SupportIssue, issue_id).quadrant is Quadrant.FIX_FIRST
        with pytest.raises(ValidationError, match="only rating"):
            satisfaction.remove_rating(s, issue_id, "2026-Q1")
        with pytest.raises(ValidationError, match="no rating in 2026-Q4"):
            satisfaction.remove_rating(s, issue_id, "2026-Q4")
