"""Gathering the escalation summary, in one session, into plain data
(:mod:`relman.reports.escalation_summary` prints it).

The rows, their ages and past-due flags come from the escalations page's own query
(:func:`relman.workflows.escalation_queries.escalation_list`), so the summary and the page
never disagree; the statements and the short histories of every escalation are then read
in a few bulk queries, not one per escalation.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relman.errors import NotFoundError
from relman.models import (
    OPEN_ESCALATION,
    Contact,
    Escalation,
    EscalationEvent,
    EscalationStatus,
    EventKind,
    Expectation,
    ExpectationEvent,
    Staff,
)
from relman.workflows import common
from relman.workflows.escalation_queries import (
    AgeBand,
    EscalationFilter,
    EscalationListRow,
    escalation_list,
)
from relman.workflows.report_progress import Progress, check_cancel, gathering
from relman.workflows.review_pack_data import named
from relman.workflows.unit_history import num

#: the steps of a negotiation worth a line in the summary (notes and rewordings are not)
NEGOTIATION = (
    EventKind.PROPOSED,
    EventKind.COUNTER_PROPOSED,
    EventKind.DISAGREED,
    EventKind.AGREED,
    EventKind.REOPENED,
)
#: how many of the latest steps the short history keeps
HISTORY_STEPS = 5
#: ids per ``IN (…)`` query, well under SQLite's limit on parameters
CHUNK = 500


@dataclass(frozen=True)
class Step:
    on: dt.date
    who: str
    what: str


@dataclass(frozen=True)
class EscalationItem:
    row: EscalationListRow
    statement: str
    customer: str
    target: str
    history: list[Step]
    next_step: str


@dataclass(frozen=True)
class EscalationData:
    made_on: dt.date
    scope: str  # "open escalations of Mara Manager"
    items: list[EscalationItem]  # by manager, then unit, then oldest first
    by_band: list[tuple[str, int]]
    by_unit: list[tuple[str, int, int]]  # unit, open, past due

    @property
    def groups(self) -> Iterator[tuple[str, str, list[EscalationItem]]]:
        """(manager, unit, items) in the order printed."""
        current: tuple[str, str] | None = None
        bunch: list[EscalationItem] = []
        for item in self.items:
            key = (item.row.manager or "No manager named", item.row.unit)
            if key != current and bunch:
                yield (*current, bunch)  # type: ignore[misc]
                bunch = []
            current = key
            bunch.append(item)
        if bunch and current is not None:
            yield (*current, bunch)


def find_manager(session: Session, name: str) -> uuid.UUID:
    """The staff member named ``name`` (any case), else a message naming what was asked."""
    found = named(session, Staff.id, Staff.name, name)
    if found is None:
        raise NotFoundError(f"No staff member is named “{name.strip()}”; check the spelling.")
    return found


def _chunks(ids: list[uuid.UUID]) -> Iterable[list[uuid.UUID]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _day(at: dt.datetime) -> dt.date:
    return common.today(at)


def _negotiations(session: Session, expectation_ids: list[uuid.UUID]) -> dict[uuid.UUID, list]:
    steps: dict[uuid.UUID, list[tuple[dt.datetime, Step]]] = {}
    for ids in _chunks(expectation_ids):
        for exp_id, at, kind, who, party, proposed, text in session.execute(
            select(
                ExpectationEvent.expectation_id,
                ExpectationEvent.at,
                ExpectationEvent.kind,
                func.coalesce(Staff.name, ""),
                ExpectationEvent.party,
                ExpectationEvent.proposed_target,
                ExpectationEvent.text,
            )
            .outerjoin(Staff, Staff.id == ExpectationEvent.author_id)
            .where(ExpectationEvent.expectation_id.in_(ids), ExpectationEvent.kind.in_(NEGOTIATION))
        ):
            what = kind.value.replace("_", " ")
            if party is not None:
                what += f" by {'IT' if party.value == 'it' else 'the customer'}"
            if proposed is not None:
                what += f": {num(proposed)}"
            if text.strip():
                what += f" — {text.strip()}"
            steps.setdefault(exp_id, []).append((at, Step(_day(at), who, what)))
    return {k: sorted(v, key=lambda s: s[0]) for k, v in steps.items()}


def _escalation_events(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, list]:
    steps: dict[uuid.UUID, list[tuple[dt.datetime, Step]]] = {}
    for chunk in _chunks(ids):
        for esc_id, at, kind, who, text in session.execute(
            select(
                EscalationEvent.escalation_id,
                EscalationEvent.at,
                EscalationEvent.kind,
                func.coalesce(Staff.name, ""),
                EscalationEvent.text,
            )
            .outerjoin(Staff, Staff.id == EscalationEvent.author_id)
            .where(EscalationEvent.escalation_id.in_(chunk))
        ):
            what = f"escalation {kind.value}" + (f" — {text.strip()}" if text.strip() else "")
            steps.setdefault(esc_id, []).append((at, Step(_day(at), who, what)))
    return steps


def _next_step(row: EscalationListRow, resolution: str, on: dt.date) -> str:
    if row.status is EscalationStatus.RESOLVED:
        return f"None: resolved on {_day(row.resolved_at or row.opened_at):%Y-%m-%d}. {resolution}"
    if row.status is EscalationStatus.WITHDRAWN:
        return f"None: withdrawn on {_day(row.resolved_at or row.opened_at):%Y-%m-%d}."
    if row.past_due:
        late = (on - row.due_on).days
        return f"Past due by {late} days: the two managers decide, or it is withdrawn."
    if row.status is EscalationStatus.IN_DISCUSSION:
        return f"The managers settle it by {row.due_on:%Y-%m-%d}."
    return f"The managers take it up and decide by {row.due_on:%Y-%m-%d}."


def gather_escalation_summary(
    session: Session,
    *,
    manager: str | uuid.UUID | None = None,
    include_closed: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> EscalationData:
    """The escalations the summary prints: open ones (or all), of one manager (an id, or a
    name in any case) or of all."""
    on = common.today()
    manager_id = manager
    if isinstance(manager, str):
        manager_id = find_manager(session, manager) if manager.strip() else None
    if isinstance(manager_id, uuid.UUID):
        manager = common.get(session, Staff, manager_id, "staff member").name
    statuses = frozenset() if include_closed else frozenset(OPEN_ESCALATION)
    step = gathering(progress, 3)
    step(0, "Gathering the escalations")
    rows = escalation_list(
        session, EscalationFilter(manager_id=manager_id, statuses=statuses), on=on
    ).rows
    check_cancel(cancelled)
    step(1, "Gathering their expectations")
    extra: dict[uuid.UUID, tuple[str, str, str, str]] = {}
    ids = [r.id for r in rows]
    for chunk in _chunks(ids):
        for esc_id, statement, target, unit, customer, resolution in session.execute(
            select(
                Escalation.id,
                Expectation.statement,
                Expectation.target,
                Expectation.target_unit,
                func.coalesce(Contact.name, ""),
                Escalation.resolution,
            )
            .join(Expectation, Expectation.id == Escalation.expectation_id)
            .outerjoin(Contact, Contact.id == Expectation.contact_id)
            .where(Escalation.id.in_(chunk))
        ):
            shown = f"{num(target)} {unit}".strip() if target is not None else ""
            extra[esc_id] = (statement, customer, shown, resolution)
    check_cancel(cancelled)
    step(2, "Gathering the negotiations")
    talks = _negotiations(session, sorted({r.expectation_id for r in rows}))
    events = _escalation_events(session, ids)
    check_cancel(cancelled)
    items = []
    for r in rows:
        statement, customer, target, resolution = extra[r.id]
        steps = sorted(talks.get(r.expectation_id, []) + events.get(r.id, []), key=lambda s: s[0])
        items.append(
            EscalationItem(
                r,
                statement,
                customer,
                target,
                [s for _at, s in steps[-HISTORY_STEPS:]],
                _next_step(r, resolution, on),
            )
        )
    items.sort(
        key=lambda i: (i.row.manager.lower() or "\uffff", i.row.unit.lower(), i.row.opened_at)
    )
    bands = Counter(
        band.value for i in items for band in AgeBand if band.holds(i.row.age_days, i.row.past_due)
    )
    units: dict[str, list[int]] = {}
    for i in items:
        counts = units.setdefault(i.row.unit, [0, 0])
        counts[0] += i.row.status in OPEN_ESCALATION
        counts[1] += i.row.past_due
    who = f" taken up by {manager.strip()}" if isinstance(manager, str) and manager else ""
    return EscalationData(
        made_on=on,
        scope=f"{'All' if include_closed else 'Open'} escalations{who}",
        items=items,
        by_band=[(band.value, bands.get(band.value, 0)) for band in AgeBand],
        by_unit=sorted(((u, o, p) for u, (o, p) in units.items()), key=lambda x: (-x[1], x[0])),
    )
