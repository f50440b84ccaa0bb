"""Contacts and key customers: the list with its key-customer filter and the warning for
units with more key customers than their RMs can interview, and a contact's detail with the
assessment editor (the status it gives, and why, shown as you tick). The criteria a
department uses are edited in a small dialog (Criteria…)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from relman.ui.changes import changes_html
from relman.ui.dialogs import criteria
from relman.ui.dialogs.edits import save_changes
from relman.ui.dialogs.form import Field, FormDialog
from relman.ui.pages.archiving import ArchiveControls
from relman.ui.pages.assessment_editor import AssessmentEditor
from relman.ui.pages.base import ListPage, esc
from relman.ui.table_model import Column
from relman.ui.undo import perform
from relman.workflows import audit, contacts, dashboard, key_customers
from relman.workflows.commands import Command
from relman.workflows.contacts import ContactDetail, ContactRow
from relman.workflows.key_customers import CapacityRow, CriterionRow

KEY_FILTERS = (("All contacts", None), ("Key customers", True), ("Not key", False))
#: Units over capacity named in the page's warning; more are counted.
WARN_UNITS = 3


class ContactsPage(ListPage):
    key = "contacts"
    title = "Contacts"
    placeholder = "Filter contacts"
    noun = ("contact", "contacts")
    list_share = 62  # the assessment editor needs room for its notes
    columns = (
        Column("Name", lambda r: r.name + (" (archived)" if r.archived else "")),
        Column("Key", lambda r: "key" if r.is_key else "", sort=lambda r: not r.is_key),
        Column("Title", lambda r: r.title),
        Column("Unit", lambda r: r.unit),
        Column("E-mail", lambda r: r.email),
        Column("Phone", lambda r: r.phone),
    )

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)
        self.key_filter = QComboBox()
        for label, value in KEY_FILTERS:
            self.key_filter.addItem(label, value)
        self.key_filter.currentIndexChanged.connect(lambda _i: self._apply_key_filter())
        self.new_button = QPushButton("New contact…")
        self.edit_button = QPushButton("Edit…")
        self.criteria_button = QPushButton("Criteria…")
        self.criteria_button.setToolTip("The key-customer criteria your department uses")
        self.new_button.clicked.connect(self.new_contact)
        self.edit_button.clicked.connect(self.edit_selected)
        self.criteria_button.clicked.connect(self.edit_criteria)
        self.plan_button = QPushButton("Plan interview…")
        self.plan_button.setToolTip("Plan an interview with this contact")
        self.plan_button.clicked.connect(self.plan_interview)
        for widget in (
            self.key_filter,
            self.new_button,
            self.edit_button,
            self.plan_button,
            self.criteria_button,
        ):
            self.toolbar.addWidget(widget)
        self.archiving = ArchiveControls(
            self, "contact", contacts.archive_contact, contacts.unarchive_contact
        )
        self.capacity_warning = QLabel()
        self.capacity_warning.setObjectName("capacity_warning")
        self.capacity_warning.setStyleSheet(
            "background: #fff4ce; color: #5c4400; padding: 6px; border-radius: 4px;"
        )
        # a slim bar, one line a unit: as tall as its lines, and never widening the window
        self.capacity_warning.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Maximum)
        self.capacity_warning.hide()
        self.over_capacity: list[CapacityRow] = []
        page_layout = self.layout()
        assert isinstance(page_layout, QVBoxLayout)
        page_layout.insertWidget(0, self.capacity_warning)
        self.current: ContactDetail | None = None
        self._changes: list[audit.Change] = []  # who changed the contact shown, and what
        self.all_rows: list[ContactRow] = []
        self.show_detail(None)

    def make_detail(self) -> QWidget:
        panel = QWidget()
        self.info = QTextBrowser()
        self.info.setOpenLinks(False)
        self.info.anchorClicked.connect(self._link)
        self.editor = AssessmentEditor()
        self.editor.save.clicked.connect(self.save_assessment)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.info, 1)
        layout.addWidget(self.editor)
        return panel

    def reload(self) -> None:
        include = self.archiving.include
        self.ctx.runner.read(
            lambda s: (
                contacts.contact_rows(s, include_archived=include),
                key_customers.criteria(s),
                key_customers.units_over_capacity(s),
            ),
            self._loaded,
            key=self.key,
        )

    def _loaded(
        self, loaded: tuple[list[ContactRow], list[CriterionRow], list[CapacityRow]]
    ) -> None:
        rows, in_use, over = loaded
        self._rules_loaded(in_use, over)
        self.all_rows = rows
        self._apply_key_filter()

    def _rules_loaded(self, in_use: list[CriterionRow], over: list[CapacityRow]) -> None:
        if [(c.id, c.name, c.version) for c in in_use] != [
            (c.id, c.name, c.version) for c in self.editor.criteria_rows
        ]:
            self.editor.set_criteria(in_use)
            self.editor.load(self.current)
        self.over_capacity = over
        if over:
            lines = [r.message for r in over[:WARN_UNITS]]
            if len(over) > WARN_UNITS:
                lines.append(f"… and {len(over) - WARN_UNITS} more units.")
            self.capacity_warning.setText(
                "⚠ More key customers than their RMs can interview in a quarter:\n"
                + "\n".join(lines)
            )
        self.capacity_warning.setVisible(bool(over))

    def plan_interview(self) -> None:
        from relman.ui.interview.schedule import plan_interview

        row = self.selected
        if row is not None:
            plan_interview(
                self.ctx,
                self,
                contact_ids=[row.id],
                on_planned=lambda i: self.ctx.navigator.open_record.emit("interview", i),
            )

    def edit_criteria(self) -> None:
        self.criteria_dialog = criteria.CriteriaDialog(self, self.ctx)
        self.criteria_dialog.open()

    def _apply_key_filter(self) -> None:
        wanted = self.key_filter.currentData()
        rows = self.all_rows if wanted is None else [r for r in self.all_rows if r.is_key == wanted]
        self.set_rows(rows)

    def open_record(self, record_id: uuid.UUID) -> None:
        self.key_filter.setCurrentIndex(0)
        super().open_record(record_id)

    # -- detail ----------------------------------------------------------------------------
    def show_detail(self, row: ContactRow | None) -> None:
        self.edit_button.setEnabled(row is not None)
        self.plan_button.setEnabled(row is not None and not row.archived)
        self.archiving.update(row)
        self.editor.setEnabled(row is not None)
        if row is None:
            self.current = None
            self.info.setHtml("<p style='color: gray'>Choose a contact to see their detail.</p>")
            self.editor.load(None)
            return
        self.ctx.runner.read(
            lambda s: (contacts.contact_detail(s, row.id), audit.changes_to(s, row.id)),
            self._detail_loaded,
            key=f"{self.key}-detail",
        )

    def _detail_loaded(self, loaded: tuple[ContactDetail, list[audit.Change]]) -> None:
        detail, self._changes = loaded
        self._fill(detail)

    def _fill(self, d: ContactDetail, shown: int = 0) -> None:
        """The contact's detail; ``shown`` is the assessment whose criteria are listed (0 is
        the latest; an earlier one is chosen by its link in the history)."""
        self.current = d
        status = "<b style='color:#1e7d32'>Key customer</b>" if d.is_key else "<b>Not key</b>"
        history = "".join(
            f"<tr><td><a href='assessment:{n}'>{a.assessed_on}</a></td><td>{esc(a.assessor)}</td>"
            f"<td>{sum(a.criteria)} of {len(a.criteria)}"
            f"{' · unreasonable' if a.unreasonable else ''}"
            f"{' · overridden' if a.override else ''}</td>"
            f"<td>{'key' if a.is_key else ''}{' ◀' if n == shown else ''}</td></tr>"
            for n, a in enumerate(d.assessments)
        )
        picked = d.assessments[shown] if d.assessments else None
        notes = (
            "".join(
                f"<li>{'✔' if a.met else '✘'} <b>{esc(a.name)}</b>"
                f"{' <i>(retired)</i>' if a.retired else ''}"
                f"{': ' + esc(a.note) if a.note else ''}</li>"
                for a in picked.answers
            )
            if picked
            else ""
        )
        if picked and picked.unreasonable:
            notes += f"<li>⚠ <b>Unreasonable demands</b>: {esc(picked.unreasonable_note)}</li>"
        if picked and picked.override:
            notes += f"<li>★ <b>Kept key deliberately</b>: {esc(picked.override_note)}</li>"
        if picked and shown:
            notes = (
                f"<p><i>Assessment of {picked.assessed_on}: {esc(picked.reason)}</i></p>" + notes
            )
        manager = (
            f"<a href='contact:{d.manager_id}'>{esc(d.manager)}</a>"
            if d.manager_id
            else "<i>not recorded</i>"
        )
        unit = f"<a href='unit:{d.unit_id}'>{esc(d.unit)}</a>" if d.unit_id else "<i>no unit</i>"
        self.info.setHtml(
            f"<h2>{esc(d.name)}</h2><p>{esc(d.title)} · {unit}</p>"
            f"<p>{''.join(f'{esc(v)}<br>' for v in (d.email, d.phone) if v)}"
            f"<b>Manager:</b> {manager}</p>"
            f"<p>{status}<br>{esc(d.reason)}</p>"
            + (f"<ul>{notes}</ul>" if notes else "")
            + (f"<h3>Assessments</h3><table cellspacing=6>{history}</table>" if history else "")
            + (f"<h3>Notes</h3><p>{esc(d.notes).replace(chr(10), '<br>')}</p>" if d.notes else "")
            + changes_html(self._changes)
        )
        if not shown:
            self.editor.load(d)

    def _link(self, url: Any) -> None:
        kind, _, ident = url.toString().partition(":")
        if kind == "assessment" and self.current is not None:
            self._fill(self.current, shown=int(ident))
        else:
            super()._link(url)

    def save_assessment(self) -> None:
        if self.current is None:
            return
        contact_id, name = self.current.id, self.current.name
        criteria, notes = self.editor.answers()
        unreasonable = self.editor.unreasonable.isChecked()
        reason = self.editor.unreasonable_note.text() if unreasonable else ""
        override = unreasonable and self.editor.override.isChecked()
        why = self.editor.override_note.text() if override else ""
        perform(
            self.ctx.runner,
            self.ctx.undo,
            Command(
                "assess_contact",
                {
                    "contact_id": contact_id,
                    "criteria": criteria,
                    "notes": notes,
                    "unreasonable": unreasonable,
                    "unreasonable_note": reason,
                    "override": override,
                    "override_note": why,
                    "on": dt.date.today(),
                },
                by=self.ctx.me,
                text=f"assessment of {name}",
            ),
        )

    # -- editing ---------------------------------------------------------------------------
    def _fields(self, units: list[dashboard.UnitRow], people: list[ContactRow]) -> list[Field]:
        return [
            Field("name", "Name", required=True),
            Field("title", "Title"),
            Field(
                "unit_id",
                "Unit",
                "choice",
                choices=[("(none)", None)] + [(u.name, u.id) for u in units],
            ),
            Field("email", "E-mail"),
            Field("phone", "Phone", max_len=40),
            Field(
                "manager_id",
                "Their manager",
                "choice",
                choices=[("(not recorded)", None)] + [(p.name, p.id) for p in people],
            ),
            Field("notes", "Notes", "text", max_len=100_000),
        ]

    def new_contact(self) -> None:
        self.ctx.runner.read(
            lambda s: (dashboard.units(s), contacts.contact_rows(s)),
            lambda loaded: self._open_form(None, *loaded),
        )

    def edit_selected(self) -> None:
        row = self.selected
        if row is None:
            return
        self.ctx.runner.read(
            lambda s: (
                contacts.contact_detail(s, row.id),
                dashboard.units(s),
                contacts.contact_rows(s),
            ),
            lambda loaded: self._open_form(*loaded),
        )

    def _open_form(self, detail: ContactDetail | None, units: list[Any], people: list[Any]) -> None:
        fields = self._fields(units, [p for p in people if not detail or p.id != detail.id])
        if detail is None:
            self.form = FormDialog(self, "New contact", fields, {}, self._create)
        else:
            before = {f.name: getattr(detail, f.name) for f in fields}
            self.form = FormDialog(
                self,
                f"Edit {detail.name}",
                fields,
                before,
                lambda after, done, failed: save_changes(
                    self.ctx,
                    "update_contact",
                    "contact_id",
                    detail.id,
                    version=detail.version,
                    noun="contact",
                    before=before,
                    after=after,
                    on_done=done,
                    on_error=failed,
                ),
            )
        self.form.open()

    def _create(self, values: dict[str, Any], done: Any, failed: Any) -> None:
        def created(contact_id: uuid.UUID) -> None:
            self._pending_select = contact_id
            done(contact_id)

        perform(
            self.ctx.runner,
            self.ctx.undo,
            Command(
                "create_contact",
                dict(values),
                by=self.ctx.me,
                text=f"creation of contact {values['name'].strip()}",
            ),
            on_done=created,
            on_error=failed,
        )


PAGE = ContactsPage
