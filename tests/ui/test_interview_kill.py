"""Never lose a word: relman is killed (SIGKILL) in the middle of an interview, and the file
holds everything typed up to two seconds before the kill — answers, notes and the question
on screen — and the next start offers to resume exactly there.

Each run starts relman's interview mode in a subprocess (tests/ui/interview_kill_driver.py)
on a copy of a prepared database; the driver types into it and prints what the window holds
after each key. After a random while the test kills it and compares the file
with what was on screen two seconds earlier. Twenty runs, so that a failure one time in
twenty would show.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from relman.models import InterviewStatus
from relman.storage import open_database
from relman.ui import identity
from relman.ui.interview.launch import window_of
from relman.ui.interview.mode import InterviewWindow
from relman.ui.interview.resume import offer_resume
from relman.workflows import contacts, interviews, portfolio, scripts, staff
from relman.workflows.interview_queries import interview_state

DRIVER = Path(__file__).with_name("interview_kill_driver.py")
RUNS = 20
AT_ONCE = 3
MAX_LOSS_S = 2.0
QUESTIONS = 10
SCRIPT = {
    "name": "Kill test",
    "sections": [
        {
            "title": "Everything",
            "questions": [
                {"kind": "open", "text": f"Question {n}?"} for n in range(1, QUESTIONS + 1)
            ],
        }
    ],
}


@dataclass(frozen=True)
class Prepared:
    path: Path
    me: uuid.UUID
    interview: uuid.UUID


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Prepared:
    """A database with an RM, a customer, a script of open questions and a planned interview."""
    path = tmp_path_factory.mktemp("kill") / "base.sqlite"
    db = open_database(path)
    with db.session() as s:
        me = staff.add_staff(s, "Rui Relman").id
        unit = portfolio.create_unit(s, "Sales")
        ana = contacts.create_contact(s, "Ana", unit_id=unit.id)
        script = scripts.create_script(s, SCRIPT)
        s.flush()
        interview = interviews.schedule_interview(
            s,
            script_id=script.id,
            contact_ids=[ana.id],
            at=dt.datetime.now(dt.UTC),
            by=me,
        ).id
    db.close()
    return Prepared(path, me, interview)


@dataclass
class Run:
    seed: int
    states: list[dict]  # what the window held, after each key
    killed_at: float
    stderr: str


def _read(pipe, into: list[dict], ready: threading.Event) -> None:
    for line in pipe:
        record = json.loads(line)
        if "ready" in record:
            ready.set()
        else:
            into.append(record)


def run_once(prepared: Prepared, tmp: Path, seed: int) -> tuple[Run, Path]:
    path = tmp / f"run{seed}.sqlite"
    shutil.copy(prepared.path, path)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [
            sys.executable,
            str(DRIVER),
            str(path),
            str(tmp / f"settings{seed}.ini"),
            str(prepared.me),
            str(prepared.interview),
            str(seed),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    states: list[dict] = []
    ready = threading.Event()
    reader = threading.Thread(target=_read, args=(process.stdout, states, ready), daemon=True)
    reader.start()
    try:
        assert ready.wait(60), "interview mode did not open"
        time.sleep(random.Random(seed).uniform(2.4, 3.2))
    finally:
        killed_at = time.monotonic()
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    reader.join(10)
    return Run(seed, states, killed_at, process.stderr.read()), path


def check(prepared: Prepared, run: Run, path: Path) -> None:
    """The file holds what the window held two seconds before the kill, and nothing that
    was never typed."""
    assert run.states, run.stderr
    db = open_database(path)
    try:
        with db.read_session() as s:
            saved = interview_state(s, prepared.interview)
    finally:
        db.close()
    assert saved.status is InterviewStatus.IN_PROGRESS
    before = [st for st in run.states if st["t"] <= run.killed_at - MAX_LOSS_S]
    last = run.states[-1]
    stored = {str(q): v for q, v in saved.answers.items()}
    if before:
        then = before[-1]
        for question, typed in then["answers"].items():
            assert stored.get(question, "").startswith(typed.rstrip()), (run.seed, question)
        assert saved.notes.startswith(then["notes"].rstrip()), run.seed
        later = [st["question"] for st in run.states if st["t"] >= then["t"]]
        assert str(saved.current_question_id) in later, run.seed
    for question, value in stored.items():  # nothing that was not on screen
        assert last["answers"].get(question, "").startswith(value), (run.seed, question)
    assert last["notes"].startswith(saved.notes), run.seed


def test_killed_in_mid_interview_nothing_older_than_two_seconds_is_lost(
    prepared: Prepared, tmp_path: Path
) -> None:
    with ThreadPoolExecutor(AT_ONCE) as pool:
        runs = list(pool.map(lambda seed: run_once(prepared, tmp_path, seed), range(RUNS)))
    typed = 0
    for run, path in runs:
        check(prepared, run, path)
        typed += len(run.states)
    assert typed > RUNS * 40  # every run typed for real, not only opened the window


def test_after_a_kill_the_next_start_resumes_exactly_where_it_was(
    prepared: Prepared, tmp_path: Path, qtbot: QtBot, make_window
) -> None:
    run, path = run_once(prepared, tmp_path, seed=99)
    check(prepared, run, path)
    db = open_database(path)
    try:
        with db.read_session() as s:
            saved = interview_state(s, prepared.interview)
        window = make_window(db)
        identity.remember(window.ctx, prepared.me)
        offer_resume(window)
        qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
        qtbot.keyClick(QApplication.activeModalWidget(), Qt.Key.Key_Return)  # Resume
        qtbot.waitUntil(lambda: window_of(prepared.interview) is not None)
        mode = window_of(prepared.interview)
        assert isinstance(mode, InterviewWindow)
        assert mode.current.id == saved.current_question_id
        assert mode.notes.toPlainText() == saved.notes
        for question, value in saved.answers.items():
            mode.show_question(next(q for q in mode.visible() if q.id == question))
            assert mode.inputs[question].value() == value
        mode.close()
        window.ctx.runner.wait()
    finally:
        db.close()
