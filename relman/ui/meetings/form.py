"""The form of a meeting, per kind. A monthly review: the unit, attendees, what was discussed,
delivered and planned, whether service goals are met, and the agenda carried from the unit's
last review. A quarterly service review: the service (the unit's major ones first) with its
agreed expectations and latest measurements, and notes. A new meeting takes its action items
inline. Like every form, it stays open until saved, marks a refused field in red, and asks
before Esc, Cancel or its close box throws away what was typed (a :class:`GuardedDialog`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from relman.errors import RelmanError, ValidationError
from relman.models import GoalsMet, MeetingKind
from relman.ui.context import AppContext
from relman.ui.dialogs.form import INVALID_STYLE, GuardedDialog, choice_index, save_bar
from relman.ui.errors import show_error
from relman.ui.meetings.action_rows import ActionRows
from relman.ui.meetings.attendees import AttendeesPicker
from relman.ui.meetings.lists import AgendaList, ServiceReviewList
from relman.workflows import meeting_views
from relman.workflows.action_items import Owner
from relman.workflows.meeting_views import FormChoices, UnitContext

GOALS = [
    ("(not said)", None),
    ("Yes", GoalsMet.YES),
    ("Partly", GoalsMet.PARTLY),
    ("No", GoalsMet.NO),
]
#: The text boxes of each kind of meeting: field, label.
TEXTS = {
    MeetingKind.MONTHLY_REVIEW: (
        ("discussed", "What was discussed"),
        ("delivered", "What was delivered"),
        ("planned", "What is planned (one item a line)"),
    ),
    MeetingKind.QUARTERLY_SERVICE_REVIEW: (("discussed", "Notes"),),
    MeetingKind.OTHER: (("discussed", "What was discussed"),),
}
#: How much the meeting's unit relies on a service, as the service choice says it.
RELIANCE = {
    "critical": "critical to this unit",
    "high": "important to this unit",
    "medium": "used by this unit",
    "low": "used a little by this unit",
}
#: Fields a workflow may name that are shown with the inline action items.
ACTION_FIELDS = ("text", "owner", "due_on", "source")
Submit = Callable[[dict[str, Any], Callable[[Any], None], Callable[[BaseException], None]], None]


class MeetingDialog(GuardedDialog):
    def __init__(
        self,
        parent: QWidget | None,
        ctx: AppContext,
        kind: MeetingKind,
        choices: FormChoices,
        values: dict[str, Any],
        submit: Submit,
        *,
        editing: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.kind, self.choices, self.submit = ctx, kind, choices, submit
        self.editing = editing
        self.saving = False
        #: the service the form chose itself (the unit's major one), not the user
        self._service_picked: Any = values.get("service_id")
        words = meeting_views.KIND_WORDS[kind]
        self.setWindowTitle(f"Edit {words}" if editing else f"New {words}")
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        when = QDateTimeEdit(QDateTime(values.get("held_at") or dt.datetime.now().astimezone()))
        when.setCalendarPopup(True)
        when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self._row(form, "held_at", "Held on", when)
        self.unit = QComboBox()
        self.unit.addItem("(choose)" if kind is MeetingKind.MONTHLY_REVIEW else "(none)", None)
        for ref in choices.units:
            self.unit.addItem(ref.name, ref.id)
        self.unit.setCurrentIndex(
            choice_index(
                [("", None)] + [(r.name, r.id) for r in choices.units], values.get("unit_id")
            )
        )
        self.unit.setEnabled(not editing)  # the carried agenda was worked out for this unit
        self._row(  # only a monthly review needs a unit; another meeting may have none
            form,
            "unit",
            "Unit *" if kind is MeetingKind.MONTHLY_REVIEW else "Unit (optional)",
            self.unit,
        )
        self.service: QComboBox | None = None
        if kind is MeetingKind.QUARTERLY_SERVICE_REVIEW:
            self.service = QComboBox()
            self.service.setEnabled(not editing)
            self._row(form, "service", "Service *", self.service)
        self.attendees = AttendeesPicker(
            choices.staff,
            choices.contacts,
            values.get("staff_ids", []),
            values.get("contact_ids", []),
        )
        self._row(form, "attendees", "Attendees", self.attendees)
        for name, label in TEXTS[kind]:
            self._row(form, name, label, self._text(values.get(name, "")))
        if kind is MeetingKind.MONTHLY_REVIEW:
            goals = QComboBox()
            for label, value in GOALS:
                goals.addItem(label, value)
            goals.setCurrentIndex(choice_index(GOALS, values.get("goals_met")))
            self._row(form, "goals_met", "Service goals met", goals)
            self._row(
                form,
                "goals_note",
                "Note on service goals",
                self._text(values.get("goals_note", ""), 60),
            )
            goals.currentIndexChanged.connect(lambda _i: self._note_needed())
        right = QVBoxLayout()
        self.agenda: AgendaList | None = None
        self.review: ServiceReviewList | None = None
        if kind is MeetingKind.MONTHLY_REVIEW:
            self.agenda = AgendaList()
            right.addWidget(self._group("Carried from the last review", self.agenda), 2)
            if editing:
                self.agenda.fill(values.get("agenda", []), values.get("done_now"))
            else:
                self.agenda.fill([], empty="Choose the unit to see what its last review left open.")
        if kind is MeetingKind.QUARTERLY_SERVICE_REVIEW:
            self.review = ServiceReviewList()
            right.addWidget(
                self._group("Agreed expectations and latest measurements", self.review), 2
            )
            self.review.fill(None)
        self.actions: ActionRows | None = None
        if not editing:
            me = next((Owner("staff", r.id, r.name) for r in choices.staff if r.id == ctx.me), None)
            self.actions = ActionRows(self._owners([]), me)
            self.errors["actions"] = self._error_label("actions")
            box = QVBoxLayout()
            box.addWidget(self.actions)
            box.addWidget(self.errors["actions"])
            right.addWidget(self._group("Action items", box), 1)
        self.message, self.buttons = save_bar(self)
        columns = QHBoxLayout()
        columns.addLayout(form, 1)
        if right.count():
            columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(1100 if right.count() else 560, 720)
        self.unit.currentIndexChanged.connect(lambda _i: self._unit_changed())
        when.dateTimeChanged.connect(lambda _t: self._unit_changed())
        if self.service is not None:
            self.service.currentIndexChanged.connect(lambda _i: self._service_changed())
            self._services(values.get("service_id"), [])
        self._unit_changed(values.get("service_id"))
        self.keep_snapshot()

    def snapshot(self) -> object:
        """What the user set: the values, but the service only when not the one the form
        chose itself once the unit's services came in."""
        values = self.values()
        if values["service_id"] == self._service_picked:
            values["service_id"] = "chosen by the form"
        return values

    # -- building --------------------------------------------------------------------------
    def _text(self, value: str, height: int = 90) -> QPlainTextEdit:
        editor = QPlainTextEdit(value or "")
        editor.setTabChangesFocus(True)
        editor.setMinimumHeight(height)
        return editor

    def _error_label(self, name: str) -> QLabel:
        error = QLabel()
        error.setObjectName(f"error_{name}")
        error.setStyleSheet("color: #c0392b;")
        error.setWordWrap(True)
        error.hide()
        return error

    def _row(self, form: QFormLayout, name: str, label: str, editor: QWidget) -> None:
        editor.setObjectName(name)
        self.editors[name] = editor
        self.errors[name] = self._error_label(name)
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(editor)
        box.addWidget(self.errors[name])
        form.addRow(label, box)

    def _group(self, title: str, content: QWidget | QVBoxLayout) -> QGroupBox:
        group = QGroupBox(title)
        if isinstance(content, QVBoxLayout):
            group.setLayout(content)
        else:
            QVBoxLayout(group).addWidget(content)
        return group

    def _owners(self, contacts: list) -> list[Owner]:
        return [Owner("staff", r.id, r.name) for r in self.choices.staff] + [
            Owner("contact", r.id, r.name) for r in contacts
        ]

    # -- what the chosen unit and service bring ----------------------------------------------
    def held_at(self) -> dt.datetime:
        editor = self.editors["held_at"]
        assert isinstance(editor, QDateTimeEdit)
        return editor.dateTime().toPython().astimezone()  # type: ignore[union-attr]

    def _unit_changed(self, service_id: Any = None) -> None:
        unit_id = self.unit.currentData()
        if unit_id is None:
            self._loaded(None, service_id)
            return
        at = self.held_at()
        self.ctx.runner.read(
            lambda s: meeting_views.unit_context(s, unit_id, at=at),
            lambda found: self._loaded(found, service_id),
            key="meeting-form-unit",
        )

    def _loaded(self, found: UnitContext | None, service_id: Any) -> None:
        if found is not None and found.unit_id != self.unit.currentData():
            return  # the unit was changed again meanwhile
        contacts = found.contacts if found else []
        self.attendees.show_unit(contacts)
        if self.actions is not None:
            self.actions.set_owners(self._owners(contacts))
        if self.agenda is not None and not self.editing:
            if found is None:
                self.agenda.fill([], empty="Choose the unit to see what its last review left open.")
            else:
                self.agenda.fill(found.agenda)
        if self.service is not None:
            chosen = service_id if service_id is not None else self.service.currentData()
            self._services(chosen, found.services if found else [])

    def _services(self, chosen: Any, of_unit: list) -> None:
        """The unit's services first (how much it relies on each, in words), then every other
        service."""
        assert self.service is not None
        self.service.blockSignals(True)
        self.service.clear()
        self.service.addItem("(choose)", None)
        listed = set()
        for ref in of_unit:
            words = RELIANCE.get(ref.extra)
            self.service.addItem(f"{ref.name} — {words}" if words else ref.name, ref.id)
            listed.add(ref.id)
        for ref in self.choices.services:
            if ref.id not in listed:
                self.service.addItem(ref.name, ref.id)
        found = [n for n in range(self.service.count()) if self.service.itemData(n) == chosen]
        if chosen is not None and found:
            index = found[0]
        else:  # a new review starts on the unit's most depended-on service, if major
            index = 1 if of_unit and of_unit[0].extra in ("critical", "high") else 0
            self._service_picked = self.service.itemData(index)
        self.service.setCurrentIndex(index)
        self.service.blockSignals(False)
        self._service_changed()

    def _service_changed(self) -> None:
        assert self.service is not None and self.review is not None
        service_id, unit_id = self.service.currentData(), self.unit.currentData()
        if service_id is None:
            self.review.fill(None)
            return
        self.ctx.runner.read(
            lambda s: meeting_views.service_review(s, service_id, unit_id),
            self.review.fill,
            key="meeting-form-service",
        )

    # -- values and checking ---------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        staff_ids, contact_ids = self.attendees.chosen()
        values: dict[str, Any] = {
            "held_at": self.held_at(),
            "unit_id": self.unit.currentData(),
            "service_id": self.service.currentData() if self.service else None,
            "staff_ids": staff_ids,
            "contact_ids": contact_ids,
        }
        for name, editor in self.editors.items():
            if isinstance(editor, QPlainTextEdit):
                values[name] = editor.toPlainText()
        if "goals_met" in self.editors:
            values["goals_met"] = self.editors["goals_met"].currentData()  # type: ignore[attr-defined]
        if self.actions is not None:
            values["actions"] = self.actions.values()
        return values

    def _note_needed(self) -> None:
        goals = self.editors["goals_met"].currentData()  # type: ignore[attr-defined]
        note = self.editors["goals_note"]
        assert isinstance(note, QPlainTextEdit)
        if goals in (GoalsMet.PARTLY, GoalsMet.NO) and not note.toPlainText().strip():
            note.setPlaceholderText("Say which service goals were not met, and why.")
        else:
            note.setPlaceholderText("")

    def mark(self, name: str, problem: str) -> None:
        error = self.errors.get(name)
        if error is None:
            self.message.setText(problem)
            self.message.setVisible(bool(problem))
            return
        editor = self.editors.get(name)
        if editor is not None:
            editor.setStyleSheet(INVALID_STYLE if problem else "")
            editor.setProperty("invalid", bool(problem))
        error.setText(problem)
        error.setVisible(bool(problem))

    def is_marked(self, name: str) -> bool:
        return bool(self.errors[name].isVisible() or self.errors[name].text())

    def save(self) -> None:
        if self.saving:
            return
        for name in self.errors:
            self.mark(name, "")
        self.message.hide()
        self.saving = True
        self.buttons.setEnabled(False)
        self.submit(self.values(), self._saved, self._refused)

    def _saved(self, _result: Any) -> None:
        self.saving = False
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            name = "actions" if exc.field in ACTION_FIELDS and self.actions else exc.field
            self.mark(name, exc.message)
            if name in self.editors:
                self.editors[name].setFocus()
        elif isinstance(exc, RelmanError):
            self.mark("", exc.message)
        else:
            show_error(self, exc)
