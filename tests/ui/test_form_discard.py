"""A form never throws away what was typed without a question: Esc, Cancel and the close box
of a step's form (validate an expectation, agree it, resolve an escalation) ask "Discard what
you typed?"; No keeps the form open with the text, Yes closes it. An untouched form closes at
once, without a question."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from relman.models import Dependence
from relman.storage import Database
from relman.ui import identity
from relman.ui.dialogs.form import FormDialog
from relman.ui.escalations.resolve import ResolveDialog
from relman.ui.expectations import steps
from relman.ui.expectations.steps import AgreeDialog
from relman.workflows import contacts, portfolio, services
from relman.workflows import expectations as ex
from tests.ui.conftest import Asked, idle
from tests.workflows.test_escalation_queries import raise_one


@pytest.fixture
def place(db: Database, people) -> dict[str, uuid.UUID]:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        crm = services.create_service(s, "CRM")
        erp = services.create_service(s, "ERP")
        portfolio.set_dependency(s, unit.id, crm.id, Dependence.HIGH)
        portfolio.set_dependency(s, unit.id, erp.id, Dependence.HIGH)
        boss = contacts.create_contact(s, "Bea Boss", unit_id=unit.id)
        exp = ex.state_expectation(
            s, unit_id=unit.id, service_id=crm.id, statement="Always up", by=people.rm
        )
        return {"unit": unit.id, "erp": erp.id, "boss": boss.id, "exp": exp.id}


def shown(qtbot: QtBot, kind: type[QDialog]) -> Any:
    found: list[Any] = []

    def visible() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind)]
        found[:] = [w for w in found if w.isVisible()]
        return bool(found)

    qtbot.waitUntil(visible)
    return found[-1]


def step_form(qtbot: QtBot, window: Any, exp_id: uuid.UUID, step: str, kind: type[QDialog]) -> Any:
    steps.run_step(window.ctx, window, step, exp_id, 1)
    return shown(qtbot, kind)


def test_esc_cancel_and_the_close_box_of_a_step_form_ask_before_typed_words_go(
    qtbot: QtBot, db: Database, people, place, make_window, asked: Asked
) -> None:
    window = make_window(db)
    form = step_form(qtbot, window, place["exp"], "validate", FormDialog)
    text = form.editors["text"]
    qtbot.keyClicks(text, "They use it all day")

    qtbot.keyClick(text, Qt.Key.Key_Escape)
    assert len(asked.texts) == 1, "Esc asks before the words go"
    assert form.isVisible() and text.toPlainText() == "They use it all day", "No keeps them"
    qtbot.mouseClick(
        form.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    assert len(asked.texts) == 2 and form.isVisible(), "so does Cancel"
    form.close()  # the window's close box
    assert len(asked.texts) == 3 and form.isVisible(), "and the close box"

    asked.answer = True
    qtbot.keyClick(text, Qt.Key.Key_Escape)
    assert not form.isVisible(), "Yes discards them"
    idle(qtbot, window)


def test_an_untouched_step_form_closes_on_esc_without_a_question(
    qtbot: QtBot, db: Database, people, place, make_window, asked: Asked
) -> None:
    window = make_window(db)
    form = step_form(qtbot, window, place["exp"], "validate", FormDialog)
    qtbot.keyClick(form.editors["text"], Qt.Key.Key_Escape)
    assert not form.isVisible() and asked.texts == []
    idle(qtbot, window)


def test_esc_in_the_agree_form_asks_before_its_note_goes(
    qtbot: QtBot, db: Database, people, place, make_window, asked: Asked
) -> None:
    with db.session() as s:
        ex.validate_expectation(s, place["exp"], by=people.rm)
    window = make_window(db)
    steps.run_step(window.ctx, window, "agree", place["exp"], 2)
    form = shown(qtbot, AgreeDialog)
    qtbot.keyClicks(form.note, "Agreed over coffee")
    qtbot.keyClick(form.note, Qt.Key.Key_Escape)
    assert len(asked.texts) == 1 and form.isVisible()
    assert form.note.toPlainText() == "Agreed over coffee"
    asked.answer = True
    qtbot.keyClick(form.note, Qt.Key.Key_Escape)
    assert not form.isVisible()
    idle(qtbot, window)


def test_esc_in_the_resolve_form_asks_before_the_resolution_goes(
    qtbot: QtBot, db: Database, people, place, make_window, asked: Asked
) -> None:
    at = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    raise_one(db, people.rm, place["unit"], place["erp"], place["boss"], at=at, text="Contested")
    window = make_window(db)
    identity.remember(window.ctx, people.manager)
    page = window.show_page("escalations")
    idle(qtbot, window)
    qtbot.waitUntil(lambda: page.model.find(lambda r: r.summary == "Contested") >= 0)
    page.table.selectRow(page.model.find(lambda r: r.summary == "Contested"))
    qtbot.waitUntil(lambda: page.current is not None)
    page.panel.resolve_button.click()
    form = page.form
    assert isinstance(form, ResolveDialog)
    qtbot.waitUntil(form.isVisible)
    qtbot.keyClick(form.resolution, Qt.Key.Key_Escape)
    assert asked.texts == [] and not form.isVisible(), "untouched: closed without a question"

    page.panel.resolve_button.click()
    form = page.form
    assert isinstance(form, ResolveDialog)
    qtbot.waitUntil(form.isVisible)
    qtbot.keyClicks(form.resolution, "We agree on 99%")
    qtbot.keyClick(form.resolution, Qt.Key.Key_Escape)
    assert len(asked.texts) == 1 and form.isVisible()
    assert form.resolution.toPlainText() == "We agree on 99%"
    asked.answer = True
    form.close()
    assert len(asked.texts) == 2 and not form.isVisible()
    idle(qtbot, window)
