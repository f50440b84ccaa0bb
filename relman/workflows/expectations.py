"""Expectations: state, reword, validate, negotiate, agree or disagree, withdraw (which
step may start from which state: :mod:`relman.workflows.expectation_rules`). Each step
writes an :class:`ExpectationEvent`: who, when, what was said or proposed, and for an
agreement its full terms. Escalating (:mod:`relman.workflows.escalations`) follows only a
negotiation that failed. Measuring is in :mod:`relman.workflows.measurements`: an agreement
stays in force while it is renegotiated (:func:`relman.models.has_terms_in_force`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.errors import ConflictError, RuleError, ValidationError
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
)
from relman.workflows import plain
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
from relman.workflows.expectation_rules import (  # noqa: F401 (the rules, named from here too)
    HINT,
    PERCENT,
    READ_VERSIONS,
    STEPS_FROM,
    VALUE_RANGE,
    S,
    _past,
    met,
    negotiated,
    value_range,
    what_changed,
)
from relman.workflows.inverses import creates
from relman.workflows.portfolio import set_dependency, unit_depends_on


def _expectation(
    session: Session,
    expectation_id: uuid.UUID,
    step: str,
    expected_version: int | None = None,
) -> Expectation:
    """The expectation a step starts from, refused when the method does not allow the step
    in its state, or (given ``expected_version``) when someone else changed it meanwhile."""
    exp = get(session, Expectation, expectation_id, "expectation")
    if expected_version is not None and exp.version != expected_version:
        raise ConflictError(what_changed(session, exp))
    session.info.setdefault(READ_VERSIONS, {})[exp.id] = exp.version
    if exp.status not in STEPS_FROM[step] or (step == "measure" and not has_terms_in_force(exp)):
        raise RuleError(
            f"This expectation is {exp.status.value}, so it cannot be {_past(step)}: {HINT[step]}."
        )
    return exp


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
    # Every step changes the expectation: its version moves on (once), so that a step based
    # on an older reading (another window, another laptop) is refused, never lost. A step
    # that changed nothing else yet (a counter-proposal) touches it.
    if session.info.get(READ_VERSIONS, {}).get(exp.id) == exp.version:
        exp.updated_at = event.at
    if terms_of is not None:
        event.target_unit = terms_of.target_unit
        event.measurement_type = terms_of.measurement_type
        event.frequency = terms_of.frequency
        event.direction = terms_of.direction
        event.review_on = terms_of.review_on
    session.add(event)
    session.flush()  # the caller gets the event with its id
    return event


@creates("expectations")
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


@plain.record
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
