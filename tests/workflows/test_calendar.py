"""The calendar export, parsed back with the iCalendar library it is written with."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select

from relman.demo import build_demo
from relman.errors import RelmanError, ValidationError
from relman.models import (
    BusinessUnit,
    Contact,
    Interview,
    InterviewStatus,
    Meeting,
    MeetingKind,
    ScriptVersion,
    Staff,
)
from relman.storage import Database, open_database
from relman.workflows import interviews, meetings
from relman.workflows.calendar import calendar_entries, export_calendar, zone_named

EVER = dt.date(1990, 1, 1)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo, built once for the module; each test works on its own copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    database = open_database(path)
    build_demo(database, "small")
    database.close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    copy = tmp_path / "db" / "demo.sqlite"
    copy.parent.mkdir()
    shutil.copy(demo_file, copy)
    database = open_database(copy)
    yield database
    database.close()


def _parse(path: Path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def test_every_interview_and_meeting_comes_back_from_the_file(demo: Database, tmp_path: Path):
    target = tmp_path / "plan.ics"
    with demo.read_session() as s:
        count = export_calendar(s, target, start=EVER, zone_name="Europe/Berlin")
        planned = s.scalars(select(Interview).where(Interview.status != InterviewStatus.CANCELLED))
        wanted = {i.id: i for i in planned}
        held = {m.id: m for m in s.scalars(select(Meeting))}
        units = dict(s.execute(select(BusinessUnit.id, BusinessUnit.name)).all())
    calendar = _parse(target)
    events = calendar.events
    assert count == len(events) == len(wanted) + len(held) > 0
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    uids = [str(e.uid) for e in events]
    assert len(set(uids)) == len(uids)
    for event in events:
        record_id = uuid.UUID(str(event.uid).removesuffix("@relman"))
        assert str(event.uid).endswith("@relman")
        assert event.start.tzinfo is not None
        assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
        if record_id in wanted:
            interview = wanted[record_id]
            assert event.start == interview.scheduled_at
            assert event.end - event.start == dt.timedelta(minutes=interview.duration_minutes)
            assert str(event["LOCATION"]) == interview.location
            assert str(event["SUMMARY"]).startswith("Interview with ")
            assert units[interview.unit_id] in str(event["DESCRIPTION"])
        else:
            meeting = held[record_id]
            assert event.start == meeting.held_at
            assert event.end - event.start == dt.timedelta(hours=1)
            if meeting.unit_id:
                assert units[meeting.unit_id] in str(event["SUMMARY"])
        assert int(event["SEQUENCE"]) >= 0


def test_the_uid_of_an_event_stays_the_same_from_one_export_to_the_next(
    demo: Database, tmp_path: Path
):
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    with demo.read_session() as s:
        export_calendar(s, first, start=EVER, zone_name="UTC")
        export_calendar(s, second, start=EVER, zone_name="Asia/Tokyo")
    uids = [sorted(str(e.uid) for e in _parse(p).events) for p in (first, second)]
    assert uids[0] == uids[1]


def test_utc_times_need_no_time_zone_component(demo: Database, tmp_path: Path):
    target = tmp_path / "utc.ics"
    with demo.read_session() as s:
        export_calendar(s, target, start=EVER, zone_name="UTC")
    calendar = _parse(target)
    assert calendar.timezones == []
    assert all(e.start.utcoffset() == dt.timedelta(0) for e in calendar.events)
    assert b"DTSTART:" in target.read_bytes() and b"Z\r\n" in target.read_bytes()


def test_from_and_until_are_whole_days_in_the_chosen_zone(demo: Database):
    zone = ZoneInfo("Europe/Berlin")
    with demo.read_session() as s:
        everything = calendar_entries(s, start=EVER, zone=zone)
        day = everything[len(everything) // 2].start.astimezone(zone).date()
        that_day = calendar_entries(s, start=day, until=day, zone=zone)
        later = calendar_entries(s, start=day + dt.timedelta(days=1), zone=zone)
    assert that_day and all(e.start.astimezone(zone).date() == day for e in that_day)
    assert all(e.start.astimezone(zone).date() > day for e in later)
    assert len(that_day) + len(later) == sum(
        1 for e in everything if e.start.astimezone(zone).date() >= day
    )


def test_a_planned_interview_with_awkward_text_survives_the_round_trip(
    demo: Database, tmp_path: Path
):
    place = 'Room "B" ; 3rd floor, \\ east\nمكتب 😀 <b>&amp;'
    at = dt.datetime(2031, 3, 30, 9, 30, tzinfo=ZoneInfo("Europe/Berlin"))  # summer time begins
    with demo.session() as s:
        version = s.scalars(select(ScriptVersion).limit(1)).one()
        contact = s.scalars(select(Contact).limit(1)).one()
        rm = s.scalars(select(Staff).limit(1)).one()
        planned = interviews.schedule_interview(
            s,
            script_id=version.script_id,
            contact_ids=[contact.id],
            at=at,
            by=rm.id,
            location=place,
            duration_minutes=45,
        )
        planned_id = planned.id
    target = tmp_path / "one.ics"
    with demo.read_session() as s:
        export_calendar(s, target, start=at.date(), until=at.date(), zone_name="Europe/Berlin")
    (event,) = [e for e in _parse(target).events if str(e.uid) == f"{planned_id}@relman"]
    assert str(event["LOCATION"]) == place
    assert event.start == at and event.start.utcoffset() == dt.timedelta(hours=2)
    assert event.end == at + dt.timedelta(minutes=45)


def test_cancelled_interviews_are_left_out_and_meetings_without_a_unit_are_named(
    demo: Database,
):
    with demo.session() as s:
        rm = s.scalars(select(Staff).limit(1)).one()
        meeting = meetings.record_meeting(
            s,
            kind=MeetingKind.OTHER,
            held_at=dt.datetime(2031, 1, 1, 12, tzinfo=dt.UTC),
            by=rm.id,
        )
        meeting_id = meeting.id
    with demo.read_session() as s:
        entries = calendar_entries(s, start=EVER, zone=ZoneInfo("UTC"))
        cancelled = {
            f"{i}@relman"
            for i in s.scalars(
                select(Interview.id).where(Interview.status == InterviewStatus.CANCELLED)
            )
        }
    assert cancelled and not cancelled & {e.uid for e in entries}
    (other,) = [e for e in entries if e.uid == f"{meeting_id}@relman"]
    assert other.summary == "Meeting"


def test_bad_zone_bad_window_and_bad_target_are_refused(demo: Database, tmp_path: Path):
    with pytest.raises(ValidationError, match="not a time zone"):
        zone_named("Nowhere/Atlantis")
    with demo.read_session() as s:
        with pytest.raises(ValidationError, match="before the first day"):
            calendar_entries(s, start=dt.date(2030, 2, 1), until=dt.date(2030, 1, 1))
        with pytest.raises(RelmanError, match="is a folder"):
            export_calendar(s, tmp_path, start=EVER)
        with pytest.raises(RelmanError, match="does not exist"):
            export_calendar(s, tmp_path / "missing" / "x.ics", start=EVER)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db"]
