"""Contacts in the business units and their key-customer assessments.

The key-customer rule (docs/method.md): a contact is a *key customer* when their latest
assessment meets at least :data:`KEY_THRESHOLD` of the seven criteria, counting an
unreasonable, uncompromising attitude as :data:`UNREASONABLE_PENALTY` criteria against them.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relman.models.base import Entity, fk
from relman.models.staff import Staff

#: The seven criteria, in the order of the method, as (short label, question).
CRITERIA: tuple[tuple[str, str], ...] = (
    ("Depends on us", "Their success critically depends on our services."),
    ("Assures our success", "Their satisfaction assures our success: influence, visibility."),
    ("Represents many", "They fairly represent a large customer organisation."),
    ("Large consumer", "Their organisation is a large consumer of our services."),
    ("Constructive critic", "They critique our services constructively and objectively."),
    ("Business influence", "They can significantly influence the business."),
    ("Shared expectations", "We share agreed, reasonable expectations with them."),
)
KEY_THRESHOLD = 4
UNREASONABLE_PENALTY = 2


def key_score(criteria: list[bool] | tuple[bool, ...], unreasonable: bool) -> int:
    """Criteria met, less the penalty for unreasonable demands."""
    return sum(bool(c) for c in criteria) - (UNREASONABLE_PENALTY if unreasonable else 0)


def is_key(criteria: list[bool] | tuple[bool, ...], unreasonable: bool) -> bool:
    return key_score(criteria, unreasonable) >= KEY_THRESHOLD


class Contact(Entity):
    __tablename__ = "contacts"

    name: Mapped[str] = mapped_column(String(200), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    unit_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("business_units.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    manager_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("contacts.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Derived from the latest assessment by :func:`is_key`; kept here so lists stay fast.
    is_key: Mapped[bool] = mapped_column(default=False, index=True)

    manager: Mapped[Contact | None] = relationship(remote_side="Contact.id", lazy="raise")
    assessments: Mapped[list[Assessment]] = relationship(
        back_populates="contact",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Assessment.assessed_on",
        lazy="raise",
    )


class Assessment(Entity):
    """One key-customer assessment: the seven criteria, each yes/no with a note."""

    __tablename__ = "assessments"

    contact_id: Mapped[uuid.UUID] = mapped_column(fk("contacts.id"), index=True)
    assessor_id: Mapped[uuid.UUID | None] = mapped_column(fk("staff.id", ondelete="SET NULL"))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    c1: Mapped[bool] = mapped_column(default=False)
    c2: Mapped[bool] = mapped_column(default=False)
    c3: Mapped[bool] = mapped_column(default=False)
    c4: Mapped[bool] = mapped_column(default=False)
    c5: Mapped[bool] = mapped_column(default=False)
    c6: Mapped[bool] = mapped_column(default=False)
    c7: Mapped[bool] = mapped_column(default=False)
    note1: Mapped[str] = mapped_column(Text, default="")
    note2: Mapped[str] = mapped_column(Text, default="")
    note3: Mapped[str] = mapped_column(Text, default="")
    note4: Mapped[str] = mapped_column(Text, default="")
    note5: Mapped[str] = mapped_column(Text, default="")
    note6: Mapped[str] = mapped_column(Text, default="")
    note7: Mapped[str] = mapped_column(Text, default="")
    unreasonable: Mapped[bool] = mapped_column(default=False)
    unreasonable_note: Mapped[str] = mapped_column(Text, default="")
    is_key: Mapped[bool] = mapped_column(default=False)

    contact: Mapped[Contact] = relationship(back_populates="assessments", lazy="raise")
    assessor: Mapped[Staff | None] = relationship(lazy="raise")

    @property
    def criteria(self) -> tuple[bool, ...]:
        return (self.c1, self.c2, self.c3, self.c4, self.c5, self.c6, self.c7)

    @property
    def notes(self) -> tuple[str, ...]:
        return (self.note1, self.note2, self.note3, self.note4, self.note5, self.note6, self.note7)
