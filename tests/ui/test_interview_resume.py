"""An interview left in progress is offered again at the next start and resumes exactly
where it was; closing interview mode saves every word at once."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from relman.models import Interview, InterviewStatus
from relman.storage import Database
from relman.ui.interview.launch import hold_interview, window_of
from relman.ui.interview.mode import InterviewWindow
from relman.ui.interview.resume import offer_resume
from relman.workflows import contacts, interviews, portfolio, scripts
from relman.workflows.interview_queries import interview_state
from tests.ui.conftest import idle

SCRIPT = {
    "name": "Three",
    "sections": [
        {
            "title": "All",
            "questions": [
                {"kind": "open", "text": "First?"},
                {"kind": "open", "text": "Second?"},
                {"kind": "yes_no", "text": "Third?"},
            ],
        }
    ],
}


@pytest.fixture
def running(db: Database, people) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """An interview in progress, two answers given, the second question on screen."""
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales")
        ana = contacts.create_contact(s, "Ana", unit_id=unit.id)
        script = scripts.create_script(s, SCRIPT)
        s.flush()
        interview = interviews.schedule_interview(
            s, script_id=script.id, contact_ids=[ana.id], at=dt.datetime.now(dt.UTC), by=people.rm
        ).id
        interviews.start_interview(s, interview, by=people.rm)
        questions = [q.id for sec in interview_state(s, interview).script for q in sec.questions]
        interviews.save_progress(
            s,
            interview,
            answers={questions[0]: "All of it", questions[1]: "Half typed"},
            notes="Notes <i>so far</i> 🙂",
            current_question_id=questions[1],
        )
    return interview, questions


def offered(qtbot: QtBot) -> QMessageBox:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    return box


def test_the_next_start_offers_to_resume_exactly_where_it_was(
    qtbot: QtBot, db: Database, people, running, make_window
) -> None:
    interview, questions = running
    window = make_window(db)
    qtbot.waitUntil(lambda: window.ctx.me == people.rm)
    box = offered(qtbot)  # the window offers it once it has started
    assert "Ana (Sales)" in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Resume is the default
    qtbot.waitUntil(lambda: window_of(interview) is not None)
    mode = window_of(interview)
    assert isinstance(mode, InterviewWindow)
    assert mode.current.id == questions[1]
    assert mode.inputs[questions[1]].value() == "Half typed"
    assert mode.notes.toPlainText() == "Notes <i>so far</i> 🙂"
    assert mode.progress.text() == "Question 2 of 3"

    qtbot.keyClicks(mode.inputs[questions[1]].edit, ", now whole")  # type: ignore[attr-defined]
    mode.close()  # closing saves at once, and the interview stays in progress
    idle(qtbot, window)
    with db.read_session() as s:
        state = interview_state(s, interview)
    assert state.answers[questions[1]] == "Half typed, now whole"
    assert state.status is InterviewStatus.IN_PROGRESS


def test_later_leaves_it_and_nothing_is_offered_when_nothing_was_cut_short(
    qtbot: QtBot, db: Database, people, running, make_window
) -> None:
    interview, _questions = running
    window = make_window(db)
    qtbot.waitUntil(lambda: window.ctx.me == people.rm)
    box = offered(qtbot)  # the window offers it once it has started
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not box.isVisible())
    assert window_of(interview) is None
    with db.session() as s:
        interviews.finish_interview(s, interview, by=people.rm)
    offer_resume(window)
    idle(qtbot, window)
    assert not isinstance(QApplication.activeModalWidget(), QMessageBox)
    with db.read_session() as s:
        assert s.get(Interview, interview).status is InterviewStatus.COMPLETED


def test_quitting_relman_in_mid_interview_saves_what_was_just_typed(
    qtbot: QtBot, db: Database, people, running, make_window
) -> None:
    interview, _questions = running
    window = make_window(db)
    qtbot.waitUntil(lambda: window.ctx.me == people.rm)
    hold_interview(window.ctx, window, interview)
    qtbot.waitUntil(lambda: window_of(interview) is not None)
    mode = window_of(interview)
    qtbot.keyClicks(mode.notes, " and the last words")
    window.close()  # at once, before the autosave's timer: the quit saves them
    with db.read_session() as s:
        assert interview_state(s, interview).notes == "Notes <i>so far</i> 🙂 and the last words"
