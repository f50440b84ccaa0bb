"""Business units: the list (mine or all, filter as you type, sortable) and the detail of one
unit; create, edit and delete through a validating form, every edit undoable."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QCheckBox, QPushButton, QTextBrowser

from relman.models import Criticality
from relman.ui.changes import changes_html
from relman.ui.dialogs.form import Field, FormDialog
from relman.ui.pages.archiving import delete_or_archive
from relman.ui.pages.base import ListPage, esc
from relman.ui.table_model import Column
from relman.ui.undo import perform
from relman.workflows import audit, dashboard, history, portfolio, services, staff
from relman.workflows.commands import Command
from relman.workflows.dashboard import UnitRow
from relman.workflows.portfolio import UnitDetail

CRITICALITY_ORDER = {c: i for i, c in enumerate(Criticality)}


def unit_fields(rms: list[tuple[str, Any]], heads: list[tuple[str, Any]] | None) -> list[Field]:
    fields = [
        Field("name", "Name", required=True),
        Field("division", "Division"),
        Field(
            "criticality",
            "Criticality",
            "choice",
            choices=[(c.value.capitalize(), c) for c in Criticality],
        ),
        Field("rms", "Relationship managers", "many", choices=rms),
        Field("own_service_levels", "Agrees its own service levels", "check"),
        Field(
            "review_every_days",
            "Review every",
            "days",
            help="How often the unit's head expects a monthly review",
        ),
        Field("notes", "Notes", "text", max_len=100_000),
    ]
    if heads is not None:
        fields.insert(3, Field("head_id", "Head of the unit", "choice", choices=heads))
    return fields


class UnitsPage(ListPage):
    key = "units"
    title = "Business units"
    placeholder = "Filter units"
    noun = ("unit", "units")
    list_share = 76  # seven columns; the detail reads well narrow
    columns = (
        Column("Name", lambda r: r.name),
        Column("Division", lambda r: r.division),
        Column(
            "Criticality", lambda r: r.criticality, sort=lambda r: CRITICALITY_ORDER[r.criticality]
        ),
        Column("RMs", lambda r: r.rms),
        # two-line titles: a column of small numbers needs no width of a long title
        Column("Key\ncustomers", lambda r: r.key_customers, align_right=True),
        Column("Open\nexpectations", lambda r: r.open_expectations, align_right=True),
        Column("Last review", lambda r: r.last_review and r.last_review.date()),
    )

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.mine = QCheckBox("Only my units")
        self.mine.setChecked(ctx.settings.only_my_units)
        self.mine.toggled.connect(self._mine_toggled)
        self.new_button = QPushButton("New unit…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete…")
        self.depends_button = QPushButton("Services…")
        self.depends_button.setToolTip("Which services this unit depends on, and how much")
        self.depends_button.clicked.connect(self.edit_dependencies)
        self.plan_button = QPushButton("Plan interview…")
        self.plan_button.setToolTip("Plan an interview with people of this unit")
        self.plan_button.clicked.connect(self.plan_interview)
        self.pack_button = QPushButton("Review pack…")
        self.pack_button.setToolTip("Print the unit's review pack for its next meeting")
        self.pack_button.clicked.connect(self.review_pack)
        self.new_button.clicked.connect(self.new_unit)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        for widget in (
            self.mine,
            self.new_button,
            self.edit_button,
            self.depends_button,
            self.plan_button,
            self.pack_button,
            self.delete_button,
        ):
            self.toolbar.addWidget(widget)
        self.show_detail(None)

    def plan_interview(self) -> None:
        from relman.ui.interview.schedule import plan_interview

        row = self.selected
        if row is not None:
            plan_interview(self.ctx, self, unit_id=row.id, on_planned=self._planned)

    def _planned(self, interview_id: uuid.UUID) -> None:
        self.ctx.navigator.open_record.emit("interview", interview_id)

    def review_pack(self) -> None:
        from relman.ui.reports import show_report

        row = self.selected
        if row is not None:
            show_report(self.ctx, self, "review-pack", unit=row.id)

    def _mine_toggled(self, on: bool) -> None:
        self.ctx.settings.only_my_units = on
        self.reload()

    def reload(self) -> None:
        rm = self.ctx.me if self.mine.isChecked() else None
        self.ctx.runner.read(lambda s: dashboard.units(s, rm_id=rm), self.set_rows, key=self.key)

    # -- detail ----------------------------------------------------------------------------
    def show_detail(self, row: UnitRow | None) -> None:
        for button in (
            self.edit_button,
            self.delete_button,
            self.depends_button,
            self.plan_button,
            self.pack_button,
        ):
            button.setEnabled(row is not None)
        browser = self.detail
        assert isinstance(browser, QTextBrowser)
        if row is None:
            browser.setHtml("<p style='color: gray'>Choose a unit to see its detail.</p>")
            return
        self.ctx.runner.read(
            lambda s: (portfolio.unit_detail(s, row.id), audit.changes_to(s, row.id)),
            self._fill_detail,
            key=f"{self.key}-detail",
        )

    def _fill_detail(self, loaded: tuple[UnitDetail, list[audit.Change]]) -> None:
        d, changes = loaded

        def links(refs: list[portfolio.Ref], kind: str, extra: bool = False) -> str:
            if not refs:
                return "<i>none</i>"
            return ", ".join(
                f"<a href='{kind}:{r.id}'>{esc(r.name)}</a>"
                + (f" ({esc(r.extra)})" if extra and r.extra else "")
                for r in refs
            )

        key = [r for r in d.contacts if r.extra == "key"]
        others = [r for r in d.contacts if r.extra != "key"]
        statuses = ", ".join(f"{esc(k)}: {n}" for k, n in sorted(d.expectations_by_status.items()))
        head = (
            f"<a href='contact:{d.head.id}'>{esc(d.head.name)}</a>" if d.head else "<i>not set</i>"
        )
        self.detail.setHtml(  # type: ignore[attr-defined]
            f"<h2>{esc(d.name)}</h2>"
            f"<p>{esc(d.division)} · criticality <b>{esc(d.criticality.value)}</b>"
            f"{' · agrees its own service levels' if d.own_service_levels else ''}</p>"
            f"<p><b>Head:</b> {head}<br><b>RMs:</b> {links(d.rms, 'staff')}</p>"
            f"<p><b>Depends on:</b> {links(d.dependencies, 'service', extra=True)}</p>"
            f"<p><b>Key customers:</b> {links(key, 'contact')}"
            + (f"<br><b>Other contacts:</b> {links(others, 'contact')}" if others else "")
            + "</p>"
            f"<p><b>Expectations:</b> {statuses or '<i>none</i>'}<br>"
            f"<b>Open escalations:</b> {d.open_escalations}<br>"
            f"<b>Last meeting:</b> {esc(d.last_meeting) or '<i>none yet</i>'}<br>"
            f"<b>Reviewed every</b> {d.review_every_days} days</p>"
            + (f"<h3>Notes</h3><p>{esc(d.notes).replace(chr(10), '<br>')}</p>" if d.notes else "")
            + changes_html(changes)
        )

    # -- editing ---------------------------------------------------------------------------
    def new_unit(self) -> None:
        self.ctx.runner.read(lambda s: staff.staff_rows(s), self._open_new_form)

    def _open_new_form(self, people: list[staff.StaffRow]) -> None:
        rms = [(p.name, p.id) for p in people]
        defaults = {
            "criticality": Criticality.MEDIUM,
            "rms": [self.ctx.me] if self.ctx.me else [],
            "review_every_days": 30,
        }
        self.form = FormDialog(
            self, "New business unit", unit_fields(rms, None), defaults, self._create
        )
        self.form.open()

    def _create(self, values: dict[str, Any], done: Any, failed: Any) -> None:
        def created(unit_id: uuid.UUID) -> None:
            self._pending_select = unit_id
            done(unit_id)

        perform(
            self.ctx.runner,
            self.ctx.undo,
            Command(
                "create_unit",
                {
                    "name": values["name"],
                    "division": values["division"],
                    "criticality": values["criticality"],
                    "notes": values["notes"],
                    "rms": list(values["rms"]),
                    "own_service_levels": values["own_service_levels"],
                    "review_every_days": values["review_every_days"],
                },
                by=self.ctx.me,
                text=f"creation of unit {values['name'].strip()}",
            ),
            on_done=created,
            on_error=failed,
        )

    def edit_selected(self) -> None:
        row = self.selected
        if row is None:
            return
        self.ctx.runner.read(
            lambda s: (portfolio.unit_detail(s, row.id), staff.staff_rows(s)), self._open_edit_form
        )

    def _open_edit_form(self, loaded: tuple[UnitDetail, list[staff.StaffRow]]) -> None:
        detail, people = loaded
        heads = [("(not set)", None)] + [(c.name, c.id) for c in detail.contacts]
        before = {
            "name": detail.name,
            "division": detail.division,
            "criticality": detail.criticality,
            "head_id": detail.head.id if detail.head else None,
            "notes": detail.notes,
            "own_service_levels": detail.own_service_levels,
            "rms": [r.id for r in detail.rms],
            "review_every_days": detail.review_every_days,
        }
        fields = unit_fields([(p.name, p.id) for p in people], heads)
        self.form = FormDialog(
            self,
            f"Edit {detail.name}",
            fields,
            before,
            lambda v, done, failed: self._update(detail, before, v, done, failed),
        )
        self.form.open()

    def _update(
        self,
        detail: UnitDetail,
        before: dict[str, Any],
        after: dict[str, Any],
        done: Any,
        failed: Any,
    ) -> None:
        changed = {k: v for k, v in after.items() if k != "rms" and v != before[k]}
        added = set(after["rms"]) - set(before["rms"])
        removed = set(before["rms"]) - set(after["rms"])
        if not changed and not added and not removed:
            done(None)
            return

        name = after["name"].strip()
        text = (
            f"rename of unit {before['name']}"
            if set(changed) == {"name"} and not (added or removed)
            else f"edit of unit {name}"
        )
        perform(
            self.ctx.runner,
            self.ctx.undo,
            Command(
                "edit_unit",
                {
                    "unit_id": detail.id,
                    "expected_version": detail.version,
                    "changes": changed,
                    "assign": sorted(added),
                    "unassign": sorted(removed),
                },
                by=self.ctx.me,
                text=text,
            ),
            on_done=done,
            on_error=failed,
        )

    def edit_dependencies(self) -> None:
        row = self.selected
        if row is None:
            return
        self.ctx.runner.read(
            lambda s: (portfolio.unit_detail(s, row.id), services.service_rows(s)),
            self._open_dependencies,
        )

    def _open_dependencies(self, loaded: tuple[UnitDetail, list[services.ServiceRow]]) -> None:
        from relman.models import Dependence
        from relman.ui.dialogs.dependencies import DependenciesDialog

        detail, choices = loaded
        current = {r.id: Dependence(r.extra) for r in detail.dependencies}

        def submit(changed: dict, old: dict, done: Any, failed: Any) -> None:
            perform(
                self.ctx.runner,
                self.ctx.undo,
                Command(
                    "set_dependencies",
                    {"unit_id": detail.id, "levels": changed},
                    by=self.ctx.me,
                    text=f"change of the services {detail.name} depends on",
                ),
                on_done=done,
                on_error=failed,
            )

        self.dependencies = DependenciesDialog(
            self, detail.name, [(r.id, r.name) for r in choices], current, submit
        )
        self.dependencies.open()

    def delete_selected(self) -> None:
        row = self.selected
        if row is None:
            return
        self.ctx.runner.read(
            lambda s: (
                portfolio.delete_impact(s, row.id),
                portfolio.unit_history(s, row.id),
                history.rows_of(s, "business_units", row.id),
                portfolio.unit_version(s, row.id),
            ),
            lambda found: self._confirm_delete(row, *found),
        )

    def _confirm_delete(
        self,
        row: UnitRow,
        impact: portfolio.DeleteImpact,
        recorded: str,
        shown: frozenset[history.Key],
        version: int,
    ) -> None:
        delete_or_archive(
            self,
            row,
            "unit",
            recorded=recorded,
            shown=shown,
            version=version,
            impact=impact.describe(),
        )


PAGE = UnitsPage
