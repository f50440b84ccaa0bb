"""Interview mode with real widgets, driven from the keyboard alone: a script with a
conditional question walked both ways, capturing an expectation and escalating it without
leaving the interview, finishing it as held."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from relman.models import (
    ActionItem,
    Escalation,
    Expectation,
    ExpectationStatus,
    Interview,
    InterviewStatus,
)
from relman.storage import Database
from relman.ui.interview.finish import FinishDialog
from relman.ui.interview.launch import window_of
from relman.ui.interview.mode import InterviewWindow
from relman.ui.interview.prepare_view import PreparationView
from relman.workflows import contacts, interviews, portfolio, scripts, services
from tests.ui.conftest import idle

C = Qt.KeyboardModifier.ControlModifier
SCRIPT = {
    "name": "Dependence",
    "sections": [
        {
            "title": "The service",
            "guidance": "Listen first.",
            "questions": [
                {"key": "dep", "kind": "yes_no", "text": "Do you depend on the CRM?"},
                {
                    "kind": "open",
                    "text": "How does it hurt when it stops?",
                    "guidance": "Ask for a recent example.",
                    "condition": {"on": "dep", "value": "yes"},
                },
                {"kind": "rating", "text": "How reliable is it, from 1 to 5?"},
            ],
        },
        {"title": "Close", "questions": [{"kind": "open", "text": "Anything else?"}]},
    ],
}


@dataclass(frozen=True)
class Planned:
    interview: uuid.UUID
    unit: uuid.UUID
    ana: uuid.UUID
    crm: uuid.UUID


@pytest.fixture
def planned(db: Database, people) -> Planned:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        boss = contacts.create_contact(s, "Bea Boss", unit_id=unit.id)
        ana = contacts.create_contact(s, "Ana <b>Buyer</b>", unit_id=unit.id, manager_id=boss.id)
        crm = services.create_service(s, "CRM")
        script = scripts.create_script(s, SCRIPT)
        s.flush()
        interview = interviews.schedule_interview(
            s,
            script_id=script.id,
            contact_ids=[ana.id],
            at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
            by=people.rm,
        )
        return Planned(interview.id, unit.id, ana.id, crm.id)


def press(qtbot: QtBot, key: Qt.Key, modifiers: Any = Qt.KeyboardModifier.NoModifier) -> None:
    """A key, where the focus is, as a person at the keyboard would press it."""
    target = QApplication.focusWidget()
    assert target is not None, "something has the keyboard focus"
    qtbot.keyClick(target, key, modifiers)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(QApplication.focusWidget(), text)


def start_from_the_page(
    qtbot: QtBot, window: Any, planned: Planned, *, prepared: bool = False
) -> InterviewWindow:
    """On the interviews page, the planned interview is selected; Ctrl+Shift+S starts it,
    or (``prepared``) Enter opens its preparation and Ctrl+Enter starts it from there."""
    page = window.show_page("interviews")
    qtbot.waitUntil(lambda: page.model.find(lambda r: r.id == planned.interview) >= 0)
    page.table.setFocus()
    page.select_record(planned.interview)
    if prepared:
        press(qtbot, Qt.Key.Key_Return)
        view = modal(qtbot, PreparationView)
        assert "How does it hurt when it stops?" in view.view.toPlainText()  # type: ignore[attr-defined]
        press(qtbot, Qt.Key.Key_Return, C)
    else:
        press(qtbot, Qt.Key.Key_S, C | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window_of(planned.interview) is not None)
    mode = window_of(planned.interview)
    assert isinstance(mode, InterviewWindow)
    qtbot.waitUntil(mode.isActiveWindow)
    mode.inputs[mode.current.id].focus()  # type: ignore[union-attr]
    return mode


def modal(qtbot: QtBot, kind: type[QDialog]) -> QDialog:
    qtbot.waitUntil(
        lambda: (
            isinstance(QApplication.activeModalWidget(), kind)
            and QApplication.activeModalWidget().isVisible()
        )
    )
    return QApplication.activeModalWidget()  # type: ignore[return-value]


def test_a_whole_interview_with_the_keyboard_alone(
    qtbot: QtBot, db: Database, people, planned: Planned, make_window
) -> None:
    window = make_window(db)
    mode = start_from_the_page(qtbot, window, planned, prepared=True)
    assert mode.progress.text() == "Question 1 of 3", "the conditional question is not counted"
    assert "Listen first." in mode.guidance_text.text()

    press(qtbot, Qt.Key.Key_N)  # "no": the conditional question is skipped
    press(qtbot, Qt.Key.Key_Return, C)
    assert mode.question.text() == "How reliable is it, from 1 to 5?"
    assert mode.progress.text() == "Question 2 of 3"

    press(qtbot, Qt.Key.Key_PageUp, C)  # back, change the answer: now it is asked
    press(qtbot, Qt.Key.Key_Y)
    assert mode.progress.text() == "Question 1 of 4"
    press(qtbot, Qt.Key.Key_Return, C)
    assert mode.question.text() == "How does it hurt when it stops?"
    assert "Ask for a recent example." in mode.guidance_text.text()
    type_text(qtbot, "Orders stop & <b>sales</b> wait")

    press(qtbot, Qt.Key.Key_G, C)  # guidance off and on again
    assert not mode.guidance.isVisible()
    press(qtbot, Qt.Key.Key_G, C)
    assert mode.guidance.isVisible()
    press(qtbot, Qt.Key.Key_N, C)  # the notes, then back to the answer
    type_text(qtbot, "Brought the figures.")
    press(qtbot, Qt.Key.Key_R, C)
    press(qtbot, Qt.Key.Key_Return, C)
    press(qtbot, Qt.Key.Key_4)
    press(qtbot, Qt.Key.Key_Return, C)
    assert mode.progress.text() == "Question 4 of 4"
    assert mode.next_button.text().startswith("Finish")
    type_text(qtbot, "No")

    press(qtbot, Qt.Key.Key_Return, C)  # Next on the last question: the summary
    finish = modal(qtbot, FinishDialog)
    shown = finish.findChild(QWidget, "summary_view").toPlainText()  # type: ignore[union-attr]
    assert "Orders stop & <b>sales</b> wait" in shown, "typed text is shown as typed"
    type_text(qtbot, "A good start.")
    press(qtbot, Qt.Key.Key_Return, C)
    qtbot.waitUntil(lambda: window_of(planned.interview) is None)
    idle(qtbot, window)

    with db.read_session() as s:
        interview = s.get(Interview, planned.interview)
        answers = interviews.answers_of(s, planned.interview)
        assert interview.status is InterviewStatus.COMPLETED
        assert (interview.summary, interview.notes) == ("A good start.", "Brought the figures.")
        assert interview.started_by_id == interview.finished_by_id == people.rm
    assert sorted(answers.values()) == ["4", "No", "Orders stop & <b>sales</b> wait", "yes"]


def test_capture_an_expectation_and_escalate_it_from_the_interview(
    qtbot: QtBot, db: Database, people, planned: Planned, make_window
) -> None:
    window = make_window(db)
    mode = start_from_the_page(qtbot, window, planned)
    type_text(qtbot, "n")
    press(qtbot, Qt.Key.Key_E, C)
    panel = mode.panel.currentWidget()
    qtbot.waitUntil(lambda: panel.service.count() == 1)
    assert QApplication.focusWidget() is panel.service
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "The CRM is never down before noon")
    press(qtbot, Qt.Key.Key_Return, C)  # in the panel, Ctrl+Enter records the expectation
    qtbot.waitUntil(lambda: panel.expectation is not None)
    assert mode.current.text == "Do you depend on the CRM?", "the interview stayed where it was"

    def step(letter: Qt.Key, fill: dict[str, str]) -> None:
        """Take a step with its Alt key, fill its form, save it with Enter."""
        version = panel.expectation
        press(qtbot, letter, Qt.KeyboardModifier.AltModifier)
        form = modal(qtbot, QDialog)
        for name, text in fill.items():
            editor = form.editors[name]  # type: ignore[attr-defined]
            if isinstance(editor, QComboBox):
                editor.setFocus()
                press(qtbot, Qt.Key.Key_Down)
                continue
            editor.setFocus()
            type_text(qtbot, text)
        form.save()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: panel.expectation != version, timeout=10_000)
        idle(qtbot, window)

    step(Qt.Key.Key_V, {"text": "Every order", "dependence": "high"})
    step(Qt.Key.Key_P, {"target": "99", "text": "IT offers 99% in office hours"})
    step(Qt.Key.Key_D, {"text": "They want 100%, we offer 99%"})
    assert panel.expectation[2] is ExpectationStatus.DISAGREED
    step(Qt.Key.Key_S, {})
    assert panel.expectation[2] is ExpectationStatus.ESCALATED

    press(qtbot, Qt.Key.Key_Escape)  # the panel goes, the interview goes on
    assert not mode.panel.isVisible()
    with db.read_session() as s:
        exp = s.scalars(select(Expectation)).one()
        escalation = s.scalars(select(Escalation)).one()
    assert (exp.interview_id, exp.contact_id) == (planned.interview, planned.ana)
    assert exp.statement == "The CRM is never down before noon"
    assert escalation.expectation_id == exp.id and escalation.rm_manager_id == people.manager


def test_an_action_item_from_the_interview_and_the_summary_lists_it(
    qtbot: QtBot, db: Database, people, planned: Planned, make_window
) -> None:
    window = make_window(db)
    mode = start_from_the_page(qtbot, window, planned)
    press(qtbot, Qt.Key.Key_T, C)
    panel = mode.panel.currentWidget()
    qtbot.waitUntil(lambda: panel.owner.count() == 3)  # two staff, one customer
    assert panel.owner.currentData() == ("staff", people.rm), "mine by default"
    type_text(qtbot, "Send the outage report")
    press(qtbot, Qt.Key.Key_Return, C)
    qtbot.waitUntil(lambda: "Send the outage report" in panel.added.text())
    type_text(qtbot, "")
    press(qtbot, Qt.Key.Key_Return, C)  # an empty action is refused beside the panel
    qtbot.waitUntil(panel.message.isVisible)
    assert "cannot be empty" in panel.message.text()
    press(qtbot, Qt.Key.Key_F, C | Qt.KeyboardModifier.ShiftModifier)
    finish = modal(qtbot, FinishDialog)
    shown = finish.findChild(QWidget, "summary_view").toPlainText()  # type: ignore[union-attr]
    assert "Send the outage report — Rui Relman" in shown
    press(qtbot, Qt.Key.Key_Escape)  # back to the interview: still in progress
    qtbot.waitUntil(lambda: not finish.isVisible())
    with db.read_session() as s:
        [item] = s.scalars(
            select(ActionItem.text).where(ActionItem.interview_id == planned.interview)
        ).all()
        assert s.get(Interview, planned.interview).status is InterviewStatus.IN_PROGRESS
    assert item == "Send the outage report"
    mode.close()
