"""What resolving or withdrawing an escalation did, noted in its transaction so that the
manager can take it back (``reopen_escalation`` in :mod:`relman.workflows.escalations`):
the steps it wrote, and the escalation and the expectation as they were before it."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.models import Escalation, EscalationEvent, Expectation, ExpectationEvent
from relman.storage.snapshot import Key
from relman.workflows import expectation_rules, history, plain
from relman.workflows.commands import Command, new_version, undo_by

#: The escalation's fields a closing changes; reopening puts them back.
CLOSING_FIELDS = ("status", "resolved_at", "resolution")


@plain.record
@dataclass(frozen=True)
class Closing:
    """What resolving or withdrawing an escalation did: the events it wrote, and the
    escalation and expectation as they were before it."""

    created: tuple[tuple[str, uuid.UUID], ...]
    #: what removing the events takes, noted when they were written (see history.remove)
    known: frozenset[Key]
    escalation: dict[str, Any]
    expectation: dict[str, Any]
    at: dt.datetime
    #: whether the expectation was agreed on the resolution's terms
    agreed: bool


def written(session: Session, esc: Escalation) -> set[tuple[str, uuid.UUID]]:
    steps = session.scalars(
        select(ExpectationEvent.id).where(ExpectationEvent.expectation_id == esc.expectation_id)
    )
    notes = session.scalars(
        select(EscalationEvent.id).where(EscalationEvent.escalation_id == esc.id)
    )
    return {("expectation_events", i) for i in steps} | {("escalation_events", i) for i in notes}


def before(
    session: Session, esc: Escalation, exp: Expectation
) -> tuple[dict[str, Any], dict[str, Any], set[tuple[str, uuid.UUID]]]:
    fields = {name: getattr(esc, name) for name in CLOSING_FIELDS}
    return fields, expectation_rules.state_of(exp), written(session, esc)


def closed(
    session: Session,
    esc: Escalation,
    exp: Expectation,
    before: tuple[dict[str, Any], dict[str, Any], set[tuple[str, uuid.UUID]]],
    at: dt.datetime,
    again: Command,
    agreed: bool,
) -> None:
    """Inside a closing: its inverse reopens the escalation; redoing it runs ``again``."""
    fields, state, rows = before
    session.flush()
    created = tuple(sorted(written(session, esc) - rows))
    known = frozenset().union(*(history.rows_of(session, t, i) for t, i in created))
    undo_by(
        session,
        "reopen_escalation",
        escalation_id=esc.id,
        closing=Closing(created, known, fields, state, at, agreed),
        again=again,
        expected_version=new_version(session, esc),
        expectation_version=new_version(session, exp),
    )
