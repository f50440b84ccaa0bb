"""Interviews with key customers: when, where, with whom, the script version, the answers.

Who started, finished or cancelled an interview is kept (``started_by_id``, ``finished_by_id``,
``cancelled_by_id``): a step always has an author. An answer to a conditional question that an
earlier answer no longer calls for is *hidden*, never deleted: what was typed comes back when
the condition is met again.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

from sqlalchemy import Column, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relman.models.base import Base, Entity, check, enum_type, fk
from relman.models.contacts import Contact


class InterviewStatus(enum.Enum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


interview_contacts = Table(
    "interview_contacts",
    Base.metadata,
    Column("interview_id", fk("interviews.id"), primary_key=True),
    Column("contact_id", fk("contacts.id"), primary_key=True, index=True),
)


class Interview(Entity):
    __tablename__ = "interviews"
    __table_args__ = (check("duration_minutes > 0", "duration_positive"),)

    script_version_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("script_versions.id", ondelete="RESTRICT"), index=True
    )
    rm_id: Mapped[uuid.UUID | None] = mapped_column(fk("staff.id", ondelete="SET NULL"), index=True)
    unit_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("business_units.id", ondelete="SET NULL"), index=True
    )
    scheduled_at: Mapped[dt.datetime] = mapped_column(index=True)
    duration_minutes: Mapped[int] = mapped_column(default=60)
    location: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[InterviewStatus] = mapped_column(
        enum_type(InterviewStatus), default=InterviewStatus.PLANNED, index=True
    )
    started_at: Mapped[dt.datetime | None] = mapped_column()
    finished_at: Mapped[dt.datetime | None] = mapped_column()
    started_by_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("staff.id", ondelete="RESTRICT"), index=True
    )
    finished_by_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("staff.id", ondelete="RESTRICT"), index=True
    )
    cancelled_by_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("staff.id", ondelete="RESTRICT"), index=True
    )
    cancelled_at: Mapped[dt.datetime | None] = mapped_column()
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    #: the question interview mode shows, saved with each step so a broken-off interview
    #: resumes where it was
    current_question_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("questions.id", ondelete="SET NULL"), index=True
    )

    contacts: Mapped[list[Contact]] = relationship(secondary=interview_contacts, lazy="raise")
    answers: Mapped[list[Answer]] = relationship(
        back_populates="interview", cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )


class Answer(Entity):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("interview_id", "question_id"),)

    interview_id: Mapped[uuid.UUID] = mapped_column(fk("interviews.id"), index=True)
    question_id: Mapped[uuid.UUID] = mapped_column(
        fk("questions.id", ondelete="RESTRICT"), index=True
    )
    value: Mapped[str] = mapped_column(Text, default="")
    #: The question is no longer asked (an earlier answer changed): kept, not shown.
    hidden: Mapped[bool] = mapped_column(default=False)

    interview: Mapped[Interview] = relationship(back_populates="answers", lazy="raise")
