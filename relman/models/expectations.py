"""Expectations a customer states about a service, their history, and their measurements.

An expectation moves through the method's steps (validate, negotiate, agree or disagree,
escalate); every step is an :class:`ExpectationEvent` row, never an overwritten field.

**Terms in force.** The terms on the expectation row (target, unit, type, frequency,
direction, review date, ``agreed_at``) are those of the latest agreement. Renegotiating an
agreed expectation moves it to *negotiating* (then maybe *disagreed*, *escalated*) but leaves
those terms on the row: the old agreement stays in force, and is measured, until a new one is
agreed or the expectation is withdrawn (:func:`has_terms_in_force`). Each AGREED event carries
the full terms it fixed, so the history shows every agreement, not just the last.

**Measurements** copy the terms they were judged against (target, unit, type, direction), and
``met`` is computed once from those copies (:func:`is_met`): agreeing new terms never
reinterprets an old value. A correction of a value is a :class:`MeasurementCorrection` row.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import Date, Float, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relman.models.base import Entity, author_fk, check, enum_type, fk, period_sql


class ExpectationStatus(enum.Enum):
    STATED = "stated"
    VALIDATED = "validated"
    NEGOTIATING = "negotiating"
    AGREED = "agreed"
    DISAGREED = "disagreed"
    ESCALATED = "escalated"
    WITHDRAWN = "withdrawn"


class MeasurementType(enum.Enum):
    AVAILABILITY = "availability"
    RESPONSE_TIME = "response_time"
    RESOLUTION_TIME = "resolution_time"
    SATISFACTION = "satisfaction"
    DELIVERY_DATE = "delivery_date"
    THROUGHPUT = "throughput"
    OTHER = "other"


class Frequency(enum.Enum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class Direction(enum.Enum):
    """Whether a measured value meets the target by being at least or at most the target."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"


#: The usual direction of each measurement type, used when an agreement does not say.
DEFAULT_DIRECTION = {
    MeasurementType.AVAILABILITY: Direction.AT_LEAST,
    MeasurementType.RESPONSE_TIME: Direction.AT_MOST,
    MeasurementType.RESOLUTION_TIME: Direction.AT_MOST,
    MeasurementType.SATISFACTION: Direction.AT_LEAST,
    MeasurementType.DELIVERY_DATE: Direction.AT_MOST,
    MeasurementType.THROUGHPUT: Direction.AT_LEAST,
    MeasurementType.OTHER: Direction.AT_LEAST,
}


class EventKind(enum.Enum):
    STATED = "stated"
    VALIDATED = "validated"
    PROPOSED = "proposed"
    COUNTER_PROPOSED = "counter_proposed"
    AGREED = "agreed"
    DISAGREED = "disagreed"
    ESCALATED = "escalated"
    WITHDRAWN = "withdrawn"
    REOPENED = "reopened"
    NOTE = "note"
    REWORDED = "reworded"  # the statement was reworded; the event's text is the old wording


#: The steps of a negotiation: escalation follows only a negotiation that did not succeed.
PROPOSALS = (EventKind.PROPOSED, EventKind.COUNTER_PROPOSED)


class Party(enum.Enum):
    IT = "it"
    CUSTOMER = "customer"


class Expectation(Entity):
    __tablename__ = "expectations"
    __table_args__ = (
        # An agreed expectation is measurable: the database refuses one without its terms.
        check(
            "status <> 'agreed' OR (target IS NOT NULL AND measurement_type IS NOT NULL"
            " AND frequency IS NOT NULL)",
            "agreed_has_terms",
        ),
    )

    unit_id: Mapped[uuid.UUID] = mapped_column(fk("business_units.id"), index=True)
    contact_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("contacts.id", ondelete="SET NULL"), index=True
    )
    service_id: Mapped[uuid.UUID] = mapped_column(
        fk("services.id", ondelete="RESTRICT"), index=True
    )
    rm_id: Mapped[uuid.UUID | None] = mapped_column(fk("staff.id", ondelete="SET NULL"), index=True)
    interview_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("interviews.id", ondelete="SET NULL"), index=True
    )
    statement: Mapped[str] = mapped_column(Text)
    status: Mapped[ExpectationStatus] = mapped_column(
        enum_type(ExpectationStatus), default=ExpectationStatus.STATED, index=True
    )
    target: Mapped[float | None] = mapped_column(Float)
    target_unit: Mapped[str] = mapped_column(String(40), default="")
    direction: Mapped[Direction | None] = mapped_column(enum_type(Direction))
    measurement_type: Mapped[MeasurementType | None] = mapped_column(enum_type(MeasurementType))
    frequency: Mapped[Frequency | None] = mapped_column(enum_type(Frequency))
    review_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    agreed_at: Mapped[dt.datetime | None] = mapped_column()

    events: Mapped[list[ExpectationEvent]] = relationship(
        back_populates="expectation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ExpectationEvent.at",
        lazy="raise",
    )
    measurements: Mapped[list[Measurement]] = relationship(
        back_populates="expectation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Measurement.period",
        lazy="raise",
    )


