"""How the window looks and follows its data (issue 11.2 and 11.5): the detail pane never
shows a record the list lost, overdue lines stand out in words and colour, search hits carry
no markup, the list gets the room, and the window and its sidebar have icons."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from relman.models import Dependence, MeetingKind
from relman.storage import Database
from relman.ui.dialogs.search import HIT_ROLE, HTML_ROLE
from relman.ui.main_window import PAGES
from relman.ui.pages.base import count_text, esc, fit_widths
from relman.ui.pages.dashboard import DashboardPage
from relman.workflows import assessments, dashboard, meetings, portfolio, search, services
from relman.workflows import expectations as ex
from tests.ui.conftest import idle


def create_through_form(qtbot: QtBot, window, key: str, name: str) -> None:
    page = window.show_page(key)
    page.new_button.click()
    qtbot.waitUntil(lambda: getattr(page, "form", None) is not None and page.form.isVisible())
    qtbot.keyClicks(page.form.editors["name"], name)
    page.form.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: page.selected is not None and page.selected.name == name)
    idle(qtbot, window)


def test_undo_of_a_create_clears_the_detail_on_every_list_page(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    window = make_window(db)
    for key, name, button in (
        ("units", "Logistics", "delete_button"),
        ("services", "Telephony", "edit_button"),
        ("contacts", "Cy Newman", "edit_button"),
    ):
        page = window.show_page(key)
        create_through_form(qtbot, window, key, name)
        assert getattr(page, button).isEnabled()
        window.ctx.undo.undo()
        idle(qtbot, window)
        qtbot.waitUntil(lambda p=page, n=name: p.model.find(lambda r: r.name == n) < 0)
        assert page.selected is None
        assert not getattr(page, button).isEnabled(), f"{key}: nothing left to act on"
        text = (page.info if key == "contacts" else page.detail).toPlainText()
        assert name not in text, f"{key}: the detail still shows the removed record"


def test_filtering_out_the_selected_row_clears_the_detail(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        portfolio.create_unit(s, "Sales")
        portfolio.create_unit(s, "Finance")
    window = make_window(db)
    page = window.show_page("units")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    page.table.selectRow(page.model.find(lambda r: r.name == "Sales"))
    qtbot.waitUntil(lambda: "Sales" in page.detail.toPlainText())
    qtbot.keyClicks(page.filter, "fin")
    assert page.selected is None and not page.edit_button.isEnabled()
    assert "Sales" not in page.detail.toPlainText()
    page.filter.clear()
    assert page.selected is not None and page.selected.name == "Sales", "back when shown again"


def test_overdue_dashboard_lines_say_so_in_words_colour_and_weight(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        meeting = meetings.record_meeting(
            s,
            kind=MeetingKind.MONTHLY_REVIEW,
            unit_id=unit.id,
            held_at=dt.datetime.now(dt.UTC),
            by=people.rm,
        )
        late = meetings.add_action_item(
            s,
            text="Send the outage report",
            meeting_id=meeting.id,
            owner_staff_id=people.rm,
            due_on=dt.date.today() - dt.timedelta(days=3),
        ).id
    window = make_window(db)
    page = window.show_page("dashboard")
    assert isinstance(page, DashboardPage)
    qtbot.waitUntil(lambda: any(i == late for _k, i, _t in page.items()))
    lines = [page.tree.topLevelItem(n) for n in range(page.tree.topLevelItemCount())]
    item = next(x for x in lines if x.data(0, Qt.ItemDataRole.UserRole + 1) == late)
    plain = next(x for x in lines if x.text(0) == "Overdue action items in your units (1)")
    assert "overdue" in item.text(0)
    assert item.foreground(1).color() != plain.foreground(1).color()
    font = item.data(0, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()


def test_the_dashboards_columns_fit_its_width(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        service = services.create_service(s, "Store tills")
        e = ex.state_expectation(
            s, unit_id=unit.id, service_id=service.id, statement="word " * 80, by=people.rm
        )
        portfolio.set_dependencies(s, unit.id, {service.id: Dependence.HIGH})
        ex.validate_expectation(s, e.id, by=people.rm)
        terms = ex.Terms(99, "availability", "monthly", review_on=dt.date.today())
        ex.agree(s, e.id, terms, by=people.rm)
    window = make_window(db)
    window.resize(900, 600)
    page = window.show_page("dashboard")
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() > 8)
    header = page.tree.header()
    qtbot.waitUntil(lambda: sum(header.sectionSize(c) for c in range(3)) > 0)
    assert sum(header.sectionSize(c) for c in range(3)) <= page.tree.viewport().width()


def test_dashboard_feed_lists_each_record_once(db: Database, people) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        meeting = meetings.record_meeting(
            s,
            kind=MeetingKind.MONTHLY_REVIEW,
            unit_id=unit.id,
            held_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=60),
            by=people.rm,
        )
        for text in ("Send the report", "Send the report"):  # raised twice: two records
            meetings.add_action_item(
                s,
                text=text,
                meeting_id=meeting.id,
                owner_staff_id=people.rm,
                due_on=dt.date.today() - dt.timedelta(days=3),
            )
    with db.read_session() as s:
        week = dashboard.my_week(s, people.rm)
    for rows in vars(week).values():
        ids = [r.id for r in rows]
        assert len(ids) == len(set(ids))
    assert len(week.overdue_actions) == 2


def test_search_hits_show_no_markup_and_tell_repeated_action_items_apart(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Design", rms=[people.rm])
        for ago in (90, 30):
            meeting = meetings.record_meeting(
                s,
                kind=MeetingKind.MONTHLY_REVIEW,
                unit_id=unit.id,
                held_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=ago),
                by=people.rm,
            )
            item = meetings.add_action_item(
                s,
                text="Book the storage upgrade",
                meeting_id=meeting.id,
                owner_staff_id=people.rm,
                due_on=dt.date.today() - dt.timedelta(days=ago - 14),
            )
        meetings.complete_action_item(s, item.id)
    with db.read_session() as s:
        hits = [h for h in search.search(s, "storage") if h.kind == "action_item"]
    assert len(hits) == 2
    assert len({h.title for h in hits}) == 2, "two lines that look the same"
    assert all("[" not in h.snippet and "]" not in h.snippet for h in hits)

    window = make_window(db)
    window.find()
    dialog = window.search_dialog
    dialog.box.setText("storage")
    qtbot.waitUntil(lambda: len(dialog.hits) == 2)
    items = [dialog.results.topLevelItem(n) for n in range(dialog.results.topLevelItemCount())]
    shown = [i for i in items if i.data(0, HIT_ROLE) is not None]
    assert all("[" not in i.text(0) for i in shown)
    assert all("<b>storage</b>" in i.data(0, HTML_ROLE) for i in shown)
    dialog.close()


def test_an_expectation_shows_its_whole_statement_once(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    statement = "Every pattern opens in Pattern CAD in under two seconds, " * 3
    with db.session() as s:
        unit = portfolio.create_unit(s, "Design")
        service = services.create_service(s, "Pattern CAD")
        e = ex.state_expectation(
            s, unit_id=unit.id, service_id=service.id, statement=statement, by=people.rm
        )
    window = make_window(db)
    window.open_record("expectation", e.id)
    page = window.pages["expectations"]
    qtbot.waitUntil(lambda: page.panel.detail is not None)
    assert page.panel.header.text().count(esc(statement.strip())) == 1


def test_list_pages_give_the_list_most_of_the_width(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    window = make_window(db)
    window.resize(1280, 800)
    for key in ("units", "contacts", "services", "staff"):
        page = window.show_page(key)
        qtbot.waitUntil(lambda p=page: p.splitter.sizes()[1] > 0)
        table, detail = page.splitter.sizes()
        assert table >= 1.5 * detail, key  # at least 60 % (the old split gave 40 % away)


def test_list_counts_say_what_they_count() -> None:
    noun = ("unit", "units")
    assert count_text(1, 1, noun) == "1 unit"
    assert count_text(15, 15, noun) == "15 units"
    assert count_text(3, 15, noun) == "3 of 15 units"
    assert count_text(0, 1, noun) == "0 of 1 unit"


def test_column_widths_fit_the_room_the_widest_giving_up_most() -> None:
    assert fit_widths([100, 200], [50, 50], 400) == [100, 200], "room enough: as wanted"
    assert fit_widths([100, 300, 80], [40, 40, 40], 400) == [100, 220, 80], "the widest gives"
    assert fit_widths([100, 220, 220, 80], [40, 40, 40, 40], 500) == [100, 160, 160, 80]
    assert fit_widths([300, 300], [250, 250], 400) == [250, 250], "never below the least"


def test_list_pages_fit_their_columns_and_count_in_words(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    from relman.workflows import contacts

    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales " * 20, division="Retail " * 20, rms=[people.rm])
        key = contacts.create_contact(s, "Kim Key", unit_id=unit.id)
        assessments.assess_contact(s, key.id, [True] + [False] * 6, by=people.rm)
        contacts.create_contact(s, "Olga Other", unit_id=unit.id)
    window = make_window(db)
    window.resize(1280, 800)
    page = window.show_page("units")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    idle(qtbot, window)
    assert page.count.text() == "1 unit"
    header = page.table.horizontalHeader()
    assert header.length() <= page.table.viewport().width(), "no sideways scrolling"
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: "Olga Other" in page.detail.toPlainText())
    text = page.detail.toPlainText()
    assert "Other contacts: Olga Other" in text and text.count("Kim Key") == 1
    page.filter.setText("nothing like it")
    assert page.count.text() == "0 of 1 unit"


def test_the_window_and_every_sidebar_entry_have_an_icon(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    window = make_window(db)
    assert not window.windowIcon().isNull()
    assert window.sidebar.count() == len(PAGES)
    for row in range(window.sidebar.count()):
        assert not window.sidebar.item(row).icon().isNull(), PAGES[row][0]


def test_the_dashboard_reminds_of_key_customers_not_met_and_old_assessments(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    from relman.workflows import contacts

    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        critic = contacts.create_contact(s, "Dana Critic", unit_id=unit.id)
        assessments.assess_contact(
            s,
            critic.id,
            [False, False, False, False, True, False, False],
            by=people.rm,
            on=dt.date.today() - dt.timedelta(days=400),
        )
        critic_id = critic.id
    window = make_window(db)
    page = window.show_page("dashboard")
    assert isinstance(page, DashboardPage)
    qtbot.waitUntil(lambda: any(i == critic_id for _k, i, _t in page.items()))
    heads = [page.tree.topLevelItem(n).text(0) for n in range(page.tree.topLevelItemCount())]
    gap = dashboard.INTERVIEW_GAP_DAYS
    assert f"Key customers in your units with no interview in {gap} days (1)" in heads
    assert "Assessments due again in your units (1)" in heads
    assert "Your interviews not held (0)" in heads
    assert "Misses to explain on your expectations (0)" in heads
    lines = [page.tree.topLevelItem(n) for n in range(page.tree.topLevelItemCount())]
    about = [x for x in lines if x.data(0, Qt.ItemDataRole.UserRole + 1) == critic_id]
    assert {x.text(0) for x in about} == {"never interviewed", "assessed 400 days ago"}
    assert all(x.text(1) == "Dana Critic" and x.text(2) == "Sales" for x in about)
