"""Review meetings and the action items that meetings and interviews produce."""

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from relman.errors import NotFoundError, RuleError, ValidationError
from relman.models import (
    ActionItem,
    GoalsMet,
    Meeting,
    MeetingKind,
    StaffRole,
    meeting_contacts,
    meeting_staff,
)
from relman.workflows import (
    contacts,
    dashboard,
    interviews,
    meetings,
    portfolio,
    scripts,
    services,
    staff,
)

HELD = dt.datetime(2026, 2, 3, 14, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 1)


@dataclass(frozen=True)
class Setup:
    unit: uuid.UUID
    service: uuid.UUID
    head: uuid.UUID
    interview: uuid.UUID


@pytest.fixture
def setup(db, people) -> Setup:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Design Engineering", rms=[people.rm])
        service = services.create_service(s, "CAD workstations")
        head = contacts.create_contact(s, "Hana Head", unit_id=unit.id)
        script = scripts.create_script(
            s, {"name": "Short", "sections": [{"title": "T", "questions": [{"text": "Q?"}]}]}
        )
        interview = interviews.schedule_interview(
            s, script_id=script.id, contact_ids=[head.id], at=HELD, by=people.rm
        )
        return Setup(unit.id, service.id, head.id, interview.id)


def monthly(db, people, setup, **kwargs) -> uuid.UUID:
    args = {
        "kind": MeetingKind.MONTHLY_REVIEW,
        "held_at": HELD,
        "by": people.rm,
        "unit_id": setup.unit,
    } | kwargs
    with db.session() as s:
        return meetings.record_meeting(s, **args).id


def count(db, model) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def load(db, model, id_):
    with db.session() as s:
        return s.get(model, id_)


# --- meetings ------------------------------------------------------------------------------


def test_record_monthly_review(db, people, setup) -> None:
    text = 'Plotter <A0> & "wide" paper =1+1 😀\nطابعة'
    meeting_id = monthly(
        db,
        people,
        setup,
        staff_ids=[people.rm, people.manager, people.rm],
        contact_ids=[setup.head],
        discussed=text,
        delivered="New CAD licences",
        planned="GPU upgrade",
        goals_met=GoalsMet.YES,
    )
    meeting = load(db, Meeting, meeting_id)
    assert meeting.kind is MeetingKind.MONTHLY_REVIEW
    assert meeting.held_at == HELD
    assert meeting.unit_id == setup.unit
    assert meeting.recorded_by_id == people.rm
    assert (meeting.discussed, meeting.delivered, meeting.planned) == (
        text,
        "New CAD licences",
        "GPU upgrade",
    )
    assert (meeting.goals_met, meeting.goals_note) == (GoalsMet.YES, "")
    with db.session() as s:
        attendees = set(
            s.scalars(
                select(meeting_staff.c.staff_id).where(meeting_staff.c.meeting_id == meeting_id)
            )
        )
        customers = list(
            s.scalars(
                select(meeting_contacts.c.contact_id).where(
                    meeting_contacts.c.meeting_id == meeting_id
                )
            )
        )
    assert attendees == {people.rm, people.manager}
    assert customers == [setup.head]


def test_monthly_review_needs_a_unit(db, people, setup) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        meetings.record_meeting(s, kind=MeetingKind.MONTHLY_REVIEW, held_at=HELD, by=people.rm)
    assert err.value.field == "unit"
    assert "monthly review is held with a business unit" in err.value.message
    assert count(db, Meeting) == 0


def test_quarterly_service_review_needs_a_service(db, people, setup) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        meetings.record_meeting(
            s,
            kind=MeetingKind.QUARTERLY_SERVICE_REVIEW,
            held_at=HELD,
            by=people.rm,
            unit_id=setup.unit,
        )
    assert err.value.field == "service"
    assert "quarterly service review is about a service" in err.value.message
    assert count(db, Meeting) == 0
    with db.session() as s:
        meeting_id = meetings.record_meeting(
            s,
            kind=MeetingKind.QUARTERLY_SERVICE_REVIEW,
            held_at=HELD,
            by=people.rm,
            service_id=setup.service,
        ).id
    assert load(db, Meeting, meeting_id).service_id == setup.service


