"""The calendar export: interviews and meetings as an iCalendar (.ics) file that calendar
programs import.

Each record becomes one VEVENT whose UID is ``<record id>@relman``: importing the file again
after a change updates the event instead of adding a second one (SEQUENCE follows the
record's version). Times are written in one named time zone, with its VTIMEZONE, so that a
calendar program shows them at the local clock time the interview was planned for, summer
time included; the zone is the machine's own unless another is asked for (``UTC`` always
works). Cancelled interviews are left out.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from relman import __version__
from relman.errors import ValidationError
from relman.models import (
    BusinessUnit,
    Contact,
    Interview,
    InterviewStatus,
    Meeting,
    MeetingKind,
    Service,
    Staff,
    interview_contacts,
    meeting_contacts,
    meeting_staff,
)
from relman.workflows.common import clean_date, now

#: A meeting has no length of its own; its event lasts this long.
MEETING_MINUTES = 60
MEETING_LABELS = {
    MeetingKind.MONTHLY_REVIEW: "Monthly review",
    MeetingKind.QUARTERLY_SERVICE_REVIEW: "Quarterly service review",
    MeetingKind.OTHER: "Meeting",
}
PRODID = f"-//relman//relman {__version__}//EN"


@dataclass(frozen=True)
class CalendarEntry:
    """One event of the calendar, gathered inside a session."""

    uid: str
    start: dt.datetime  # aware
    end: dt.datetime
    summary: str
    location: str
    description: str
    sequence: int
    modified: dt.datetime


def local_zone_name() -> str:
    """The IANA name of this machine's time zone (``Europe/Berlin``), or ``UTC`` when it
    cannot be told (the zone must have a name to be written with its rules)."""
    candidates = [os.environ.get("TZ", "").removeprefix(":")]
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in candidates:
        if name and _zone(name) is not None:
            return name
    return "UTC"


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone_named(name: str | None) -> ZoneInfo:
    """The time zone ``name`` (``None``: the machine's), or a ValidationError."""
    wanted = (name or local_zone_name()).strip()
    zone = _zone(wanted)
    if zone is None:
        raise ValidationError(
            "timezone", f"“{wanted}” is not a time zone; give a name such as Europe/Berlin or UTC."
        )
    return zone


def _window(
    zone: ZoneInfo, start: dt.date | None, until: dt.date | None
) -> tuple[dt.datetime, dt.datetime | None]:
    """From the first moment of ``start`` (default: today) to the end of ``until``, in
    ``zone``, as UTC instants."""
    first = clean_date("from", start, "The first day") if start else now().astimezone(zone).date()
    begin = dt.datetime.combine(first, dt.time(), zone).astimezone(dt.UTC)
    if until is None:
        return begin, None
    last = clean_date("until", until, "The last day")
    if last < first:
        raise ValidationError("until", "The last day comes before the first day.")
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), zone).astimezone(dt.UTC)
    return begin, end


def _names(
    session: Session,
    record_col: ColumnElement[uuid.UUID],
    person_col: ColumnElement[uuid.UUID],
    person: type[Contact] | type[Staff],
    ids: list[uuid.UUID],
) -> dict[uuid.UUID, list[str]]:
    """For each record id, the names of the people linked to it through a link table."""
    names: dict[uuid.UUID, list[str]] = defaultdict(list)
    if ids:
        rows = session.execute(
            select(record_col, person.name)
            .join(person, person.id == person_col)
            .where(record_col.in_(ids))
            .order_by(person.name)
        )
        for record_id, name in rows:
            names[record_id].append(name)
    return names


def _lines(*pairs: tuple[str, str]) -> str:
    return "\n".join(f"{label}: {value}" for label, value in pairs if value)


