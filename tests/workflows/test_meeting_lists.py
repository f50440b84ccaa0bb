"""Changing meetings and action items, and the lists the Meetings and Action items pages
show: meetings per unit, action items filtered and flagged overdue, a quarterly review's
expectations with their latest measurements."""

import datetime as dt
import uuid

import pytest

from relman.errors import ValidationError
from relman.models import ActionItem, GoalsMet, Meeting, MeetingKind
from relman.workflows import meetings, portfolio
from tests.workflows import test_meetings as recorded
from tests.workflows.test_meetings import HELD, TODAY, count, load, monthly

setup = recorded.setup  # the unit, service, head and interview the meetings are with


def test_update_meeting_fields_and_attendees_with_its_version(db, people, setup) -> None:
    from relman.errors import ConflictError
    from relman.workflows import meeting_views

    meeting_id = monthly(db, people, setup, staff_ids=[people.rm], discussed="Old")
    with db.session() as s:
        version = s.get(Meeting, meeting_id).version
        meetings.update_meeting(
            s,
            meeting_id,
            expected_version=version,
            discussed="<b>New</b> & “quoted” 🚀",
            contact_ids=[setup.head],
        )
    with db.session() as s:
        detail = meeting_views.meeting_detail(s, meeting_id)
        assert detail.discussed == "<b>New</b> & “quoted” 🚀"
        assert [r.name for r in detail.contacts] == ["Hana Head"]
        assert [r.id for r in detail.staff] == [people.rm]  # not named: kept
        assert detail.version > version
        with pytest.raises(ConflictError):
            meetings.update_meeting(s, meeting_id, expected_version=version, discussed="Stale")
    with pytest.raises(ValidationError) as refused, db.session() as s:
        current = s.get(Meeting, meeting_id).version
        meetings.update_meeting(
            s, meeting_id, expected_version=current, goals_met=GoalsMet.NO, goals_note=" "
        )
    assert refused.value.field == "goals_note"
    with pytest.raises(ValidationError), db.session() as s:
        meetings.update_meeting(s, meeting_id, expected_version=None, kind="other")


def test_update_action_item_owner_due_and_text(db, people, setup) -> None:
    meeting_id = monthly(db, people, setup)
    with db.session() as s:
        item = meetings.add_action_item(
            s, text="Order", meeting_id=meeting_id, owner_staff_id=people.rm
        )
        item_id, version = item.id, item.version
    with db.session() as s:
        meetings.update_action_item(
            s,
            item_id,
            expected_version=version,
            owner_contact_id=setup.head,
            owner_staff_id=None,
            due_on=dt.date(2026, 3, 31),
        )
    item = load(db, ActionItem, item_id)
    assert (item.owner_staff_id, item.owner_contact_id, item.due_on) == (
        None,
        setup.head,
        dt.date(2026, 3, 31),
    )
    with pytest.raises(ValidationError) as refused, db.session() as s:
        meetings.update_action_item(s, item_id, expected_version=None, text="   ")
    assert refused.value.field == "text"


def test_action_items_list_filters_by_owner_unit_and_source_and_flags_overdue(
    db, people, setup
) -> None:
    from relman.workflows import action_items
    from relman.workflows.action_items import Owner

    meeting_id = monthly(db, people, setup)
    with db.session() as s:
        other_unit = portfolio.create_unit(s, "Sales").id
        other = meetings.record_meeting(
            s, kind=MeetingKind.OTHER, held_at=HELD, by=people.rm, unit_id=other_unit
        ).id

        def add(text, due, **kwargs):
            return meetings.add_action_item(s, text=text, due_on=due, **kwargs).id

        late = add("Late", dt.date(2026, 2, 20), meeting_id=meeting_id, owner_staff_id=people.rm)
        later = add("Later", None, meeting_id=other, owner_contact_id=setup.head)
        asked = add(
            "From interview",
            dt.date(2026, 3, 10),
            interview_id=setup.interview,
            owner_staff_id=people.manager,
        )
        done = add("Done", dt.date(2026, 1, 1), meeting_id=meeting_id, owner_staff_id=people.rm)
        meetings.complete_action_item(s, done)

    def ids(**kwargs):
        with db.session() as s:
            return [r.id for r in action_items.action_items(s, today=TODAY, **kwargs)]

    assert ids() == [late, asked, later]  # soonest due first, no date last, done left out
    assert ids(include_done=True) == [done, late, asked, later]
    assert ids(owner=Owner("staff", people.rm)) == [late]
    assert ids(owner=Owner("contact", setup.head)) == [later]
    assert ids(unit_id=other_unit) == [later]
    assert ids(source="interview") == [asked]
    assert ids(source="meeting") == [late, later]
    with db.session() as s:
        rows = {r.text: r for r in action_items.action_items(s, include_done=True, today=TODAY)}
    assert (rows["Late"].overdue, rows["Late"].days_overdue, rows["Late"].state) == (
        True,
        9,
        "overdue · 9 days",
    )
    assert rows["Done"].overdue is False and rows["Done"].state == "done"
    assert rows["Later"].state == "open" and rows["Later"].unit == "Sales"
    assert rows["Late"].source_label == "monthly review 2026-02-03"
    assert rows["From interview"].source == "interview"
    with pytest.raises(ValidationError):
        ids(source="email")


