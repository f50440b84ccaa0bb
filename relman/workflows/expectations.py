"""Expectations: state, reword, validate, negotiate, agree or disagree, withdraw. Measuring
them (misses, corrections, the trend) is in :mod:`relman.workflows.measurements`.

The method's steps and the states they may start from are in :data:`STEPS_FROM`; each step
writes an :class:`ExpectationEvent` (who, when, what was said, what was proposed, and for an
agreement its full terms). Agreeing to disagree, and so escalating (in
:mod:`relman.workflows.escalations`), follows only a negotiation: at least one proposal.

An agreement stays in force while it is renegotiated (see
:func:`relman.models.has_terms_in_force`): measurements go on being recorded against it until
new terms are agreed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

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
    MeasurementType,
    Party,
    Service,
    has_terms_in_force,
    is_met,
)
from relman.models.expectations import PROPOSALS
from relman.workflows.common import (
    author,
    choice,
    clean_date,
    clean_name,
    clean_text,
    get,
    get_to_edit,
    number,
    stamp,
    today,
)
from relman.workflows.portfolio import set_dependency, unit_depends_on

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


def value_range(
    mtype: MeasurementType | None, target_unit: str
) -> tuple[float | None, float | None]:
    """The lowest and highest target or measured value that makes sense."""
    if "%" in target_unit:
        return PERCENT
    return VALUE_RANGE.get(mtype, (None, None)) if mtype else (None, None)


def _expectation(session: Session, expectation_id: uuid.UUID, step: str) -> Expectation:
    exp = get(session, Expectation, expectation_id, "expectation")
    if exp.status not in STEPS_FROM[step] or (step == "measure" and not has_terms_in_force(exp)):
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
        "reword": "reworded",
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
    terms_of: Expectation | None = None,
) -> ExpectationEvent:
    """Write one step of the history. ``terms_of``: copy that expectation's terms (as just
    agreed) onto the event, so the history holds every agreement in full."""
    event = ExpectationEvent(
        expectation_id=exp.id,
        kind=kind,
        author_id=author(session, by).id,
        at=stamp(at),
        party=party,
        text=clean_text("text", text, "The note"),
        proposed_target=proposed_target,
    )
    if terms_of is not None:
        event.target_unit = terms_of.target_unit
        event.measurement_type = terms_of.measurement_type
        event.frequency = terms_of.frequency
        event.direction = terms_of.direction
        event.review_on = terms_of.review_on
    session.add(event)
    session.flush()  # the caller gets the event with its id
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


def reword_statement(
    session: Session,
    expectation_id: uuid.UUID,
    *,
    statement: str,
    by: uuid.UUID | None,
    expected_version: int | None,
    at: dt.datetime | None = None,
) -> Expectation:
    """Reword the customer's statement. The old wording stays in the history: a REWORDED
    event whose text is the wording it replaces."""
    exp = get_to_edit(session, Expectation, expectation_id, "expectation", expected_version)
    if exp.status not in STEPS_FROM["reword"]:
        raise RuleError(
            f"This expectation is {exp.status.value}, so it cannot be reworded: {HINT['reword']}."
        )
    rm = author(session, by)
    new = clean_text("statement", statement, "The customer's statement", required=True)
    if new == exp.statement:
        raise ValidationError(
            "statement", "The new wording is the same as the old one: change it, or cancel."
        )
    old = exp.statement
    exp.statement = new
    add_event(session, exp, EventKind.REWORDED, rm.id, old, party=Party.CUSTOMER, at=at)
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
    low, high = value_range(exp.measurement_type, exp.target_unit)
    value = number("target", target, "The proposed target", low=low, high=high)
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
    mtype = choice("measurement_type", MeasurementType, terms.measurement_type)
    freq = choice("frequency", Frequency, terms.frequency)
    direction = (
        choice("direction", Direction, terms.direction)
        if terms.direction
        else DEFAULT_DIRECTION[mtype]
    )
    unit = clean_name(
        "target_unit",
        terms.target_unit,
        "The target's unit",
        Expectation.target_unit,
        required=False,
    )
    low, high = value_range(mtype, unit)
    target = number("target", terms.target, "The target", low=low, high=high)
    when = stamp(at)
    review_on = (
        today(when) + dt.timedelta(days=91)
        if terms.review_on is None
        else clean_date("review_on", terms.review_on, "The review date")
    )
    exp.target = target
    exp.measurement_type = mtype
    exp.frequency = freq
    exp.direction = direction
    exp.target_unit = unit
    exp.agreed_at = when
    exp.review_on = review_on
    exp.status = S.AGREED
    add_event(
        session, exp, EventKind.AGREED, by, text, proposed_target=exp.target, at=at, terms_of=exp
    )
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
    """Agree to disagree: the negotiation (at least one proposal) reached no compromise. Say
    where the positions stand."""
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
