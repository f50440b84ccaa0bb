"""Staff: relationship managers and their managers, and who is working ("who I am")."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from relman.errors import RuleError, ValidationError
from relman.models import Setting, Staff, StaffRole
from relman.workflows.common import clean_name, get

CURRENT_USER = "current_user"


def add_staff(
    session: Session,
    name: str,
    *,
    role: StaffRole = StaffRole.RM,
    email: str = "",
    reports_to: uuid.UUID | None = None,
) -> Staff:
    staff = Staff(name=clean_name("name", name, "Name"), role=role, email=email.strip())
    if reports_to is not None:
        staff.reports_to_id = get(session, Staff, reports_to, "manager").id
    session.add(staff)
    session.flush()
    return staff


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


def set_current_user(session: Session, staff_id: uuid.UUID) -> Staff:
    staff = get(session, Staff, staff_id, "staff member")
    setting = session.get(Setting, CURRENT_USER) or Setting(key=CURRENT_USER)
    setting.value = str(staff.id)
    session.add(setting)
    return staff


def current_user(session: Session) -> Staff | None:
    setting = session.get(Setting, CURRENT_USER)
    if setting is None or not setting.value:
        return None
    return session.get(Staff, uuid.UUID(setting.value))


def find_staff(session: Session, name: str) -> Staff:
    """The staff member called ``name`` (case-insensitive), for the command line."""
    matches = list(session.scalars(select(Staff).where(Staff.name.ilike(name.strip()))))
    if len(matches) != 1:
        raise ValidationError("name", f"No single staff member is called '{name}'.")
    return matches[0]


@dataclass(frozen=True)
class StaffRow:
    id: uuid.UUID
    name: str
    role: StaffRole
    email: str
    reports_to_id: uuid.UUID | None
    reports_to: str
    units: int


def staff_rows(session: Session) -> list[StaffRow]:
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
            Staff.name,
            Staff.role,
            Staff.email,
            Staff.reports_to_id,
            func.coalesce(boss.name, ""),
            func.coalesce(units.c.n, 0),
        )
        .outerjoin(boss, boss.id == Staff.reports_to_id)
        .outerjoin(units, units.c.staff_id == Staff.id)
        .order_by(Staff.name)
    )
    return [StaffRow(*row) for row in session.execute(query)]


def update_staff(session: Session, staff_id: uuid.UUID, **changes: object) -> Staff:
    member = get(session, Staff, staff_id, "staff member")
    for field, value in changes.items():
        if field == "name":
            member.name = clean_name("name", str(value), "Name")
        elif field == "email":
            member.email = str(value or "").strip()
        elif field == "role":
            member.role = StaffRole(value)
        elif field == "reports_to_id":
            set_reports_to(session, member.id, value)  # type: ignore[arg-type]
        else:
            raise ValidationError(field, f"A staff member has no field '{field}'.")
    session.flush()
    return member
