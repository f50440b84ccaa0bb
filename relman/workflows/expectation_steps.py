"""Taking a step of the method on an expectation as one user's edit: refused when the
expectation changed since the user read it (its version), and undone or redone exactly.

A step writes rows (its history event; an escalation for *escalate*) and moves the
expectation's state and terms. :func:`take_step` notes both, and what removing those rows
would take (:func:`history.rows_of`, in the step's transaction); :func:`revert_step` removes
the rows and puts the state back; :func:`replay_step` puts the same rows (same ids) back. Each
is refused if the expectation moved on meanwhile, and undoing is refused where the method does
not allow it: someone else's work added to what the step wrote (a manager's note in the
escalation: the refusal names whose), an escalation the managers have already taken up, an
agreement already measured against. Validating may also have recorded that the unit
depends on the service; undoing the validation leaves that in the portfolio, where it is
true regardless.

Each is a named command (relman.workflows.commands): ``take_step`` is undone by
``revert_step`` with the :class:`StepRecord` it returns, built in the step's transaction;
``revert_step`` is undone by ``replay_step``, and that by ``revert_step`` again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.errors import ConflictError, RuleError
from relman.models import (
    Escalation,
    EscalationStatus,
    Expectation,
    ExpectationEvent,
    ExpectationStatus,
)
from relman.storage.snapshot import Key, Snapshot
from relman.workflows import escalations, expectations, history, plain
from relman.workflows.commands import command, new_version, undo_by
from relman.workflows.common import get, stamp
from relman.workflows.expectation_rules import (  # noqa: F401 (STATE_FIELDS named from here too)
    STATE_FIELDS,
    refuse_if_measured_since,
)
from relman.workflows.expectation_rules import state_of as _state

#: The steps in the method's order. "counter_propose" is a proposal made while a
#: negotiation is open; the workflow records both through :func:`expectations.propose`.
STEPS = (
    "validate",
    "propose",
    "counter_propose",
    "agree",
    "disagree",
    "escalate",
    "withdraw",
    "reword",
)
LABELS = {
    "validate": "Validate",
    "propose": "Propose",
    "counter_propose": "Counter-propose",
    "agree": "Agree",
    "disagree": "Agree to disagree",
    "escalate": "Escalate",
    "withdraw": "Withdraw",
    "reword": "Reword",
}


def _rule(step: str) -> str:
    return "propose" if step == "counter_propose" else step


def allowed_steps(status: ExpectationStatus) -> list[str]:
    """The steps the method allows from ``status`` (see :data:`expectations.STEPS_FROM`), a
    proposal named a counter-proposal while a negotiation is open."""
    allowed = []
    for step in STEPS:
        if status not in expectations.STEPS_FROM[_rule(step)]:
            continue
        negotiating = status is ExpectationStatus.NEGOTIATING
        if step == ("counter_propose" if not negotiating else "propose"):
            continue
        allowed.append(step)
    return allowed


def refusal(step: str, status: ExpectationStatus) -> str:
    """What the method says about ``step`` from ``status`` (empty when it is allowed)."""
    rule = _rule(step)
    if status in expectations.STEPS_FROM[rule]:
        return ""
    return f"This expectation is {status.value}: {expectations.HINT[rule]}."


@plain.record
@dataclass(frozen=True)
class StepRecord:
    """What a step did: the rows it wrote and the expectation's state before and after."""

    expectation_id: uuid.UUID
    step: str
    version: int
    created: tuple[tuple[str, uuid.UUID], ...]
    before: dict[str, Any]
    after: dict[str, Any]
    at: dt.datetime
    #: what removing the rows it wrote takes, noted when it was taken (see history.remove)
    known: frozenset[Key]


def _rows(session: Session, expectation_id: uuid.UUID) -> set[tuple[str, uuid.UUID]]:
    events = session.scalars(
        select(ExpectationEvent.id).where(ExpectationEvent.expectation_id == expectation_id)
    )
    raised = session.scalars(
        select(Escalation.id).where(Escalation.expectation_id == expectation_id)
    )
    return {("expectation_events", i) for i in events} | {("escalations", i) for i in raised}


def _run(step: str) -> Callable[..., Any]:
    return {
        "validate": expectations.validate_expectation,
        "propose": expectations.propose,
        "agree": expectations.agree,
        "disagree": expectations.disagree,
        "escalate": escalations.escalate,
        "withdraw": expectations.withdraw,
        "reword": expectations.reword_statement,
    }[_rule(step)]


