"""What the Scripts page lists: the scripts with their latest version, and each script's
versions with how many interviews were held (or are planned) with each."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relman.models import Interview, Script, ScriptVersion


@dataclass(frozen=True)
class ScriptRow:
    id: uuid.UUID
    name: str
    purpose: str
    version: int  # the record's version, for saving without overwriting someone else's edit
    latest: int  # number of the latest script version
    interviews: int  # over all versions
    updated_at: dt.datetime


@dataclass(frozen=True)
class VersionRow:
    id: uuid.UUID
    number: int
    change_note: str
    created_at: dt.datetime
    interviews: int


def script_rows(session: Session) -> list[ScriptRow]:
    latest = (
        select(ScriptVersion.script_id, func.max(ScriptVersion.number).label("number"))
        .group_by(ScriptVersion.script_id)
        .subquery()
    )
    used = dict(
        session.execute(
            select(ScriptVersion.script_id, func.count(Interview.id))
            .join(Interview, Interview.script_version_id == ScriptVersion.id)
            .group_by(ScriptVersion.script_id)
        ).all()
    )
    rows = session.execute(
        select(Script, latest.c.number)
        .outerjoin(latest, latest.c.script_id == Script.id)
        .where(Script.archived.is_(False))
    ).all()
    return [
        ScriptRow(
            s.id,
            s.name,
            s.purpose,
            s.version,
            number or 0,
            used.get(s.id, 0),
            s.updated_at,
        )
        for s, number in rows
    ]


def version_rows(session: Session, script_id: uuid.UUID) -> list[VersionRow]:
    """The script's versions, newest first."""
    used = (
        select(func.count(Interview.id))
        .where(Interview.script_version_id == ScriptVersion.id)
        .scalar_subquery()
    )
    rows = session.execute(
        select(ScriptVersion, used)
        .where(ScriptVersion.script_id == script_id)
        .order_by(ScriptVersion.number.desc())
    ).all()
    return [VersionRow(v.id, v.number, v.change_note, v.created_at, n) for v, n in rows]
