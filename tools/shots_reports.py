"""Screenshots of the reports: the preview of a review pack built from the Reports page,
open at its portfolio page.

(The pages of the printed reports themselves are in docs/screenshots/report-*.png, turned
into pictures with pdftoppm from ``relman report``'s output.)"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from screenshots import settle, shoot

from relman.ui.main_window import MainWindow
from relman.ui.pages.reports import ReportsPage
from relman.ui.reports.preview import PreviewDialog


def take(window: MainWindow, tmp: str, out: Path) -> None:
    page = window.show_page("reports")
    assert isinstance(page, ReportsPage)
    settle(window)
    page.pack_button.click()
    for _ in range(40):
        settle(window)
        found = [w for w in QApplication.topLevelWidgets() if isinstance(w, PreviewDialog)]
        if found:
            break
    else:
        return
    dialog = found[0]
    dialog.resize(860, 900)
    dialog.view.go_to(min(2, dialog.page_count - 1))
    settle(window)
    shoot(dialog, tmp, out / "report-preview.png")
    dialog.close()
