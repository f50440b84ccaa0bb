"""Helpers shared by the workflows: fetching records, the clock, and checking every value a
user gives, in one place.

Every text, date, time and number a workflow stores passes through one of the ``clean_*``
helpers below (or :func:`number`, :func:`whole`, :func:`rating`, :func:`choice`), so that a
value is either stored exactly as the user will read it back, or refused with a
:class:`ValidationError` naming the field and saying what to fix. Nothing is cut to fit:
the longest text a column takes is read from its ``String(length)``.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
import uuid
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.errors import ConflictError, NotFoundError, ValidationError
from relman.models import Entity, Staff

E = TypeVar("E", bound=Entity)
M = TypeVar("M", bound=enum.Enum)

MAX_NAME = 200
MAX_TEXT = 100_000
#: Dates and times outside these years are typing mistakes (and years 1 or 9999 overflow
#: date arithmetic); every date and time is checked against them.
FIRST_YEAR, LAST_YEAR = 1900, 2200
#: What a one-line name may not hold anywhere: control characters (C0 and C1), line
#: and paragraph separators, and the direction embeddings, overrides and isolates, which
#: make a name show as other text ("Acme\u202egnp.exe" shows as "Acmeexe.png"). Free text
#: may hold any of them but NUL (text pasted from other programs carries tabs, form feeds,
#: right-to-left marks).
NOT_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: Characters that show as nothing (Unicode's default-ignorable code points, and letters
#: and symbols drawn blank): a name may hold them beside visible ones (U+200D joins emoji,
#: U+200C is needed in Persian), but not be made of them alone.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff\\s]"
)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def now() -> dt.datetime:
    """The one clock of the workflows: this instant, in UTC (what is stored)."""
    return dt.datetime.now(dt.UTC)


def today(at: dt.datetime | None = None) -> dt.date:
    """Today's date where the user is (the machine's local zone), read from the same
    instant as :func:`now`, so that a step stamped "now" and a date defaulted to "today"
    never disagree around midnight UTC. Every "today" of the workflows comes from here."""
    return (now() if at is None else at).astimezone().date()


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


def get_to_edit(
    session: Session,
    model: type[E],
    id_: uuid.UUID | str | None,
    label: str,
    expected_version: int | None,
) -> E:
    """The record to change, refused with a :class:`ConflictError` when it is no longer at
    the version the user's form was read at (someone else saved it in between).

    ``expected_version`` is required of every caller; ``None`` says "no form was read" and
    skips the check: only for code that writes records it made itself in the same
    transaction (the demo data), never for a user's edit."""
    record = get(session, model, id_, label)
    if expected_version is not None and record.version != expected_version:
        raise ConflictError(
            f"Someone else changed this {label} since you opened it. Reload it and make "
            "your change again; nothing of yours was saved over theirs."
        )
    return record


def author(session: Session, by: uuid.UUID | None) -> Staff:
    """The staff member doing a step; every step has an author."""
    if by is None:
        raise ValidationError(
            "author", "Choose who you are (Staff → “This is me”) before recording this step."
        )
    return get(session, Staff, by, "staff member")


# -- text ---------------------------------------------------------------------------------


#: Column lengths by the mapped attribute's identity (looking one up through the attribute
#: costs microseconds, which an import of 100,000 rows pays three times a row).
_LENGTHS: dict[int, tuple[Any, int | None]] = {}


def max_length(column: Any, default: int = MAX_NAME) -> int:
    """The longest text ``column`` (a mapped attribute such as ``Staff.email``) holds."""
    known = _LENGTHS.get(id(column))
    if known is None or known[0] is not column:
        known = _LENGTHS[id(column)] = (
            column,
            getattr(getattr(column, "type", None), "length", None),
        )
    return known[1] or default


def _as_text(field: str, value: object, label: str) -> str:
    """The value as a string whose every character can be stored and read back."""
    text = "" if value is None else value if isinstance(value, str) else str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValidationError(
            field, f"{label} holds a broken character (half of an emoji or symbol); retype it."
        ) from None
    return text


