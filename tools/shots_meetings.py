"""Screenshots of meetings and action items: a monthly review with its carried agenda, the
form of a new monthly review (the agenda its unit's last review left open), the form of a
quarterly service review (agreed expectations and latest measurements) and the action list.

Called by tools/screenshots.py as ``take(window, tmp, out)``.
"""

from __future__ import annotations

from pathlib import Path

from screenshots import settle, shoot

from relman.models import MeetingKind
from relman.ui.main_window import MainWindow


def _latest_monthly(page: object) -> object:
    """The latest monthly review listed: its unit's next review has most to carry."""
    model = page.model  # type: ignore[attr-defined]
    rows = [model.row_at(n) for n in range(model.rowCount())]
    monthly = [r for r in rows if r.kind is MeetingKind.MONTHLY_REVIEW]
    return max(monthly, key=lambda r: r.held_at)


def take(window: MainWindow, tmp: str, out: Path) -> None:
    page = window.show_page("meetings")
    settle(window)
    latest = _latest_monthly(page)
    page.show_unit(latest.unit_id)  # type: ignore[attr-defined]
    settle(window)
    page.new_meeting(MeetingKind.MONTHLY_REVIEW)  # type: ignore[attr-defined]
    settle(window)
    form = page.form  # type: ignore[attr-defined]
    for name in ("Ahmed Rahman", "Daniel Kovács"):
        form.attendees.tick(name)
    form.editors["discussed"].setPlainText("Month-end close; the new expense tool.")
    form.editors["delivered"].setPlainText("Self-service password reset for accounting.")
    form.editors["planned"].setPlainText("- Train the controllers\n- Archive 2025 ledgers")
    form.actions.add_row("Send the outage report to the controllers", None, "2026-12-04")
    settle(window)
    shoot(form, tmp, out / "meeting-form-monthly.png")
    form.save()  # recorded: the review below shows what it carried
    settle(window)
    shoot(window, tmp, out / "meetings-review.png")

    page.new_meeting(MeetingKind.QUARTERLY_SERVICE_REVIEW)  # type: ignore[attr-defined]
    settle(window)
    form = page.form  # type: ignore[attr-defined]
    form.editors["discussed"].setPlainText("Close ran on time; one incident in week 2.")
    settle(window)
    shoot(form, tmp, out / "meeting-form-quarterly.png")
    form.reject()
    page.show_unit(None)  # type: ignore[attr-defined]
    settle(window)

    actions = window.show_page("actions")
    settle(window)
    if actions.model.rowCount():  # type: ignore[attr-defined]
        actions.table.selectRow(0)  # type: ignore[attr-defined]
        settle(window)
    shoot(window, tmp, out / "actions-list.png")
