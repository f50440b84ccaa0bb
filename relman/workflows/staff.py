"""Staff: relationship managers and their managers, and what the window needs to ask who
is working ("who I am" itself lives in the window's local settings, not in the data)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relman.errors import ConflictError, RuleError, ValidationError
from relman.models import Base, Staff, StaffRole
from relman.storage.snapshot import Key
from relman.workflows import history
from relman.workflows.commands import Command, command, undo_by
from relman.workflows.common import (
    choice,
    clean_email,
    clean_name,
    get,
    get_to_edit,
    history_words,
    set_archived,
)
from relman.workflows.inverses import removed, toggles, updates

#: the key under which an older relman kept "who I am" in the data file (table settings)
LEGACY_CURRENT_USER = "current_user"


@command
def add_staff(
    session: Session,
    name: str,
    *,
    role: StaffRole = StaffRole.RM,
    email: str = "",
    reports_to: uuid.UUID | None = None,
) -> Staff:
    staff = Staff(
        name=_name(name), role=choice("role", StaffRole, role), email=clean_email("email", email)
    )
    if reports_to is not None:
        staff.reports_to_id = get(session, Staff, reports_to, "manager").id
    session.add(staff)
    session.flush()
    known = history.rows_of(session, "staff", staff.id)
    undo_by(session, "take_back_staff", staff_id=staff.id, known=known)
    return staff


def recorded_by(session: Session, staff_id: uuid.UUID) -> str:
    """What names the staff member as its author ("2 assessments, 1 expectation event"),
    or "" for nothing: the database refuses to delete an author."""
    counts = []
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name == "staff" and (key.ondelete or "").upper() == "RESTRICT":
                n = session.scalar(
                    select(func.count()).select_from(table).where(key.parent == staff_id)
                )
                counts.append((n or 0, table.name.replace("_", " ")))
    return history_words(counts)


@command(subject="staff_id")
def take_back_staff(session: Session, staff_id: uuid.UUID, known: frozenset[Key]) -> None:
    """Undo adding a staff member: refused, removing nothing, once anyone has recorded
    work in their name or added to them (they are archived when they leave instead)."""
    member = get(session, Staff, staff_id, "staff member")
    work = recorded_by(session, member.id)
    if work:
        raise ConflictError(
            f"{member.name} is named as the author of work recorded since ({work}); "
            "nothing was undone, so that work is kept. Archive them instead when they leave."
        )
    snapshot = history.remove(session, "staff", member.id, known=known, done="undone")
    removed(session, snapshot, Command("take_back_staff", {"staff_id": staff_id, "known": known}))


def _name(value: object) -> str:
    return clean_name("name", value, "Name", Staff.name)


def set_reports_to(session: Session, staff_id: uuid.UUID, manager_id: uuid.UUID | None) -> Staff:
    staff = get(session, Staff, staff_id, "staff member")
    if manager_id is not None:
        manager = get(session, Staff, manager_id, "manager")
        seen = {staff.id}
        cursor: Staff | None = manager
        while cursor is not None:
            if cursor.id in seen:
                raise RuleError(f"{manager.name} already reports to {staff.name}, directly or not.")
            seen.add(cursor.id)
            cursor = session.get(Staff, cursor.reports_to_id) if cursor.reports_to_id else None
    staff.reports_to_id = manager_id
    return staff


def list_staff(session: Session) -> list[Staff]:
    return list(session.scalars(select(Staff).order_by(Staff.name)))


@dataclass(frozen=True)
class StaffChoice:
    """A staff member as the "who are you?" question lists them."""

    id: uuid.UUID
    name: str
    role: StaffRole


@dataclass(frozen=True)
class Identity:
    """Who is at the keyboard, as far as the data can tell the window.

    "Who I am" is not stored in the data file (on a shared database one person's choice
    would make everyone the author of everyone's steps): the window remembers it in its own
    settings and passes the id in as ``remembered``. ``me`` is that person if they are still
    on the staff; otherwise the window asks, from ``choices``, with ``suggested`` chosen.
    """

    me: StaffChoice | None
    choices: tuple[StaffChoice, ...]
    suggested: uuid.UUID | None


def identity(session: Session, remembered: uuid.UUID | None, login: str = "") -> Identity:
    """The person ``remembered`` by this window, or what to ask and suggest instead;
    ``login`` is the name the person logged in to the computer with (may be empty). On a
    team server, a login mapped to a staff member *is* that person: nothing to choose."""
    from relman.workflows.logins import login_identity

    people = list(session.scalars(select(Staff).where(*_PRESENT).order_by(Staff.name)))
    choices = tuple(StaffChoice(p.id, p.name, p.role) for p in people)
    remembered = login_identity(session) or remembered
    me = next((c for c in choices if c.id == remembered), None)
    return Identity(me, choices, None if me else suggest_me(session, login))


def suggest_me(session: Session, login: str = "") -> uuid.UUID | None:
    """Whom to suggest when someone opens this database for the first time: the person
    an older relman recorded in the file, else the one whose e-mail or name matches the
    computer login, else the relationship manager with the most units (on the demo, the
    RM whose week it shows). Only a suggestion: the person confirms it."""
    people = {p.id: p for p in session.scalars(select(Staff).where(*_PRESENT))}
    legacy = legacy_current_user(session)
    if legacy in people:
        return legacy
    wanted = _plain(login)
    if wanted:
        for person in sorted(people.values(), key=lambda p: p.name):
            if wanted in (_plain(person.email.partition("@")[0]), _plain(person.name)):
                return person.id
    from sqlalchemy import func

    from relman.models import unit_rms

    busiest = session.execute(
        select(Staff.id)
        .outerjoin(unit_rms, unit_rms.c.staff_id == Staff.id)
        .where(*_PRESENT, Staff.role == StaffRole.RM)
        .group_by(Staff.id, Staff.name)
        .order_by(func.count(unit_rms.c.staff_id).desc(), Staff.name)
        .limit(1)
    ).scalar()
    return busiest


#: who can be "me": staff still working here and not archived
_PRESENT = (Staff.active, Staff.archived_at.is_(None))


def _plain(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def legacy_current_user(session: Session) -> uuid.UUID | None:
    """The "current_user" an older relman kept in the data file, if the file still has it:
    read only to suggest, never to decide who is working."""
    from sqlalchemy import column, inspect, table

    if not inspect(session.connection()).has_table("settings"):
        return None
    settings = table("settings", column("key"), column("value"))
    value = session.scalar(select(settings.c.value).where(settings.c.key == LEGACY_CURRENT_USER))
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class StaffRow:
    id: uuid.UUID
    version: int  # as read: an edit of this row is refused if someone saved it since
    name: str
    role: StaffRole
    email: str
    reports_to_id: uuid.UUID | None
    reports_to: str
    units: int
    archived: bool = False


def staff_rows(session: Session, *, include_archived: bool = False) -> list[StaffRow]:
    """Staff by name; archived members (who left) only when ``include_archived``."""
    from sqlalchemy import func
    from sqlalchemy.orm import aliased

    from relman.models import unit_rms

    boss = aliased(Staff)
    units = (
        select(unit_rms.c.staff_id, func.count().label("n"))
        .group_by(unit_rms.c.staff_id)
        .subquery()
    )
    query = (
        select(
            Staff.id,
            Staff.version,
            Staff.name,
            Staff.role,
            Staff.email,
            Staff.reports_to_id,
            func.coalesce(boss.name, ""),
            func.coalesce(units.c.n, 0),
            Staff.archived_at.is_not(None),
        )
        .outerjoin(boss, boss.id == Staff.reports_to_id)
        .outerjoin(units, units.c.staff_id == Staff.id)
        .order_by(Staff.name)
    )
    if not include_archived:
        query = query.where(Staff.archived_at.is_(None))
    return [StaffRow(*row[:-1], archived=bool(row[-1])) for row in session.execute(query)]


@toggles("unarchive_staff")
def archive_staff(session: Session, staff_id: uuid.UUID, *, expected_version: int | None) -> Staff:
    """Archive a staff member who left: they leave the lists and cannot be chosen for new
    work, and every step they recorded keeps their name. Staff are never deleted (the
    database refuses to delete an author)."""
    return set_archived(
        session, Staff, staff_id, "staff member", archived=True, expected_version=expected_version
    )


@toggles("archive_staff")
def unarchive_staff(
    session: Session, staff_id: uuid.UUID, *, expected_version: int | None
) -> Staff:
    return set_archived(
        session, Staff, staff_id, "staff member", archived=False, expected_version=expected_version
    )


@updates(Staff)
def update_staff(
    session: Session, staff_id: uuid.UUID, *, expected_version: int | None, **changes: object
) -> Staff:
    """Change the given fields of a staff member: name, email, role, reports_to_id;
    ``expected_version`` is the version the form was read at (see
    :func:`relman.workflows.common.get_to_edit`)."""
    member = get_to_edit(session, Staff, staff_id, "staff member", expected_version)
    for field, value in changes.items():
        if field == "name":
            member.name = _name(value)
        elif field == "email":
            member.email = clean_email("email", value)
        elif field == "role":
            member.role = choice("role", StaffRole, value)
        elif field == "reports_to_id":
            set_reports_to(session, member.id, value)  # type: ignore[arg-type]
        else:
            raise ValidationError(field, f"A staff member has no field '{field}'.")
    session.flush()
    return member
