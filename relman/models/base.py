"""The declarative base, column types and the columns every table shares.

Every entity gets a UUID primary key (so records made offline on two laptops merge without
clashes), ``created_at``/``updated_at`` in UTC and a ``version`` counter that SQLAlchemy uses
for optimistic locking: an UPDATE of a row changed by someone else since it was read raises
``StaleDataError``, which the workflows turn into :class:`relman.errors.ConflictError`.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    MetaData,
    TypeDecorator,
    Uuid,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp that is always an unambiguous instant, handed back timezone-aware (UTC).

    PostgreSQL stores it ``WITH TIME ZONE``. SQLite has no time zones: there it is stored as
    naive UTC. Naive datetimes are refused either way: they would silently mean "the local
    time of whoever typed it".
    """

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Any) -> Any:
        return dialect.type_descriptor(DateTime(timezone=dialect.name == "postgresql"))

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; relman stores timezone-aware UTC times")
        utc = value.astimezone(dt.UTC)
        return utc if dialect.name == "postgresql" else utc.replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)


def enum_type(enum_cls: type[enum.Enum]) -> Enum:
    """A portable enum column storing the members' values (readable in the file)."""
    return Enum(
        enum_cls,
        native_enum=False,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
        length=max(len(m.value) for m in enum_cls),
        # The file refuses a value no version of relman knows (a CHECK constraint named
        # ck_<table>_<enum>), so a bad import or a hand edit cannot slip one in.
        create_constraint=True,
    )


def fk(target: str, *, ondelete: str = "CASCADE", use_alter: bool = False) -> ForeignKey:
    """A foreign key; by default the child goes with its parent (ON DELETE CASCADE)."""
    return ForeignKey(target, ondelete=ondelete, use_alter=use_alter)


def author_fk() -> ForeignKey:
    """Who did a step (author, assessor, recorder): the staff member can be archived but
    never deleted while they are named, so history never loses its author."""
    return ForeignKey("staff.id", ondelete="RESTRICT")


def unique_lower(table: str, column: Any) -> Index:
    """Names unique ignoring case: a unique index on ``lower(column)``. SQL ``lower``
    folds only A–Z; the workflows compare with ``casefold`` first, this is the backstop."""
    return Index(f"uq_{table}_lower_{column.name}", func.lower(column), unique=True)


def _digits(column: str, start: int, count: int) -> str:
    return " AND ".join(
        f"substr({column}, {i}, 1) BETWEEN '0' AND '9'" for i in range(start, start + count)
    )


def quarter_sql(column: str) -> str:
    """SQL true when ``column`` is a quarter written ``YYYY-Qn`` (portable: no GLOB)."""
    return (
        f"length({column}) = 7 AND {_digits(column, 1, 4)} AND substr({column}, 5, 2) = '-Q'"
        f" AND substr({column}, 7, 1) BETWEEN '1' AND '4'"
    )


def period_sql(column: str) -> str:
    """SQL true when ``column`` is a period: ``YYYY-Wnn`` (week 01–53), ``YYYY-MM`` (month
    01–12) or ``YYYY-Qn`` (quarter 1–4)."""
    year = f"{_digits(column, 1, 4)} AND substr({column}, 5, 1) = '-'"
    week = (
        f"length({column}) = 8 AND substr({column}, 6, 1) = 'W' AND {_digits(column, 7, 2)}"
        f" AND substr({column}, 7, 2) BETWEEN '01' AND '53'"
    )
    month = (
        f"length({column}) = 7 AND {_digits(column, 6, 2)}"
        f" AND substr({column}, 6, 2) BETWEEN '01' AND '12'"
    )
    quarter = (
        f"length({column}) = 7 AND substr({column}, 6, 1) = 'Q'"
        f" AND substr({column}, 7, 1) BETWEEN '1' AND '4'"
    )
    return f"{year} AND (({week}) OR ({month}) OR ({quarter}))"


def check(sql: str, name: str) -> CheckConstraint:
    """A named CHECK constraint (named ck_<table>_<name> by the naming convention)."""
    return CheckConstraint(sql, name=name)


class Archivable:
    """A record that is archived rather than deleted once it has history: lists hide it,
    its history keeps pointing to it, and unarchiving brings it back."""

    archived_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime(), uuid.UUID: Uuid()}


class Entity(Base):
    """Abstract base of every stored record."""

    __abstract__ = True

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}

    def __repr__(self) -> str:
        label = getattr(self, "name", None) or getattr(self, "title", None) or ""
        return f"<{type(self).__name__} {self.id} {label}>".replace("  ", " ")