def clean_name(
    field: str, value: object, label: str, column: Any = None, *, required: bool = True
) -> str:
    """A one-line name or title: trimmed, no line breaks or control characters, not longer
    than ``column`` holds (MAX_NAME without a column); not empty when ``required``."""
    text = _as_text(field, value, label).strip()
    if required and not text:
        raise ValidationError(field, f"{label} cannot be empty.")
    _refuse_hidden_characters(field, text, label)
    limit = max_length(column)
    if len(text) > limit:
        raise ValidationError(field, f"{label} is too long: at most {limit} characters.")
    return text


def _character(char: str) -> str:
    """ "U+202E (RIGHT-TO-LEFT OVERRIDE)": a character named so that the user can find it."""
    name = unicodedata.name(char, "")  # control characters have none
    return f"U+{ord(char):04X} ({name})" if name else f"U+{ord(char):04X}"


def _refuse_hidden_characters(field: str, text: str, label: str) -> None:
    """Refuse a one-line text that would not show as what it holds: a line break, control
    character, or direction override anywhere, or nothing but invisible characters."""
    found = NOT_IN_NAME.search(text)
    if found:
        char, at = _character(found.group()), f"character {found.start() + 1}"
        if found.group() in "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029":
            why = f"{label} must be on one line: {at} is {char}, a line break."
        elif found.group() in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            why = (
                f"{label} cannot hold {char}, found at {at}: it changes the direction the "
                "text is shown in, so the name would read as something else."
            )
        else:
            why = f"{label} must be on one line, without control characters: {at} is {char}."
        raise ValidationError(field, f"{why} Remove it.")
    if text and all(INVISIBLE.fullmatch(c) for c in text):  # trimmed: text[0] is no space
        raise ValidationError(
            field,
            f"{label} holds only invisible characters (character 1 is "
            f"{_character(text[0])}); type a name that can be read.",
        )


def clean_text(
    field: str, value: object, label: str, *, required: bool = False, column: Any = None
) -> str:
    """Free text: kept as typed (trailing space trimmed), bounded in length, no NUL."""
    text = _as_text(field, value, label).rstrip()
    if "\x00" in text:
        raise ValidationError(field, f"{label} contains a NUL character; remove it.")
    if required and not text.strip():
        raise ValidationError(field, f"{label} cannot be empty.")
    limit = max_length(column, MAX_TEXT)
    if len(text) > limit:
        raise ValidationError(field, f"{label} is too long: at most {limit:,} characters.")
    return text


def clean_email(field: str, value: object, label: str = "The e-mail address") -> str:
    """An e-mail address, or "" for none."""
    text = clean_name(field, value, label, Staff.email, required=False)
    if text and not EMAIL.match(text):
        raise ValidationError(field, f"“{text}” is not an e-mail address (name@example.com).")
    return text


# -- choices and numbers ------------------------------------------------------------------


def choice(field: str, enum_cls: type[M], value: object) -> M:
    """One of the members of ``enum_cls``, given as a member or its value."""
    try:
        return enum_cls(value)
    except ValueError:
        options = ", ".join(m.value.replace("_", " ") for m in enum_cls)
        raise ValidationError(field, f"“{value}” is not one of: {options}.") from None


