"""The method's rules for expectations: which step may start from which state (and what
to say when it may not), what values a target may take, and what to tell a user whose
reading of an expectation is older than what is stored. Used by the steps in
:mod:`relman.workflows.expectations` and by the forms that offer them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.errors import RuleError
from relman.models import (
    Direction,
    Expectation,
    ExpectationEvent,
    ExpectationStatus,
    Measurement,
    MeasurementType,
    Staff,
    is_met,
)
from relman.models.expectations import PROPOSALS

S = ExpectationStatus
STEPS_FROM: dict[str, frozenset[ExpectationStatus]] = {
    "validate": frozenset({S.STATED}),
    "propose": frozenset({S.VALIDATED, S.NEGOTIATING, S.AGREED, S.DISAGREED}),
    "agree": frozenset({S.VALIDATED, S.NEGOTIATING}),
    # agreeing to disagree ends a negotiation that did not succeed: a proposal comes first
    "disagree": frozenset({S.NEGOTIATING}),
    "escalate": frozenset({S.DISAGREED}),
    "withdraw": frozenset({S.STATED, S.VALIDATED, S.NEGOTIATING, S.AGREED, S.DISAGREED}),
    # while renegotiated (or disagreed on, or escalated) the last agreement stays in force
    "measure": frozenset({S.AGREED, S.NEGOTIATING, S.DISAGREED, S.ESCALATED}),
    "reword": frozenset(set(S) - {S.WITHDRAWN}),
}
HINT = {
    "validate": "only a newly stated expectation is validated",
    "propose": "validate it first",
    "agree": "validate it first; an escalated one is agreed by resolving its escalation",
    "disagree": "validate it and record a proposal first; agreeing to disagree follows a "
    "negotiation that did not succeed",
    "escalate": "only an expectation you have agreed to disagree on can be escalated",
    "withdraw": "an escalated one is settled through its escalation first (resolve or "
    "withdraw the escalation, then withdraw the expectation if it is still wanted)",
    "measure": "only an agreed expectation has a target to measure against",
    "reword": "a withdrawn expectation is closed; state a new one instead",
}
#: What a target or a measured value may be, by type of measurement: a share of time is a
#: percentage; times and counts are never negative. Any target whose unit says "%" is a
#: percentage too.
PERCENT = (0.0, 100.0)
VALUE_RANGE: dict[MeasurementType, tuple[float | None, float | None]] = {
    MeasurementType.AVAILABILITY: PERCENT,
    MeasurementType.RESPONSE_TIME: (0.0, None),
    MeasurementType.RESOLUTION_TIME: (0.0, None),
    MeasurementType.THROUGHPUT: (0.0, None),
}


#: ``session.info`` key: the version each expectation had when a step read it.
READ_VERSIONS = "expectation_versions_read"


def value_range(
    mtype: MeasurementType | None, target_unit: str
) -> tuple[float | None, float | None]:
    """The lowest and highest target or measured value that makes sense."""
    if "%" in target_unit:
        return PERCENT
    return VALUE_RANGE.get(mtype, (None, None)) if mtype else (None, None)


def what_changed(session: Session, exp: Expectation) -> str:
    """Why a step based on an older reading is refused: its state now and its latest step
    (who, when, what), so that the user sees what the other person did."""
    latest = session.execute(
        select(ExpectationEvent.kind, ExpectationEvent.at, ExpectationEvent.text, Staff.name)
        .outerjoin(Staff, Staff.id == ExpectationEvent.author_id)
        .where(ExpectationEvent.expectation_id == exp.id)
        .order_by(ExpectationEvent.at.desc(), ExpectationEvent.created_at.desc())
        .limit(1)
    ).first()
    said = ""
    if latest is not None:
        kind, at, text, name = latest
        step = kind.value.replace("_", " ")
        said = f" The latest step: {step} by {name or 'someone'} on {at:%Y-%m-%d %H:%M}"
        said += f" (“{text[:80]}”)." if text else "."
    return (
        f"Someone else changed this expectation since you opened it: it is now "
        f"{exp.status.value}.{said} Nothing of yours was saved over theirs; look at it again "
        "and take your step if it still applies."
    )


def _past(step: str) -> str:
    return {
        "propose": "negotiated",
        "measure": "measured",
        "agree": "agreed",
        "disagree": "disagreed on",
        "escalate": "escalated",
        "withdraw": "withdrawn",
        "validate": "validated",
        "reword": "reworded",
    }[step]


def met(value: float, target: float, direction: Direction) -> bool:
    """Whether ``value`` meets ``target`` (kept for callers; the rule is :func:`is_met`)."""
    return is_met(value, target, direction)


def negotiated(session: Session, expectation_id: uuid.UUID) -> bool:
    """Whether any proposal or counter-proposal was ever recorded for the expectation."""
    return (
        session.scalar(
            select(ExpectationEvent.id)
            .where(
                ExpectationEvent.expectation_id == expectation_id,
                ExpectationEvent.kind.in_(PROPOSALS),
            )
            .limit(1)
        )
        is not None
    )


#: The expectation's fields a step may change; undoing the step puts them back.
STATE_FIELDS = (
    "statement",
    "status",
    "target",
    "target_unit",
    "direction",
    "measurement_type",
    "frequency",
    "review_on",
    "agreed_at",
)


def state_of(exp: Expectation) -> dict[str, Any]:
    """The expectation's state and terms (:data:`STATE_FIELDS`), as a step leaves them."""
    return {name: getattr(exp, name) for name in STATE_FIELDS}


def refuse_if_measured_since(
    session: Session, expectation_id: uuid.UUID, since: dt.datetime
) -> None:
    """Refuse (RuleError) to undo an agreement made at ``since`` that has been measured
    against since: the measurement was judged on its terms."""
    measured = session.scalar(
        select(Measurement.period)
        .where(Measurement.expectation_id == expectation_id, Measurement.recorded_at >= since)
        .limit(1)
    )
    if measured is not None:
        raise RuleError(
            f"{measured} has been measured against this agreement since, so it cannot be "
            "undone: propose new terms instead."
        )
