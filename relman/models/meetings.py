"""Review meetings with unit heads and the action items that meetings and interviews produce."""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import CheckConstraint, Column, Date, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relman.models.base import Base, Entity, enum_type, fk


class MeetingKind(enum.Enum):
    MONTHLY_REVIEW = "monthly_review"
    QUARTERLY_SERVICE_REVIEW = "quarterly_service_review"
    OTHER = "other"


class GoalsMet(enum.Enum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"


meeting_staff = Table(
    "meeting_staff",
    Base.metadata,
    Column("meeting_id", fk("meetings.id"), primary_key=True),
    Column("staff_id", fk("staff.id"), primary_key=True, index=True),
)
meeting_contacts = Table(
    "meeting_contacts",
    Base.metadata,
    Column("meeting_id", fk("meetings.id"), primary_key=True),
    Column("contact_id", fk("contacts.id"), primary_key=True, index=True),
)


class Meeting(Entity):
    __tablename__ = "meetings"

    unit_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("business_units.id", ondelete="SET NULL"), index=True
    )
    service_id: Mapped[uuid.UUID | None] = mapped_column(fk("services.id", ondelete="SET NULL"))
    kind: Mapped[MeetingKind] = mapped_column(enum_type(MeetingKind))
    held_at: Mapped[dt.datetime] = mapped_column(index=True)
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(fk("staff.id", ondelete="SET NULL"))
    discussed: Mapped[str] = mapped_column(Text, default="")
    delivered: Mapped[str] = mapped_column(Text, default="")
    planned: Mapped[str] = mapped_column(Text, default="")
    goals_met: Mapped[GoalsMet | None] = mapped_column(enum_type(GoalsMet))
    goals_note: Mapped[str] = mapped_column(Text, default="")

    action_items: Mapped[list[ActionItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )


class ActionItem(Entity):
    """Something to do, from a meeting or an interview, owned by a staff member or a contact."""

    __tablename__ = "action_items"
    __table_args__ = (
        CheckConstraint(
            "(meeting_id IS NOT NULL) OR (interview_id IS NOT NULL)", name="has_source"
        ),
    )

    meeting_id: Mapped[uuid.UUID | None] = mapped_column(fk("meetings.id"), index=True)
    interview_id: Mapped[uuid.UUID | None] = mapped_column(fk("interviews.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    owner_staff_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("staff.id", ondelete="SET NULL"), index=True
    )
    owner_contact_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("contacts.id", ondelete="SET NULL")
    )
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    done_at: Mapped[dt.datetime | None] = mapped_column()

    meeting: Mapped[Meeting | None] = relationship(back_populates="action_items", lazy="raise")