def rating(field: str, value: int | str | None, label: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(field, f"{label} must be a whole number from 1 to 5.") from None
    if not 1 <= number <= 5:
        raise ValidationError(field, f"{label} must be from 1 to 5, not {number}.")
    return number


#: The largest number a target or a measured value may be.
MAX_MAGNITUDE = 1e12


def number(
    field: str,
    value: float | str | None,
    label: str,
    *,
    low: float | None = None,
    high: float | None = None,
) -> float:
    """A finite number, from ``low`` to ``high`` when given (a comma may be the decimal
    point)."""
    try:
        result = float(str(value).strip().replace(",", "."))
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(field, f"{label} must be a number, e.g. 99.5.") from None
    if result != result or result in (float("inf"), float("-inf")):
        raise ValidationError(field, f"{label} must be a finite number.")
    if abs(result) > MAX_MAGNITUDE:
        # beyond any real target or measurement, and beyond what is stored exactly
        raise ValidationError(field, f"{label} is too large: at most {MAX_MAGNITUDE:,.0f}.")
    _in_range(field, result, label, low, high)
    return result


def whole(
    field: str, value: object, label: str, *, low: int | None = None, high: int | None = None
) -> int:
    """A whole number, from ``low`` to ``high`` when given. Without bounds the caller
    checks the range (with its own words), but the number must still fit a column."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationError(field, f"{label} must be a whole number.")
    try:
        result = int(str(value).strip())
    except ValueError:
        raise ValidationError(field, f"{label} must be a whole number.") from None
    _in_range(
        field, result, label, -(2**63) if low is None else low, 2**63 - 1 if high is None else high
    )
    return result


def _in_range(field: str, value: float, label: str, low: float | None, high: float | None) -> None:
    if (low is not None and value < low) or (high is not None and value > high):
        if high is None:
            bounds = f"at least {low:g}"
        elif low is None:
            bounds = f"at most {high:g}"
        else:
            bounds = f"from {low:g} to {high:g}"
        raise ValidationError(field, f"{label} must be {bounds}, not {value:g}.")


# -- dates, times and periods -------------------------------------------------------------


def _year_in_range(field: str, year: int, label: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            field, f"{label} must be in the years {FIRST_YEAR} to {LAST_YEAR}, not {year}."
        )


def clean_date(field: str, value: object, label: str) -> dt.date:
    """A calendar date in a sane range (a datetime given counts by its date)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        raise ValidationError(field, f"{label} must be a date.")
    _year_in_range(field, value.year, label)
    return value


def aware(field: str, value: object, label: str) -> dt.datetime:
    """A moment with a time zone in a sane range, as UTC."""
    if not isinstance(value, dt.datetime):
        raise ValidationError(field, f"{label} must be a date and time.")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(field, f"{label} needs a time zone.")
    _year_in_range(field, value.year, label)
    return value.astimezone(dt.UTC)


def stamp(at: dt.datetime | None, field: str = "at") -> dt.datetime:
    """When a step happened: now, or the given time, which must carry a time zone."""
    return now() if at is None else aware(field, at, "The time of the step")


#: How each kind of period is written, with an example; the year is checked separately.
PERIODS = {
    "weekly": (re.compile(r"^(\d{4})-W(\d{2})$"), "2026-W07"),
    "monthly": (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), "2026-10"),
    "quarterly": (re.compile(r"^(\d{4})-Q([1-4])$"), "2026-Q3"),
}


def clean_period(field: str, value: object, kind: str, what: str) -> str:
    """A period of ``kind`` ("weekly", "monthly", "quarterly") such as 2026-W07, 2026-10 or
    2026-Q3: a real week, month or quarter of a year in range. ``what`` is measured so
    ("This expectation")."""
    pattern, example = PERIODS[kind]
    how = f"{what} is measured {kind}: write the period like {example}."
    text = clean_name(field, value, "The period", required=False)
    match = pattern.match(text)
    if match is None:
        raise ValidationError(field, how)
    year, part = int(match.group(1)), int(match.group(2))
    _year_in_range(field, year, "The period")
    if kind == "weekly":
        try:
            dt.date.fromisocalendar(year, part, 1)
        except ValueError:
            raise ValidationError(field, f"{year} has no week {part}. {how}") from None
    return text


# -- archive -------------------------------------------------------------------------------


def set_archived(
    session: Session,
    model: type[E],
    id_: uuid.UUID | str | None,
    label: str,
    *,
    archived: bool,
    expected_version: int | None,
) -> E:
    """Archive (or bring back) a unit, contact, staff member or service: it leaves the lists
    but stays in every record that names it. History is never erased by a delete."""
    record = get_to_edit(session, model, id_, label, expected_version)
    stamp_ = (record.archived_at or now()) if archived else None  # type: ignore[attr-defined]
    record.archived_at = stamp_  # type: ignore[attr-defined]
    session.flush()
    return record


def history_words(counts: list[tuple[int, str]]) -> str:
    """ "3 expectations, 1 meeting" from (count, plural noun) pairs, leaving out zeros."""
    return ", ".join(
        f"{n} {noun[:-1] if n == 1 and noun.endswith('s') else noun}" for n, noun in counts if n
    )


# -- names ---------------------------------------------------------------------------------


def name_taken(session: Session, column: Any, name: str, exclude: uuid.UUID | None = None) -> bool:
    """Whether another record already has this name, ignoring case in every alphabet
    (SQL ``lower()`` folds only A–Z, so the comparison is made with ``casefold``)."""
    wanted = name.casefold()
    model = column.class_
    rows = session.execute(select(model.id, column)).all()
    return any(n.casefold() == wanted and i != exclude for i, n in rows)
