"""The meeting and survey forms never throw away what was typed without a question (issue
16.3): Esc, Cancel and the close box ask "Discard what you typed?"; No keeps the form open
with the words, Yes closes it. A form left as it opened (its unit's agenda, services and
contacts loaded meanwhile) closes at once, without a question."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from relman.models import Dependence, MeetingKind
from relman.storage import Database
from relman.ui.meetings.form import MeetingDialog
from relman.ui.pages.meetings import MeetingsPage
from relman.ui.pages.satisfaction import SatisfactionPage
from relman.ui.satisfaction.survey_form import SurveyDialog
from relman.workflows import contacts, portfolio, satisfaction, services
from tests.ui.conftest import Asked, idle


@pytest.fixture
def finance(db: Database, people) -> Database:
    """Finance relies on SAP (so a quarterly review picks it), has a contact, and the
    survey has two questions."""
    with db.session() as s:
        unit = portfolio.create_unit(s, "Finance", rms=[people.rm]).id
        sap = services.create_service(s, "SAP Financials").id
        portfolio.set_dependency(s, unit, sap, Dependence.CRITICAL)
        contacts.create_contact(s, "Fiona Head", unit_id=unit)
        for question in ("Helpdesk", "Network"):
            satisfaction.add_survey_question(s, question)
    return db


def meeting_form(qtbot: QtBot, window: Any, kind: MeetingKind, unit: str = "") -> MeetingDialog:
    page = window.show_page("meetings")
    assert isinstance(page, MeetingsPage)
    idle(qtbot, window)
    if unit:
        qtbot.waitUntil(lambda: page.unit.findText(unit) > 0)
        page.unit.setCurrentIndex(page.unit.findText(unit))
        idle(qtbot, window)
    page.new_meeting(kind)
    qtbot.waitUntil(lambda: isinstance(getattr(page, "form", None), MeetingDialog))
    form = page.form
    qtbot.waitUntil(form.isVisible)
    idle(qtbot, window)  # the unit's agenda, contacts and services are in
    return form


def cancel(qtbot: QtBot, buttons: QDialogButtonBox) -> None:
    button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_esc_cancel_and_the_close_box_of_a_meeting_form_ask_before_its_notes_go(
    qtbot: QtBot, finance: Database, make_window, asked: Asked
) -> None:
    window = make_window(finance)
    form = meeting_form(qtbot, window, MeetingKind.MONTHLY_REVIEW, "Finance")
    discussed = form.editors["discussed"]
    qtbot.keyClicks(discussed, "Budget cuts in Q3")

    qtbot.keyClick(discussed, Qt.Key.Key_Escape)
    assert len(asked.texts) == 1, "Esc asks before the words go"
    assert form.isVisible() and discussed.toPlainText() == "Budget cuts in Q3", "No keeps them"
    cancel(qtbot, form.buttons)
    assert len(asked.texts) == 2 and form.isVisible(), "so does Cancel"
    form.close()  # the window's close box
    assert len(asked.texts) == 3 and form.isVisible(), "and the close box"

    asked.answer = True
    qtbot.keyClick(discussed, Qt.Key.Key_Escape)
    assert not form.isVisible(), "Yes discards them"
    idle(qtbot, window)


def test_an_action_item_typed_in_a_new_meeting_is_not_dropped_by_esc(
    qtbot: QtBot, finance: Database, make_window, asked: Asked
) -> None:
    window = make_window(finance)
    form = meeting_form(qtbot, window, MeetingKind.OTHER)
    assert form.actions is not None
    form.actions.add_row()
    what = form.actions.table.cellWidget(0, 0)
    qtbot.keyClicks(what, "Send the licence list")
    qtbot.keyClick(what, Qt.Key.Key_Escape)
    assert len(asked.texts) == 1 and form.isVisible()
    assert form.actions.values()[0]["text"] == "Send the licence list"
    form.reject()
    idle(qtbot, window)


@pytest.mark.parametrize(
    "kind", [MeetingKind.MONTHLY_REVIEW, MeetingKind.QUARTERLY_SERVICE_REVIEW, MeetingKind.OTHER]
)
def test_an_untouched_meeting_form_closes_on_esc_without_a_question(
    qtbot: QtBot, finance: Database, make_window, asked: Asked, kind: MeetingKind
) -> None:
    window = make_window(finance)
    form = meeting_form(qtbot, window, kind, "Finance")
    if kind is MeetingKind.QUARTERLY_SERVICE_REVIEW:  # the unit's service was chosen for it
        assert form.service is not None
        assert form.service.currentText().startswith("SAP Financials")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked.texts == [] and not form.isVisible()
    idle(qtbot, window)


def survey_form(qtbot: QtBot, window: Any) -> SurveyDialog:
    page = window.show_page("satisfaction")
    assert isinstance(page, SatisfactionPage)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: page.unit_id is not None)
    page.record_survey()
    qtbot.waitUntil(lambda: isinstance(getattr(page, "form", None), SurveyDialog))
    form = page.form
    qtbot.waitUntil(form.isVisible)
    return form


def test_esc_cancel_and_the_close_box_of_the_survey_form_ask_before_its_scores_go(
    qtbot: QtBot, finance: Database, make_window, asked: Asked
) -> None:
    window = make_window(finance)
    form = survey_form(qtbot, window)
    helpdesk = form.rows[0]
    qtbot.keyClicks(helpdesk.score, "2")
    qtbot.keyClicks(helpdesk.follow_up, "Queues every morning")

    qtbot.keyClick(helpdesk.follow_up, Qt.Key.Key_Escape)
    assert len(asked.texts) == 1, "Esc asks before the scores go"
    assert form.isVisible() and helpdesk.follow_up.text() == "Queues every morning"
    cancel(qtbot, form.buttons)
    assert len(asked.texts) == 2 and form.isVisible(), "so does Cancel"
    form.close()
    assert len(asked.texts) == 3 and form.isVisible(), "and the close box"

    asked.answer = True
    qtbot.keyClick(form.comments, Qt.Key.Key_Escape)
    assert not form.isVisible(), "Yes discards them"
    idle(qtbot, window)


def test_an_untouched_survey_form_closes_on_esc_without_a_question(
    qtbot: QtBot, finance: Database, make_window, asked: Asked
) -> None:
    window = make_window(finance)
    form = survey_form(qtbot, window)
    qtbot.keyClick(form.quarter, Qt.Key.Key_Escape)
    assert asked.texts == [] and not form.isVisible()
    idle(qtbot, window)
