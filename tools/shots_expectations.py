"""Screenshots of the expectations page: an expectation's timeline, the evidence beside a
negotiation, and the measurement grid with its trend (called by tools/screenshots.py)."""

from __future__ import annotations

from pathlib import Path

from screenshots import settle, shoot

from relman.models import ExpectationStatus
from relman.ui.expectations.detail import EVIDENCE, HISTORY, MEASUREMENTS
from relman.ui.main_window import MainWindow


def _select(page: object, window: MainWindow, wanted: object) -> bool:
    """Select the first listed expectation that ``wanted(row)`` accepts."""
    rows = page.model.rows  # type: ignore[attr-defined]
    row = next((r for r in rows if wanted(r)), None)
    if row is None:
        return False
    page.select_record(row.id)  # type: ignore[attr-defined]
    settle(window)
    return True


def take(window: MainWindow, tmp: str, out: Path) -> None:
    page = window.show_page("expectations")
    settle(window)
    panel = page.panel  # type: ignore[attr-defined]
    most_steps = max(page.model.rows, key=lambda r: r.status is ExpectationStatus.AGREED)  # type: ignore[attr-defined]
    page.select_record(most_steps.id)  # type: ignore[attr-defined]
    settle(window)
    panel.tabs.setCurrentIndex(HISTORY)
    settle(window)
    shoot(window, tmp, out / "expectations-timeline.png")
    rows = page.model.rows  # type: ignore[attr-defined]
    agreed = {r.service for r in rows if r.status is ExpectationStatus.AGREED}
    open_ = (ExpectationStatus.STATED, ExpectationStatus.VALIDATED, ExpectationStatus.NEGOTIATING)
    if _select(page, window, lambda r: r.status in open_ and r.service in agreed):
        panel.tabs.setCurrentIndex(EVIDENCE)
        settle(window)
        shoot(window, tmp, out / "expectations-evidence.png")
    measured = lambda r: r.status is ExpectationStatus.AGREED  # noqa: E731
    if _select(page, window, measured):
        panel.tabs.setCurrentIndex(MEASUREMENTS)
        settle(window)
        shoot(window, tmp, out / "expectations-measurements.png")
