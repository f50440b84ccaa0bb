"""The "My week" dashboard queries return the rows the method calls for."""

import datetime as dt
import uuid

import pytest

from relman.models import (
    Criticality,
    Dependence,
    EscalationStatus,
    Frequency,
    MeasurementType,
    MeetingKind,
    Party,
    StaffRole,
)
from relman.workflows import (
    assessments,
    contacts,
    dashboard,
    escalations,
    interviews,
    meetings,
    portfolio,
    scripts,
    services,
    staff,
)
from relman.workflows import expectations as ex

TODAY = dt.date(2026, 6, 15)
NOW = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)
KEY = [True] * 5 + [False] * 2
NOT_KEY = [False] * 7  # one criterion met would make a key customer


def days_ago(n: int, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(TODAY - dt.timedelta(days=n), dt.time(hour), dt.UTC)


@pytest.fixture
def other_rm(db, people) -> uuid.UUID:
    with db.session() as s:
        return staff.add_staff(s, "Olga Other", role=StaffRole.RM, reports_to=people.manager).id


@pytest.fixture
def world(db, people, other_rm) -> dict:
    """Sales (mine), Finance (Olga's) and Marketing (nobody's), with their contacts."""
    with db.session() as s:
        sales = portfolio.create_unit(s, "Sales", criticality=Criticality.HIGH, rms=[people.rm])
        finance = portfolio.create_unit(s, "Finance", division="Corporate", rms=[other_rm])
        marketing = portfolio.create_unit(s, "Marketing")
        portfolio.assign_rm(s, sales.id, other_rm)
        crm = services.create_service(s, "CRM")
        for unit in (sales, finance, marketing):
            portfolio.set_dependency(s, unit.id, crm.id, Dependence.HIGH)
        boss = contacts.create_contact(s, "Bea Boss", unit_id=sales.id)
        ann = contacts.create_contact(s, "Ann", unit_id=sales.id, manager_id=boss.id)
        bob = contacts.create_contact(s, "Bob", unit_id=sales.id, manager_id=boss.id)
        fay = contacts.create_contact(s, "Fay", unit_id=finance.id, manager_id=boss.id)
        for contact, criteria in ((ann, KEY), (bob, KEY), (boss, NOT_KEY), (fay, KEY)):
            assessments.assess_contact(
                s, contact.id, criteria, by=people.rm, on=TODAY - dt.timedelta(days=30)
            )
        script = scripts.create_script(
            s, {"name": "S", "sections": [{"title": "T", "questions": [{"text": "Q?"}]}]}
        )
        return {
            "sales": sales.id,
            "finance": finance.id,
            "marketing": marketing.id,
            "crm": crm.id,
            "ann": ann.id,
            "bob": bob.id,
            "fay": fay.id,
            "script": script.id,
        }


def state(s, world, unit, by, statement, contact="ann"):
    return ex.state_expectation(
        s,
        unit_id=world[unit],
        service_id=world["crm"],
        statement=statement,
        by=by,
        contact_id=world[contact],
    )


def disagreed(s, world, unit, by, statement, contact="ann"):
    exp = state(s, world, unit, by, statement, contact)
    ex.validate_expectation(s, exp.id, by=by)
    ex.propose(s, exp.id, by=by, party=Party.IT, target=99, text="99%")  # negotiated first
    ex.disagree(s, exp.id, by=by, text="No compromise")
    return exp


def review(s, world, unit, by, when):
    return meetings.record_meeting(
        s, kind=MeetingKind.MONTHLY_REVIEW, held_at=when, by=by, unit_id=world[unit]
    )


# --- units ---------------------------------------------------------------------------------


def test_units_with_their_summary_columns(db, people, other_rm, world) -> None:
    with db.session() as s:
        state(s, world, "sales", people.rm, "Fast CRM")
        withdrawn = state(s, world, "sales", people.rm, "Cheaper CRM")
        ex.withdraw(s, withdrawn.id, by=people.rm, text="Dropped")
        agreed = state(s, world, "sales", people.rm, "CRM up")
        ex.validate_expectation(s, agreed.id, by=people.rm)
        ex.agree(s, agreed.id, ex.Terms(99, "availability", "monthly"), by=people.rm)
        review(s, world, "sales", people.rm, days_ago(40))
        review(s, world, "sales", people.rm, days_ago(3, hour=15))
        meetings.record_meeting(
            s, kind=MeetingKind.OTHER, held_at=days_ago(1), by=people.rm, unit_id=world["sales"]
        )
    with db.session() as s:
        rows = {r.name: r for r in dashboard.units(s)}
    assert list(rows) == ["Finance", "Marketing", "Sales"]
    sales = rows["Sales"]
    assert sales.id == world["sales"]
    assert sales.criticality is Criticality.HIGH
    assert set(sales.rms.split(", ")) == {"Rui Relman", "Olga Other"}
    assert sales.key_customers == 2
    assert sales.open_expectations == 2  # withdrawn ones are not open
    assert sales.last_review == days_ago(3, hour=15)
    assert sales.last_review.tzinfo is not None
    finance = rows["Finance"]
    assert (finance.division, finance.rms, finance.key_customers) == ("Corporate", "Olga Other", 1)
    assert (finance.open_expectations, finance.last_review) == (0, None)
    assert (rows["Marketing"].rms, rows["Marketing"].key_customers) == ("", 0)


def test_units_filtered_by_rm(db, people, other_rm, world) -> None:
    with db.session() as s:
        assert [u.name for u in dashboard.units(s, rm_id=people.rm)] == ["Sales"]
        assert [u.name for u in dashboard.units(s, rm_id=other_rm)] == ["Finance", "Sales"]
        assert dashboard.units(s, rm_id=people.manager) == []


def test_key_customer_count_follows_the_latest_assessment(db, people, world) -> None:
    with db.session() as s:
        assessments.assess_contact(s, world["ann"], NOT_KEY, by=people.rm, on=TODAY)
    with db.session() as s:
        [sales] = dashboard.units(s, rm_id=people.rm)
    assert sales.key_customers == 1


# --- interviews ----------------------------------------------------------------------------


def test_upcoming_interviews(db, people, other_rm, world) -> None:
    def plan(s, at, who=people.rm, contacts_=("ann",), location="Room 1"):
        return interviews.schedule_interview(
            s,
            script_id=world["script"],
            contact_ids=[world[c] for c in contacts_],
            at=at,
            by=who,
            location=location,
        ).id

    with db.session() as s:
        soon = plan(s, NOW + dt.timedelta(days=2), contacts_=("ann", "bob"), location="Café <1>")
        just_started = plan(s, NOW - dt.timedelta(hours=1))
        plan(s, NOW - dt.timedelta(hours=3))  # long past
        plan(s, NOW + dt.timedelta(days=15))  # beyond the horizon
        edge = plan(s, NOW + dt.timedelta(days=14))
        theirs = plan(s, NOW + dt.timedelta(days=1), who=other_rm, contacts_=("fay",))
        running = plan(s, NOW + dt.timedelta(days=3))
        cancelled = plan(s, NOW + dt.timedelta(days=4))
    with db.session() as s:
        interviews.start_interview(s, running, by=people.rm)
        interviews.cancel_interview(s, cancelled, "Ill", by=people.rm)
    with db.session() as s:
        mine = dashboard.upcoming_interviews(s, people.rm, now=NOW)
        everyone = dashboard.upcoming_interviews(s, None, now=NOW)
        short = dashboard.upcoming_interviews(s, people.rm, days=7, now=NOW)
    assert [r.id for r in mine] == [just_started, soon, edge]
    row = mine[1]
    assert row.scheduled_at == NOW + dt.timedelta(days=2)
    assert set(row.contacts.split(", ")) == {"Ann", "Bob"}
    assert (row.unit, row.location) == ("Sales", "Café <1>")
    assert [r.id for r in everyone] == [just_started, theirs, soon, edge]
    assert everyone[1].unit == "Finance"
    assert [r.id for r in short] == [just_started, soon]


# --- escalations ---------------------------------------------------------------------------


def test_open_escalations_oldest_first_with_age_and_overdue(db, people, other_rm, world) -> None:
    with db.session() as s:
        old = disagreed(s, world, "sales", people.rm, "Old quarrel")
        new = disagreed(s, world, "finance", other_rm, "New quarrel", contact="fay")
        done = disagreed(s, world, "sales", people.rm, "Settled quarrel")
        talk = disagreed(s, world, "sales", people.rm, "Talking quarrel")
        e_old = escalations.escalate(s, old.id, by=people.rm, summary="old", at=days_ago(20))
        e_new = escalations.escalate(s, new.id, by=other_rm, summary="new", at=days_ago(2))
        e_done = escalations.escalate(s, done.id, by=people.rm, summary="done", at=days_ago(30))
        e_talk = escalations.escalate(
            s, talk.id, by=people.rm, summary="talk", at=days_ago(10), due_on=TODAY
        )
    with db.session() as s:
        escalations.resolve(s, e_done.id, by=people.manager, resolution="Settled")
        escalations.discuss(s, e_talk.id, by=people.manager, text="Talking")
    with db.session() as s:
        rows = dashboard.open_escalations(s, today=TODAY)
        mine = dashboard.open_escalations(s, people.rm, today=TODAY)
        managers = dashboard.open_escalations(s, people.manager, today=TODAY)
    assert [r.id for r in rows] == [e_old.id, e_talk.id, e_new.id]
    first = rows[0]
    assert (first.age_days, first.overdue) == (20, True)  # due 14 days after opening
    assert first.due_on == (TODAY - dt.timedelta(days=20)) + dt.timedelta(days=14)
    assert (first.unit, first.service, first.statement) == ("Sales", "CRM", "Old quarrel")
    assert (first.raised_by, first.rm_manager) == ("Rui Relman", "Mara Manager")
    assert first.status is EscalationStatus.OPEN
    assert rows[1].status is EscalationStatus.IN_DISCUSSION
    assert (rows[1].age_days, rows[1].overdue) == (10, False)  # due today is not overdue yet
    assert (rows[2].age_days, rows[2].overdue, rows[2].raised_by) == (2, False, "Olga Other")
    assert [r.id for r in mine] == [e_old.id, e_talk.id]
    assert [r.id for r in managers] == [e_old.id, e_talk.id, e_new.id]


# --- expectations due for review -----------------------------------------------------------


def test_expectations_due_for_review(db, people, other_rm, world) -> None:
    def agreed(s, unit, by, statement, review_on, contact="ann"):
        exp = state(s, world, unit, by, statement, contact)
        ex.validate_expectation(s, exp.id, by=by)
        ex.agree(
            s,
            exp.id,
            ex.Terms(99, MeasurementType.AVAILABILITY, Frequency.MONTHLY, review_on=review_on),
            by=by,
        )
        return exp.id

    with db.session() as s:
        overdue = agreed(s, "sales", people.rm, "Overdue review", TODAY - dt.timedelta(days=3))
        soon = agreed(s, "sales", people.rm, "Review soon", TODAY + dt.timedelta(days=14))
        agreed(s, "sales", people.rm, "Review later", TODAY + dt.timedelta(days=15))
        theirs = agreed(s, "finance", other_rm, "Theirs", TODAY, contact="fay")
        reopened = agreed(s, "sales", people.rm, "Reopened", TODAY)
        ex.propose(s, reopened, by=people.rm, party=Party.CUSTOMER, target=100, text="More")
    with db.session() as s:
        mine = dashboard.expectations_due_for_review(s, people.rm, today=TODAY)
        everyone = dashboard.expectations_due_for_review(s, None, today=TODAY)
        week = dashboard.expectations_due_for_review(s, people.rm, today=TODAY, within_days=7)
    assert [r.id for r in mine] == [overdue, soon]
    assert (mine[0].unit, mine[0].service, mine[0].statement, mine[0].review_on) == (
        "Sales",
        "CRM",
        "Overdue review",
        TODAY - dt.timedelta(days=3),
    )
    assert [r.id for r in everyone] == [overdue, theirs, soon]
    assert [r.id for r in week] == [overdue]


# --- action items --------------------------------------------------------------------------


def test_customers_overdue_action_from_my_interview_is_on_my_list(db, people, world) -> None:
    with db.session() as s:
        interview = interviews.schedule_interview(
            s, script_id=world["script"], contact_ids=[world["ann"]], at=days_ago(20), by=people.rm
        )
        item = meetings.add_action_item(
            s,
            text="Send the wish list",
            interview_id=interview.id,
            owner_contact_id=world["ann"],
            due_on=TODAY - dt.timedelta(days=5),
        )
    with db.session() as s:
        assert [r.id for r in dashboard.overdue_action_items(s, people.rm, today=TODAY)] == [
            item.id
        ]


# --- interviews not held, key customers not interviewed, assessments due ------------------


def plan_interview(s, world, by, at, contacts_=("ann",)) -> uuid.UUID:
    return interviews.schedule_interview(
        s, script_id=world["script"], contact_ids=[world[c] for c in contacts_], at=at, by=by
    ).id


def test_a_past_planned_interview_stays_as_not_held_until_held_moved_or_cancelled(
    db, people, other_rm, world
) -> None:
    with db.session() as s:
        long_ago = plan_interview(s, world, people.rm, NOW - dt.timedelta(days=10))
        this_morning = plan_interview(s, world, people.rm, NOW - dt.timedelta(hours=3))
        plan_interview(s, world, people.rm, NOW - dt.timedelta(hours=1))  # still upcoming
        theirs = plan_interview(s, world, other_rm, NOW - dt.timedelta(days=1), ("fay",))
    with db.session() as s:
        mine = dashboard.interviews_not_held(s, people.rm, now=NOW)
        everyone = dashboard.interviews_not_held(s, None, now=NOW)
    assert [r.id for r in mine] == [long_ago, this_morning]
    assert [r.id for r in everyone] == [long_ago, theirs, this_morning]
    assert (mine[0].contacts, mine[0].unit) == ("Ann", "Sales")
    # held late, moved, cancelled: no longer "not held"
    with db.session() as s:
        interviews.start_interview(s, long_ago, by=people.rm)
        interviews.reschedule_interview(
            s, this_morning, NOW + dt.timedelta(days=1), expected_version=None
        )
        interviews.cancel_interview(s, theirs, "Customer away", by=other_rm)
    with db.session() as s:
        assert dashboard.interviews_not_held(s, None, now=NOW) == []


def hold(s, world, by, at, contacts_=("ann",)) -> None:
    interview = plan_interview(s, world, by, at, contacts_)
    interviews.start_interview(s, interview, by=by, at=at)
    interviews.finish_interview(s, interview, by=by, at=at + dt.timedelta(hours=1))


def test_key_customers_with_no_interview_in_a_set_time(db, people, other_rm, world) -> None:
    with db.session() as s:
        hold(s, world, people.rm, days_ago(200), ("ann",))
        hold(s, world, people.rm, days_ago(30), ("bob",))
        # a cancelled or only planned interview does not count as one held
        cancelled = plan_interview(s, world, people.rm, days_ago(5), ("ann",))
        interviews.cancel_interview(s, cancelled, "Ill", by=people.rm)
    # (whether Bea Boss is key depends on the key-customer rule, tested with the contacts)
    ours = {"Ann", "Bob", "Fay"}
    with db.session() as s:
        mine = dashboard.key_customers_not_interviewed(s, people.rm, today=TODAY)
        everyone = dashboard.key_customers_not_interviewed(s, None, today=TODAY)
        longer = dashboard.key_customers_not_interviewed(s, people.rm, days=250, today=TODAY)
    assert [(r.name, r.unit, r.last, r.days_since) for r in mine if r.name in ours] == [
        ("Ann", "Sales", days_ago(200).date(), 200)
    ]
    # never interviewed comes first
    assert [(r.name, r.days_since) for r in everyone if r.name in ours] == [
        ("Fay", None),
        ("Ann", 200),
    ]
    assert [r for r in longer if r.name in ours] == []


def test_assessments_due_again_after_a_year(db, people, other_rm, world) -> None:
    with db.session() as s:
        cy = contacts.create_contact(s, "Cy", unit_id=world["sales"])
        assessments.assess_contact(
            s, cy.id, NOT_KEY, by=people.rm, on=TODAY - dt.timedelta(days=400)
        )
        # Ann was assessed long ago too, but again since: not due
        assessments.assess_contact(
            s, world["ann"], KEY, by=people.rm, on=TODAY - dt.timedelta(days=500)
        )
        dee = contacts.create_contact(s, "Dee", unit_id=world["finance"])
        assessments.assess_contact(s, dee.id, KEY, by=other_rm, on=TODAY - dt.timedelta(days=366))
    with db.session() as s:
        mine = dashboard.assessments_due(s, people.rm, today=TODAY)
        everyone = dashboard.assessments_due(s, None, today=TODAY)
        later = dashboard.assessments_due(s, None, days=450, today=TODAY)
    assert [(r.name, r.unit, r.days_since) for r in mine] == [("Cy", "Sales", 400)]
    assert [r.name for r in everyone] == ["Cy", "Dee"]
    assert later == []


def test_my_week_carries_the_new_feeds(db, people, world) -> None:
    with db.session() as s:
        missed = plan_interview(s, world, people.rm, NOW - dt.timedelta(days=3))
        week = dashboard.my_week(s, people.rm, today=TODAY)
    assert [r.id for r in week.interviews_not_held] == [missed]
    assert {r.name for r in week.key_customers_not_interviewed} >= {"Ann", "Bob"}
    assert "Fay" not in {r.name for r in week.key_customers_not_interviewed}
    assert week.assessments_due == []
