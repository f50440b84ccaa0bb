"""Interview mode never drops what was typed: an over-long paste is cut at once with a
message and never holds back the other answers' saving; a half-typed expectation or action
item survives Esc, Ctrl+T and Ctrl+E, and closing the window asks before it is thrown away."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from relman.storage import Database
from relman.ui.interview.launch import hold_interview, window_of
from relman.ui.interview.mode import InterviewWindow
from relman.workflows import contacts, interviews, portfolio, scripts, services
from relman.workflows.common import MAX_TEXT
from relman.workflows.interview_queries import interview_state
from tests.ui.conftest import idle

C = Qt.KeyboardModifier.ControlModifier
SCRIPT = {
    "name": "Two",
    "sections": [
        {
            "title": "All",
            "questions": [
                {"kind": "open", "text": "First?"},
                {"kind": "open", "text": "Second?"},
            ],
        }
    ],
}


@dataclass(frozen=True)
class Planned:
    interview: uuid.UUID
    first: uuid.UUID
    second: uuid.UUID


@pytest.fixture
def planned(db: Database, people) -> Planned:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[people.rm])
        ana = contacts.create_contact(s, "Ana", unit_id=unit.id)
        services.create_service(s, "CRM")
        script = scripts.create_script(s, SCRIPT)
        s.flush()
        interview = interviews.schedule_interview(
            s, script_id=script.id, contact_ids=[ana.id], at=dt.datetime.now(dt.UTC), by=people.rm
        ).id
        first, second = [q.id for q in interview_state(s, interview).script[0].questions]
    return Planned(interview, first, second)


def open_mode(qtbot: QtBot, window, planned: Planned) -> InterviewWindow:
    hold_interview(window.ctx, window, planned.interview)
    qtbot.waitUntil(lambda: window_of(planned.interview) is not None)
    mode = window_of(planned.interview)
    assert isinstance(mode, InterviewWindow)
    mode.activateWindow()
    qtbot.waitUntil(mode.isActiveWindow)
    return mode


def press(qtbot: QtBot, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    target = QApplication.focusWidget()
    assert target is not None, "something has the keyboard focus"
    qtbot.keyClick(target, key, modifiers)


def saved_answers(db: Database, planned: Planned) -> dict[uuid.UUID, str]:
    with db.read_session() as s:
        return interviews.answers_of(s, planned.interview)


# -- item 2: one over-long answer never stops the autosave -----------------------------------


def test_an_over_long_paste_is_cut_with_a_message_and_never_holds_back_other_answers(
    qtbot: QtBot, db: Database, people, planned: Planned, make_window
) -> None:
    window = make_window(db)
    mode = open_mode(qtbot, window, planned)
    first = mode.inputs[planned.first]
    assert QApplication.focusWidget() is first.edit  # type: ignore[attr-defined]
    QGuiApplication.clipboard().setText("x" * 150_000)
    press(qtbot, Qt.Key.Key_V, C)  # a paste too long for any answer
    press(qtbot, Qt.Key.Key_Return, C)  # on to the second question, which is answered
    qtbot.keyClicks(QApplication.focusWidget(), "Second answer")

    qtbot.waitUntil(lambda: planned.second in saved_answers(db, planned), timeout=6_000)
    saved = saved_answers(db, planned)
    assert saved[planned.second] == "Second answer", "the other answer is saved all the same"
    assert saved[planned.first] == "x" * MAX_TEXT, "the paste was cut to what an answer holds"
    assert first.value() == "x" * MAX_TEXT
    assert not first.problem.isHidden()  # type: ignore[attr-defined]
    assert f"{MAX_TEXT:,}" in first.problem.text()  # type: ignore[attr-defined]
    assert "cut" in first.problem.text()  # type: ignore[attr-defined]

    # typed on past the limit: that answer cannot be saved, says so, and the others still are
    press(qtbot, Qt.Key.Key_PageUp, C)
    assert mode.current is not None and mode.current.id == planned.first
    qtbot.keyClicks(QApplication.focusWidget(), "yz")
    press(qtbot, Qt.Key.Key_Return, C)
    qtbot.keyClicks(QApplication.focusWidget(), ", and more")
    qtbot.waitUntil(
        lambda: saved_answers(db, planned)[planned.second] == "Second answer, and more",
        timeout=6_000,
    )
    qtbot.waitUntil(lambda: "not saved" in mode.save_state.text().casefold())
    assert "First?" in mode.save_state.text(), "the status names the answer not saved"
    assert "too long" in first.problem.text()  # type: ignore[attr-defined]
    assert saved_answers(db, planned)[planned.first] == "x" * MAX_TEXT, "its last good value"

    # made short enough again, it is saved and the marks go
    press(qtbot, Qt.Key.Key_PageUp, C)
    press(qtbot, Qt.Key.Key_Backspace)
    press(qtbot, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: "not saved" not in mode.save_state.text().casefold(), timeout=6_000)
    assert first.problem.isHidden()  # type: ignore[attr-defined]
    mode.close()
    idle(qtbot, window)


def test_the_notes_too_long_do_not_stop_the_answers(db: Database, people, planned: Planned) -> None:
    """The workflow behind the autosave: each field on its own merits."""
    with db.session() as s:
        interviews.start_interview(s, planned.interview, by=people.rm)
    with db.session() as s:
        unsaved = interviews.autosave_progress(
            s,
            planned.interview,
            answers={planned.first: "y" * (MAX_TEXT + 1), planned.second: "Kept"},
            notes="n" * (MAX_TEXT + 1),
            current_question_id=planned.second,
        )
    assert set(unsaved.answers) == {planned.first} and "too long" in unsaved.answers[planned.first]
    assert "too long" in unsaved.notes
    with db.read_session() as s:
        state = interview_state(s, planned.interview)
    assert state.answers == {planned.second: "Kept"}
    assert state.current_question_id == planned.second and state.notes == ""


# -- item 3: a half-typed expectation is never thrown away ------------------------------------


def test_a_half_typed_expectation_survives_esc_ctrl_t_and_ctrl_e(
    qtbot: QtBot, db: Database, people, planned: Planned, make_window, monkeypatch
) -> None:
    window = make_window(db)
    mode = open_mode(qtbot, window, planned)
    press(qtbot, Qt.Key.Key_E, C)
    panel = mode.panel.currentWidget()
    qtbot.waitUntil(lambda: panel.service.count() == 1)
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Never down before noon")

    press(qtbot, Qt.Key.Key_Escape)  # put away: the words stay
    assert not mode.panel.isVisible()
    press(qtbot, Qt.Key.Key_E, C)
    panel = mode.panel.currentWidget()
    assert panel.words.toPlainText() == "Never down before noon", "Esc kept the words"

    press(qtbot, Qt.Key.Key_T, C)  # the action panel instead, then back
    assert mode.panel.currentWidget() is not panel
    qtbot.keyClicks(QApplication.focusWidget(), "Send the report")
    press(qtbot, Qt.Key.Key_E, C)
    panel = mode.panel.currentWidget()
    assert panel.words.toPlainText() == "Never down before noon", "Ctrl+T kept the words"
    press(qtbot, Qt.Key.Key_E, C)  # Ctrl+E again while it is open
    assert mode.panel.currentWidget().words.toPlainText() == "Never down before noon"
    press(qtbot, Qt.Key.Key_T, C)
    assert mode.panel.currentWidget().text.text() == "Send the report", "so did the action"

    from relman.ui.dialogs.form import DiscardTyped  # closing asks: see the next test

    monkeypatch.setattr(DiscardTyped, "ask", lambda *_args, **_kw: True)
    mode.close()
    qtbot.waitUntil(lambda: window_of(planned.interview) is None)
    idle(qtbot, window)


def test_closing_interview_mode_asks_before_unrecorded_words_go(
    qtbot: QtBot, db: Database, people, planned: Planned, make_window, monkeypatch
) -> None:
    from relman.ui.dialogs.form import DiscardTyped

    asked: list[str] = []
    answer = [False]

    def ask(_parent, text: str = "") -> bool:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(DiscardTyped, "ask", ask)
    window = make_window(db)
    mode = open_mode(qtbot, window, planned)
    press(qtbot, Qt.Key.Key_E, C)
    panel = mode.panel.currentWidget()
    qtbot.waitUntil(lambda: panel.service.count() == 1)
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "Never down before noon")
    press(qtbot, Qt.Key.Key_Escape)
    assert asked == [], "putting the panel away asks nothing: the words are kept"

    mode.close()
    assert len(asked) == 1 and "expectation" in asked[0]
    assert mode.isVisible() and window_of(planned.interview) is mode, "No keeps the window"
    assert mode.panel.isVisible() and panel.words.hasFocus(), "and shows the words"

    answer[0] = True
    mode.close()
    qtbot.waitUntil(lambda: window_of(planned.interview) is None)
    idle(qtbot, window)
