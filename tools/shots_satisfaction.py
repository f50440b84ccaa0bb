"""Screenshots of the satisfaction page: a unit's survey trend and priority quadrant with an
issue opened from the quadrant, and the survey form with a low score's follow-up.
Called by tools/screenshots.py as ``take(window, tmp, out)``."""

from __future__ import annotations

from pathlib import Path

from screenshots import settle, shoot

from relman.ui.main_window import MainWindow
from relman.ui.pages.satisfaction import SatisfactionPage


def take(window: MainWindow, tmp: str, out: Path) -> None:
    page = window.show_page("satisfaction")
    assert isinstance(page, SatisfactionPage)
    settle(window)
    # the unit with the most issues shows the quadrant best
    best = max(range(page.units.count()), key=lambda i: _issues(page, window, i))
    page.units.setCurrentIndex(best)
    settle(window)
    shoot(window, tmp, out / "satisfaction-trend.png")
    if page.quadrant.points:
        page.quadrant.setFocus()
        page.quadrant.focus_point(0)
        page.quadrant.activated.emit(page.quadrant.points[0].id)
        settle(window)
    shoot(window, tmp, out / "satisfaction-quadrant.png")
    page.record_survey()
    settle(window)
    form = page.form
    form.rows[0].score.setText("2")
    form.rows[0].follow_up.setText("Calls wait twenty minutes at month end")
    form.rows[1].score.setText("4.5")
    form.rows[2].score.setText("9")
    settle(window)
    shoot(form, tmp, out / "satisfaction-survey-form.png")
    form.reject()


def _issues(page: SatisfactionPage, window: MainWindow, index: int) -> int:
    page.units.setCurrentIndex(index)
    settle(window, 60)
    return len(page.quadrant.points) * 10 + len(page.trend.points)