def test_other_meeting_needs_neither(db, people) -> None:
    with db.session() as s:
        meetings.record_meeting(s, kind=MeetingKind.OTHER, held_at=HELD, by=people.rm)
    assert count(db, Meeting) == 1


@pytest.mark.parametrize("goals", [GoalsMet.PARTLY, GoalsMet.NO])
def test_goals_partly_or_not_met_need_a_note(db, people, setup, goals) -> None:
    with pytest.raises(ValidationError) as err, db.session() as s:
        meetings.record_meeting(
            s,
            kind=MeetingKind.MONTHLY_REVIEW,
            held_at=HELD,
            by=people.rm,
            unit_id=setup.unit,
            goals_met=goals,
            goals_note="  ",
        )
    assert err.value.field == "goals_note"
    assert "which service goals were not met" in err.value.message
    assert count(db, Meeting) == 0
    meeting_id = monthly(db, people, setup, goals_met=goals, goals_note="CAD render farm slow")
    meeting = load(db, Meeting, meeting_id)
    assert (meeting.goals_met, meeting.goals_note) == (goals, "CAD render farm slow")


def test_meeting_refuses_naive_time_missing_author_and_unknown_attendees(db, people, setup) -> None:
    base = {"kind": MeetingKind.MONTHLY_REVIEW, "unit_id": setup.unit}
    with pytest.raises(ValidationError) as err, db.session() as s:
        meetings.record_meeting(s, held_at=dt.datetime(2026, 2, 3, 14), by=people.rm, **base)
    assert err.value.field == "held_at"
    assert "time zone" in err.value.message
    with pytest.raises(ValidationError) as err, db.session() as s:
        meetings.record_meeting(s, held_at=HELD, by=None, **base)
    assert err.value.field == "author"
    with pytest.raises(NotFoundError), db.session() as s:
        meetings.record_meeting(s, held_at=HELD, by=people.rm, contact_ids=[uuid.uuid4()], **base)
    with pytest.raises(NotFoundError), db.session() as s:
        meetings.record_meeting(
            s, held_at=HELD, by=people.rm, unit_id=uuid.uuid4(), kind=MeetingKind.MONTHLY_REVIEW
        )
    assert count(db, Meeting) == 0
    assert count(db, meeting_contacts) == 0


# --- action items --------------------------------------------------------------------------


def test_action_items_from_a_meeting_and_from_an_interview(db, people, setup) -> None:
    meeting_id = monthly(db, people, setup)
    with db.session() as s:
        from_meeting = meetings.add_action_item(
            s,
            text="Order GPUs & <cables>",
            meeting_id=meeting_id,
            owner_staff_id=people.rm,
            due_on=dt.date(2026, 2, 20),
        ).id
        from_interview = meetings.add_action_item(
            s, text="Send the wish list", interview_id=setup.interview, owner_contact_id=setup.head
        ).id
    item = load(db, ActionItem, from_meeting)
    assert (item.meeting_id, item.interview_id, item.owner_staff_id, item.due_on) == (
        meeting_id,
        None,
        people.rm,
        dt.date(2026, 2, 20),
    )
    assert item.text == "Order GPUs & <cables>"
    assert item.done_at is None
    item = load(db, ActionItem, from_interview)
    assert (item.interview_id, item.owner_contact_id, item.due_on) == (
        setup.interview,
        setup.head,
        None,
    )


def test_action_item_needs_exactly_one_source(db, people, setup) -> None:
    meeting_id = monthly(db, people, setup)
    for sources in ({}, {"meeting_id": meeting_id, "interview_id": setup.interview}):
        with pytest.raises(ValidationError) as err, db.session() as s:
            meetings.add_action_item(s, text="Do it", owner_staff_id=people.rm, **sources)
        assert err.value.field == "source"
        assert "one meeting or one interview" in err.value.message
    assert count(db, ActionItem) == 0


