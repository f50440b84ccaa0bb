"""CSV export of contacts, units, expectations and action items, for spreadsheet programs.

The file is UTF-8 with a byte-order mark (without it Excel reads UTF-8 as the local code
page and garbles every accent), comma-separated, CRLF line ends, every cell quoted where
needed. A cell a spreadsheet would take for a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) gets a leading apostrophe: a contact named
``=HYPERLINK(...)`` is shown as text and never run (CSV injection). The contact and unit
columns carry the names :mod:`relman.workflows.csv_import` reads, so an exported list can
be edited and imported into another file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from relman.errors import ValidationError
from relman.models import (
    ActionItem,
    BusinessUnit,
    Contact,
    Expectation,
    Interview,
    Meeting,
    Service,
    Staff,
    unit_rms,
)

#: What a spreadsheet program may read as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | bool | dt.date | dt.datetime | None
Table = tuple[list[str], list[list[Cell]]]


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet shows it literally: an apostrophe before a formula start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.datetime):
        return value.astimezone().strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        value = f"{value:g}"
    return neutralise(str(value))


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """The CSV file of ``rows`` under ``headers``, as spreadsheet programs open it."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_cell(h) for h in headers])
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def _contacts(session: Session) -> Table:
    manager = aliased(Contact)
    rows = session.execute(
        select(
            Contact.name,
            Contact.title,
            BusinessUnit.name,
            Contact.email,
            Contact.phone,
            manager.name,
            Contact.is_key,
            Contact.notes,
        )
        .outerjoin(BusinessUnit, BusinessUnit.id == Contact.unit_id)
        .outerjoin(manager, manager.id == Contact.manager_id)
        .where(Contact.archived_at.is_(None))
        .order_by(Contact.name)
    )
    headers = ["name", "title", "unit", "email", "phone", "manager", "key customer", "notes"]
    return headers, [list(r) for r in rows]


def _units(session: Session) -> Table:
    head = aliased(Contact)
    rms: dict[object, list[str]] = {}
    for unit_id, name in session.execute(
        select(unit_rms.c.unit_id, Staff.name)
        .join(Staff, Staff.id == unit_rms.c.staff_id)
        .order_by(Staff.name)
    ):
        rms.setdefault(unit_id, []).append(name)
    rows = session.execute(
        select(
            BusinessUnit.id,
            BusinessUnit.name,
            BusinessUnit.division,
            BusinessUnit.criticality,
            head.name,
            BusinessUnit.review_every_days,
            BusinessUnit.own_service_levels,
            BusinessUnit.notes,
        )
        .outerjoin(head, head.id == BusinessUnit.head_id)
        .where(BusinessUnit.archived_at.is_(None))
        .order_by(BusinessUnit.name)
    )
    headers = [
        "name",
        "division",
        "criticality",
        "head",
        "relationship managers",
        "review every days",
        "own service levels",
        "notes",
    ]
    return headers, [
        [name, division, level.value, head_name, ", ".join(rms.get(i, [])), *rest]
        for i, name, division, level, head_name, *rest in rows
    ]


def _expectations(session: Session) -> Table:
    rows = session.execute(
        select(Expectation, BusinessUnit.name, Service.name, Contact.name)
        .join(BusinessUnit, BusinessUnit.id == Expectation.unit_id)
        .join(Service, Service.id == Expectation.service_id)
        .outerjoin(Contact, Contact.id == Expectation.contact_id)
        .order_by(BusinessUnit.name, Service.name, Expectation.created_at)
    )
    headers = [
        "unit",
        "service",
        "contact",
        "statement",
        "status",
        "target",
        "target unit",
        "direction",
        "measurement",
        "frequency",
        "review on",
        "agreed at",
    ]

    def value(member: object) -> str:
        return getattr(member, "value", "") or ""

    return headers, [
        [
            unit,
            service,
            contact,
            e.statement,
            e.status.value,
            e.target,
            e.target_unit,
            value(e.direction),
            value(e.measurement_type),
            value(e.frequency),
            e.review_on,
            e.agreed_at,
        ]
        for e, unit, service, contact in rows
    ]


def _actions(session: Session) -> Table:
    meeting_unit, interview_unit = aliased(BusinessUnit), aliased(BusinessUnit)
    rows = session.execute(
        select(
            ActionItem,
            Meeting.held_at,
            Interview.scheduled_at,
            func.coalesce(meeting_unit.name, interview_unit.name),
            func.coalesce(Staff.name, Contact.name),
        )
        .outerjoin(Meeting, Meeting.id == ActionItem.meeting_id)
        .outerjoin(Interview, Interview.id == ActionItem.interview_id)
        .outerjoin(meeting_unit, meeting_unit.id == Meeting.unit_id)
        .outerjoin(interview_unit, interview_unit.id == Interview.unit_id)
        .outerjoin(Staff, Staff.id == ActionItem.owner_staff_id)
        .outerjoin(Contact, Contact.id == ActionItem.owner_contact_id)
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on, ActionItem.created_at)
    )
    headers = ["action", "unit", "owner", "due on", "done at", "from", "raised at"]
    return headers, [
        [
            item.text,
            unit,
            owner,
            item.due_on,
            item.done_at,
            "meeting" if item.meeting_id else "interview",
            held or scheduled,
        ]
        for item, held, scheduled, unit, owner in rows
    ]


#: What can be exported, by the name the command line and the menu use.
KINDS: dict[str, tuple[str, Callable[[Session], Table]]] = {
    "contacts": ("contacts", _contacts),
    "units": ("business units", _units),
    "expectations": ("expectations", _expectations),
    "actions": ("action items", _actions),
}


def csv_table(session: Session, kind: str) -> Table:
    """The headers and rows of the export ``kind`` (a key of :data:`KINDS`)."""
    if kind not in KINDS:
        raise ValidationError("kind", f"relman exports {', '.join(KINDS)} as CSV, not “{kind}”.")
    return KINDS[kind][1](session)


def export_csv(session: Session, kind: str, target: Path) -> int:
    """Write the export ``kind`` into ``target``; how many rows."""
    from relman.workflows.export_file import check_target, write_atomically

    check_target(target)
    headers, rows = csv_table(session, kind)
    write_atomically(target, csv_bytes(headers, rows))
    return len(rows)
