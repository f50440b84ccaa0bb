"""Helpers shared by the workflows: fetching records, checking input, the clock."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.errors import NotFoundError, ValidationError
from relman.models import Entity, Staff

E = TypeVar("E", bound=Entity)

MAX_NAME = 200
MAX_TEXT = 100_000


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def get(session: Session, model: type[E], id_: uuid.UUID | str | None, label: str) -> E:
    """The record ``id_`` of ``model``, or a :class:`NotFoundError` naming ``label``."""
    if id_ is None:
        raise NotFoundError(f"No {label} was given.")
    try:
        key = id_ if isinstance(id_, uuid.UUID) else uuid.UUID(str(id_))
    except ValueError:
        raise NotFoundError(f"'{id_}' is not the id of any {label}.") from None
    obj = session.get(model, key)
    if obj is None:
        raise NotFoundError(f"That {label} no longer exists; it may have been deleted.")
    return obj


def author(session: Session, by: uuid.UUID | None) -> Staff:
    """The staff member doing a step; every step has an author."""
    if by is None:
        raise ValidationError(
            "author", "Choose who you are (Staff → “who I am”) before recording this step."
        )
    return get(session, Staff, by, "staff member")


def clean_name(field: str, value: str | None, label: str, max_len: int = MAX_NAME) -> str:
    """A required one-line name: trimmed, not empty, not too long, no line breaks."""
    text = (value or "").strip()
    if not text:
        raise ValidationError(field, f"{label} cannot be empty.")
    if len(text) > max_len:
        raise ValidationError(field, f"{label} is too long: at most {max_len} characters.")
    if any(c in text for c in "\r\n\t\x00"):
        raise ValidationError(field, f"{label} must be on one line.")
    return text


def clean_text(field: str, value: str | None, label: str, *, required: bool = False) -> str:
    """Free text: kept as typed (trailing space trimmed), bounded in length."""
    text = (value or "").rstrip()
    if "\x00" in text:
        raise ValidationError(field, f"{label} contains a NUL character; remove it.")
    if required and not text.strip():
        raise ValidationError(field, f"{label} cannot be empty.")
    if len(text) > MAX_TEXT:
        raise ValidationError(field, f"{label} is too long: at most {MAX_TEXT:,} characters.")
    return text


def rating(field: str, value: int | str | None, label: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(field, f"{label} must be a whole number from 1 to 5.") from None
    if not 1 <= number <= 5:
        raise ValidationError(field, f"{label} must be from 1 to 5, not {number}.")
    return number


def number(field: str, value: float | str | None, label: str) -> float:
    try:
        result = float(str(value).strip().replace(",", "."))
    except (TypeError, ValueError):
        raise ValidationError(field, f"{label} must be a number, e.g. 99.5.") from None
    if result != result or result in (float("inf"), float("-inf")):
        raise ValidationError(field, f"{label} must be a finite number.")
    return result


def stamp(at: dt.datetime | None, field: str = "at") -> dt.datetime:
    """When a step happened: now, or the given time, which must carry a time zone."""
    return now() if at is None else aware(field, at, "The time of the step")


def name_taken(session: Session, column: Any, name: str, exclude: uuid.UUID | None = None) -> bool:
    """Whether another record already has this name, ignoring case in every alphabet
    (SQL ``lower()`` folds only A–Z, so the comparison is made with ``casefold``)."""
    wanted = name.casefold()
    model = column.class_
    rows = session.execute(select(model.id, column)).all()
    return any(n.casefold() == wanted and i != exclude for i, n in rows)


def aware(field: str, value: dt.datetime, label: str) -> dt.datetime:
    if value.tzinfo is None:
        raise ValidationError(field, f"{label} needs a time zone.")
    return value.astimezone(dt.UTC)