@command
def take_step(
    session: Session,
    expectation_id: uuid.UUID,
    step: str,
    *,
    expected_version: int,
    by: uuid.UUID | None,
    **given: Any,
) -> StepRecord:
    """Take ``step`` (with the workflow's own arguments in ``given``), refused if the
    expectation is no longer at ``expected_version`` or the method forbids the step.
    Undone by ``revert_step`` with the record returned."""
    exp = expectations._expectation(session, expectation_id, _rule(step), expected_version)
    before, rows = _state(exp), _rows(session, exp.id)
    if step == "reword":  # a rewording checks the version it is based on itself
        given = {**given, "expected_version": expected_version}
    _run(step)(session, expectation_id, by=by, **given)
    session.flush()
    created = tuple(sorted(_rows(session, exp.id) - rows, key=lambda r: r[0] != "escalations"))
    at = stamp(given.get("at"))
    known = frozenset().union(*(history.rows_of(session, t, i) for t, i in created))
    record = StepRecord(exp.id, step, exp.version, created, before, _state(exp), at, known)
    undo_by(
        session,
        "revert_step",
        expectation_id=exp.id,
        record=record,
        expected_version=new_version(session, exp),
    )
    return record


def _undoable(session: Session, record: StepRecord, removed: list[Snapshot]) -> None:
    """Refuse (the caller's transaction then puts back what was ``removed``) an undo that the
    method does not allow."""
    for snapshot in removed:
        for table, row in snapshot.rows:
            status = row.get("status")
            if table == "escalations" and status is not EscalationStatus.OPEN:
                raise RuleError(
                    f"The escalation is {status.value.replace('_', ' ')} now: the managers "
                    "have taken it up, so it is settled through the escalation, not undone."
                )
    if record.step != "reword" and record.after["status"] is ExpectationStatus.AGREED:
        refuse_if_measured_since(session, record.expectation_id, record.at)


def _set(session: Session, expectation_id: uuid.UUID, values: dict[str, Any]) -> Expectation:
    exp = get(session, Expectation, expectation_id, "expectation")
    for name, value in values.items():
        setattr(exp, name, value)
    exp.updated_at = stamp(None)  # a new version, even if nothing else moved
    session.flush()
    return exp


def revert_step(
    session: Session, record: StepRecord, *, expected_version: int | None
) -> tuple[Expectation, list[Snapshot]]:
    """Undo a step: remove what it wrote and put the state before it back."""
    exp = get(session, Expectation, record.expectation_id, "expectation")
    if expected_version is not None and exp.version != expected_version:
        raise ConflictError(expectations.what_changed(session, exp))
    # someone else's work added to what the step wrote is refused first, naming whose
    snapshots = [
        history.remove(session, table, row_id, known=record.known, done="undone")
        for table, row_id in record.created
    ]
    _undoable(session, record, snapshots)
    return _set(session, record.expectation_id, record.before), snapshots


def replay_step(
    session: Session,
    record: StepRecord,
    snapshots: list[Snapshot],
    *,
    expected_version: int | None,
) -> Expectation:
    """Redo an undone step: the same rows back, and the state after it."""
    exp = get(session, Expectation, record.expectation_id, "expectation")
    if expected_version is not None and exp.version != expected_version:
        raise ConflictError(expectations.what_changed(session, exp))
    if exp.status is not record.before["status"]:
        raise RuleError(
            f"This expectation is {exp.status.value} now, so the step cannot be taken again."
        )
    for snapshot in snapshots:
        history.put_back(session, snapshot)
    return _set(session, record.expectation_id, record.after)


# -- as commands: undo and redo of a step ------------------------------------------------------


def _same(expectation_id: uuid.UUID, record: StepRecord) -> None:
    if record.expectation_id != expectation_id:
        raise ValueError("the step record is of another expectation")


@command(name="revert_step")
def _revert_command(
    session: Session, expectation_id: uuid.UUID, record: StepRecord, expected_version: int
) -> uuid.UUID:
    """Undo of ``take_step``: :func:`revert_step`, redone by ``replay_step``."""
    _same(expectation_id, record)
    exp, snapshots = revert_step(session, record, expected_version=expected_version)
    undo_by(
        session,
        "replay_step",
        expectation_id=expectation_id,
        record=record,
        snapshots=snapshots,
        expected_version=new_version(session, exp),
    )
    return exp.id


@command(name="replay_step")
def _replay_command(
    session: Session,
    expectation_id: uuid.UUID,
    record: StepRecord,
    snapshots: list[Snapshot],
    expected_version: int,
) -> uuid.UUID:
    """Redo of an undone step: :func:`replay_step`, undone by ``revert_step`` again."""
    _same(expectation_id, record)
    exp = replay_step(session, record, snapshots, expected_version=expected_version)
    undo_by(
        session,
        "revert_step",
        expectation_id=expectation_id,
        record=record,
        expected_version=new_version(session, exp),
    )
    return exp.id
