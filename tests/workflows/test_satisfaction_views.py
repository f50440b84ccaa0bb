"""What is shown of satisfaction: the survey trend against its baseline, the priority
quadrant as of a quarter (its boundaries), and issues moving between quadrants."""

import datetime as dt
import uuid

import pytest

from relman.errors import NotFoundError, ValidationError
from relman.models import Quadrant
from relman.workflows import portfolio, satisfaction, satisfaction_views, services
from relman.workflows.satisfaction_views import previous_quarter, quarter_of

QUESTIONS = ("Helpdesk", "Network", "a")


@pytest.fixture
def unit_id(db) -> uuid.UUID:
    with db.session() as s:
        for name in QUESTIONS:
            satisfaction.add_survey_question(s, name)
        return portfolio.create_unit(s, "Marketing").id


def add_issue(s, unit_id, title, importance, satisfied, quarter) -> uuid.UUID:
    return satisfaction.add_support_issue(
        s, unit_id, title, importance=importance, satisfaction=satisfied, quarter=quarter
    ).id


# --- baseline and trend ---------------------------------------------------------------------


def test_first_survey_is_the_baseline_and_later_quarters_are_compared_with_it(db, unit_id) -> None:
    with db.session() as s:
        satisfaction.record_survey(s, unit_id, "2026-Q2", {"Helpdesk": 3.5, "Network": 4})
        satisfaction.record_survey(s, unit_id, "2026-Q1", {"Helpdesk": 2, "Network": 3})
        satisfaction.record_survey(s, unit_id, "2026-Q3", {"Helpdesk": 4, "a": 5})
    with db.session() as s:
        trend = satisfaction_views.survey_trend(s, unit_id)
    assert [p.quarter for p in trend.points] == ["2026-Q1", "2026-Q2", "2026-Q3"]
    assert trend.baseline is trend.points[0]
    assert (trend.baseline.overall, trend.baseline.vs_baseline) == (2.5, 0)
    assert trend.baseline.vs_previous is None
    q2, q3 = trend.points[1:]
    assert (q2.overall, q2.vs_baseline, q2.vs_previous) == (3.75, 1.25, 1.25)
    assert (q3.overall, q3.vs_baseline, q3.vs_previous) == (4.5, 2.0, 0.75)
    assert q3.scores == {"Helpdesk": (4, 2), "a": (5, None)}


def test_the_trend_of_four_quarters_across_a_new_year(db, unit_id) -> None:
    recorded = {
        "2025-Q3": {"Helpdesk": 2.0, "Network": 3.0},
        "2025-Q4": {"Helpdesk": 2.5, "Network": 3.5},
        "2026-Q1": {"Helpdesk": 2.0, "Network": 2.0},
        "2026-Q2": {"Helpdesk": 4.5, "Network": 4.0},
    }
    ids = {}
    with db.session() as s:
        for quarter in ("2026-Q1", "2025-Q3", "2026-Q2", "2025-Q4"):  # typed in any order
            ids[quarter] = satisfaction.record_survey(
                s, unit_id, quarter, recorded[quarter], respondents=10
            ).id
        other = portfolio.create_unit(s, "Finance").id
        satisfaction.record_survey(s, other, "2025-Q1", {"Helpdesk": 1})
    with db.session() as s:
        trend = satisfaction_views.survey_trend(s, unit_id)
    rows = [(p.quarter, p.overall, p.vs_baseline, p.vs_previous) for p in trend.points]
    assert rows == [
        ("2025-Q3", 2.5, 0, None),
        ("2025-Q4", 3.0, 0.5, 0.5),
        ("2026-Q1", 2.0, -0.5, -1.0),
        ("2026-Q2", 4.25, 1.75, 2.25),
    ]
    assert [p.survey_id for p in trend.points] == [ids[p.quarter] for p in trend.points]
    assert trend.baseline.quarter == "2025-Q3"  # another unit's earlier survey is not it
    assert trend.points[-1].scores == {"Helpdesk": (4.5, 2.5), "Network": (4.0, 1.0)}


def test_a_unit_without_surveys_has_no_baseline(db, unit_id) -> None:
    with db.session() as s:
        trend = satisfaction_views.survey_trend(s, unit_id)
    assert (trend.baseline, trend.points) == (None, [])


# --- the quadrant ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("importance", "satisfied", "expected"),
    [
        (3, 3, Quadrant.LATER),  # 3 is low on both axes
        (4, 3, Quadrant.FIX_FIRST),
        (3, 4, Quadrant.OVERSPENT),
        (4, 4, Quadrant.KEEP_DOING),
        (5, 5, Quadrant.KEEP_DOING),
        (1, 1, Quadrant.LATER),
        (5, 1, Quadrant.FIX_FIRST),
        (1, 5, Quadrant.OVERSPENT),
    ],
)
def test_quadrant_placement_at_the_boundaries(db, unit_id, importance, satisfied, expected) -> None:
    with db.session() as s:
        add_issue(s, unit_id, "Tills", importance, satisfied, "2026-Q2")
    with db.session() as s:
        (point,) = satisfaction_views.quadrant_points(s, unit_id, "2026-Q2")
        grouped = satisfaction_views.priority_quadrants(s, unit_id, "2026-Q2")
    assert (point.importance, point.satisfaction, point.quadrant) == (
        importance,
        satisfied,
        expected,
    )
    assert {q: [i.title for i in v] for q, v in grouped.items() if v} == {expected: ["Tills"]}


