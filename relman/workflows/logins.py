"""Who is working, on a team server: the staff member mapped to the PostgreSQL login.

On a file, "who I am" is the window's local choice (relman.ui.identity). On a server each
person signs in with a login of their own, mapped to their staff record by ``relman server
add-user`` (:func:`link_login`); :func:`login_identity` reads whom ``current_user`` is, and
:func:`relman.workflows.commands.execute` records every change as theirs: a command that
claims another author is refused.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from relman.errors import ValidationError
from relman.models import Staff, StaffRole
from relman.workflows.commands import command
from relman.workflows.common import clean_name

#: the staff role of a new person added with a login of each kind (admins keep theirs)
ROLE_OF = {"rm": StaffRole.RM, "manager": StaffRole.MANAGER, "head": StaffRole.HEAD_OF_IT}


@command(never="A login is given and taken on the server with relman server add-user.")
def link_login(session: Session, staff_name: str, login: str, kind: str) -> uuid.UUID:
    """Map ``login`` to the staff member called ``staff_name`` (made if there is none, with
    the role of ``kind``); the login's earlier person, if any, loses it. Returns their id."""
    name = clean_name("staff", staff_name, "The staff member's name", Staff.name)
    people = [p for p in session.scalars(select(Staff)) if p.name.casefold() == name.casefold()]
    if len(people) > 1:
        raise ValidationError("staff", f"{len(people)} staff members are called {name}.")
    for earlier in session.scalars(select(Staff).where(Staff.login == login)):
        earlier.login = None
    session.flush()
    if people:
        person = people[0]
    else:
        person = Staff(name=name, role=ROLE_OF.get(kind, StaffRole.RM))
        session.add(person)
    person.login = login
    session.flush()
    return person.id


def login_identity(session: Session) -> uuid.UUID | None:
    """On a team server, the staff member mapped to the login this session signed in with;
    None on a file, or for a login no one is mapped to (the database's owner)."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    login = session.execute(text("SELECT current_user")).scalar_one()
    return session.scalar(select(Staff.id).where(Staff.login == login))
