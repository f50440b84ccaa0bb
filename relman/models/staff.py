"""Staff of the IT department (relationship managers, their managers) and app settings."""

from __future__ import annotations

import enum
import uuid

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relman.models.base import Archivable, Base, Entity, enum_type, fk


class StaffRole(enum.Enum):
    RM = "rm"
    MANAGER = "manager"
    HEAD_OF_IT = "head_of_it"


class Staff(Archivable, Entity):
    __tablename__ = "staff"

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[StaffRole] = mapped_column(enum_type(StaffRole), default=StaffRole.RM)
    reports_to_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("staff.id", ondelete="SET NULL"), index=True
    )
    active: Mapped[bool] = mapped_column(default=True)
    #: on a team server, the PostgreSQL login this person signs in with (relman server
    #: add-user): who did what is then taken from the login, never chosen from a list
    login: Mapped[str | None] = mapped_column(String(63), default=None)

    __table_args__ = (Index("uq_staff_login", "login", unique=True),)

    reports_to: Mapped[Staff | None] = relationship(remote_side="Staff.id", lazy="raise")


class Setting(Base):
    """A small key/value store for settings that belong to the data, not to one machine.

    Nothing writes it any more. Older relman kept ``current_user`` ("who I am") here, which
    on a shared database made one person's choice the author of everyone's steps; "who I
    am" is now a local setting of the window (``relman.ui.identity``). An old row is only
    read to suggest whom to choose (``relman.workflows.staff.legacy_current_user``).
    """

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
