"""Who is at the keyboard ("who I am"): the person the window records as the author of
every step taken in it.

It belongs to the person, not to the data: on a shared database one person's choice must
never make them the author of everyone else's steps. So it is kept in the local settings
(:meth:`Settings.me`), one entry per database, and passed to the workflows as ``by=``
from ``ctx.me``. On a database where this person has not chosen yet, the window asks once
it knows the staff (:class:`WhoAreYouDialog`, with a suggestion); "Not now" leaves the
Staff page's "This is me" button. Everything here runs on the main thread; the staff are
read on the runner.
"""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from relman.storage import Database

if TYPE_CHECKING:  # the data model loads on a worker, after the window's first paint
    from relman.ui.context import AppContext
    from relman.ui.main_window import MainWindow
    from relman.workflows.staff import Identity, StaffChoice

#: by the value of StaffRole
ROLE_NAMES = {"rm": "relationship manager", "manager": "manager", "head_of_it": "head of IT"}
UNKNOWN = "who are you? (Staff → This is me)"


def database_key(db: Database) -> str:
    """What "this database" is to the settings: the file's full path, or the URL without
    its password (a server database is the same database whatever the password)."""
    return str(db.path.resolve()) if db.path is not None else db.name


def login_name() -> str:
    """The name this person logged in to the computer with, to suggest who they are."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no user name in the environment
        return ""


def reader(ctx: AppContext) -> Callable[[Session], Identity]:
    """A job for the runner: who this window remembers on its database, or what to ask."""
    from relman.workflows.staff import identity

    remembered, login = ctx.settings.me(database_key(ctx.db)), login_name()
    return lambda s: identity(s, remembered, login)


def remember(ctx: AppContext, staff_id: uuid.UUID) -> None:
    """This person is ``staff_id`` on this database, from now on and after a restart."""
    ctx.settings.set_me(database_key(ctx.db), staff_id)
    ctx.settings.sync()
    if ctx.me != staff_id:
        ctx.me = staff_id
        ctx.navigator.me_changed.emit(staff_id)


def refresh(window: MainWindow, *, ask: bool = False) -> None:
    """Read who is working again (after "This is me", or once the demo is built)."""
    window.ctx.runner.read(reader(window.ctx), lambda known: settle(window, known, ask=ask))


def settle(window: MainWindow, known: Identity, *, ask: bool = True) -> None:
    """Show who is working; with ``ask``, ask a person who has not chosen yet on this
    database (once the window is idle, not inside the job's report)."""
    ctx = window.ctx
    me = known.me.id if known.me else None
    if me != ctx.me:
        ctx.me = me
        ctx.navigator.me_changed.emit(me)
    if me is None and known.choices and ask and not getattr(window, "asking_who", False):
        window.asking_who = True  # type: ignore[attr-defined]
        window.status.setText(ctx.db.name)  # "who are you?" only if the answer is "Not now"
        QTimer.singleShot(0, lambda: _ask(window, known))
    elif not getattr(window, "asking_who", False):
        show(window, known.me.name if known.me else None)


def show(window: MainWindow, name: str | None) -> None:
    window.status.setText(f"{window.ctx.db.name}  ·  {name or UNKNOWN}")


def _ask(window: MainWindow, known: Identity) -> None:
    try:
        chosen = WhoAreYouDialog.ask(window, known.choices, known.suggested)
    finally:
        window.asking_who = False  # type: ignore[attr-defined]
    if chosen is not None:
        remember(window.ctx, chosen)  # the status follows through me_changed
    else:
        show(window, None)


class WhoAreYouDialog(QDialog):
    """Asked on a database where this person has not said who they are yet."""

    def __init__(
        self,
        parent: QWidget | None,
        choices: Sequence[StaffChoice],
        suggested: uuid.UUID | None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who are you?")
        self.setMinimumWidth(380)
        text = QLabel(
            "Who are you? relman records you as the author of the steps you take here. "
            "This is remembered on this computer, for this database only."
        )
        text.setWordWrap(True)
        self.people = QComboBox()
        for choice in choices:
            role = ROLE_NAMES.get(choice.role.value, choice.role.value)
            self.people.addItem(f"{choice.name} — {role}", choice.id)
        ids = [c.id for c in choices]
        self.people.setCurrentIndex(ids.index(suggested) if suggested in ids else 0)
        self.buttons = QDialogButtonBox()
        self.buttons.addButton("This is me", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Not now", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.people)
        layout.addWidget(self.buttons)

    def chosen(self) -> uuid.UUID | None:
        value = self.people.currentData()
        return value if isinstance(value, uuid.UUID) else None

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        choices: Sequence[StaffChoice],
        suggested: uuid.UUID | None,
    ) -> uuid.UUID | None:
        """The staff member this person says they are, or None for "Not now"."""
        dialog = cls(parent, choices, suggested)
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