def test_action_item_needs_an_owner_and_text(db, people, setup) -> None:
    meeting_id = monthly(db, people, setup)
    with pytest.raises(ValidationError) as err, db.session() as s:
        meetings.add_action_item(s, text="Do it", meeting_id=meeting_id)
    assert err.value.field == "owner"
    assert "needs an owner" in err.value.message
    with pytest.raises(ValidationError) as err, db.session() as s:
        meetings.add_action_item(s, text=" ", meeting_id=meeting_id, owner_staff_id=people.rm)
    assert "The action cannot be empty" in err.value.message
    with pytest.raises(NotFoundError) as err, db.session() as s:
        meetings.add_action_item(s, text="x", meeting_id=meeting_id, owner_staff_id=uuid.uuid4())
    assert "owner" in err.value.message
    with pytest.raises(NotFoundError), db.session() as s:
        meetings.add_action_item(s, text="x", meeting_id=uuid.uuid4(), owner_staff_id=people.rm)
    assert count(db, ActionItem) == 0


def test_complete_twice_is_refused_and_reopen_works(db, people, setup) -> None:
    meeting_id = monthly(db, people, setup)
    with db.session() as s:
        item_id = meetings.add_action_item(
            s, text="Do it", meeting_id=meeting_id, owner_staff_id=people.rm
        ).id
    done = dt.datetime(2026, 2, 10, 8, tzinfo=dt.UTC)
    with db.session() as s:
        meetings.complete_action_item(s, item_id, at=done)
    assert load(db, ActionItem, item_id).done_at == done
    with pytest.raises(RuleError) as err, db.session() as s:
        meetings.complete_action_item(s, item_id)
    assert "already done" in err.value.message
    assert load(db, ActionItem, item_id).done_at == done
    with db.session() as s:
        meetings.reopen_action_item(s, item_id)
    assert load(db, ActionItem, item_id).done_at is None
    with db.session() as s:
        meetings.complete_action_item(s, item_id)
    assert load(db, ActionItem, item_id).done_at is not None


def test_overdue_action_items_appear_on_the_dashboard(db, people, setup) -> None:
    meeting_id = monthly(db, people, setup)
    with db.session() as s:
        outsider = staff.add_staff(s, "Oscar Outsider", role=StaffRole.RM).id
        other_unit = portfolio.create_unit(s, "Other").id

    def add(text, due, **kwargs):
        with db.session() as s:
            return meetings.add_action_item(s, text=text, due_on=due, **kwargs).id

    late = add("Order GPUs", dt.date(2026, 2, 20), meeting_id=meeting_id, owner_staff_id=people.rm)
    later = add(
        "Send wish list",
        dt.date(2026, 2, 27),
        interview_id=setup.interview,
        owner_contact_id=setup.head,
    )
    add("Due today", TODAY, meeting_id=meeting_id, owner_staff_id=people.rm)
    add("Due later", dt.date(2026, 4, 1), meeting_id=meeting_id, owner_staff_id=people.rm)
    add("No date", None, meeting_id=meeting_id, owner_staff_id=people.rm)
    done = add("Done", dt.date(2026, 1, 1), meeting_id=meeting_id, owner_staff_id=people.rm)
    with db.session() as s:
        meetings.complete_action_item(s, done)
        other_meeting = meetings.record_meeting(
            s, kind=MeetingKind.MONTHLY_REVIEW, held_at=HELD, by=outsider, unit_id=other_unit
        ).id
    theirs = add("Theirs", dt.date(2026, 2, 1), meeting_id=other_meeting, owner_staff_id=outsider)

    with db.session() as s:
        everyone = dashboard.overdue_action_items(s, None, today=TODAY)
        mine = dashboard.overdue_action_items(s, people.rm, today=TODAY)
        outsiders = dashboard.overdue_action_items(s, outsider, today=TODAY)
    assert [(r.id, r.days_overdue, r.owner) for r in everyone] == [
        (theirs, 28, "Oscar Outsider"),
        (late, 9, "Rui Relman"),
        (later, 2, "Hana Head"),
    ]
    assert everyone[1].meeting_id == meeting_id and everyone[1].interview_id is None
    assert everyone[2].interview_id == setup.interview
    assert [r.id for r in mine] == [late, later]  # the RM's own interview counts too
    assert [r.id for r in outsiders] == [theirs]
    # completing it takes it off the list
    with db.session() as s:
        meetings.complete_action_item(s, late)
    with db.session() as s:
        left = dashboard.overdue_action_items(s, people.rm, today=TODAY)
    assert [r.id for r in left] == [later]
