"""The satisfaction page on a unit with four quarters of surveys and rated issues: the trend
and quadrant charts, points opened by click and by keyboard, the survey form's low-score
follow-up, rating an issue, deleting, and undo."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from relman.models import Quadrant, SupportIssue, Survey
from relman.storage import Database
from relman.ui.pages.satisfaction import DeleteQuestion, SatisfactionPage
from relman.ui.satisfaction.survey_form import SurveyDialog
from relman.ui.satisfaction.trend_chart import TrendChart
from relman.workflows import portfolio, satisfaction, satisfaction_views
from tests.ui.conftest import idle

QUESTIONS = ("Helpdesk <speed>", "Network")


@dataclass
class Unit:
    id: uuid.UUID
    tills: uuid.UUID
    toner: uuid.UUID


@pytest.fixture
def unit(db: Database, people) -> Unit:
    with db.session() as s:
        for name in QUESTIONS:
            satisfaction.add_survey_question(s, name)
        unit_id = portfolio.create_unit(s, "Stores & <b>Shops</b>", rms=[people.rm]).id
        portfolio.create_unit(s, "Finance")
        for quarter, score in (("2025-Q3", 2), ("2025-Q4", 3), ("2026-Q1", 2.5), ("2026-Q2", 4)):
            satisfaction.record_survey(s, unit_id, quarter, {"Network": score}, respondents=9)
        tills = satisfaction.add_support_issue(
            s, unit_id, "Tills <freeze>", importance=5, satisfaction=1, quarter="2026-Q1"
        ).id
        satisfaction.rate_support_issue(s, tills, importance=5, satisfaction=4, quarter="2026-Q2")
        toner = satisfaction.add_support_issue(
            s, unit_id, "Toner", importance=2, satisfaction=5, quarter="2026-Q2"
        ).id
    return Unit(unit_id, tills, toner)


def open_page(qtbot: QtBot, window) -> SatisfactionPage:
    page = window.show_page("satisfaction")
    assert isinstance(page, SatisfactionPage)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: page.view is not None)
    return page


def count(db: Database, model) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_the_trend_and_quadrant_of_my_unit(qtbot: QtBot, db: Database, unit, make_window) -> None:
    window = make_window(db)
    page = open_page(qtbot, window)
    assert page.units.currentText() == "Stores & <b>Shops</b> (mine)"  # mine first
    assert [p.sentence.split(":")[0] for p in page.trend.points] == [
        "2025-Q3",
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
    ]
    assert "baseline" in page.trend.points[0].sentence
    assert "+2.00 on the baseline" in page.trend.points[-1].sentence
    assert page.trend_title.text() == "Satisfaction trend: 4.00 in 2026-Q2, +2.00 on the baseline"
    assert page.quarters.currentText() == "2026-Q2"  # the latest quarter rated
    assert [i.quadrant for i in page.quadrant.issues] == [Quadrant.KEEP_DOING, Quadrant.OVERSPENT]
    summary = page.summary.toPlainText()
    assert "Surveys of Stores & <b>Shops</b>" in summary  # shown as typed, not as markup
    assert "Tills <freeze>: from fix first to keep doing it" in summary
    assert "Toner: new, over-spent?" in summary
    page.trend.grab()  # draws: the points get their places
    page.quadrant.grab()
    # an earlier quarter: Tills was still to fix first, Toner not rated yet
    page.quarters.setCurrentIndex(page.quarters.findText("2026-Q1"))
    idle(qtbot, window)
    assert [(i.title, i.quadrant) for i in page.quadrant.issues] == [
        ("Tills <freeze>", Quadrant.FIX_FIRST)
    ]


def test_points_open_their_record_by_click_and_by_keyboard(
    qtbot: QtBot, db: Database, unit, make_window
) -> None:
    window = make_window(db)
    page = open_page(qtbot, window)
    page.quadrant.grab()
    at = page.quadrant.where(1)
    qtbot.mouseClick(page.quadrant, Qt.MouseButton.LeftButton, pos=QPoint(int(at.x()), int(at.y())))
    idle(qtbot, window)
    assert page.detail.toPlainText().startswith("Toner")
    assert page.quadrant.opened == unit.toner and page.rate_button.isEnabled()
    page.quadrant.setFocus()
    qtbot.keyClick(page.quadrant, Qt.Key.Key_Home)
    assert "Tills <freeze>" in page.quadrant.accessibleDescription()
    qtbot.keyClick(page.quadrant, Qt.Key.Key_Return)
    idle(qtbot, window)
    text = page.detail.toPlainText()
    assert text.startswith("Tills <freeze>")
    assert "2026-Q2\n5\n4\nkeep doing it (moved from fix first)" in text
    page.trend.setFocus()
    qtbot.keyClick(page.trend, Qt.Key.Key_End)
    qtbot.keyClick(page.trend, Qt.Key.Key_Left)
    qtbot.keyClick(page.trend, Qt.Key.Key_Space)
    idle(qtbot, window)
    assert page.detail.toPlainText().startswith("Survey 2026-Q1")
    assert not page.rate_button.isEnabled()


def test_a_survey_with_a_low_score_asks_why_and_undo_takes_it_back(
    qtbot: QtBot, db: Database, unit, make_window
) -> None:
    window = make_window(db)
    page = open_page(qtbot, window)
    page.record_survey()
    qtbot.waitUntil(lambda: isinstance(getattr(page, "form", None), SurveyDialog))
    form = page.form
    helpdesk, network = form.rows
    form.quarter.setText("2026-Q3")
    qtbot.keyClicks(helpdesk.score, "1,5")
    assert helpdesk.asked.isVisibleTo(form)  # a low score: asked why
    helpdesk.follow_up.setText("Queues “every” morning 😞 & <no> callback")
    qtbot.keyClicks(network.score, "9")
    assert network.error.text() == "The score must be from 1 to 5, not 9."
    assert not network.asked.isVisibleTo(form)
    form.save()
    assert form.isVisible() and count(db, Survey) == 4  # refused beside the field, nothing saved
    network.score.setText("2")
    network.follow_up.setText("typed, then the score was raised")
    network.score.setText("4.5")
    assert not network.asked.isVisibleTo(form)
    form.save()
    idle(qtbot, window)
    assert not form.isVisible()
    with db.read_session() as s:
        trend = satisfaction_views.survey_trend(s, unit.id)
        detail = satisfaction_views.survey_detail(s, trend.points[-1].survey_id)
    assert [(a.score, a.follow_up) for a in detail.answers] == [
        (1.5, "Queues “every” morning 😞 & <no> callback"),
        (4.5, ""),  # not asked for a score above 2, so not kept
    ]
    qtbot.waitUntil(lambda: page.detail.toPlainText().startswith("Survey 2026-Q3"))
    assert "They said: Queues “every” morning 😞 & <no> callback" in page.detail.toPlainText()
    qtbot.waitUntil(lambda: len(page.trend.points) == 5)
    window.ctx.undo.undo()
    idle(qtbot, window)
    assert count(db, Survey) == 4
    qtbot.waitUntil(lambda: len(page.trend.points) == 4)


def test_the_same_quarter_twice_is_refused_beside_the_quarter(
    qtbot: QtBot, db: Database, unit, make_window
) -> None:
    window = make_window(db)
    page = open_page(qtbot, window)
    page.record_survey()
    qtbot.waitUntil(lambda: isinstance(getattr(page, "form", None), SurveyDialog))
    form = page.form
    form.quarter.setText("2026-Q2")
    form.rows[1].score.setText("3")
    form.save()
    idle(qtbot, window)
    assert "already has a survey for 2026-Q2" in form.errors["quarter"].text()
    assert form.isVisible() and count(db, Survey) == 4
    form.quarter.setText("2026-Q5")
    assert "like 2026-Q3" in form.errors["quarter"].text()
    form.reject()


def test_rating_an_issue_moves_it_and_undo_puts_the_rating_back(
    qtbot: QtBot, db: Database, unit, make_window
) -> None:
    window = make_window(db)
    page = open_page(qtbot, window)
    page.open_kind("support_issue", unit.tills)
    qtbot.waitUntil(lambda: page.rate_button.isEnabled())
    page.rate_shown()
    form = page.form
    form.editors["quarter"].setText("2026-Q3")
    form.editors["satisfaction"].setCurrentIndex(1)  # 2 · unsatisfied
    form.save()
    idle(qtbot, window)
    with db.read_session() as s:
        assert s.get(SupportIssue, unit.tills).quadrant is Quadrant.FIX_FIRST
    qtbot.waitUntil(lambda: page.quarters.currentText() == "2026-Q2")
    page.quarters.setCurrentIndex(page.quarters.findText("2026-Q3"))
    idle(qtbot, window)
    assert "Tills <freeze>: from keep doing it to fix first" in page.summary.toPlainText()
    window.ctx.undo.undo()
    idle(qtbot, window)
    with db.read_session() as s:
        assert s.get(SupportIssue, unit.tills).quadrant is Quadrant.KEEP_DOING
        assert satisfaction.rating_in(s, unit.tills, "2026-Q3") is None


def test_a_new_issue_and_its_deletion_undone(
    qtbot: QtBot, db: Database, unit, make_window, monkeypatch
) -> None:
    window = make_window(db)
    page = open_page(qtbot, window)
    page.new_issue()
    qtbot.waitUntil(lambda: getattr(page, "form", None) is not None)
    form = page.form
    form.save()
    assert form.is_marked("title")  # a title is needed
    form.editors["title"].setText("Wi-Fi in the <stockroom>")
    form.editors["quarter"].setText("2026-Q2")
    form.editors["importance"].setCurrentIndex(0)  # 5 · vital
    form.editors["satisfaction"].setCurrentIndex(0)  # 1 · very unsatisfied
    form.save()
    idle(qtbot, window)
    qtbot.waitUntil(lambda: page.detail.toPlainText().startswith("Wi-Fi in the <stockroom>"))
    qtbot.waitUntil(lambda: len(page.quadrant.points) == 3)
    assert page.quadrant.issues[0].quadrant is Quadrant.FIX_FIRST
    monkeypatch.setattr(DeleteQuestion, "ask", classmethod(lambda cls, parent, what: True))
    page.delete_shown()
    idle(qtbot, window)
    assert count(db, SupportIssue) == 2
    qtbot.waitUntil(lambda: len(page.quadrant.points) == 2)
    window.ctx.undo.undo()
    idle(qtbot, window)
    assert count(db, SupportIssue) == 3


def test_an_issue_found_elsewhere_opens_on_its_own_unit(
    qtbot: QtBot, db: Database, unit, make_window
) -> None:
    with db.session() as s:
        finance = next(
            u.id for u in satisfaction_views.unit_choices(s, None) if u.name == "Finance"
        )
        ledger = satisfaction.add_support_issue(
            s, finance, "Ledger close", importance=4, satisfaction=2, quarter="2026-Q2"
        ).id
    window = make_window(db)
    open_page(qtbot, window)
    window.open_record("support_issue", ledger)  # as search or the dashboard does
    page = window.pages["satisfaction"]
    qtbot.waitUntil(lambda: page.units.currentText() == "Finance")
    qtbot.waitUntil(lambda: page.detail.toPlainText().startswith("Ledger close"))
    idle(qtbot, window)
    assert [p.id for p in page.quadrant.points] == [ledger]
    assert page.quadrant.opened == ledger


def test_a_long_trend_labels_every_few_quarters_and_always_the_latest() -> None:
    shown = [i for i in range(10) if TrendChart.labelled(i, 10, 3)]
    assert shown == [0, 3, 6, 9]  # 6 is three before the latest: both fit
    assert [i for i in range(9) if TrendChart.labelled(i, 9, 3)] == [0, 3, 8]  # 6 gives way
    assert [i for i in range(4) if TrendChart.labelled(i, 4, 1)] == [0, 1, 2, 3]
