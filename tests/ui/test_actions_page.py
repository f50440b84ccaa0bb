"""The Action items page: every open item from meetings and interviews, overdue ones in red
and in words, filtered by owner, unit and source, marked done and reopened with undo."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from relman.models import ActionItem, MeetingKind
from relman.storage import Database
from relman.ui.pages.actions import ActionsPage
from relman.ui.pages.dashboard import OVERDUE_COLOUR
from relman.workflows import common, contacts, interviews, meetings, portfolio, scripts
from tests.ui.conftest import idle

TODAY = common.today()


@dataclass(frozen=True)
class Items:
    late: uuid.UUID
    soon: uuid.UUID
    asked: uuid.UUID


@pytest.fixture
def items(db: Database, people) -> Items:
    """Finance's review left a late item and one due soon; Sales' interview left one."""
    with db.session() as s:
        finance = portfolio.create_unit(s, "Finance", rms=[people.rm]).id
        sales = portfolio.create_unit(s, "Sales", rms=[people.rm]).id
        head = contacts.create_contact(s, "Sol Buyer", unit_id=sales).id
        review = meetings.record_meeting(
            s,
            kind=MeetingKind.MONTHLY_REVIEW,
            held_at=common.now() - dt.timedelta(days=20),
            by=people.rm,
            unit_id=finance,
        ).id
        script = scripts.create_script(
            s, {"name": "S", "sections": [{"title": "T", "questions": [{"text": "Q?"}]}]}
        )
        interview = interviews.schedule_interview(
            s,
            script_id=script.id,
            contact_ids=[head],
            at=common.now() - dt.timedelta(days=3),
            by=people.rm,
        ).id

        def add(text: str, days: int, **kwargs: object) -> uuid.UUID:
            due = TODAY + dt.timedelta(days=days)
            return meetings.add_action_item(s, text=text, due_on=due, **kwargs).id  # type: ignore[arg-type]

        return Items(
            late=add(
                "Send the <b>licence</b> list", -5, meeting_id=review, owner_staff_id=people.rm
            ),
            soon=add("Book the auditors", 3, meeting_id=review, owner_staff_id=people.manager),
            asked=add("Call back about tills", 10, interview_id=interview, owner_contact_id=head),
        )


def open_page(qtbot: QtBot, window) -> ActionsPage:
    page = window.show_page("actions")
    assert isinstance(page, ActionsPage)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    return page


def listed(page: ActionsPage) -> list[str]:
    return [page.model.row_at(n).text for n in range(page.model.rowCount())]


def choose(combo, text: str) -> None:
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def test_overdue_items_are_red_bold_and_say_so(
    qtbot: QtBot, db: Database, people, items: Items, make_window
) -> None:
    window = make_window(db)
    page = open_page(qtbot, window)
    assert listed(page) == [
        "Send the <b>licence</b> list",
        "Book the auditors",
        "Call back about tills",
    ]
    late, soon = page.model.index(0, 0), page.model.index(1, 0)
    assert late.data() == "overdue · 5 days late"
    assert QColor(late.data(Qt.ItemDataRole.ForegroundRole)) == OVERDUE_COLOUR
    assert late.data(Qt.ItemDataRole.FontRole).bold()
    assert soon.data() == "open"
    assert soon.data(Qt.ItemDataRole.ForegroundRole) is None
    page.table.selectRow(0)
    text = page.detail.toPlainText()
    assert "overdue · 5 days late" in text and "Send the <b>licence</b> list" in text  # escaped


def test_filters_by_owner_unit_and_source(
    qtbot: QtBot, db: Database, people, items: Items, make_window
) -> None:
    window = make_window(db)
    page = open_page(qtbot, window)
    assert [page.owner.itemText(0), page.unit.itemText(0), page.source.itemText(0)] == [
        "All owners",
        "All units",
        "All sources",
    ]
    choose(page.source, "From interviews")
    idle(qtbot, window)
    assert listed(page) == ["Call back about tills"]
    assert page.model.row_at(0).unit == "Sales"
    choose(page.source, "All sources")
    choose(page.unit, "Finance")
    idle(qtbot, window)
    assert listed(page) == ["Send the <b>licence</b> list", "Book the auditors"]
    choose(page.owner, "Mara Manager")
    idle(qtbot, window)
    assert listed(page) == ["Book the auditors"]
    choose(page.unit, "Sales")
    idle(qtbot, window)
    assert listed(page) == []


def test_mark_done_and_reopen_with_undo(
    qtbot: QtBot, db: Database, people, items: Items, make_window
) -> None:
    window = make_window(db)
    page = open_page(qtbot, window)
    page.table.selectRow(0)
    assert page.done_button.text() == "Mark done"
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: len(listed(page)) == 2)
    with db.read_session() as s:
        assert s.get(ActionItem, items.late).done_at is not None
    assert window.ctx.undo.undoText().startswith("marking done of “Send the <b>licence</b>")

    window.ctx.undo.undo()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: len(listed(page)) == 3)
    with db.read_session() as s:
        assert s.get(ActionItem, items.late).done_at is None

    window.ctx.undo.redo()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: len(listed(page)) == 2)
    page.show_done.setChecked(True)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: len(listed(page)) == 3)
    done_row = next(n for n in range(3) if page.model.row_at(n).id == items.late)
    assert page.model.index(done_row, 0).data() == "done"
    page.table.selectRow(done_row)
    assert page.done_button.text() == "Reopen"
    page.toggle_selected()
    idle(qtbot, window)
    with db.read_session() as s:
        assert s.get(ActionItem, items.late).done_at is None
    window.ctx.undo.undo()
    idle(qtbot, window)
    with db.read_session() as s:
        assert s.get(ActionItem, items.late).done_at is not None


def test_an_item_opened_from_the_dashboard_is_shown_even_when_filtered_out(
    qtbot: QtBot, db: Database, people, items: Items, make_window
) -> None:
    window = make_window(db)
    page = open_page(qtbot, window)
    choose(page.source, "From interviews")
    idle(qtbot, window)
    window.open_record("action_item", items.late)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: page.selected is not None and page.selected.id == items.late)
