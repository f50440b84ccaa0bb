"""The Meetings page: a new monthly review opens with the agenda its unit's last review left
open, refuses bad input beside the field without saving half of it, saves its inline action
items with it, and is undone as a whole; a meeting's detail escapes what was typed and
takes action items inline, marked done with undo."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from relman.models import ActionItem, Dependence, GoalsMet, Meeting, MeetingKind
from relman.storage import Database
from relman.ui.meetings.form import MeetingDialog
from relman.ui.pages.meetings import MeetingsPage
from relman.workflows import common, contacts, meetings, portfolio, services
from tests.ui.conftest import idle

NOW = common.now()


@dataclass(frozen=True)
class World:
    unit: uuid.UUID
    head: uuid.UUID
    service: uuid.UUID
    second: uuid.UUID  # the unit's latest review


@pytest.fixture
def world(db: Database, people) -> World:
    """Finance with two monthly reviews: the first left an action open and a plan undelivered."""
    with db.session() as s:
        unit = portfolio.create_unit(s, "Finance", rms=[people.rm]).id
        head = contacts.create_contact(s, "Fiona Head", unit_id=unit).id
        service = services.create_service(s, "SAP Financials").id
        portfolio.set_dependency(s, unit, service, Dependence.CRITICAL)
        first = meetings.record_meeting(
            s,
            kind=MeetingKind.MONTHLY_REVIEW,
            held_at=NOW - dt.timedelta(days=60),
            by=people.rm,
            unit_id=unit,
            planned="- Archive the 2025 ledgers",
        )
        meetings.add_action_item(
            s,
            text="Send the licence list",
            meeting_id=first.id,
            owner_staff_id=people.rm,
            due_on=common.today() - dt.timedelta(days=40),
        )
        second = meetings.record_meeting(
            s,
            kind=MeetingKind.MONTHLY_REVIEW,
            held_at=NOW - dt.timedelta(days=30),
            by=people.rm,
            unit_id=unit,
        )
        return World(unit, head, service, second.id)


def count(db: Database, model: type) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def open_page(qtbot: QtBot, window) -> MeetingsPage:
    page = window.show_page("meetings")
    assert isinstance(page, MeetingsPage)
    idle(qtbot, window)
    return page


def new_form(qtbot: QtBot, window, page: MeetingsPage, kind: MeetingKind) -> MeetingDialog:
    page.new_meeting(kind)
    qtbot.waitUntil(lambda: isinstance(getattr(page, "form", None), MeetingDialog))
    idle(qtbot, window)
    return page.form


def shown(form: MeetingDialog, name: str) -> str:
    """The problem shown beside field ``name`` ("" when none)."""
    error = form.errors[name]
    return "" if error.isHidden() else error.text()


def test_a_new_review_carries_the_agenda_refuses_bad_input_and_is_undone_whole(
    qtbot: QtBot, db: Database, people, world: World, make_window
) -> None:
    window = make_window(db)
    page = open_page(qtbot, window)
    assert page.model.rowCount() == 2
    form = new_form(qtbot, window, page, MeetingKind.MONTHLY_REVIEW)
    assert form.agenda is not None and form.actions is not None
    form.save()  # no unit chosen
    idle(qtbot, window)
    qtbot.waitUntil(lambda: "choose it" in shown(form, "unit"))

    form.unit.setCurrentIndex(form.unit.findText("Finance"))
    idle(qtbot, window)
    agenda = form.agenda.texts()
    assert [(row[0], row[1], row[2]) for row in agenda] == [
        ("action · overdue", "Send the licence list", "carried 2×, 60 days"),
        ("planned", "Archive the 2025 ledgers", "carried 2×, 60 days"),
    ]
    header = form.agenda.header()
    widths = [header.sectionSize(c) for c in range(header.count())]
    assert sum(widths) <= form.agenda.viewport().width()  # no sideways scrolling
    assert widths[1] >= form.agenda.viewport().width() // 4  # the item's text keeps room
    form.attendees.tick("Fiona Head")
    assert form.attendees.count.text().endswith(", 1 contact attending")
    form.editors["discussed"].setPlainText("<b>Close</b> & “cash” 🚀 שלום")
    form.editors["goals_met"].setCurrentIndex(2)  # partly, with no note
    form.actions.add_row("Book the auditors", None, "31/12/2026")
    form.save()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: "not met" in shown(form, "goals_note"))
    form.editors["goals_note"].setPlainText("Close ran two days late")
    form.save()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: "Action item 1" in shown(form, "actions"))
    assert "YYYY-MM-DD" in shown(form, "actions")
    assert (count(db, Meeting), count(db, ActionItem)) == (2, 1)  # nothing half-saved

    form.actions.table.cellWidget(0, 2).setText("2026-12-31")
    form.save()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert (count(db, Meeting), count(db, ActionItem)) == (3, 2)
    with db.read_session() as s:
        new = s.scalar(select(Meeting).order_by(Meeting.created_at.desc()).limit(1))
        assert new.goals_met is GoalsMet.PARTLY
        assert new.discussed == "<b>Close</b> & “cash” 🚀 שלום"
        assert len(meetings.agenda_of(s, new.id)) == 2
    qtbot.waitUntil(lambda: page.selected is not None and page.selected.id == new.id)
    panel = page.panel
    qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.id == new.id)
    assert "<b>Close</b> & “cash”" in panel.summary.toPlainText()  # shown as typed, not as markup
    assert [row[1] for row in panel.agenda.texts()] == [
        "Send the licence list",
        "Archive the 2025 ledgers",
    ]
    assert panel.actions.rowCount() == 1

    window.ctx.undo.undo()
    idle(qtbot, window)
    assert (count(db, Meeting), count(db, ActionItem)) == (2, 1)
    window.ctx.undo.redo()
    idle(qtbot, window)
    assert (count(db, Meeting), count(db, ActionItem)) == (3, 2)


def test_detail_takes_action_items_inline_and_marks_them_done_with_undo(
    qtbot: QtBot, db: Database, people, world: World, make_window
) -> None:
    window = make_window(db)
    page = open_page(qtbot, window)
    page.select_record(world.second)
    panel = page.panel
    qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.id == world.second)
    panel.add_action()
    qtbot.waitUntil(lambda: getattr(panel, "action_form", None) is not None)
    dialog = panel.action_form
    dialog.editors["text"].setPlainText("Call the bank")
    dialog.editors["due_on"].setText("tomorrow")
    dialog.save()
    idle(qtbot, window)
    assert dialog.is_marked("due_on") and count(db, ActionItem) == 1
    dialog.editors["due_on"].setText("2026-12-24")
    dialog.save()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: panel.actions.rowCount() == 1)
    panel.action_table.selectRow(0)
    assert panel.done_button.text() == "Mark done"
    panel.toggle_action()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: panel.actions.row_at(0).state == "done")
    window.ctx.undo.undo()
    idle(qtbot, window)
    qtbot.waitUntil(
        lambda: panel.actions.rowCount() == 1 and panel.actions.row_at(0).state == "open"
    )


def test_a_review_is_edited_and_the_edit_undone(
    qtbot: QtBot, db: Database, people, world: World, make_window
) -> None:
    window = make_window(db)
    page = open_page(qtbot, window)
    page.select_record(world.second)
    page.edit_selected()
    qtbot.waitUntil(lambda: isinstance(getattr(page, "form", None), MeetingDialog))
    form = page.form
    assert form.editing and not form.unit.isEnabled() and form.actions is None
    form.editors["delivered"].setPlainText("Ledgers archived")
    form.attendees.tick("Fiona Head")
    form.save()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: not form.isVisible())
    with db.read_session() as s:
        meeting = s.get(Meeting, world.second)
        assert meeting.delivered == "Ledgers archived"
    window.ctx.undo.undo()
    idle(qtbot, window)
    with db.read_session() as s:
        assert s.get(Meeting, world.second).delivered == ""


def test_a_quarterly_review_offers_the_units_major_service_first(
    qtbot: QtBot, db: Database, people, world: World, make_window
) -> None:
    window = make_window(db)
    page = open_page(qtbot, window)
    page.show_unit(world.unit)
    idle(qtbot, window)
    assert page.model.rowCount() == 2
    form = new_form(qtbot, window, page, MeetingKind.QUARTERLY_SERVICE_REVIEW)
    assert form.service is not None and form.review is not None
    qtbot.waitUntil(lambda: form.service.currentData() == world.service)
    assert form.service.currentText() == "SAP Financials — critical to this unit"
    idle(qtbot, window)
    assert form.review.texts() == [
        ["SAP Financials has no agreed expectations yet.", "", "", "", "", ""]
    ]
    form.reject()


def test_the_unit_form_sets_the_rhythm_and_the_dashboard_says_the_review_is_overdue(
    qtbot: QtBot, db: Database, people, world: World, make_window
) -> None:
    from PySide6.QtWidgets import QSpinBox

    window = make_window(db)
    dashboard = window.show_page("dashboard")
    idle(qtbot, window)
    # reviewed 30 days ago, every 30 days: due today, not yet overdue
    (line,) = [i for i in dashboard.items() if i[0] == "unit"]
    assert line[2] == "Finance · every 30 days"
    units = window.show_page("units")
    idle(qtbot, window)
    units.select_record(world.unit)
    units.edit_selected()
    qtbot.waitUntil(lambda: getattr(units, "form", None) is not None)
    idle(qtbot, window)
    rhythm = units.form.editors["review_every_days"]
    assert isinstance(rhythm, QSpinBox) and rhythm.value() == 30
    rhythm.setValue(0)  # below the range: the spin box keeps to 1–366
    assert rhythm.value() == 1
    rhythm.setValue(14)
    units.form.save()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: not units.form.isVisible())
    window.show_page("dashboard")
    idle(qtbot, window)
    qtbot.waitUntil(
        lambda: [i[2] for i in dashboard.items() if i[0] == "unit"] == ["Finance · every 14 days"]
    )
    texts = [
        dashboard.tree.topLevelItem(n).text(0) for n in range(dashboard.tree.topLevelItemCount())
    ]
    assert "overdue · 16 days late" in texts
    window.ctx.undo.undo()
    idle(qtbot, window)
    with db.read_session() as s:
        assert portfolio.unit_detail(s, world.unit).review_every_days == 30


def test_a_carried_plan_is_marked_delivered_on_the_review_and_undone(
    qtbot: QtBot, db: Database, people, world: World, make_window
) -> None:
    window = make_window(db)
    page = open_page(qtbot, window)
    page.select_record(world.second)
    panel = page.panel
    qtbot.waitUntil(lambda: panel.detail is not None and panel.detail.id == world.second)
    assert [row[:3] for row in panel.agenda.texts()] == [
        ["action · overdue", "Send the licence list", "carried 1×, 30 days"],
        ["planned", "Archive the 2025 ledgers", "carried 1×, 30 days"],
    ]
    panel.agenda.setCurrentItem(panel.agenda.topLevelItem(0))
    assert not panel.deliver_button.isEnabled()  # an action is done, not delivered
    panel.agenda.setCurrentItem(panel.agenda.topLevelItem(1))
    assert panel.deliver_button.isEnabled()
    panel.toggle_delivered()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: panel.agenda.texts()[1][0] == "planned · delivered")
    with db.read_session() as s:
        assert [e.text for e in meetings.agenda_for_new_review(s, world.unit)] == [
            "Send the licence list"
        ]
    window.ctx.undo.undo()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: panel.agenda.texts()[1][0] == "planned")


def test_a_meeting_is_deleted_through_its_command_and_undone(
    qtbot: QtBot, db: Database, people, world: World, make_window, monkeypatch
) -> None:
    from relman.ui.pages import meetings as meetings_page

    monkeypatch.setattr(meetings_page, "confirm", lambda *_a: True)
    window = make_window(db)
    page = open_page(qtbot, window)
    page.select_record(world.second)
    page.delete_selected()
    qtbot.waitUntil(lambda: window.ctx.undo.canUndo())
    idle(qtbot, window)
    assert window.ctx.undo.undoText().startswith("deletion of the monthly review")
    with db.read_session() as s:
        assert s.get(Meeting, world.second) is None
    window.ctx.undo.undo()
    idle(qtbot, window)
    with db.read_session() as s:
        assert s.get(Meeting, world.second) is not None
    window.ctx.undo.redo()
    idle(qtbot, window)
    with db.read_session() as s:
        assert s.get(Meeting, world.second) is None