def test_points_come_most_important_then_least_satisfied_first(db, unit_id) -> None:
    with db.session() as s:
        for title, imp, sat in (("B", 4, 4), ("A", 5, 3), ("C", 5, 1), ("D", 4, 4)):
            add_issue(s, unit_id, title, imp, sat, "2026-Q1")
    with db.session() as s:
        points = satisfaction_views.quadrant_points(s, unit_id, "2026-Q3")
    assert [p.title for p in points] == ["C", "A", "B", "D"]
    assert {p.quarter for p in points} == {"2026-Q1"}


def test_the_quadrant_quarter_is_checked(db, unit_id) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        satisfaction_views.quadrant_points(s, unit_id, "2026-Q5")
    assert err.value.field == "quarter"
    with pytest.raises(NotFoundError), db.session() as s:
        satisfaction_views.quadrant_points(s, uuid.uuid4(), "2026-Q1")


# --- movement since last quarter ------------------------------------------------------------


def test_issues_that_moved_since_the_quarter_before(db, unit_id) -> None:
    with db.session() as s:
        tills = add_issue(s, unit_id, "Tills", 5, 1, "2025-Q4")
        satisfaction.rate_support_issue(s, tills, importance=5, satisfaction=4, quarter="2026-Q1")
        vpn = add_issue(s, unit_id, "VPN", 4, 4, "2025-Q4")
        satisfaction.rate_support_issue(s, vpn, importance=5, satisfaction=5, quarter="2026-Q1")
        add_issue(s, unit_id, "Toner", 2, 5, "2025-Q3")  # not rated again: stays put
        laptops = add_issue(s, unit_id, "Laptops", 4, 2, "2026-Q1")  # new this quarter
        add_issue(s, unit_id, "Later one", 4, 2, "2026-Q2")
    with db.session() as s:
        moves = satisfaction_views.quadrant_moves(s, unit_id, "2026-Q1")
        before = satisfaction_views.quadrant_moves(s, unit_id, "2025-Q4")
    assert [(m.id, m.moved_from, m.moved_to) for m in moves] == [
        (tills, Quadrant.FIX_FIRST, Quadrant.KEEP_DOING),
        (laptops, None, Quadrant.FIX_FIRST),
    ]
    # in 2025-Q4 Tills and VPN were new; Toner had been there since Q3
    assert [(m.title, m.moved_from) for m in before] == [("Tills", None), ("VPN", None)]


def test_quarters_step_back_across_the_year() -> None:
    assert previous_quarter("2026-Q1") == "2025-Q4"
    assert previous_quarter("2026-Q3") == "2026-Q2"
    assert quarter_of(dt.date(2026, 3, 31)) == "2026-Q1"
    assert quarter_of(dt.date(2026, 4, 1)) == "2026-Q2"


# --- what the page opens --------------------------------------------------------------------


def test_a_unit_at_a_glance_defaults_to_its_latest_rated_quarter(db, unit_id) -> None:
    with db.session() as s:
        add_issue(s, unit_id, "Tills", 5, 1, "2025-Q2")
        add_issue(s, unit_id, "VPN", 4, 4, "2025-Q4")
        satisfaction.record_survey(s, unit_id, "2025-Q1", {"Helpdesk": 3})
    with db.session() as s:
        seen = satisfaction_views.unit_satisfaction(s, unit_id)
        earlier = satisfaction_views.unit_satisfaction(s, unit_id, "2025-Q2")
        unrated = satisfaction_views.unit_satisfaction(s, unit_id, "2024-Q1")
    this = quarter_of(dt.date.today())
    assert seen.quarter == "2025-Q4" and seen.unit_name == "Marketing"
    assert seen.quarters == sorted({this, "2025-Q4", "2025-Q2", "2025-Q1"}, reverse=True)
    assert [p.title for p in seen.points] == ["Tills", "VPN"]
    assert [m.title for m in seen.moves] == ["VPN"]
    assert [p.title for p in earlier.points] == ["Tills"]
    assert [p.quarter for p in seen.trend.points] == ["2025-Q1"]
    # a quarter asked for is offered, even with nothing rated in it
    assert (unrated.quarter, unrated.points) == ("2024-Q1", [])
    assert "2024-Q1" in unrated.quarters


def test_units_to_choose_from_mine_first_archived_left_out(db, people, unit_id) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "Sales", rms=[people.rm])
        old = portfolio.create_unit(s, "Old unit")
        portfolio.archive_unit(s, old.id, expected_version=None)
    with db.session() as s:
        mine = satisfaction_views.unit_choices(s, people.rm)
        anyone = satisfaction_views.unit_choices(s, None)
    assert [(u.name, u.mine) for u in mine] == [("Sales", True), ("Marketing", False)]
    assert [u.name for u in anyone] == ["Marketing", "Sales"]


def test_an_issue_opens_with_its_ratings_quarter_by_quarter(db, unit_id) -> None:
    with db.session() as s:
        service = services.create_service(s, "Point of sale").id
        issue = satisfaction.add_support_issue(
            s,
            unit_id,
            "Tills <slow>",
            importance=5,
            satisfaction=2,
            quarter="2026-Q1",
            service_id=service,
            description="Queues at noon",
        ).id
        satisfaction.rate_support_issue(s, issue, importance=5, satisfaction=5, quarter="2026-Q2")
    with db.session() as s:
        detail = satisfaction_views.issue_detail(s, issue)
    assert (detail.title, detail.service, detail.unit_name) == (
        "Tills <slow>",
        "Point of sale",
        "Marketing",
    )
    assert detail.quadrant is Quadrant.KEEP_DOING
    assert [(r.quarter, r.moved_from) for r in detail.ratings] == [
        ("2026-Q1", None),
        ("2026-Q2", Quadrant.FIX_FIRST),
    ]
