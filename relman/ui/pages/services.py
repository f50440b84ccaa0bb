"""The service catalogue, named as users name the services, with the units that depend on
each; create and edit through a validating form, delete one entered by mistake (one with
history is archived instead), all undoable."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QPushButton

from relman.ui.changes import changes_html
from relman.ui.dialogs.edits import save_changes
from relman.ui.dialogs.form import Field, FormDialog
from relman.ui.pages.archiving import ArchiveControls, delete_or_archive
from relman.ui.pages.base import ListPage, esc
from relman.ui.table_model import Column
from relman.ui.undo import perform
from relman.workflows import audit, history, services
from relman.workflows.commands import Command
from relman.workflows.services import ServiceRow

FIELDS = (
    Field("name", "Name (as users call it)", required=True, help="e.g. “SAP Financials”"),
    Field("owner", "Owner in IT"),
    Field("description", "Description", "text", max_len=100_000),
)


class ServicesPage(ListPage):
    key = "services"
    title = "Services"
    placeholder = "Filter services"
    noun = ("service", "services")
    columns = (
        Column("Service", lambda r: r.name + (" (archived)" if r.archived else "")),
        Column("Owner", lambda r: r.owner),
        Column("Units", lambda r: r.unit_count, align_right=True),
        Column("Depended on by", lambda r: r.units),
    )

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.new_button = QPushButton("New service…")
        self.edit_button = QPushButton("Edit…")
        self.new_button.clicked.connect(self.new_service)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setToolTip("Delete a service entered by mistake (nothing recorded)")
        self.delete_button.clicked.connect(self.delete_selected)
        self.toolbar.addWidget(self.new_button)
        self.toolbar.addWidget(self.edit_button)
        self.toolbar.addWidget(self.delete_button)
        self.archiving = ArchiveControls(
            self, "service", services.archive_service, services.unarchive_service
        )
        self.show_detail(None)

    def reload(self) -> None:
        self.ctx.runner.read(
            self.archiving.rows(services.service_rows), self.set_rows, key=self.key
        )

    def show_detail(self, row: ServiceRow | None) -> None:
        self.edit_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None)
        self.archiving.update(row)
        if row is None:
            self.detail.setHtml("<p style='color: gray'>Choose a service.</p>")  # type: ignore[attr-defined]
            return
        self.ctx.runner.read(
            lambda s: audit.changes_to(s, row.id),
            lambda changes: self._fill(row, changes),
            key=f"{self.key}-detail",
        )

    def _fill(self, row: ServiceRow, changes: list[audit.Change]) -> None:
        self.detail.setHtml(  # type: ignore[attr-defined]
            f"<h2>{esc(row.name)}</h2><p><b>Owner:</b> {esc(row.owner) or '<i>not set</i>'}</p>"
            f"<p>{esc(row.description).replace(chr(10), '<br>')}</p>"
            f"<p><b>Units that depend on it:</b> {esc(row.units) or '<i>none</i>'}</p>"
            + changes_html(changes)
        )

    def new_service(self) -> None:
        self.form = FormDialog(self, "New service", FIELDS, {}, self._create)
        self.form.open()

    def _create(self, values: dict[str, Any], done: Any, failed: Any) -> None:
        def created(service_id: uuid.UUID) -> None:
            self._pending_select = service_id
            done(service_id)

        perform(
            self.ctx.runner,
            self.ctx.undo,
            Command(
                "create_service",
                {
                    "name": values["name"],
                    "description": values["description"],
                    "owner": values["owner"],
                },
                by=self.ctx.me,
                text=f"creation of service {values['name'].strip()}",
            ),
            on_done=created,
            on_error=failed,
        )

    def edit_selected(self) -> None:
        row = self.selected
        if row is None:
            return
        before = {"name": row.name, "owner": row.owner, "description": row.description}

        def update(after: dict[str, Any], done: Any, failed: Any) -> None:
            save_changes(
                self.ctx,
                "update_service",
                "service_id",
                row.id,
                version=row.version,
                noun="service",
                before=before,
                after=after,
                on_done=done,
                on_error=failed,
            )

        self.form = FormDialog(self, f"Edit {row.name}", FIELDS, before, update)
        self.form.open()

    def delete_selected(self) -> None:
        row = self.selected
        if row is None:
            return
        self.ctx.runner.read(
            lambda s: (
                services.service_history(s, row.id),
                history.rows_of(s, "services", row.id),
            ),
            lambda found: self._confirm_delete(row, *found),
        )

    def _confirm_delete(self, row: ServiceRow, recorded: str, shown: frozenset) -> None:
        delete_or_archive(self, row, "service", recorded=recorded, shown=shown, version=row.version)


PAGE = ServicesPage
