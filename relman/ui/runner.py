"""The one way the window works with the database: a job runs on a thread pool with its own
session, and its result or error comes back to the main thread through a signal.

- ``runner.read(fn, on_done, key=...)``: ``fn(session)`` runs in a read session. With a
  ``key`` only the latest job of that key reports back (typing in a search box starts a job
  per keystroke; answers to older keystrokes are dropped).
- ``runner.run(command, on_done, label=...)``: runs a named command
  (:mod:`relman.workflows.commands`) in a write session that commits when it returns; the
  session refuses any change made outside a command, and there is no other way to write.
  Writes run one at a time, in the order given. When the job commits, ``runner.changed``
  is emitted with what it wrote, and each page decides whether to reload. With a
  ``label``, a progress dialog with Cancel appears if it is still running after
  :data:`PROGRESS_DELAY_MS` (the command takes a ``progress`` argument).
- ``runner.long(fn, on_done, label=...)``: a long read (a report, a check):
  ``fn(session, job)`` may report progress with ``job.progress(done, total, what)``, with
  the same dialog.

What a job read and wrote is derived from its SQL (:mod:`relman.storage.reads`), never
declared: a keyed read that reports back emits ``runner.loaded(key, tables)`` with the
tables its statements read, and a committed write's :class:`Changes` holds the tables its
statements wrote (with the search index its triggers keep and the rows its deletes
cascade to). A page reloads when a write's tables meet its last load's.

While ``runner.refusal`` holds a sentence (the file is open read-only), every write is
refused with a :class:`relman.errors.ReadOnlyError` carrying it, before it touches the file.

An error that is a :class:`relman.errors.RelmanError` goes to ``on_error`` (default: a short
dialog with its message); anything else is logged with its traceback and shown as an apology.
A job without ``on_error`` that finds the file damaged emits ``runner.damaged`` instead of a
dialog: the window says so once, in its banner, rather than once per page.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget
from sqlalchemy.orm import Session

from relman.errors import CorruptFileError, ReadOnlyError
from relman.storage import Database
from relman.storage.reads import touched, with_side_effects, written
from relman.ui.errors import show_error
from relman.workflows import commands, history
from relman.workflows.commands import Command, Outcome

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 600


class Cancelled(Exception):
    """Raised inside a job when the user pressed Cancel."""


@dataclass(frozen=True)
class Changes:
    """What a committed write touched: table names and ids."""

    tables: frozenset[str]
    ids: frozenset[Any]

    def touches(self, *tables: str) -> bool:
        return bool(self.tables.intersection(tables))


class JobControl:
    """Handed to long jobs: report progress, notice Cancel."""

    def __init__(self, signals: _Signals) -> None:
        self._signals = signals
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def progress(self, done: int, total: int, what: str = "") -> None:
        if self._cancelled.is_set():
            raise Cancelled
        self._signals.progress.emit(done, total, what)


class _Signals(QObject):
    done = Signal(object, object, object)  # result, Changes | None, frozenset of tables read
    failed = Signal(object)  # the exception
    progress = Signal(int, int, str)


class _Job(QRunnable):
    def __init__(self, db: Database, fn: Callable[..., Any], write: bool, with_control: bool):
        super().__init__()
        self.setAutoDelete(False)
        self.signals = _Signals()
        self.control = JobControl(self.signals)
        self._db, self._fn, self._write, self._with_control = db, fn, write, with_control

    def run(self) -> None:
        try:
            opener = self._db.session if self._write else self._db.read_session
            with opener() as session:
                if self._write:
                    commands.require_commands(session)
                args = (session, self.control) if self._with_control else (session,)
                result = self._fn(*args)
                # the sets are filled until the commit's last flush, after these lines
                info = session.info.setdefault("changes", set())
                read, wrote = touched(session), written(session)
            changes = None
            if self._write:
                tables = with_side_effects(wrote | {t for t, _ in info})
                changes = Changes(tables, frozenset(i for _, i in info))
            self._report(self.signals.done, result, changes, frozenset(read))
        except BaseException as exc:  # reported to the main thread, never lost
            self._report(self.signals.failed, exc)

    @staticmethod
    def _report(signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the window closed while the job ran: nobody left to tell
            log.info("a job finished after its window closed")


def _refuse(message: str) -> Callable[..., Any]:
    """A job that refuses to write, reported like any other failed job."""

    def refuse(*_args: Any) -> Any:
        raise ReadOnlyError(message)

    return refuse


class Runner(QObject):
    changed = Signal(object)  # Changes
    loaded = Signal(str, object)  # a keyed read's key, the frozenset of tables it read
    busy_changed = Signal(bool)
    damaged = Signal(object)  # the CorruptFileError a job ran into
    not_undoable = Signal(str)  # why a command just saved cannot be undone

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.window = parent
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(2)
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)  # SQLite has one writer; keep writes in order
        self._jobs: set[_Job] = set()
        self._latest: dict[str, _Job] = {}
        self._closed = False
        self.refusal: str | None = None  # why writes are refused (a read-only file)

    # -- starting jobs ---------------------------------------------------------------------
    def read(
        self,
        fn: Callable[[Session], Any],
        on_done: Callable[[Any], None],
        *,
        key: str | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self._start(fn, on_done, on_error, write=False, key=key, label=None, control=False)

    def run(
        self,
        command: Command | Callable[[], Command],
        on_done: Callable[[Outcome], None] | None = None,
        *,
        on_error: Callable[[BaseException], None] | None = None,
        label: str | None = None,
        committed: Callable[[Outcome], None] | None = None,
    ) -> None:
        """Run a named command as a write job; ``on_done`` gets its :class:`Outcome`.

        ``command`` may be a function that gives the command when the job starts, after
        every write queued before it has committed; ``committed(outcome)`` runs on the
        worker as soon as it commits, before the next write starts (undo and redo pass on
        what each step left this way). With a ``label``, a progress dialog with Cancel shows
        if it takes a while."""

        def job(session: Session, control: JobControl) -> Outcome:
            cmd = command() if callable(command) else command
            outcome = commands.execute(session, cmd, progress=control.progress)
            if committed is not None:
                history.after_commit(session, lambda: committed(outcome))
            return outcome

        self._start(job, on_done, on_error, write=True, key=None, label=label, control=True)

    def long(
        self,
        fn: Callable[[Session, JobControl], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        label: str,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """A long read (a report, a check): ``fn(session, job)`` in a read session."""
        self._start(fn, on_done, on_error, write=False, key=None, label=label, control=True)

    def _start(self, fn, on_done, on_error, *, write, key, label, control) -> None:
        if self._closed:
            return
        if write and self.refusal is not None:
            fn, write = _refuse(self.refusal), False
        job = _Job(self.db, fn, write, control)
        self._jobs.add(job)
        if key is not None:
            self._latest[key] = job
        dialog = self._progress_dialog(job, label) if label else None

        def finish() -> bool:
            self._jobs.discard(job)
            if dialog is not None:
                dialog.close()
                dialog.deleteLater()
            if not self._jobs:
                self.busy_changed.emit(False)
            if key is not None and self._latest.get(key) is not job:
                return False  # a newer job of the same key answers instead
            if key is not None:
                del self._latest[key]
            return True

        def done(result: Any, changes: Changes | None, read: frozenset[str]) -> None:
            current = finish()
            if changes is not None and changes.tables:
                self.changed.emit(changes)
            if current and key is not None and not write:
                self.loaded.emit(key, read)
            if current and on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            if not finish() or isinstance(exc, Cancelled):
                return
            if on_error is not None:
                on_error(exc)
            elif isinstance(exc, CorruptFileError):
                self.damaged.emit(exc)
            else:
                show_error(self.window, exc)

        job.signals.done.connect(done, Qt.ConnectionType.QueuedConnection)
        job.signals.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
        if len(self._jobs) == 1:
            self.busy_changed.emit(True)
        (self._writes if write else self._reads).start(job)

    def _progress_dialog(self, job: _Job, label: str) -> QProgressDialog:
        dialog = QProgressDialog(label, "Cancel", 0, 0, self.window)
        dialog.setWindowTitle("relman")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(job.control.cancel)

        def on_progress(done: int, total: int, what: str) -> None:
            dialog.setMaximum(max(total, 1))
            dialog.setValue(min(done, max(total, 1)))
            if what:
                dialog.setLabelText(f"{label}\n{what}")

        job.signals.progress.connect(on_progress, Qt.ConnectionType.QueuedConnection)
        QTimer.singleShot(PROGRESS_DELAY_MS, lambda: dialog.show() if job in self._jobs else None)
        return dialog

    # -- state -----------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until every job has finished (closing the window, tests)."""
        return self._writes.waitForDone(msecs) and self._reads.waitForDone(msecs)

    def close(self) -> None:
        """Take no new jobs and wait for the running ones (the window is closing)."""
        self._closed = True
        self.wait()