def _interviews(
    session: Session, begin: dt.datetime, end: dt.datetime | None
) -> list[CalendarEntry]:
    query = (
        select(Interview, BusinessUnit.name, Staff.name)
        .outerjoin(BusinessUnit, BusinessUnit.id == Interview.unit_id)
        .outerjoin(Staff, Staff.id == Interview.rm_id)
        .where(Interview.status != InterviewStatus.CANCELLED, Interview.scheduled_at >= begin)
    )
    if end is not None:
        query = query.where(Interview.scheduled_at < end)
    rows = session.execute(query).all()
    c = interview_contacts.c
    people = _names(session, c.interview_id, c.contact_id, Contact, [i.id for i, _u, _r in rows])
    entries = []
    for interview, unit, rm in rows:
        who = ", ".join(people.get(interview.id, [])) or "a contact"
        entries.append(
            CalendarEntry(
                uid=f"{interview.id}@relman",
                start=interview.scheduled_at,
                end=interview.scheduled_at + dt.timedelta(minutes=interview.duration_minutes),
                summary=f"Interview with {who}" + (f" ({unit})" if unit else ""),
                location=interview.location,
                description=_lines(
                    ("Unit", unit or ""),
                    ("Interviewed", who),
                    ("Relationship manager", rm or ""),
                    ("Notes", interview.notes),
                ),
                sequence=interview.version - 1,
                modified=interview.updated_at,
            )
        )
    return entries


def _meetings(session: Session, begin: dt.datetime, end: dt.datetime | None) -> list[CalendarEntry]:
    query = (
        select(Meeting, BusinessUnit.name, Service.name)
        .outerjoin(BusinessUnit, BusinessUnit.id == Meeting.unit_id)
        .outerjoin(Service, Service.id == Meeting.service_id)
        .where(Meeting.held_at >= begin)
    )
    if end is not None:
        query = query.where(Meeting.held_at < end)
    rows = session.execute(query).all()
    ids = [m.id for m, _u, _s in rows]
    mc, ms = meeting_contacts.c, meeting_staff.c
    contacts = _names(session, mc.meeting_id, mc.contact_id, Contact, ids)
    staff = _names(session, ms.meeting_id, ms.staff_id, Staff, ids)
    entries = []
    for meeting, unit, service in rows:
        label = MEETING_LABELS[meeting.kind]
        about = " – ".join(n for n in (unit, service) if n)
        entries.append(
            CalendarEntry(
                uid=f"{meeting.id}@relman",
                start=meeting.held_at,
                end=meeting.held_at + dt.timedelta(minutes=MEETING_MINUTES),
                summary=f"{label}: {about}" if about else label,
                location="",
                description=_lines(
                    ("Unit", unit or ""),
                    ("Service", service or ""),
                    ("Customer side", ", ".join(contacts.get(meeting.id, []))),
                    ("IT side", ", ".join(staff.get(meeting.id, []))),
                    ("Planned", meeting.planned),
                ),
                sequence=meeting.version - 1,
                modified=meeting.updated_at,
            )
        )
    return entries


def calendar_entries(
    session: Session,
    *,
    start: dt.date | None = None,
    until: dt.date | None = None,
    zone: ZoneInfo | None = None,
) -> list[CalendarEntry]:
    """The interviews (not cancelled) and meetings from ``start`` (default: today) to
    ``until`` (default: no end), both days included in ``zone``, by time."""
    begin, end = _window(zone or zone_named(None), start, until)
    entries = _interviews(session, begin, end) + _meetings(session, begin, end)
    return sorted(entries, key=lambda e: (e.start, e.uid))


def calendar_bytes(entries: list[CalendarEntry], zone: ZoneInfo) -> bytes:
    """The iCalendar file of ``entries``, times in ``zone`` with its VTIMEZONE."""
    calendar = Calendar.new(prodid=PRODID, name="relman", method="PUBLISH")
    stamp = now()
    for entry in entries:
        calendar.add_component(
            Event.new(
                uid=entry.uid,
                start=entry.start.astimezone(zone),
                end=entry.end.astimezone(zone),
                summary=entry.summary,
                location=entry.location or None,
                description=entry.description or None,
                sequence=entry.sequence,
                stamp=stamp,
                last_modified=entry.modified,
            )
        )
    if entries and zone.key != "UTC":
        calendar.add_missing_timezones(
            first_date=min(e.start for e in entries).date() - dt.timedelta(days=1),
            last_date=max(e.end for e in entries).date() + dt.timedelta(days=1),
        )
    return calendar.to_ical()


def export_calendar(
    session: Session,
    target: Path,
    *,
    start: dt.date | None = None,
    until: dt.date | None = None,
    zone_name: str | None = None,
) -> int:
    """Write the calendar from ``start`` to ``until`` into ``target``; how many events."""
    from relman.workflows.export_file import check_target, write_atomically

    check_target(target)
    zone = zone_named(zone_name)
    entries = calendar_entries(session, start=start, until=until, zone=zone)
    write_atomically(target, calendar_bytes(entries, zone))
    return len(entries)
