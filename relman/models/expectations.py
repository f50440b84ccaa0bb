"""Expectations a customer states about a service, their history, and their measurements.

An expectation moves through the method's steps (validate, negotiate, agree or disagree,
escalate); every step is an :class:`ExpectationEvent` row, never an overwritten field.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import Date, Float, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relman.models.base import Entity, enum_type, fk


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


class Party(enum.Enum):
    IT = "it"
    CUSTOMER = "customer"


class Expectation(Entity):
    __tablename__ = "expectations"

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


class ExpectationEvent(Entity):
    """One step in an expectation's history: who, when, what was said, what was proposed."""

    __tablename__ = "expectation_events"

    expectation_id: Mapped[uuid.UUID] = mapped_column(fk("expectations.id"), index=True)
    kind: Mapped[EventKind] = mapped_column(enum_type(EventKind))
    author_id: Mapped[uuid.UUID | None] = mapped_column(fk("staff.id", ondelete="SET NULL"))
    at: Mapped[dt.datetime] = mapped_column()
    party: Mapped[Party | None] = mapped_column(enum_type(Party))
    text: Mapped[str] = mapped_column(Text, default="")
    proposed_target: Mapped[float | None] = mapped_column(Float)

    expectation: Mapped[Expectation] = relationship(back_populates="events", lazy="raise")


class Measurement(Entity):
    """The measured value of an agreed expectation for one period (``2026-10``, ``2026-Q3``,
    ``2026-W07``), met or missed against the target in force; a miss carries its explanation."""

    __tablename__ = "measurements"
    __table_args__ = (UniqueConstraint("expectation_id", "period"),)

    expectation_id: Mapped[uuid.UUID] = mapped_column(fk("expectations.id"), index=True)
    period: Mapped[str] = mapped_column(String(10))
    value: Mapped[float] = mapped_column(Float)
    target: Mapped[float] = mapped_column(Float)
    met: Mapped[bool] = mapped_column()
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(fk("staff.id", ondelete="SET NULL"))
    recorded_at: Mapped[dt.datetime] = mapped_column()
    miss_cause: Mapped[str] = mapped_column(Text, default="")
    miss_resolution: Mapped[str] = mapped_column(Text, default="")
    miss_prevention: Mapped[str] = mapped_column(Text, default="")

    expectation: Mapped[Expectation] = relationship(back_populates="measurements", lazy="raise")
