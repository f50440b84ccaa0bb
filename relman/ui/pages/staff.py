"""Staff: relationship managers and their managers (who reports to whom), and "who I am" —
the person recorded as the author of every step taken in this window, remembered in this
computer's settings for this database (``relman.ui.identity``)."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QPushButton

from relman.models import StaffRole
from relman.ui import identity
from relman.ui.dialogs.edits import save_changes
from relman.ui.dialogs.form import Field, FormDialog
from relman.ui.pages.archiving import ArchiveControls
from relman.ui.pages.base import ListPage, esc
from relman.ui.table_model import Column
from relman.ui.undo import perform
from relman.workflows import staff
from relman.workflows.commands import Command
from relman.workflows.staff import StaffRow

ROLES = [
    ("Relationship manager", StaffRole.RM),
    ("Manager", StaffRole.MANAGER),
    ("Head of IT", StaffRole.HEAD_OF_IT),
]


class StaffPage(ListPage):
    key = "staff"
    title = "Staff"
    placeholder = "Filter staff"
    noun = ("person", "people")
    columns = (
        Column("Name", lambda r: r.name + (" (left)" if r.archived else "")),
        Column("Role", lambda r: dict((v, k) for k, v in ROLES)[r.role]),
        Column("Reports to", lambda r: r.reports_to),
        Column("Units", lambda r: r.units, align_right=True),
        Column("E-mail", lambda r: r.email),
    )

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.me_button = QPushButton("This is me")
        self.me_button.setToolTip("Record steps taken in this window as this person's")
        self.new_button = QPushButton("New…")
        self.edit_button = QPushButton("Edit…")
        self.me_button.clicked.connect(self.choose_me)
        self.new_button.clicked.connect(self.new_member)
        self.edit_button.clicked.connect(self.edit_selected)
        for button in (self.me_button, self.new_button, self.edit_button):
            self.toolbar.addWidget(button)
        self.archiving = ArchiveControls(
            self, "staff member", staff.archive_staff, staff.unarchive_staff
        )
        self.archiving.button.setToolTip(
            "Someone who left: out of the lists, never chosen for new work; their steps keep "
            "their name"
        )
        self.rows: list[StaffRow] = []
        self.show_detail(None)

    def reload(self) -> None:
        self.ctx.runner.read(self.archiving.rows(staff.staff_rows), self._loaded, key=self.key)

    def _loaded(self, rows: list[StaffRow]) -> None:
        self.rows = rows
        self.set_rows(rows)

    def show_detail(self, row: StaffRow | None) -> None:
        for button in (self.me_button, self.edit_button):
            button.setEnabled(row is not None)
        self.archiving.update(row)
        if row is None:
            self.detail.setHtml("<p style='color: gray'>Choose a person.</p>")  # type: ignore[attr-defined]
            return
        me = " (you)" if row.id == self.ctx.me else ""
        team = [r for r in self.rows if r.reports_to_id == row.id]
        self.detail.setHtml(  # type: ignore[attr-defined]
            f"<h2>{esc(row.name)}{me}</h2><p>{esc(dict((v, k) for k, v in ROLES)[row.role])}"
            f" · {esc(row.email)}</p><p><b>Reports to:</b> {esc(row.reports_to) or '<i>nobody</i>'}"
            f"<br><b>Units:</b> {row.units}</p>"
            + (f"<p><b>Team:</b> {', '.join(esc(t.name) for t in team)}</p>" if team else "")
        )

    def choose_me(self) -> None:
        row = self.selected
        if row is None:
            return

        # kept in this computer's settings, not in the data: see relman.ui.identity
        identity.remember(self.ctx, row.id)

    def _fields(self, exclude: uuid.UUID | None) -> list[Field]:
        bosses = [("(nobody)", None)] + [(r.name, r.id) for r in self.rows if r.id != exclude]
        return [
            Field("name", "Name", required=True),
            Field("role", "Role", "choice", choices=ROLES),
            Field("reports_to_id", "Reports to", "choice", choices=bosses),
            Field("email", "E-mail"),
        ]

    def new_member(self) -> None:
        def create(values: dict[str, Any], done: Any, failed: Any) -> None:
            perform(
                self.ctx.runner,
                self.ctx.undo,
                Command(
                    "add_staff",
                    {
                        "name": values["name"],
                        "role": values["role"],
                        "email": values["email"],
                        "reports_to": values["reports_to_id"],
                    },
                    by=self.ctx.me,
                    text=f"creation of {values['name'].strip()}",
                ),
                on_done=done,
                on_error=failed,
            )

        self.form = FormDialog(
            self, "New staff member", self._fields(None), {"role": StaffRole.RM}, create
        )
        self.form.open()

    def edit_selected(self) -> None:
        row = self.selected
        if row is None:
            return
        before = {
            "name": row.name,
            "role": row.role,
            "reports_to_id": row.reports_to_id,
            "email": row.email,
        }

        def update(after: dict[str, Any], done: Any, failed: Any) -> None:
            save_changes(
                self.ctx,
                "update_staff",
                "staff_id",
                row.id,
                version=row.version,
                noun="staff member",
                before=before,
                after=after,
                on_done=done,
                on_error=failed,
            )

        self.form = FormDialog(self, f"Edit {row.name}", self._fields(row.id), before, update)
        self.form.open()


PAGE = StaffPage
