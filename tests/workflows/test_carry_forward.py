"""Carry-forward: what a unit's last monthly review left open opens the next one's agenda."""

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest

from relman.errors import RuleError
from relman.models import AgendaKind, MeetingKind
from relman.workflows import contacts, meetings, portfolio, services

JAN = dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)
FEB = dt.datetime(2026, 2, 5, 10, tzinfo=dt.UTC)
MAR = dt.datetime(2026, 3, 8, 10, tzinfo=dt.UTC)
APR = dt.datetime(2026, 4, 9, 10, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Setup:
    unit: uuid.UUID
    head: uuid.UUID


@pytest.fixture
def setup(db, people) -> Setup:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Finance", rms=[people.rm])
        head = contacts.create_contact(s, "Fiona Head", unit_id=unit.id)
        return Setup(unit.id, head.id)


def review(db, people, setup, at, planned="", **kwargs) -> uuid.UUID:
    with db.session() as s:
        return meetings.record_meeting(
            s,
            kind=MeetingKind.MONTHLY_REVIEW,
            held_at=at,
            by=people.rm,
            unit_id=setup.unit,
            planned=planned,
            **kwargs,
        ).id


def action(db, meeting_id, text, owner) -> uuid.UUID:
    with db.session() as s:
        return meetings.add_action_item(
            s, text=text, meeting_id=meeting_id, owner_staff_id=owner
        ).id


def agenda(db, unit, at) -> list[meetings.AgendaEntry]:
    with db.session() as s:
        return meetings.agenda_for_new_review(s, unit, at=at)


def test_first_review_of_a_unit_has_nothing_carried(db, people, setup) -> None:
    assert agenda(db, setup.unit, JAN) == []
    first = review(db, people, setup, JAN, planned="GPU upgrade")
    with db.session() as s:
        assert meetings.agenda_of(s, first) == []


def test_open_actions_and_planned_items_of_the_last_review_come_forward(db, people, setup) -> None:
    first = review(db, people, setup, JAN, planned="- GPU upgrade\n\n* New plotter\n")
    open_id = action(db, first, "Send the licence list", people.rm)
    done_id = action(db, first, "Book the room", people.manager)
    with db.session() as s:
        meetings.complete_action_item(s, done_id, at=JAN + dt.timedelta(days=3))

    items = agenda(db, setup.unit, FEB)
    assert [(i.kind, i.text, i.times_carried, i.age_days) for i in items] == [
        (AgendaKind.ACTION, "Send the licence list", 1, 31),
        (AgendaKind.PLANNED, "GPU upgrade", 1, 31),
        (AgendaKind.PLANNED, "New plotter", 1, 31),
    ]
    assert items[0].action_item_id == open_id
    assert items[0].owner == "Rui Relman"
    assert items[0].label == "carried 1×, 31 days"
    assert {i.first_meeting_id for i in items} == {first}


def test_the_carry_is_recorded_and_counted_until_done_or_delivered(db, people, setup) -> None:
    first = review(db, people, setup, JAN, planned="GPU upgrade\nNew plotter")
    open_id = action(db, first, "Send the licence list", people.rm)
    second = review(db, people, setup, FEB, planned="Close the year")
    with db.session() as s:
        recorded = meetings.agenda_of(s, second)
    assert [(i.text, i.times_carried) for i in recorded] == [
        ("Send the licence list", 1),
        ("GPU upgrade", 1),
        ("New plotter", 1),
    ]
    plotter = next(i for i in recorded if i.text == "New plotter")
    with db.session() as s:
        meetings.mark_delivered(s, plotter.id, at=FEB)

    items = agenda(db, setup.unit, MAR)
    assert [(i.text, i.times_carried, i.age_days) for i in items] == [
        ("Send the licence list", 2, 62),
        ("GPU upgrade", 2, 62),
        ("Close the year", 1, 31),
    ]
    assert items[0].label == "carried 2×, 62 days"
    assert items[0].first_meeting_id == first

    third = review(db, people, setup, MAR)
    with db.session() as s:
        meetings.complete_action_item(s, open_id, at=MAR + dt.timedelta(days=1))
    assert [(i.text, i.times_carried) for i in agenda(db, setup.unit, APR)] == [
        ("GPU upgrade", 3),
        ("Close the year", 2),
    ]
    with db.session() as s:
        assert len(meetings.agenda_of(s, third)) == 3


def test_an_action_done_after_a_review_was_still_open_at_it(db, people, setup) -> None:
    """Reviews recorded afterwards (catching up) carry what was open on their day."""
    first = review(db, people, setup, JAN)
    item = action(db, first, "Send the licence list", people.rm)
    with db.session() as s:
        meetings.complete_action_item(s, item, at=MAR)
    assert [i.text for i in agenda(db, setup.unit, FEB)] == ["Send the licence list"]
    assert agenda(db, setup.unit, APR) == []


def test_other_meetings_and_units_are_not_carried(db, people, setup) -> None:
    with db.session() as s:
        other = portfolio.create_unit(s, "Sales", rms=[people.rm]).id
        service = services.create_service(s, "SAP").id
        meetings.record_meeting(
            s,
            kind=MeetingKind.QUARTERLY_SERVICE_REVIEW,
            held_at=JAN,
            by=people.rm,
            unit_id=setup.unit,
            service_id=service,
            planned="Not a monthly review",
        )
        meetings.record_meeting(
            s,
            kind=MeetingKind.MONTHLY_REVIEW,
            held_at=JAN,
            by=people.rm,
            unit_id=other,
            planned="Another unit's plan",
        )
    assert agenda(db, setup.unit, FEB) == []


def test_only_a_planned_item_is_marked_delivered(db, people, setup) -> None:
    first = review(db, people, setup, JAN, planned="GPU upgrade")
    action(db, first, "Send the licence list", people.rm)
    second = review(db, people, setup, FEB)
    with db.session() as s:
        carried = meetings.agenda_of(s, second)
    act = next(i for i in carried if i.kind is AgendaKind.ACTION)
    plan = next(i for i in carried if i.kind is AgendaKind.PLANNED)
    with pytest.raises(RuleError), db.session() as s:
        meetings.mark_delivered(s, act.id)
    with db.session() as s:
        meetings.mark_delivered(s, plan.id, at=FEB)
    with pytest.raises(RuleError), db.session() as s:
        meetings.mark_delivered(s, plan.id)
    with db.session() as s:
        assert [i.delivered_at for i in meetings.agenda_of(s, second) if i.id == plan.id] == [FEB]


def test_a_delivery_taken_back_is_carried_again(db, people, setup) -> None:
    first = review(db, people, setup, JAN, planned="GPU upgrade")
    second = review(db, people, setup, FEB)
    with db.session() as s:
        (plan,) = meetings.agenda_of(s, second)
        meetings.mark_delivered(s, plan.id, at=FEB)
    assert agenda(db, setup.unit, MAR) == []
    with db.session() as s:
        meetings.unmark_delivered(s, plan.id)
    (again,) = agenda(db, setup.unit, MAR)
    assert (again.text, again.label, again.first_meeting_id) == (
        "GPU upgrade",
        "carried 2×, 62 days",
        first,
    )


def test_a_new_review_form_sees_the_carried_agenda_and_the_units_services(
    db, people, setup
) -> None:
    from relman.models import Dependence
    from relman.workflows import meeting_views

    first = review(db, people, setup, JAN, planned="GPU upgrade")
    action(db, first, "Send the licence list", people.rm)
    with db.session() as s:
        low = services.create_service(s, "Printing").id
        sap = services.create_service(s, "SAP").id
        portfolio.set_dependency(s, setup.unit, low, Dependence.LOW)
        portfolio.set_dependency(s, setup.unit, sap, Dependence.CRITICAL)
        found = meeting_views.unit_context(s, setup.unit, at=FEB)
    assert [(e.text, e.label) for e in found.agenda] == [
        ("Send the licence list", "carried 1×, 31 days"),
        ("GPU upgrade", "carried 1×, 31 days"),
    ]
    assert [(r.name, r.extra) for r in found.services] == [("SAP", "critical"), ("Printing", "low")]
    assert [r.name for r in found.contacts] == ["Fiona Head"]
