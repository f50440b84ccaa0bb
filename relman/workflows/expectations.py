"""Expectations: state, validate, negotiate, agree or disagree, withdraw; and measure.

The method's steps and the states they may start from are in :data:`STEPS_FROM`; each step
writes an :class:`ExpectationEvent` (who, when, what was said, what was proposed). Escalation
is in :mod:`relman.workflows.escalations`.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.errors import RuleError, ValidationError
from relman.models import (
    DEFAULT_DIRECTION,
    BusinessUnit,
    Contact,
    Dependence,
    Direction,
    EventKind,
    Expectation,
    ExpectationEvent,
    ExpectationStatus,
    Frequency,
    Interview,
    Measurement,
    MeasurementType,
    Party,
    Service,
)
from relman.workflows.common import author, clean_text, get, number, stamp
from relman.workflows.portfolio import set_dependency, unit_depends_on

S = ExpectationStatus
E = TypeVar("E", bound=Enum)
STEPS_FROM: dict[str, frozenset[ExpectationStatus]] = {
    "validate": frozenset({S.STATED}),
    "propose": frozenset({S.VALIDATED, S.NEGOTIATING, S.AGREED, S.DISAGREED}),
    "agree": frozenset({S.VALIDATED, S.NEGOTIATING}),
    "disagree": frozenset({S.VALIDATED, S.NEGOTIATING}),
    "escalate": frozenset({S.DISAGREED}),
    "withdraw": frozenset({S.STATED, S.VALIDATED, S.NEGOTIATING, S.AGREED, S.DISAGREED}),
    "measure": frozenset({S.AGREED}),
}
HINT = {
    "validate": "only a newly stated expectation is validated",
    "propose": "validate it first",
    "agree": "validate it first; an escalated one is agreed by resolving its escalation",
    "disagree": "validate it first",
    "escalate": "only an expectation you have agreed to disagree on can be escalated",
    "withdraw": "an escalated one is settled through its escalation first (resolve or "
    "withdraw the escalation, then withdraw the expectation if it is still wanted)",
    "measure": "only an agreed expectation has a target to measure against",
}
PERIOD = {
    Frequency.WEEKLY: (re.compile(r"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$"), "2026-W07"),
    Frequency.MONTHLY: (re.compile(r"^\d{4}-(0[1-9]|1[0-2])$"), "2026-10"),
    Frequency.QUARTERLY: (re.compile(r"^\d{4}-Q[1-4]$"), "2026-Q3"),
}


def _expectation(session: Session, expectation_id: uuid.UUID, step: str) -> Expectation:
    exp = get(session, Expectation, expectation_id, "expectation")
    if exp.status not in STEPS_FROM[step]:
        raise RuleError(
            f"This expectation is {exp.status.value}, so it cannot be {_past(step)}: {HINT[step]}."
        )
    return exp


def _past(step: str) -> str:
    return {
        "propose": "negotiated",
        "measure": "measured",
        "agree": "agreed",
        "disagree": "disagreed on",
        "escalate": "escalated",
        "withdraw": "withdrawn",
        "validate": "validated",
    }[step]


def add_event(
    session: Session,
    exp: Expectation,
    kind: EventKind,
    by: uuid.UUID | None,
    text: str = "",
    *,
    party: Party | None = None,
    proposed_target: float | None = None,
    at: dt.datetime | None = None,
) -> ExpectationEvent:
    event = ExpectationEvent(
        expectation_id=exp.id,
        kind=kind,
        author_id=author(session, by).id,
        at=stamp(at),
        party=party,
        text=clean_text("text", text, "The note"),
        proposed_target=proposed_target,
    )
    session.add(event)
    return event


def state_expectation(
    session: Session,
    *,
    unit_id: uuid.UUID,
    service_id: uuid.UUID,
    statement: str,
    by: uuid.UUID | None,
    contact_id: uuid.UUID | None = None,
    interview_id: uuid.UUID | None = None,
    at: dt.datetime | None = None,
) -> Expectation:
    """Record an expectation in the customer's own words."""
    rm = author(session, by)
    unit = get(session, BusinessUnit, unit_id, "business unit")
    service = get(session, Service, service_id, "service")
    exp = Expectation(
        unit_id=unit.id,
        service_id=service.id,
        rm_id=rm.id,
        statement=clean_text("statement", statement, "The customer's statement", required=True),
        status=S.STATED,
    )
    if contact_id is not None:
        exp.contact_id = get(session, Contact, contact_id, "contact").id
    if interview_id is not None:
        exp.interview_id = get(session, Interview, interview_id, "interview").id
    session.add(exp)
    session.flush()
    add_event(session, exp, EventKind.STATED, rm.id, exp.statement, party=Party.CUSTOMER, at=at)
    return exp


