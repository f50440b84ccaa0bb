"""File → Import and export: the calendar (.ics), the lists as CSV, and the import of
contacts and units from CSV with a preview.

Every step that touches the database or a file runs through the window's runner: exports as
read jobs (the file is written through a temporary file renamed into place), the preview as
a long read job that checks every row and writes nothing, the import itself as the named
command ``import_rows`` (relman/workflows/csv_import.py), one write job, one transaction,
the one ``relman import`` runs. An import can be undone in one step (Edit → Undo import of 12
contacts): the records it created are removed, and redo puts the same records back. The undo
takes only what the import made (noted in the importing transaction): if someone has since
added to an imported record (an expectation in an imported unit), it is refused whole,
naming whose work it is, and nothing is removed. Runs on the main thread.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QStandardPaths, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)
from sqlalchemy.orm import Session

from relman.errors import ReadOnlyError
from relman.ui.dialogs.import_csv import ImportPreviewDialog
from relman.ui.errors import show_error
from relman.ui.file_dialogs import FileDialog
from relman.ui.runner import JobControl
from relman.ui.undo import Edit
from relman.workflows.calendar import local_zone_name
from relman.workflows.commands import Command, Outcome

if TYPE_CHECKING:
    from relman.ui.main_window import MainWindow
    from relman.workflows.csv_import import ImportPreview, ImportResult
    from relman.workflows.csv_read import CsvFile

CSV_FILTER = "CSV files (*.csv *.txt);;All files (*)"
ICS_FILTER = "Calendar files (*.ics)"
#: the lists of File → Import and export → Export … as CSV, as (kind, menu text, file name)
CSV_EXPORTS = (
    ("contacts", "Export c&ontacts as CSV…", "contacts.csv"),
    ("units", "Export &units as CSV…", "units.csv"),
    ("expectations", "Export e&xpectations as CSV…", "expectations.csv"),
    ("actions", "Export &action items as CSV…", "action-items.csv"),
)


def _documents() -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def _say(window: MainWindow, text: str) -> None:
    window.statusBar().showMessage(text, 10_000)


class CalendarRangeDialog(QDialog):
    """Which days the calendar export covers: from a day (today) to a day or no end."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export calendar")
        self.setMinimumWidth(420)
        form = QFormLayout(self)
        intro = QLabel(
            "Interviews (not cancelled) and meetings, as an iCalendar file that calendar "
            "programs import. Importing a newer export updates the events."
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        today = QDate.currentDate()
        self.start = QDateEdit(today)
        self.start.setCalendarPopup(True)
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.until = QDateEdit(today.addMonths(3))
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("yyyy-MM-dd")
        self.no_end = QCheckBox("No end")
        self.no_end.toggled.connect(lambda on: self.until.setEnabled(not on))
        form.addRow("&From:", self.start)
        form.addRow("&Until:", self.until)
        form.addRow("", self.no_end)
        zone = QLabel(f"Times are written in this computer's time zone, {local_zone_name()}.")
        zone.setTextFormat(Qt.TextFormat.PlainText)
        zone.setWordWrap(True)
        form.addRow(zone)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #b00020")
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def days(self) -> tuple[dt.date, dt.date | None]:
        until = None if self.no_end.isChecked() else self.until.date().toPython()
        return self.start.date().toPython(), until  # type: ignore[return-value]

    def _check(self) -> None:
        start, until = self.days()
        if until is not None and until < start:
            self.error.setText("The last day comes before the first day.")
            return
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[dt.date, dt.date | None] | None:
        """The days chosen, or None when cancelled."""
        dialog = cls(parent)
        try:
            return dialog.days() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


def _save_to(window: MainWindow, title: str, name: str, file_filter: str) -> Path | None:
    return FileDialog.ask_save(window, title, _documents() / name, file_filter)


def export_calendar(window: MainWindow) -> None:
    from relman.workflows.calendar import export_calendar as write

    days = CalendarRangeDialog.ask(window)
    if days is None:
        return
    target = _save_to(window, "Export calendar", "relman.ics", ICS_FILTER)
    if target is None:
        return
    start, until = days

    def done(count: int) -> None:
        _say(window, f"Wrote {count} {'event' if count == 1 else 'events'} to {target}")

    window.ctx.runner.read(lambda s: write(s, target, start=start, until=until), done)


def export_csv(window: MainWindow, kind: str, name: str) -> None:
    from relman.workflows.csv_export import KINDS
    from relman.workflows.csv_export import export_csv as write

    noun = KINDS[kind][0]
    target = _save_to(window, f"Export {noun} as CSV", name, CSV_FILTER)
    if target is None:
        return
    window.ctx.runner.read(
        lambda s: write(s, kind, target), lambda n: _say(window, f"Wrote {n} {noun} to {target}")
    )


def import_csv(window: MainWindow, kind: str) -> None:
    """Choose a file, show its preview, and import it if the user says so."""
    from relman.workflows.csv_import import KINDS, headers_of, preview
    from relman.workflows.csv_read import read_file

    noun = KINDS[kind].plural
    if window.ctx.runner.refusal:  # say so before the user picks a file that cannot be saved
        show_error(window, ReadOnlyError(window.ctx.runner.refusal))
        return
    path = FileDialog.ask_open(window, f"Import {noun}", _documents(), CSV_FILTER)
    if path is None:
        return

    def check(session: Session, job: JobControl) -> ImportPreview:
        file = read_file(Path(path), headers_of(kind))
        return preview(session, kind, file, job.progress)

    def checked(result: ImportPreview) -> None:
        if ImportPreviewDialog.ask(window, result):
            run_import(window, kind, result.file)

    window.ctx.runner.long(check, checked, label=f"Checking the {noun} in {Path(path).name}…")


def run_import(window: MainWindow, kind: str, file: CsvFile) -> None:
    """Import ``file`` with the command ``import_rows``, in one write job with a progress
    dialog and Cancel; once saved, push its undo (which takes back what it made)."""
    from relman.workflows.csv_import import KINDS

    n, what = len(file.rows), KINDS[kind]
    command = Command(
        "import_rows",
        {"kind": kind, "file": file},
        by=window.ctx.me,
        text=f"import of {n} {what.noun if n == 1 else what.plural}",
    )

    def done(outcome: Outcome) -> None:
        runner, stack = window.ctx.runner, window.ctx.undo
        if outcome.inverse is not None:
            stack.push(Edit(runner, stack, outcome))
        else:
            runner.not_undoable.emit(outcome.why_not)
        result: ImportResult = outcome.result
        _say(window, result.summary())

    window.ctx.runner.run(command, done, label="Importing…")


def _add(window: MainWindow, text: str, slot: Any, shortcut: str = "", tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(slot)
    window.actions.exchange_menu.addAction(action)
    return action


def install(window: MainWindow) -> None:
    """Fill File → Import and export."""
    _add(
        window,
        "Export &calendar…",
        lambda: export_calendar(window),
        "Ctrl+Shift+E",
        "Interviews and meetings as an iCalendar file for calendar programs",
    )
    for kind, text, name in CSV_EXPORTS:
        _add(window, text, lambda _=False, k=kind, n=name: export_csv(window, k, n))
    window.actions.exchange_menu.addSeparator()
    _add(
        window,
        "&Import contacts…",
        lambda: import_csv(window, "contacts"),
        "Ctrl+Alt+I",
        "Add contacts from a CSV file, after a preview",
    )
    _add(
        window,
        "Import u&nits…",
        lambda: import_csv(window, "units"),
        tip="Add business units from a CSV file, after a preview",
    )
