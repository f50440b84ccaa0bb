"""Screenshots of the escalations page: the open ones with one escalation's history, a
manager's team, and the form that resolves an escalation by agreeing a target."""

from __future__ import annotations

from pathlib import Path

from screenshots import settle, shoot

from relman.ui import identity
from relman.ui.escalations.resolve import ResolveDialog
from relman.ui.main_window import MainWindow
from relman.ui.pages.escalations import EscalationsPage
from relman.workflows.staff import staff_rows


def take(window: MainWindow, tmp: str, out: Path) -> None:
    page = window.show_page("escalations")
    assert isinstance(page, EscalationsPage)
    settle(window)
    page.status.setCurrentIndex(1)  # open or in discussion
    settle(window)
    talked = page.model.find(lambda r: r.status.value == "in_discussion")
    page.table.selectRow(max(talked, 0))
    settle(window)
    shoot(window, tmp, out / "escalations-open.png")
    if page.current is not None:
        page.panel.resolve_button.click()
        settle(window)
        form = page.form
        assert isinstance(form, ResolveDialog)
        form.resolution.setPlainText(
            "Both managers accept 99.5% in office hours, with a weekend maintenance window."
        )
        form.agreed.setChecked(True)
        shoot(form, tmp, out / "escalations-resolve.png")
        form.reject()
    with window.ctx.db.read_session() as s:  # the view of the RM's manager
        me = next(p for p in staff_rows(s) if p.id == window.ctx.me)
    identity.remember(window.ctx, me.reports_to_id)
    page.status.setCurrentIndex(0)
    page.team.setChecked(True)
    settle(window)
    page.table.selectRow(0)
    settle(window)
    shoot(window, tmp, out / "escalations-team.png")
    page.team.setChecked(False)
    identity.remember(window.ctx, me.id)
    settle(window)
