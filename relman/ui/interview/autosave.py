"""Interview mode saves itself: nothing typed waits for a button.

A change starts a short timer (:data:`SAVE_AFTER_MS`) that is *not* restarted by further
typing, so that someone typing without pause is still saved within a second; a question
change saves at once. Each save is one ``save_interview_progress`` command (not undoable: typing
is undone in the field itself; its audit line keeps which fields changed, not the text) run
as a write job on the runner's writer thread (the window never waits for the disk), and only
one is in flight at a time: what changes meanwhile is
gathered and goes in the next one. A committed SQLite write (WAL, synchronous) survives the
process being killed, so at most the last second of typing can be lost. A failed save keeps
its values and tries again, saying so in the window.

Each field is saved on its own merits: a value the workflow refuses (an answer too long, say)
is left out and kept in :attr:`Autosave.refused` with the reason, and every other field is
saved all the same, now and in every later save. A refused field goes again once it changes.
"""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from relman.errors import RelmanError
from relman.ui.runner import Runner
from relman.workflows import interviews
from relman.workflows.commands import Command, Outcome

SAVE_AFTER_MS = 500
RETRY_AFTER_MS = 3000
#: The key of the free notes in :attr:`Autosave.refused` (answers are keyed by question).
NOTES = "notes"


class Autosave(QObject):
    saved = Signal(object)  # the local time of the save
    failed = Signal(str)  # why the last save did not go through

    def __init__(
        self,
        runner: Runner,
        interview_id: uuid.UUID,
        parent: QObject | None = None,
        *,
        me: uuid.UUID | None = None,
    ):
        super().__init__(parent)
        self.runner = runner
        self.interview_id = interview_id
        self.me = me  # who types: the author of each save in the audit
        self._answers: dict[uuid.UUID, str] = {}
        self._notes: str | None = None
        self._question: uuid.UUID | None = None
        self._in_flight = False
        #: the fields whose last value sent was refused, with why: question ids and NOTES
        self.refused: dict[uuid.UUID | str, str] = {}
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.save_now)

    # -- what changed ------------------------------------------------------------------------
    def answer(self, question_id: uuid.UUID, value: str) -> None:
        self._answers[question_id] = value
        self._soon()

    def notes(self, text: str) -> None:
        self._notes = text
        self._soon()

    def at_question(self, question_id: uuid.UUID) -> None:
        """The question on screen changed: saved at once, so a resume lands here."""
        self._question = question_id
        self.save_now()

    @property
    def pending(self) -> bool:
        """Something typed is not yet in the file."""
        return self._in_flight or self._has_changes()

    def _has_changes(self) -> bool:
        return bool(self._answers) or self._notes is not None or self._question is not None

    def _soon(self) -> None:
        if not self.timer.isActive():
            self.timer.start(SAVE_AFTER_MS)

    # -- saving ------------------------------------------------------------------------------
    def save_now(self) -> None:
        self.timer.stop()
        if self._in_flight or not self._has_changes():
            return  # the save in flight starts the next one when it is done
        answers, notes, question = self._answers, self._notes, self._question
        self._answers, self._notes, self._question = {}, None, None
        self._in_flight = True
        save = Command(
            "save_interview_progress",
            {
                "interview_id": self.interview_id,
                "answers": dict(answers),
                "notes": notes,
                "current_question_id": question,
            },
            by=self.me,
        )

        def done(outcome: Outcome) -> None:
            unsaved: interviews.Unsaved = outcome.result
            sent: list[uuid.UUID | str] = [*answers, *([NOTES] if notes is not None else [])]
            reasons: dict[uuid.UUID | str, str] = {**unsaved.answers}
            if unsaved.notes:
                reasons[NOTES] = unsaved.notes
            for key in sent:
                if key in reasons:
                    self.refused[key] = reasons[key]
                else:
                    self.refused.pop(key, None)
            self._done()

        def failed(exc: BaseException) -> None:
            self._in_flight = False
            # newer values typed meanwhile win; the failed ones go again with them
            self._answers = {**answers, **self._answers}
            self._notes = self._notes if self._notes is not None else notes
            self._question = self._question or question
            message = exc.message if isinstance(exc, RelmanError) else str(exc)
            self.failed.emit(message)
            self.timer.start(RETRY_AFTER_MS)

        self.runner.run(save, done, on_error=failed)

    def _done(self) -> None:
        self._in_flight = False
        self.saved.emit(dt.datetime.now())
        if self._has_changes():
            self.save_now()

    def flush(self) -> None:
        """Save what is pending and wait for it (the window is closing)."""
        for _attempt in range(3):
            self.save_now()
            self.runner.wait()
            QCoreApplication.processEvents()  # the save reports back; the next one starts
            if not self.pending:
                return
