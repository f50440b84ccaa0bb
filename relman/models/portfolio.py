"""The portfolio: business units, the IT services they depend on, and who looks after them."""

from __future__ import annotations

import enum
import uuid

from sqlalchemy import Column, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relman.models.base import Archivable, Base, Entity, check, enum_type, fk, unique_lower
from relman.models.staff import Staff


class Criticality(enum.Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Dependence(enum.Enum):
    """How much a unit's work stops when a service stops."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


unit_rms = Table(
    "unit_rms",
    Base.metadata,
    Column("unit_id", fk("business_units.id"), primary_key=True),
    Column("staff_id", fk("staff.id"), primary_key=True, index=True),
)


class BusinessUnit(Archivable, Entity):
    __tablename__ = "business_units"
    __table_args__ = (check("review_every_days BETWEEN 1 AND 366", "review_rhythm"),)

    name: Mapped[str] = mapped_column(String(200))
    division: Mapped[str] = mapped_column(String(200), default="")
    head_id: Mapped[uuid.UUID | None] = mapped_column(
        fk("contacts.id", ondelete="SET NULL", use_alter=True), index=True
    )
    criticality: Mapped[Criticality] = mapped_column(
        enum_type(Criticality), default=Criticality.MEDIUM
    )
    own_service_levels: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    #: how often the unit's head expects a review meeting (the dashboard says when one is due)
    review_every_days: Mapped[int] = mapped_column(default=30)

    rms: Mapped[list[Staff]] = relationship(secondary=unit_rms, lazy="raise")
    dependencies: Mapped[list[UnitService]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", passive_deletes=True, lazy="raise"
    )


class Service(Archivable, Entity):
    """An IT service, named the way its users name it ("SAP Financials")."""

    __tablename__ = "services"

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")


class UnitService(Entity):
    """A unit depends on a service, to some degree."""

    __tablename__ = "unit_services"
    __table_args__ = (UniqueConstraint("unit_id", "service_id"),)

    unit_id: Mapped[uuid.UUID] = mapped_column(fk("business_units.id"), index=True)
    service_id: Mapped[uuid.UUID] = mapped_column(fk("services.id"), index=True)
    dependence: Mapped[Dependence] = mapped_column(enum_type(Dependence), default=Dependence.MEDIUM)

    unit: Mapped[BusinessUnit] = relationship(back_populates="dependencies", lazy="raise")
    service: Mapped[Service] = relationship(lazy="raise")


unique_lower("business_units", BusinessUnit.__table__.c.name)
unique_lower("services", Service.__table__.c.name)
