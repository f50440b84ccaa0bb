"""Escalations: an expectation that could not be agreed, taken up between managers."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import Date, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relman.models.base import Entity, author_fk, enum_type, fk


class EscalationStatus(enum.Enum):
    OPEN = "open"
    IN_DISCUSSION = "in_discussion"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"


OPEN_ESCALATION = (EscalationStatus.OPEN, EscalationStatus.IN_DISCUSSION)


class Escalation(Entity):
    __tablename__ = "escalations"

    expectation_id: Mapped[uuid.UUID] = mapped_column(fk("expectations.id"), index=True)
    raised_by_id: Mapped[uuid.UUID | None] = mapped_column(author_fk(), index=True)
    rm_manager_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("staff.id", ondelete="SET NULL"), index=True
    )
    customer_manager_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("contacts.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[EscalationStatus] = mapped_column(
        enum_type(EscalationStatus), default=EscalationStatus.OPEN, index=True
    )
    summary: Mapped[str] = mapped_column(Text, default="")
    opened_at: Mapped[dt.datetime] = mapped_column(index=True)
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)
    resolved_at: Mapped[dt.datetime | None] = mapped_column()
    resolution: Mapped[str] = mapped_column(Text, default="")

    events: Mapped[list[EscalationEvent]] = relationship(
        back_populates="escalation",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="EscalationEvent.at",
        lazy="raise",
    )


class EscalationEventKind(enum.Enum):
    OPENED = "opened"
    DISCUSSED = "discussed"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"


class EscalationEvent(Entity):
    __tablename__ = "escalation_events"

    escalation_id: Mapped[uuid.UUID] = mapped_column(fk("escalations.id"), index=True)
    kind: Mapped[EscalationEventKind] = mapped_column(enum_type(EscalationEventKind))
    author_id: Mapped[uuid.UUID | None] = mapped_column(author_fk(), index=True)
    at: Mapped[dt.datetime] = mapped_column()
    text: Mapped[str] = mapped_column(Text, default="")

    escalation: Mapped[Escalation] = relationship(back_populates="events", lazy="raise")