def validate_expectation(
    session: Session,
    expectation_id: uuid.UUID,
    *,
    by: uuid.UUID | None,
    note: str = "",
    dependence: Dependence | None = None,
    at: dt.datetime | None = None,
) -> Expectation:
    """Confirm the customer really depends on the service and what they expect of it.

    If the portfolio does not yet record that the unit depends on the service, say how much
    it does (``dependence``), or withdraw the expectation instead."""
    exp = _expectation(session, expectation_id, "validate")
    if not unit_depends_on(session, exp.unit_id, exp.service_id):
        if dependence is None:
            raise RuleError(
                "The portfolio does not show this unit depending on that service. Record how "
                "much it depends on it to validate the expectation, or withdraw it."
            )
        set_dependency(session, exp.unit_id, exp.service_id, dependence)
    exp.status = S.VALIDATED
    add_event(session, exp, EventKind.VALIDATED, by, note, at=at)
    return exp


def propose(
    session: Session,
    expectation_id: uuid.UUID,
    *,
    by: uuid.UUID | None,
    party: Party,
    target: float | str,
    text: str,
    at: dt.datetime | None = None,
) -> ExpectationEvent:
    """Record a proposal (IT's or the customer's) while negotiating; the first opens the
    negotiation, later ones are counter-proposals."""
    exp = _expectation(session, expectation_id, "propose")
    value = number("target", target, "The proposed target")
    text = clean_text("text", text, "What was proposed", required=True)
    earlier = session.scalar(
        select(ExpectationEvent.id)
        .where(
            ExpectationEvent.expectation_id == exp.id,
            ExpectationEvent.kind.in_((EventKind.PROPOSED, EventKind.COUNTER_PROPOSED)),
        )
        .limit(1)
    )
    reopening = exp.status in (S.AGREED, S.DISAGREED)
    exp.status = S.NEGOTIATING
    kind = EventKind.COUNTER_PROPOSED if earlier and not reopening else EventKind.PROPOSED
    return add_event(session, exp, kind, by, text, party=party, proposed_target=value, at=at)


@dataclass(frozen=True)
class Terms:
    """What an agreement fixes. All of target, measurement type and frequency are needed."""

    target: float | str | None
    measurement_type: MeasurementType | str | None
    frequency: Frequency | str | None
    target_unit: str = ""
    direction: Direction | str | None = None
    review_on: dt.date | None = None


def _choice(field: str, enum_cls: type[E], value: object) -> E:
    try:
        return enum_cls(value)
    except ValueError:
        options = ", ".join(m.value.replace("_", " ") for m in enum_cls)
        raise ValidationError(field, f"“{value}” is not one of: {options}.") from None


def apply_terms(
    session: Session,
    exp: Expectation,
    terms: Terms,
    by: uuid.UUID | None,
    text: str,
    at: dt.datetime | None,
) -> Expectation:
    missing = [
        label
        for label, value in (
            ("a target", terms.target),
            ("the type of measurement", terms.measurement_type),
            ("how often it is measured", terms.frequency),
        )
        if value in (None, "")
    ]
    if missing:
        field = {"a target": "target", "the type of measurement": "measurement_type"}.get(
            missing[0], "frequency"
        )
        raise ValidationError(field, "To agree, give " + " and ".join(missing) + ".")
    mtype = _choice("measurement_type", MeasurementType, terms.measurement_type)
    freq = _choice("frequency", Frequency, terms.frequency)
    direction = (
        _choice("direction", Direction, terms.direction)
        if terms.direction
        else DEFAULT_DIRECTION[mtype]
    )
    exp.target = number("target", terms.target, "The target")
    exp.measurement_type = mtype
    exp.frequency = freq
    exp.direction = direction
    exp.target_unit = terms.target_unit.strip()[:40]
    when = stamp(at)
    exp.agreed_at = when
    exp.review_on = terms.review_on or (when.date() + dt.timedelta(days=91))
    exp.status = S.AGREED
    add_event(session, exp, EventKind.AGREED, by, text, proposed_target=exp.target, at=at)
    return exp


