"""Types into relman's interview mode, for the kill test (tests/ui/test_interview_kill.py),
which runs this program as a subprocess and kills it with SIGKILL in mid-typing.

Usage: interview_kill_driver.py DB SETTINGS ME INTERVIEW SEED

It opens DB as relman does and starts the interview through the same call as the
interviews page's Start: interview mode opens, the real window with its runner and its
autosave (the main window is left out, so that twenty runs fit in a minute). Then it types
on a timer with QTest, one key every few milliseconds: answers, Ctrl+Enter to the next
question, now and then a line of free notes (Ctrl+N, then Ctrl+R back to the answer). After
each key it prints one JSON line with the time (``time.monotonic()``) and what the window
holds: each answer field, the notes and the question on screen. It prints
``{"ready": ...}`` once interview mode is open.
"""

from __future__ import annotations

import json
import random
import sys
import time
import uuid
from collections.abc import Callable

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

KEY_EVERY_MS = 30
WORDS = ["service", "down", "<b>bold</b>", "R&D", '"quoted"', "it's", "Monday", "99.9%", "SLA"]


def keys(rng: random.Random) -> list[Callable[[QApplication], None]]:
    """What to type: a few sentences per question, some notes between, Ctrl+Enter after."""
    steps: list[Callable[[QApplication], None]] = []

    def text(chars: str) -> None:
        steps.extend(lambda app, c=c: QTest.keyClicks(app.focusWidget(), c) for c in chars)

    def chord(key: Qt.Key) -> None:
        steps.append(lambda app: QTest.keyClick(app.focusWidget(), key, Qt.ControlModifier))

    for _question in range(8):
        text(" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7))))
        if rng.random() < 0.4:
            chord(Qt.Key.Key_N)
            text(" ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4))) + " ")
            chord(Qt.Key.Key_R)
        chord(Qt.Key.Key_Return)
    return steps


def main() -> None:
    db_path, settings_path, me, interview, seed = sys.argv[1:6]
    app = QApplication([])
    from PySide6.QtGui import QUndoStack

    from relman.storage import open_database
    from relman.ui.context import AppContext
    from relman.ui.interview.launch import hold_interview, window_of
    from relman.ui.runner import Runner
    from relman.ui.settings import Settings

    db = open_database(db_path)
    ctx = AppContext(
        db,
        Runner(db),
        Settings(QSettings(settings_path, QSettings.Format.IniFormat)),
        QUndoStack(),
        me=uuid.UUID(me),
    )
    interview_id = uuid.UUID(interview)
    todo = keys(random.Random(int(seed)))
    progress = {"started": False, "ready": False}

    def report(mode: object) -> None:
        state = {
            "t": time.monotonic(),
            "question": str(mode.current.id),  # type: ignore[attr-defined]
            "answers": {str(q): f.value() for q, f in mode.inputs.items()},  # type: ignore[attr-defined]
            "notes": mode.notes.toPlainText(),  # type: ignore[attr-defined]
        }
        print(json.dumps(state), flush=True)

    def tick() -> None:
        mode = window_of(interview_id)
        if mode is None:
            if not progress["started"]:
                progress["started"] = True
                hold_interview(ctx, None, interview_id)
            return
        if not progress["ready"]:
            progress["ready"] = True
            mode.activateWindow()
            print(json.dumps({"ready": time.monotonic()}), flush=True)
            report(mode)
        elif todo:
            todo.pop(0)(app)
            report(mode)

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(KEY_EVERY_MS)
    app.exec()


if __name__ == "__main__":
    main()
