"""Screenshots of File → Import and export: the calendar export's choice of days, and the
preview of a contact import whose file has rows to correct.

Called by tools/screenshots.py as ``take(window, tmp, out)``.
"""

from __future__ import annotations

from pathlib import Path

from screenshots import settle, shoot

from relman.ui.dialogs.import_csv import ImportPreviewDialog
from relman.ui.exchange import CalendarRangeDialog
from relman.ui.main_window import MainWindow
from relman.workflows.csv_import import headers_of, preview
from relman.workflows.csv_read import read_bytes

CONTACTS = (
    "Name;Job title;Unit;E-mail;Phone\n"
    "Priya Nair;Head of Buying;Sales;priya.nair@jeans-r-us.example;+44 113 496 0101\n"
    "Tom Becker;Store manager, Leeds;Sales;tom.becker@jeans-r-us.example;\n"
    ";Night shift lead;Distribution;;\n"
    "Lena Vogt;Controller;Accounts;lena.vogt@jeans-r-us.example;\n"
    "Jonas Weber;Planner;Distribution;jonas.weber@jeans-r-us;+44 113 496 0199\n"
    "Ana Silva;Warehouse lead;Distribution;ana.silva@jeans-r-us.example;\n"
)


def take(window: MainWindow, tmp: str, out: Path) -> None:
    dialog = CalendarRangeDialog(window)
    dialog.show()
    settle(window)
    shoot(dialog, tmp, out / "export-calendar.png")
    dialog.close()

    file = read_bytes(CONTACTS.encode(), headers_of("contacts"))
    checked: list[object] = []
    window.ctx.runner.read(lambda s: preview(s, "contacts", file), checked.append)
    settle(window)
    shown = ImportPreviewDialog(checked[0], window)  # type: ignore[arg-type]
    shown.show()
    settle(window)
    shoot(shown, tmp, out / "import-contacts-preview.png")
    shown.close()
