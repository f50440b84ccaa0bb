"""Review meetings with unit heads and the action items that meetings and interviews produce.

:class:`AgendaItem` records what a monthly review carried forward from the unit's previous
review: its open action items and the planned items not yet delivered, with where each was
first raised and how many reviews it has been carried through.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import CheckConstraint, Column, Date, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relman.models.base import Base, Entity, author_fk, enum_type, fk


class MeetingKind(enum.Enum):
    MONTHLY_REVIEW = "monthly_review"
    QUARTERLY_SERVICE_REVIEW = "quarterly_service_review"
    OTHER = "other"


class AgendaKind(enum.Enum):
    ACTION = "action"  # an open action item
    PLANNED = "planned"  # a line of "what is planned" not yet delivered


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
    service_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("services.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[MeetingKind] = mapped_column(enum_type(MeetingKind))
    held_at: Mapped[dt.datetime] = mapped_column(index=True)
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(author_fk(), index=True)
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
        fk("contacts.id", ondelete="SET NULL"), index=True
    )
    due_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    done_at: Mapped[dt.datetime | None] = mapped_column()

    meeting: Mapped[Meeting | None] = relationship(back_populates="action_items", lazy="raise")


class AgendaItem(Entity):
    """An item carried onto a review's agenda from the unit's previous review."""

    __tablename__ = "agenda_items"
    __table_args__ = (
        UniqueConstraint("meeting_id", "action_item_id"),
        CheckConstraint("times_carried >= 1", name="carried_at_least_once"),
        CheckConstraint("(kind = 'action') = (action_item_id IS NOT NULL)", name="action_has_item"),
    )

    #: The review whose agenda this is on.
    meeting_id: Mapped[uuid.UUID] = mapped_column(fk("meetings.id"), index=True)
    kind: Mapped[AgendaKind] = mapped_column(enum_type(AgendaKind))
    action_item_id: Mapped[uuid.UUID | None] = mapped_column(fk("action_items.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    #: The review where the item was first raised, and when.
    first_meeting_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("meetings.id", ondelete="SET NULL"), index=True
    )
    first_raised_on: Mapped[dt.date] = mapped_column(Date)
    times_carried: Mapped[int] = mapped_column(default=1)
    #: A planned item marked delivered at this review is not carried any further.
    delivered_at: Mapped[dt.datetime | None] = mapped_column()