@pytest.mark.parametrize("typed", ["31/03/2026", "2026-02-30", "tomorrow", "<b>", "0001-01-01"])
def test_a_due_date_typed_badly_is_refused_with_the_form_it_takes(typed) -> None:
    from relman.workflows.action_items import parse_due

    with pytest.raises(ValidationError) as refused:
        parse_due(typed)
    assert refused.value.field == "due_on"
    assert parse_due(" ") is None
    assert parse_due("2026-03-31") == dt.date(2026, 3, 31)


def test_meetings_listed_per_unit_and_overall(db, people, setup) -> None:
    from relman.workflows import meeting_views

    first = monthly(db, people, setup, planned="Plan A")
    with db.session() as s:
        meetings.add_action_item(s, text="Open", meeting_id=first, owner_staff_id=people.rm)
    second = monthly(db, people, setup, held_at=HELD + dt.timedelta(days=30))
    with db.session() as s:
        quarterly = meetings.record_meeting(
            s,
            kind=MeetingKind.QUARTERLY_SERVICE_REVIEW,
            held_at=HELD + dt.timedelta(days=40),
            by=people.rm,
            service_id=setup.service,
        ).id
        everything = meeting_views.meeting_rows(s)
        of_unit = meeting_views.meeting_rows(s, unit_id=setup.unit)
    assert [r.id for r in everything] == [quarterly, second, first]
    assert [(r.id, r.open_actions, r.carried) for r in of_unit] == [(second, 0, 2), (first, 1, 0)]
    assert everything[0].kind_words == "quarterly service review"
    assert everything[0].service == "CAD workstations"


def test_deleting_a_review_takes_its_actions_and_agenda_and_comes_back(db, people, setup) -> None:
    from relman.workflows import history

    first = monthly(db, people, setup, planned="Plan A")
    with db.session() as s:
        meetings.add_action_item(s, text="Open", meeting_id=first, owner_staff_id=people.rm)
    second = monthly(db, people, setup, held_at=HELD + dt.timedelta(days=30))
    with db.session() as s:
        snapshot = history.remove(s, "meetings", first)
    with db.session() as s:  # the carried action went with its item; the plan stays
        assert [e.text for e in meetings.agenda_of(s, second)] == ["Plan A"]
    assert count(db, ActionItem) == 0
    with db.session() as s:
        history.put_back(s, snapshot)
    with db.session() as s:
        assert [e.text for e in meetings.agenda_of(s, second)] == ["Open", "Plan A"]


def test_quarterly_review_pulls_in_agreed_expectations_and_latest_measurements(
    db, people, setup
) -> None:
    from relman.models import Dependence, Frequency, MeasurementType
    from relman.workflows import expectations as ex
    from relman.workflows import measurements, meeting_views

    agreed_at = dt.datetime(2025, 12, 1, 9, tzinfo=dt.UTC)
    terms = ex.Terms(99.5, MeasurementType.AVAILABILITY, Frequency.MONTHLY, target_unit="%")
    with db.session() as s:
        portfolio.set_dependency(s, setup.unit, setup.service, Dependence.CRITICAL)

        def expectation(text: str, agree: bool) -> uuid.UUID:
            exp = ex.state_expectation(
                s,
                unit_id=setup.unit,
                service_id=setup.service,
                statement=text,
                by=people.rm,
                contact_id=setup.head,
                at=agreed_at,
            )
            if agree:
                ex.validate_expectation(s, exp.id, by=people.rm, at=agreed_at)
                ex.agree(s, exp.id, terms, by=people.rm, at=agreed_at)
            return exp.id

        up = expectation("CAD up in office hours", True)
        expectation("Only stated, not agreed", False)
        fresh = expectation("Licences renewed on time", True)
        for period, value in (("2025-12", 99.9), ("2026-01", 99.1)):
            measurements.record_measurement(
                s, up, period=period, value=value, by=people.rm, at=HELD
            )
        meeting_id = meetings.record_meeting(
            s,
            kind=MeetingKind.QUARTERLY_SERVICE_REVIEW,
            held_at=HELD,
            by=people.rm,
            unit_id=setup.unit,
            service_id=setup.service,
            discussed="One outage",
        ).id
    with db.session() as s:
        detail = meeting_views.meeting_detail(s, meeting_id)
    assert detail.review is not None
    lines = {line.id: line for line in detail.review.lines}
    assert set(lines) == {up, fresh}
    assert (lines[up].period, lines[up].value, lines[up].met, lines[up].direction) == (
        "2026-01",
        99.1,
        False,
        "worsening",
    )
    assert lines[up].target == "at least 99.5 %"
    assert detail.review.service.extra == "critical"
    assert (lines[fresh].value, lines[fresh].met) == (None, None)
