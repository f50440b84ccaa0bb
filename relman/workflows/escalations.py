"""Escalations: an expectation agreed to be disagreed on goes to the managers.

Only an unsuccessful negotiation is escalated: the expectation was agreed to be disagreed on
after at least one proposal or counter-proposal.

The RM's manager takes it to the customer's manager; they discuss it, and resolve it (maybe
agreeing the expectation after all) or withdraw it.

Each of those steps adds one event and moves the escalation's version on by one, so that a
step based on an older reading (another window, another laptop) is refused with what the
other person did since (:func:`what_changed`), never written over it. What the page lists
and shows is read in :mod:`relman.workflows.escalation_queries`.

Each step the window offers is a named command (relman.workflows.commands). A discussion
note is undone by ``take_back_note`` (refused once anything was added to the escalation
after it); a resolution or a withdrawal by ``reopen_escalation``, which puts the escalation
and the expectation back as they were, refused once someone took a step on either since or
the agreement reached was measured against. Escalating is a step of the expectation
(:mod:`relman.workflows.expectation_steps`).
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.errors import ConflictError, RuleError, ValidationError
from relman.models import (
    OPEN_ESCALATION,
    Contact,
    Escalation,
    EscalationEvent,
    EscalationEventKind,
    EscalationStatus,
    EventKind,
    Expectation,
    ExpectationStatus,
    Staff,
)
from relman.storage.snapshot import Key, Snapshot
from relman.workflows import escalation_closing, expectation_rules, history
from relman.workflows.commands import Command, command, new_version, undo_by
from relman.workflows.common import author, clean_date, clean_text, get, now, stamp, today
from relman.workflows.expectations import (
    Terms,
    _expectation,
    add_event,
    apply_terms,
    negotiated,
)

DEFAULT_DAYS_TO_RESOLVE = 14


def _event(
    session: Session,
    esc: Escalation,
    kind: EscalationEventKind,
    by: uuid.UUID | None,
    text: str,
    at: dt.datetime | None,
) -> EscalationEvent:
    event = EscalationEvent(
        escalation_id=esc.id, kind=kind, author_id=author(session, by).id, at=stamp(at), text=text
    )
    session.add(event)
    session.flush()  # the caller gets the event with its id
    return event


def escalate(
    session: Session,
    expectation_id: uuid.UUID,
    *,
    by: uuid.UUID | None,
    summary: str,
    rm_manager_id: uuid.UUID | None = None,
    customer_manager_id: uuid.UUID | None = None,
    due_on: dt.date | None = None,
    at: dt.datetime | None = None,
) -> Escalation:
    """Escalate a disagreed expectation whose negotiation failed. Both managers are needed:
    by default the RM's own manager and the customer's manager as recorded in the
    portfolio."""
    exp = _expectation(session, expectation_id, "escalate")
    if not negotiated(session, exp.id):
        raise RuleError(
            "No proposal was ever recorded for this expectation, so it cannot be escalated: "
            "record a proposal first (what IT offered or the customer asked). Escalation "
            "follows a negotiation that did not succeed."
        )
    raised_by = author(session, by)
    summary = clean_text("summary", summary, "The summary of the disagreement", required=True)
    if rm_manager_id is None:
        rm_manager_id = raised_by.reports_to_id
    if rm_manager_id is None:
        raise ValidationError(
            "rm_manager",
            f"The RM's manager is missing: record who {raised_by.name} reports to, "
            "or choose the manager who takes this up.",
        )
    rm_manager = get(session, Staff, rm_manager_id, "RM's manager")
    if customer_manager_id is None and exp.contact_id is not None:
        contact = session.get(Contact, exp.contact_id)
        customer_manager_id = contact.manager_id if contact else None
    if customer_manager_id is None:
        raise ValidationError(
            "customer_manager",
            "The customer's manager is missing: record the contact's manager, "
            "or choose who on the customer's side takes this up.",
        )
    customer_manager = get(session, Contact, customer_manager_id, "customer's manager")
    opened = stamp(at)
    esc = Escalation(
        expectation_id=exp.id,
        raised_by_id=raised_by.id,
        rm_manager_id=rm_manager.id,
        customer_manager_id=customer_manager.id,
        status=EscalationStatus.OPEN,
        summary=summary,
        opened_at=opened,
        due_on=today(opened) + dt.timedelta(days=DEFAULT_DAYS_TO_RESOLVE)
        if due_on is None
        else clean_date("due_on", due_on, "The due date"),
    )
    if esc.due_on < opened.date():
        raise ValidationError("due_on", "The due date cannot be before the escalation is opened.")
    session.add(esc)
    session.flush()
    exp.status = ExpectationStatus.ESCALATED
    add_event(session, exp, EventKind.ESCALATED, raised_by.id, summary, at=at)
    _event(session, esc, EscalationEventKind.OPENED, raised_by.id, summary, at)
    return esc


#: What someone did, as a refused step tells it: "Mara Manager resolved it on …".
DID = {
    EscalationEventKind.OPENED: "escalated it",
    EscalationEventKind.DISCUSSED: "noted a discussion",
    EscalationEventKind.RESOLVED: "resolved it",
    EscalationEventKind.WITHDRAWN: "withdrew it",
}
#: What each step is called in a refusal: "cannot be discussed".
STEP_WORDS = {"discuss": "discussed", "resolve": "resolved", "withdraw": "withdrawn"}


def _open(
    session: Session, escalation_id: uuid.UUID, step: str, expected_version: int | None
) -> Escalation:
    """The escalation a step starts from: refused if someone else changed it since the
    user read it at ``expected_version`` (None: no check, for code that writes what it made
    itself, like the demo), and refused if it is already closed. The step counts as a
    change of the escalation (a new version) even when its status stays the same."""
    esc = get(session, Escalation, escalation_id, "escalation")
    if expected_version is not None and esc.version != expected_version:
        raise ConflictError(what_changed(session, esc, expected_version))
    if esc.status not in OPEN_ESCALATION:
        raise RuleError(
            f"This escalation is already {esc.status.value}, so it cannot be "
            f"{STEP_WORDS[step]} any more: a closed escalation is kept as it was closed. If "
            "the disagreement comes back, escalate the expectation again."
        )
    esc.updated_at = now()
    return esc


def what_changed(session: Session, esc: Escalation, since_version: int) -> str:
    """Why a step based on the reading at ``since_version`` is refused: the escalation's
    status now and each step taken since (who, when, what). Every step adds one event and
    one version, so the steps since are the last ``version - since_version`` events."""
    missed = max(1, esc.version - since_version)
    rows = session.execute(
        select(EscalationEvent.kind, EscalationEvent.at, EscalationEvent.text, Staff.name)
        .outerjoin(Staff, Staff.id == EscalationEvent.author_id)
        .where(EscalationEvent.escalation_id == esc.id)
        .order_by(EscalationEvent.created_at.desc(), EscalationEvent.at.desc())
        .limit(min(missed, 5))
    ).all()
    steps = [
        f"{name or 'someone'} {DID[kind]} on {at.astimezone():%Y-%m-%d %H:%M}"
        + (f": “{text[:120]}{'…' if len(text) > 120 else ''}”" if text else "")
        for kind, at, text, name in reversed(rows)
    ]
    since = (" Since then: " + "; ".join(steps) + ".") if steps else ""
    return (
        "Someone else changed this escalation since you opened it: it is now "
        f"{esc.status.value.replace('_', ' ')}.{since} Nothing of yours was saved over "
        "theirs; look at it again and take your step if it still applies."
    )


@command
def discuss(
    session: Session,
    escalation_id: uuid.UUID,
    *,
    by: uuid.UUID | None,
    text: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> EscalationEvent:
    """Record a discussion between the managers (a note of what was said). Undone by
    ``take_back_note``."""
    esc = _open(session, escalation_id, "discuss", expected_version)
    text = clean_text("text", text, "What was discussed", required=True)
    before = esc.status
    esc.status = EscalationStatus.IN_DISCUSSION
    note = _event(session, esc, EscalationEventKind.DISCUSSED, by, text, at)
    undo_by(
        session,
        "take_back_note",
        escalation_id=esc.id,
        note_id=note.id,
        status=before,
        known=history.rows_of(session, "escalation_events", note.id),
        expected_version=new_version(session, esc),
    )
    return note


def _unchanged(session: Session, esc: Escalation, expected_version: int) -> None:
    if esc.version != expected_version:
        raise ConflictError(what_changed(session, esc, expected_version))


@command
def take_back_note(
    session: Session,
    escalation_id: uuid.UUID,
    note_id: uuid.UUID,
    status: EscalationStatus,
    known: frozenset[Key],
    expected_version: int,
) -> None:
    """Undo of a discussion note: remove it and give the escalation the status it had
    before; refused when anything was added to the escalation since (another note, its
    resolution), naming who did what. Redone by ``put_back_note``."""
    esc = get(session, Escalation, escalation_id, "escalation")
    _unchanged(session, esc, expected_version)
    snapshot = history.remove(session, "escalation_events", note_id, known=known, done="undone")
    esc = get(session, Escalation, escalation_id, "escalation")
    esc.status = status
    esc.updated_at = now()
    undo_by(
        session,
        "put_back_note",
        escalation_id=escalation_id,
        snapshot=snapshot,
        expected_version=new_version(session, esc),
    )


@command
def put_back_note(
    session: Session, escalation_id: uuid.UUID, snapshot: Snapshot, expected_version: int
) -> None:
    """Redo of a discussion note taken back: the same note (same id, author and time)."""
    esc = _open(session, escalation_id, "discuss", expected_version)
    before = esc.status
    history.put_back(session, snapshot)
    esc.status = EscalationStatus.IN_DISCUSSION
    undo_by(
        session,
        "take_back_note",
        escalation_id=escalation_id,
        note_id=snapshot.rows[0][1]["id"],
        status=before,
        known=snapshot.keys(),
        expected_version=new_version(session, esc),
    )


@command
def resolve(
    session: Session,
    escalation_id: uuid.UUID,
    *,
    by: uuid.UUID | None,
    resolution: str,
    terms: Terms | None = None,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Escalation:
    """Close the escalation with its resolution. With ``terms`` the expectation is agreed on
    them; without, it stays a recorded disagreement. The manager may take the resolution
    back (``reopen_escalation``) until someone acts on it."""
    esc = _open(session, escalation_id, "resolve", expected_version)
    resolution = clean_text("resolution", resolution, "The resolution", required=True)
    exp = esc_expectation(session, esc)
    before = escalation_closing.before(session, esc, exp)
    when = stamp(at)
    if terms is not None:
        apply_terms(session, exp, terms, by, f"Agreed on escalation: {resolution}", at)
    else:
        exp.status = ExpectationStatus.DISAGREED
        add_event(
            session,
            exp,
            EventKind.DISAGREED,
            by,
            f"Escalation resolved without agreement: {resolution}",
            at=at,
        )
    esc.status = EscalationStatus.RESOLVED
    esc.resolved_at = when
    esc.resolution = resolution
    _event(session, esc, EscalationEventKind.RESOLVED, by, resolution, at)
    again = {"resolution": resolution, "terms": terms}
    escalation_closing.closed(
        session, esc, exp, before, when, Command("resolve", again), terms is not None
    )
    return esc


@command
def withdraw_escalation(
    session: Session,
    escalation_id: uuid.UUID,
    *,
    by: uuid.UUID | None,
    reason: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Escalation:
    """Close the escalation without a resolution (the customer dropped it, it was raised by
    mistake): the expectation goes back to disagreed, and may be escalated again. Taken
    back by ``reopen_escalation`` until someone acts on it."""
    esc = _open(session, escalation_id, "withdraw", expected_version)
    reason = clean_text("reason", reason, "The reason", required=True)
    exp = esc_expectation(session, esc)
    before = escalation_closing.before(session, esc, exp)
    exp.status = ExpectationStatus.DISAGREED
    add_event(session, exp, EventKind.NOTE, by, f"Escalation withdrawn: {reason}", at=at)
    esc.status = EscalationStatus.WITHDRAWN
    esc.resolved_at = stamp(at)
    esc.resolution = reason
    _event(session, esc, EscalationEventKind.WITHDRAWN, by, reason, at)
    again = Command("withdraw_escalation", {"reason": reason})
    escalation_closing.closed(session, esc, exp, before, esc.resolved_at, again, False)
    return esc


def esc_expectation(session: Session, esc: Escalation) -> Expectation:
    """The expectation behind the escalation."""
    return get(session, Expectation, esc.expectation_id, "expectation")


# -- taking a closing back -------------------------------------------------------------------


@command
def reopen_escalation(
    session: Session,
    escalation_id: uuid.UUID,
    closing: escalation_closing.Closing,
    again: Command,
    expected_version: int,
    expectation_version: int,
) -> Escalation:
    """Undo of a resolution or withdrawal: the escalation open again as it was and the
    expectation in its state before, the closing's steps removed. Refused once someone
    took a step on the escalation or the expectation since, or measured against the
    agreement it reached. Redone by ``again``, the closing taken again by its rules."""
    esc = get(session, Escalation, escalation_id, "escalation")
    _unchanged(session, esc, expected_version)
    exp = esc_expectation(session, esc)
    if exp.version != expectation_version:
        raise ConflictError(expectation_rules.what_changed(session, exp))
    if closing.agreed:
        expectation_rules.refuse_if_measured_since(session, exp.id, closing.at)
    for table, row_id in closing.created:
        history.remove(session, table, row_id, known=closing.known, done="undone")
    esc = get(session, Escalation, escalation_id, "escalation")
    for name, value in closing.escalation.items():
        setattr(esc, name, value)
    esc.updated_at = now()
    exp = esc_expectation(session, esc)
    for name, value in closing.expectation.items():
        setattr(exp, name, value)
    exp.updated_at = stamp(None)
    undo_by(
        session,
        again.name,
        **{**again.args, "escalation_id": escalation_id},
        expected_version=new_version(session, esc),
    )
    return esc