def has_terms_in_force(exp: Expectation) -> bool:
    """Whether an agreement is in force: agreed once, not withdrawn since. A renegotiation
    (negotiating, disagreed, escalated again) keeps the last agreement in force."""
    return (
        exp.agreed_at is not None
        and exp.target is not None
        and exp.status is not ExpectationStatus.WITHDRAWN
    )


class ExpectationEvent(Entity):
    """One step in an expectation's history: who, when, what was said, what was proposed.

    An AGREED event records the full terms agreed: ``proposed_target`` is the agreed target,
    with its unit, measurement type, frequency, direction and review date beside it (the
    other kinds leave those empty). A REWORDED event's text is the statement's old wording.
    """

    __tablename__ = "expectation_events"

    expectation_id: Mapped[uuid.UUID] = mapped_column(fk("expectations.id"), index=True)
    kind: Mapped[EventKind] = mapped_column(enum_type(EventKind))
    author_id: Mapped[uuid.UUID | None] = mapped_column(author_fk(), index=True)
    at: Mapped[dt.datetime] = mapped_column()
    party: Mapped[Party | None] = mapped_column(enum_type(Party))
    text: Mapped[str] = mapped_column(Text, default="")
    proposed_target: Mapped[float | None] = mapped_column(Float)
    target_unit: Mapped[str | None] = mapped_column(String(40))
    measurement_type: Mapped[MeasurementType | None] = mapped_column(enum_type(MeasurementType))
    frequency: Mapped[Frequency | None] = mapped_column(enum_type(Frequency))
    direction: Mapped[Direction | None] = mapped_column(enum_type(Direction))
    review_on: Mapped[dt.date | None] = mapped_column(Date)

    expectation: Mapped[Expectation] = relationship(back_populates="events", lazy="raise")


def is_met(value: float, target: float, direction: Direction) -> bool:
    """Whether ``value`` meets ``target`` in ``direction``: the one rule for met or missed."""
    return value >= target if direction is Direction.AT_LEAST else value <= target


class Measurement(Entity):
    """The measured value of an agreed expectation for one period (``2026-10``, ``2026-Q3``,
    ``2026-W07``), met or missed against the terms in force when it was recorded, which it
    keeps (target, unit, type, direction). A miss may be recorded first and explained later:
    the explanation (cause, resolution, prevention) says who explained it and when
    (``explained_at``/``explained_by_id``) and on which day the customer was told."""

    __tablename__ = "measurements"
    __table_args__ = (
        UniqueConstraint("expectation_id", "period"),
        check(period_sql("period"), "period_format"),
    )

    expectation_id: Mapped[uuid.UUID] = mapped_column(fk("expectations.id"), index=True)
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[float] = mapped_column(Float)
    target: Mapped[float] = mapped_column(Float)
    target_unit: Mapped[str] = mapped_column(String(40), default="")
    measurement_type: Mapped[MeasurementType] = mapped_column(enum_type(MeasurementType))
    direction: Mapped[Direction] = mapped_column(enum_type(Direction))
    met: Mapped[bool] = mapped_column()
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(author_fk(), index=True)
    recorded_at: Mapped[dt.datetime] = mapped_column()
    miss_cause: Mapped[str] = mapped_column(Text, default="")
    miss_resolution: Mapped[str] = mapped_column(Text, default="")
    miss_prevention: Mapped[str] = mapped_column(Text, default="")
    explained_at: Mapped[dt.datetime | None] = mapped_column()
    explained_by_id: Mapped[uuid.UUID | None] = mapped_column(author_fk(), index=True)
    told_customer_on: Mapped[dt.date | None] = mapped_column(Date)

    expectation: Mapped[Expectation] = relationship(back_populates="measurements", lazy="raise")
    corrections: Mapped[list[MeasurementCorrection]] = relationship(
        back_populates="measurement",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="MeasurementCorrection.corrected_at",
        lazy="raise",
    )


class MeasurementCorrection(Entity):
    """A measured value corrected: the old and new value (and met before and after), who
    corrected it, when, and why. The measurement holds the new value; this is its history."""

    __tablename__ = "measurement_corrections"

    measurement_id: Mapped[uuid.UUID] = mapped_column(fk("measurements.id"), index=True)
    old_value: Mapped[float] = mapped_column(Float)
    new_value: Mapped[float] = mapped_column(Float)
    old_met: Mapped[bool] = mapped_column()
    new_met: Mapped[bool] = mapped_column()
    corrected_by_id: Mapped[uuid.UUID | None] = mapped_column(author_fk(), index=True)
    corrected_at: Mapped[dt.datetime] = mapped_column()
    reason: Mapped[str] = mapped_column(Text)

    measurement: Mapped[Measurement] = relationship(back_populates="corrections", lazy="raise")
