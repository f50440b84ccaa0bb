"""Screenshots of interviews: the list with a planned interview's preparation beside it, the
planning form, the preparation view, and interview mode (a question with its guidance and
notes, the panel capturing an expectation, the summary that finishes it).

Interview mode starts an interview and saves as it goes: it is shot on a copy of the demo
file, so that the demo the other pictures show keeps its planned interviews as they are."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from screenshots import settle, shoot

from relman.storage import open_database
from relman.ui.context import AppContext
from relman.ui.interview.finish import FinishDialog
from relman.ui.interview.launch import hold_interview, window_of
from relman.ui.interview.mode import InterviewWindow
from relman.ui.interview.prepare_view import PreparationView
from relman.ui.interview.schedule import ScheduleDialog
from relman.ui.main_window import MainWindow
from relman.ui.pages.interviews import InterviewsPage
from relman.ui.runner import Runner

ANSWERS = [
    "I run marketing for the whole brand: campaigns, the web shop's content, the catalogue. "
    "We are judged on sales from campaigns and on launch dates kept.",
    "2",  # one to three years
    "A campaign goes live on Monday at 9: pages, e-mails and the shop's banners together.",
]


def _planned(window: MainWindow, page: InterviewsPage) -> int:
    """The row of the demo's planned interview with Chloé Laurent (or the first planned)."""
    page.status.setCurrentIndex(1)  # planned
    settle(window)
    chloe = page.model.find(lambda r: "Chloé" in r.contacts)
    return chloe if chloe >= 0 else max(page.model.find(lambda r: True), 0)


def _copy(window: MainWindow, tmp: str) -> Path:
    path = Path(tmp) / "interview-mode.sqlite"
    source = sqlite3.connect(str(window.ctx.db.path))
    target = sqlite3.connect(str(path))
    source.backup(target)
    source.close()
    target.close()
    return path


def _interview_mode(window: MainWindow, tmp: str, out: Path, interview_id: object) -> None:
    db = open_database(_copy(window, tmp))
    runner = Runner(db, window)
    ctx = AppContext(db, runner, window.ctx.settings, QUndoStack(window), me=window.ctx.me)
    hold_interview(ctx, window, interview_id)  # type: ignore[arg-type]
    settle(window)
    mode = window_of(interview_id)  # type: ignore[arg-type]
    assert isinstance(mode, InterviewWindow)
    mode.resize(1280, 800)
    for answer in ANSWERS:
        field = mode.inputs[mode.current.id]  # type: ignore[union-attr]
        if len(answer) == 1:
            QTest.keyClick(field.group.button(0), Qt.Key(ord(answer)))  # type: ignore[attr-defined]
        else:
            field.edit.setPlainText(answer)  # type: ignore[attr-defined]
        mode.go(1)
    mode.go(-1)  # back to the last answer given, to show it
    mode.notes.setPlainText("Chloé has the Black Friday plan on her desk; asked for a copy.")
    settle(window, 1200)
    shoot(mode, tmp, out / "interview-mode.png")
    mode.capture_expectation()
    settle(window)
    panel = mode.panel.currentWidget()
    panel.service.setCurrentIndex(max(panel.service.findText("Web shop"), 0))  # type: ignore[attr-defined]
    panel.words.setPlainText(  # type: ignore[attr-defined]
        "Campaign pages go live at 9 on the Monday of the campaign, never later."
    )
    panel.primary()  # type: ignore[attr-defined]
    settle(window)
    shoot(mode, tmp, out / "interview-expectation.png")
    mode.close_panel()
    mode.finish()
    settle(window)
    finish = QApplication.activeModalWidget()
    if isinstance(finish, FinishDialog):
        finish.text.setPlainText("A first interview: needs understood, one expectation stated.")
        shoot(finish, tmp, out / "interview-finish.png")
        finish.reject()
    mode.close()
    settle(window)
    runner.close()
    db.close()


def take(window: MainWindow, tmp: str, out: Path) -> None:
    page = window.show_page("interviews")
    assert isinstance(page, InterviewsPage)
    settle(window)
    page.table.selectRow(_planned(window, page))
    settle(window)
    shoot(window, tmp, out / "interviews.png")
    row = page.selected
    if row is None:
        return
    page.plan()
    settle(window)
    plan = QApplication.activeModalWidget()
    if isinstance(plan, ScheduleDialog):
        shoot(plan, tmp, out / "interview-plan.png")
        plan.reject()
    page.edit_selected()
    settle(window)
    view = QApplication.activeModalWidget()
    if isinstance(view, PreparationView):
        view.resize(1000, 800)
        settle(window)
        shoot(view, tmp, out / "interview-preparation.png")
        view.reject()
    _interview_mode(window, tmp, out, row.id)
    page.status.setCurrentIndex(0)
    settle(window)
