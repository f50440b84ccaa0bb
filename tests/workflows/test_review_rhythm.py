"""Each unit's review rhythm: the dashboard lists units whose monthly review is due within
the week or overdue, by the unit's own ``review_every_days``."""

import datetime as dt

import pytest

from relman.errors import ValidationError
from relman.models import MeetingKind
from relman.workflows import dashboard, meetings, portfolio
from tests.workflows import test_dashboard as feeds
from tests.workflows.test_dashboard import TODAY, days_ago, review

world, other_rm = feeds.world, feeds.other_rm  # Sales, Finance and Marketing; a second RM


def test_reviews_due_or_overdue_by_each_units_rhythm(db, people, other_rm, world) -> None:
    with db.session() as s:
        review(s, world, "sales", people.rm, days_ago(10))
        review(s, world, "finance", other_rm, days_ago(36))
        meetings.record_meeting(  # not a monthly review: Marketing was never reviewed
            s, kind=MeetingKind.OTHER, held_at=days_ago(1), by=people.rm, unit_id=world["marketing"]
        )
    with db.session() as s:
        rows = dashboard.reviews_due(s, None, today=TODAY)
        # never reviewed first, then the most overdue; Sales is due in 20 days: not yet
        assert [(r.name, r.due_on, r.days_overdue, r.overdue) for r in rows] == [
            ("Marketing", None, 0, True),
            ("Finance", TODAY - dt.timedelta(days=6), 6, True),
        ]
        assert dashboard.reviews_due(s, people.rm, today=TODAY) == []
        assert [r.name for r in dashboard.reviews_due(s, other_rm, today=TODAY)] == ["Finance"]
        sales = portfolio.unit_detail(s, world["sales"])
        portfolio.update_unit(s, sales.id, expected_version=sales.version, review_every_days=14)
    with db.session() as s:
        # every 14 days: due in 4 days, within the week, listed but not overdue
        (row,) = dashboard.reviews_due(s, people.rm, today=TODAY)
        assert (row.name, row.every_days, row.due_on, row.overdue) == (
            "Sales",
            14,
            TODAY + dt.timedelta(days=4),
            False,
        )
        assert dashboard.units_without_review(s, people.rm, today=TODAY) == []
        week = dashboard.my_week(s, people.rm, today=TODAY)
        assert [r.name for r in week.reviews_due] == ["Sales"]


def test_review_due_on_the_day_and_overdue_the_day_after(db, people, world) -> None:
    with db.session() as s:
        review(s, world, "sales", people.rm, days_ago(30, hour=12))
    with db.session() as s:
        (row,) = dashboard.reviews_due(s, people.rm, today=TODAY)
        assert (row.due_on, row.days_overdue, row.overdue) == (TODAY, 0, False)
        later = TODAY + dt.timedelta(days=1)
        (row,) = dashboard.units_without_review(s, people.rm, today=later)
        assert (row.name, row.days_overdue) == ("Sales", 1)


@pytest.mark.parametrize("bad", [0, 367, "", "ten", "3.5", None])
def test_review_rhythm_is_a_whole_number_of_days_from_1_to_366(db, world, bad) -> None:
    with db.session() as s:
        unit = portfolio.unit_detail(s, world["sales"])
        with pytest.raises(ValidationError) as refused:
            portfolio.update_unit(s, unit.id, expected_version=unit.version, review_every_days=bad)
        assert refused.value.field == "review_every_days"
