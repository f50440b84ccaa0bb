"""The interviews page: filters (state, mine, unit, days), planning one from the keyboard
(it shows on the dashboard, and undo takes it back), the preparation view, cancelling."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QListWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from relman.models import Interview, InterviewStatus
from relman.storage import Database
from relman.ui.dialogs.form import FormDialog
from relman.ui.interview.prepare_view import PreparationView, _blocks, _late
from relman.ui.interview.schedule import ScheduleDialog
from relman.workflows import contacts, dashboard, interviews, portfolio, scripts
from tests.ui.conftest import idle

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
CS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@dataclass(frozen=True)
class Two:
    sales: uuid.UUID
    finance: uuid.UUID
    ana: uuid.UUID
    mine: uuid.UUID  # with Ana (Sales), by the RM, tomorrow
    theirs: uuid.UUID  # with Bo (Finance), by the manager, in 40 days


@pytest.fixture
def two(db: Database, people) -> Two:
    with db.session() as s:
        sales = portfolio.create_unit(s, "Sales", rms=[people.rm])
        finance = portfolio.create_unit(s, "Finance")
        ana = contacts.create_contact(s, "Ana <b>Ng</b>", unit_id=sales.id)
        bo = contacts.create_contact(s, "Bo", unit_id=finance.id)
        script = scripts.create_script(
            s, {"name": "Short", "sections": [{"title": "A", "questions": [{"text": "Q?"}]}]}
        )
        s.flush()

        def plan(who: uuid.UUID, days: int, rm: uuid.UUID) -> uuid.UUID:
            at = NOW + dt.timedelta(days=days)
            return interviews.schedule_interview(
                s, script_id=script.id, contact_ids=[who], at=at, by=people.rm, rm_id=rm
            ).id

        mine = plan(ana.id, 1, people.rm)
        theirs = plan(bo.id, 40, people.manager)
        return Two(sales.id, finance.id, ana.id, mine, theirs)


def shown(page) -> list[uuid.UUID]:
    return [r.id for r in page.model.rows]


def opened(qtbot: QtBot, db: Database, people, make_window):
    window = make_window(db)
    qtbot.waitUntil(lambda: window.ctx.me == people.rm)
    page = window.show_page("interviews")
    idle(qtbot, window)
    return window, page


def test_filters_by_state_mine_unit_and_days(
    qtbot: QtBot, db: Database, people, two: Two, make_window
) -> None:
    _window, page = opened(qtbot, db, people, make_window)
    qtbot.waitUntil(lambda: len(shown(page)) == 2)
    page.mine.setChecked(True)
    qtbot.waitUntil(lambda: shown(page) == [two.mine])
    page.mine.setChecked(False)
    qtbot.waitUntil(lambda: page.unit.count() == 3)
    page.unit.setCurrentIndex(page.unit.findText("Finance"))
    qtbot.waitUntil(lambda: shown(page) == [two.theirs])
    page.unit.setCurrentIndex(0)
    page.dated.setChecked(True)
    today = QDate.currentDate()
    page.start.setDate(today)
    page.end.setDate(today.addDays(10))
    qtbot.waitUntil(lambda: shown(page) == [two.mine])
    page.dated.setChecked(False)
    with db.session() as s:
        interviews.start_interview(s, two.mine, by=people.rm)
        interviews.finish_interview(s, two.mine, by=people.rm, summary="Fine")
    page.status.setCurrentIndex(page.status.findText("Held"))
    qtbot.waitUntil(lambda: shown(page) == [two.mine])
    page.status.setCurrentIndex(page.status.findText("Planned"))
    qtbot.waitUntil(lambda: shown(page) == [two.theirs])
    page.open_record(two.mine)  # from elsewhere: the filters open up to show it
    qtbot.waitUntil(lambda: page.selected is not None and page.selected.id == two.mine)
    qtbot.waitUntil(lambda: "Answers (0)" in page.detail.toPlainText())


def test_plan_from_the_keyboard_shows_on_the_dashboard_and_undo_takes_it_back(
    qtbot: QtBot, db: Database, people, two: Two, make_window
) -> None:
    window, page = opened(qtbot, db, people, make_window)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_P, CS)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ScheduleDialog))
    form = QApplication.activeModalWidget()
    people_list = form.editors["contact_ids"]
    assert isinstance(people_list, QListWidget)
    assert [people_list.item(i).text() for i in range(2)] == [
        "Ana <b>Ng</b> (Sales)",
        "Bo (Finance)",
    ]
    qtbot.keyClicks(form.editors["location"], "Room 4")
    qtbot.keyClick(form.editors["location"], Qt.Key.Key_Return)  # no one chosen: refused
    qtbot.waitUntil(lambda: form.is_marked("contact_ids"))
    assert form.errors["contact_ids"].text() == "Choose at least one contact to interview."
    people_list.setFocus()
    qtbot.keyClick(people_list, Qt.Key.Key_Down)
    qtbot.keyClick(people_list, Qt.Key.Key_Down)
    qtbot.keyClick(people_list, Qt.Key.Key_Space)
    form.editors["location"].setFocus()
    qtbot.keyClick(form.editors["location"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not form.isVisible())
    idle(qtbot, window)
    with db.read_session() as s:
        new = s.scalars(select(Interview).where(Interview.location == "Room 4")).one()
        upcoming = dashboard.upcoming_interviews(s, people.rm, days=2)
    assert new.rm_id == people.rm and new.status is InterviewStatus.PLANNED
    assert new.id in [r.id for r in upcoming], "the dashboard lists it"
    qtbot.waitUntil(lambda: page.selected is not None and page.selected.id == new.id)

    window.ctx.undo.undo()
    idle(qtbot, window)
    with db.read_session() as s:
        assert s.get(Interview, new.id) is None


def test_prepare_with_enter_and_cancel_with_a_reason(
    qtbot: QtBot, db: Database, people, two: Two, make_window
) -> None:
    window, page = opened(qtbot, db, people, make_window)
    qtbot.waitUntil(lambda: two.mine in shown(page))
    page.select_record(two.mine)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), PreparationView))
    view = QApplication.activeModalWidget()
    text = view.view.toPlainText()
    assert "Interview with Ana <b>Ng</b>" in text, "names are shown as typed, not as markup"
    for heading in ("Who", "Current expectations", "Open escalations", "Open action items"):
        assert heading in text
    assert "1. Q?" in text
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not view.isVisible())

    page.cancel_button.click()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), FormDialog))
    form = QApplication.activeModalWidget()
    form.save()  # no reason: refused beside the field
    assert form.is_marked("reason")
    qtbot.keyClicks(form.editors["reason"], "They moved office")
    form.save()
    qtbot.waitUntil(lambda: not form.isVisible())
    idle(qtbot, window)
    with db.read_session() as s:
        cancelled = s.get(Interview, two.mine)
        assert cancelled.status is InterviewStatus.CANCELLED
        assert cancelled.cancel_reason == "They moved office"


def test_reschedule_moves_a_planned_interview_and_undo_moves_it_back(
    qtbot: QtBot, db: Database, people, two: Two, make_window
) -> None:
    window, page = opened(qtbot, db, people, make_window)
    qtbot.waitUntil(lambda: two.mine in shown(page))
    page.select_record(two.mine)
    qtbot.waitUntil(lambda: page.move_button.isEnabled())
    page.move_button.click()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ScheduleDialog))
    form = QApplication.activeModalWidget()
    was = NOW + dt.timedelta(days=1)
    assert form.value("at") == was, "starts from when it is now"
    later = (NOW + dt.timedelta(days=3)).replace(hour=14, minute=30, second=0)
    form.editors["at"].setDateTime(later.astimezone())
    form.editors["location"].setText("Room 9")
    form.save()
    qtbot.waitUntil(lambda: not form.isVisible())
    idle(qtbot, window)
    with db.read_session() as s:
        moved = s.get(Interview, two.mine)
        assert (moved.scheduled_at, moved.location) == (later, "Room 9")
        assert moved.status is InterviewStatus.PLANNED

    window.ctx.undo.undo()
    idle(qtbot, window)
    with db.read_session() as s:
        back = s.get(Interview, two.mine)
        assert (back.scheduled_at, back.location) == (was, "")
    window.ctx.undo.redo()
    idle(qtbot, window)
    with db.read_session() as s:
        assert s.get(Interview, two.mine).location == "Room 9"

    with db.session() as s:
        interviews.start_interview(s, two.mine, by=people.rm)
    page.reload()
    qtbot.waitUntil(lambda: not page.move_button.isEnabled()), "only a planned one moves"


def test_written_notes_show_their_dash_lines_as_a_list_every_word_escaped():
    html = _blocks("Discussed:\n- <b>outage</b> & fixes\n- goals\n\nPlanned: freeze")
    assert "<li>&lt;b&gt;outage&lt;/b&gt; &amp; fixes</li><li>goals</li>" in html
    assert "- " not in html and "<b>" not in html
    assert html.index("Discussed:") < html.index("<ul") < html.index("Planned: freeze")


def test_an_open_action_item_past_its_due_day_is_marked_late_in_red():
    today = dt.date.today()
    assert "overdue · 3 days late" in _late(today - dt.timedelta(days=3))
    assert "overdue · 1 day late" in _late(today - dt.timedelta(days=1))
    assert "overdue" not in _late(today) and _late(None) == ""
