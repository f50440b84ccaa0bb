"""Evidence for a negotiation: each unit's measured values of the service over the last
year, the targets agreed elsewhere, units with their own service levels and unusual
targets flagged; and the measurement grid's periods due by frequency."""

import dataclasses
import datetime as dt
import uuid

from relman.models import Dependence, Frequency, MeasurementType, Party
from relman.models import ExpectationStatus as S
from relman.ui.expectations.evidence import evidence_html
from relman.ui.expectations.trend import nice_ticks
from relman.workflows import evidence, measurements, portfolio, services
from relman.workflows import expectations as ex
from relman.workflows.expectation_views import ExpectationRow, terms_text
from relman.workflows.measurement_grid import measurement_grid, periods_due

NOW = dt.datetime.now(dt.UTC)


def agreed(s, rm, unit_id, service_id, target, *, months_ago=3) -> uuid.UUID:
    at = NOW - dt.timedelta(days=31 * months_ago)
    exp = ex.state_expectation(
        s, unit_id=unit_id, service_id=service_id, statement="Up all day", by=rm, at=at
    )
    ex.validate_expectation(s, exp.id, by=rm, at=at)
    terms = ex.Terms(target, MeasurementType.AVAILABILITY, Frequency.MONTHLY, "%")
    ex.agree(s, exp.id, terms, by=rm, at=at)
    return exp.id


def test_evidence_per_unit_and_targets_elsewhere(db, people) -> None:
    with db.session() as s:
        crm = services.create_service(s, "CRM").id
        units = {}
        for name, own in (("Sales", False), ("Finance", False), ("Trading", True)):
            unit = portfolio.create_unit(s, name, rms=[people.rm], own_service_levels=own)
            portfolio.set_dependency(s, unit.id, crm, Dependence.HIGH)
            units[name] = unit.id
        sales = agreed(s, people.rm, units["Sales"], crm, 99.0)
        agreed(s, people.rm, units["Finance"], crm, 99.0)
        agreed(s, people.rm, units["Trading"], crm, 99.99)
        for n, value in enumerate((99.5, 98.0)):
            day = (NOW - dt.timedelta(days=31 * (n + 1))).date()
            measurements.record_measurement(
                s, sales, period=f"{day:%Y-%m}", value=value, by=people.rm
            )
        asking = ex.state_expectation(
            s, unit_id=units["Finance"], service_id=crm, statement="Never down", by=people.rm
        ).id
        ex.validate_expectation(s, asking, by=people.rm)
        ex.propose(s, asking, by=people.rm, party=Party.CUSTOMER, target=100, text="Never")
    with db.read_session() as s:
        ev = evidence.evidence(s, crm, unit_id=units["Finance"], exclude=asking)
    (achieved,) = ev.achieved
    assert (achieved.unit, achieved.count, achieved.met) == ("Sales", 2, 1)
    assert (achieved.best, achieved.worst, achieved.average) == (99.5, 98.0, 98.75)
    assert ev.achieved_here() == []
    assert ev.agreed[0].unit == "Finance", "the negotiating unit first"
    assert ev.usual[(MeasurementType.AVAILABILITY, "%")] == 99.0
    unusual = [a for a in ev.agreed if a.unusual]
    assert [(a.unit, a.own_service_levels, a.target) for a in unusual] == [("Trading", True, 99.99)]
    assert asking not in {a.expectation_id for a in ev.agreed}


def test_old_measurements_are_not_evidence(db, people) -> None:
    with db.session() as s:
        crm = services.create_service(s, "CRM").id
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        portfolio.set_dependency(s, unit.id, crm, Dependence.HIGH)
        exp = agreed(s, people.rm, unit.id, crm, 99.0, months_ago=20)
        old = (NOW - dt.timedelta(days=31 * 18)).date()
        measurements.record_measurement(
            s, exp, period=f"{old:%Y-%m}", value=97, by=people.rm, at=NOW - dt.timedelta(days=540)
        )
    with db.read_session() as s:
        ev = evidence.evidence(s, crm)
    assert ev.achieved == [] and len(ev.agreed) == 1


def test_periods_due_follow_the_frequency() -> None:
    day = dt.date(2026, 3, 20)
    assert periods_due(Frequency.MONTHLY, dt.date(2025, 12, 5), day) == [
        "2025-12",
        "2026-01",
        "2026-02",
        "2026-03",
    ]
    assert periods_due(Frequency.QUARTERLY, dt.date(2025, 8, 1), day) == [
        "2025-Q3",
        "2025-Q4",
        "2026-Q1",
    ]
    assert periods_due(Frequency.WEEKLY, dt.date(2026, 3, 2), day) == [
        "2026-W10",
        "2026-W11",
        "2026-W12",
    ]


def test_the_grid_flags_a_miss_without_its_explanation(db, people) -> None:
    with db.session() as s:
        crm = services.create_service(s, "CRM").id
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        portfolio.set_dependency(s, unit.id, crm, Dependence.HIGH)
        exp = agreed(s, people.rm, unit.id, crm, 99.0, months_ago=2)
        period = f"{NOW:%Y-%m}"
        measurements.record_measurement(s, exp, period=period, value=97.5, by=people.rm)
    with db.read_session() as s:
        grid = measurement_grid(s, exp)
    assert grid.measurable and grid.rows[0].period == period
    assert grid.rows[0].unexplained_miss and grid.rows[0].value == 97.5
    assert all(r.value is None for r in grid.rows[1:]), "the earlier periods are still due"
    assert len(grid.rows) >= 3


def test_a_target_of_one_reads_in_the_singular() -> None:
    assert terms_text(1, "late mornings a week") == "1 late morning a week"
    assert terms_text(1, "deliveries per month") == "1 delivery per month"
    assert terms_text(2, "late mornings a week") == "2 late mornings a week"
    assert [terms_text(1, u) for u in ("%", "out of 5", "class", "")] == [
        "1 %",
        "1 out of 5",
        "1 class",
        "1",
    ]


def test_the_evidence_reads_without_contradiction_or_blank_headers(db, people) -> None:
    with db.session() as s:
        crm = services.create_service(s, "CRM").id
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        portfolio.set_dependency(s, unit.id, crm, Dependence.HIGH)
        agreed(s, people.rm, unit.id, crm, 99.8)
    with db.read_session() as s:
        html = evidence_html(evidence.evidence(s, crm))
    assert "Nothing measured for this service since" in html
    assert "Measured since" not in html, "no claim of measurements when there are none"
    assert "<th></th>" not in html
    assert "The usual target: 99.8 % (availability)." in html


def test_a_past_review_date_reads_overdue_only_for_agreed_terms() -> None:
    past = dt.date.today() - dt.timedelta(days=200)
    row = ExpectationRow(
        uuid.uuid4(), 1, "Sales", "CRM", "", "Up", S.AGREED, 1, "late mornings a week", past, ""
    )
    assert row.review == f"{past:%Y-%m-%d} · overdue" and row.review_overdue
    assert row.terms == "1 late morning a week"
    assert not dataclasses.replace(row, status=S.ESCALATED).review_overdue


def test_the_trend_axis_steps_are_round() -> None:
    assert nice_ticks(2, 18) == [0, 5, 10, 15, 20]
    assert nice_ticks(0, 30) == [0, 10, 20, 30]
    assert nice_ticks(99.5, 99.9) == [99.4, 99.6, 99.8, 100.0]
    assert nice_ticks(5, 5)[0] < 5 < nice_ticks(5, 5)[-1], "a flat line still has an axis"