def agree(
    session: Session,
    expectation_id: uuid.UUID,
    terms: Terms,
    *,
    by: uuid.UUID | None,
    text: str = "",
    at: dt.datetime | None = None,
) -> Expectation:
    """Agree the expectation: a target, the type of measurement and its frequency."""
    exp = _expectation(session, expectation_id, "agree")
    return apply_terms(session, exp, terms, by, text, at)


def _settle(
    session: Session,
    expectation_id: uuid.UUID,
    step: str,
    status: ExpectationStatus,
    kind: EventKind,
    by: uuid.UUID | None,
    text: str,
    label: str,
    at: dt.datetime | None,
) -> Expectation:
    """A step that moves the expectation to ``status`` and needs a reason on record."""
    exp = _expectation(session, expectation_id, step)
    text = clean_text("text", text, label, required=True)
    exp.status = status
    add_event(session, exp, kind, by, text, at=at)
    return exp


def disagree(
    session: Session,
    expectation_id: uuid.UUID,
    *,
    by: uuid.UUID | None,
    text: str,
    at: dt.datetime | None = None,
) -> Expectation:
    """Agree to disagree: no compromise was reached. Say where the positions stand."""
    return _settle(
        session,
        expectation_id,
        "disagree",
        S.DISAGREED,
        EventKind.DISAGREED,
        by,
        text,
        "Where the positions stand",
        at,
    )


def withdraw(
    session: Session,
    expectation_id: uuid.UUID,
    *,
    by: uuid.UUID | None,
    text: str,
    at: dt.datetime | None = None,
) -> Expectation:
    """The customer no longer holds the expectation. Say why."""
    return _settle(
        session,
        expectation_id,
        "withdraw",
        S.WITHDRAWN,
        EventKind.WITHDRAWN,
        by,
        text,
        "Why it is withdrawn",
        at,
    )


def add_note(
    session: Session,
    expectation_id: uuid.UUID,
    *,
    by: uuid.UUID | None,
    text: str,
    at: dt.datetime | None = None,
) -> ExpectationEvent:
    exp = get(session, Expectation, expectation_id, "expectation")
    note = clean_text("text", text, "The note", required=True)
    return add_event(session, exp, EventKind.NOTE, by, note, at=at)


def met(value: float, target: float, direction: Direction) -> bool:
    return value >= target if direction is Direction.AT_LEAST else value <= target


def record_measurement(
    session: Session,
    expectation_id: uuid.UUID,
    *,
    period: str,
    value: float | str,
    by: uuid.UUID | None,
    cause: str = "",
    resolution: str = "",
    prevention: str = "",
    at: dt.datetime | None = None,
) -> Measurement:
    """Record the measured value for one period. A miss must be explained: its nature and
    cause, what is done to resolve it, and what will stop it happening again."""
    exp = _expectation(session, expectation_id, "measure")
    assert exp.frequency and exp.target is not None and exp.direction
    pattern, example = PERIOD[exp.frequency]
    period = period.strip()
    if not pattern.match(period):
        raise ValidationError(
            "period",
            f"This expectation is measured {exp.frequency.value}: write the period like {example}.",
        )
    measured = number("value", value, "The measured value")
    if session.scalar(
        select(Measurement.id).where(
            Measurement.expectation_id == exp.id, Measurement.period == period
        )
    ):
        raise ValidationError(
            "period", f"{period} is already recorded; correct that measurement instead."
        )
    hit = met(measured, exp.target, exp.direction)
    explanation = {
        "miss_cause": clean_text("miss_cause", cause, "The cause"),
        "miss_resolution": clean_text("miss_resolution", resolution, "The resolution"),
        "miss_prevention": clean_text("miss_prevention", prevention, "The prevention"),
    }
    if not hit:
        for field, label in (
            ("miss_cause", "the nature and cause of the problem"),
            ("miss_resolution", "what is being done to resolve it"),
            ("miss_prevention", "what will stop it happening again"),
        ):
            if not explanation[field].strip():
                raise ValidationError(
                    field,
                    f"The target was missed in {period}: explain {label}. "
                    "Customers forgive a miss that is explained.",
                )
    measurement = Measurement(
        expectation_id=exp.id,
        period=period,
        value=measured,
        target=exp.target,
        met=hit,
        recorded_by_id=author(session, by).id,
        recorded_at=stamp(at),
        **explanation,
    )
    session.add(measurement)
    session.flush()
    return measurement
