"""What was done to a record: the audit trail of commands, read for the history views.

Every command that changed the data left a line (:class:`relman.models.CommandRecord`):
who ran it, when, and with what. :func:`changes_to` reads the lines about one record, newest
first, in words: "Rui Relman — rename of unit Sales: name “Sales EMEA”". Undoing a change is
a change too, and is listed as "undo of …".
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.models import CommandRecord
from relman.workflows import plain

#: Arguments that say which record and on which version, not what changed.
_NOT_CHANGES = {"expected_version", "known", "snapshot", "again", "by"}


@dataclass(frozen=True)
class Change:
    at: dt.datetime
    who: str
    what: str


def changes_to(session: Session, record_id: uuid.UUID, *, limit: int = 50) -> list[Change]:
    """The latest ``limit`` commands about the record, newest first."""
    lines = session.scalars(
        select(CommandRecord)
        .where(CommandRecord.subject_id == record_id)
        .order_by(CommandRecord.at.desc())
        .limit(limit)
    )
    return [Change(line.at, line.author or "Someone", describe(line)) for line in lines]


def describe(line: CommandRecord) -> str:
    """The command in words: what the user saw it called, and for an edit the new values."""
    what = line.text or line.name.replace("_", " ").capitalize()
    if not line.name.startswith(("edit_", "update_")):
        return what
    try:
        args: dict[str, Any] = plain.loads(line.args)
    except (KeyError, TypeError, ValueError):  # written by a newer relman
        return what
    fields = args.get("changes") if isinstance(args.get("changes"), dict) else args
    shown = [
        _field(name, value)
        for name, value in fields.items()
        if name not in _NOT_CHANGES and value != line.subject_id
    ]
    return f"{what}: {'; '.join(shown)}" if shown else what


def _field(name: str, value: Any) -> str:
    label = name.removesuffix("_id").replace("_", " ")
    if isinstance(value, uuid.UUID):
        return f"{label} changed"
    if value is None or value == "" or value == []:
        return f"{label} cleared"
    if isinstance(value, list):
        return f"{label} changed"
    if hasattr(value, "value"):  # an enum
        value = value.value
    text = " ".join(str(value).split())
    return f"{label} “{text if len(text) <= 40 else text[:39] + '…'}”"
