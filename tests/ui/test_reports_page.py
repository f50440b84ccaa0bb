"""The Reports page: the choices load, each report is built on the runner and opens in the
preview, the preview saves a copy, and a cancelled build leaves no file behind."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from relman.models import MeetingKind
from relman.reports.document import Cancelled
from relman.storage import Database
from relman.ui.pages.reports import ReportsPage
from relman.ui.reports import build_job
from relman.ui.reports.preview import PreviewDialog
from relman.workflows import contacts, meetings, portfolio
from tests.ui.conftest import idle


@pytest.fixture
def filled(db: Database, people) -> None:
    with db.session() as s:
        unit = portfolio.create_unit(s, "Dispatch <b>&", rms=[people.rm])
        head = contacts.create_contact(s, "Дмитрий Ødegård", unit_id=unit.id)
        meetings.record_meeting(
            s,
            kind=MeetingKind.MONTHLY_REVIEW,
            held_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=2),
            by=people.rm,
            unit_id=unit.id,
            staff_ids=[people.rm],
            contact_ids=[head.id],
            delivered="New <img src=x> labels",
        )


def open_reports(qtbot: QtBot, window) -> ReportsPage:
    page = window.show_page("reports")
    assert isinstance(page, ReportsPage)
    idle(qtbot, window)
    return page


def previews() -> list[PreviewDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, PreviewDialog)]


def test_a_review_pack_is_built_previewed_and_saved(
    qtbot: QtBot, db: Database, filled, make_window, tmp_path: Path
) -> None:
    window = make_window(db)
    page = open_reports(qtbot, window)
    assert page.unit.currentText() == "Dispatch <b>&"
    assert page.manager.itemText(0) == "All managers"
    assert "Mara Manager" in [page.manager.itemText(i) for i in range(page.manager.count())]
    assert not page.prep_button.isEnabled()  # no interview planned
    page.pack_button.click()
    qtbot.waitUntil(lambda: bool(previews()), timeout=20_000)
    [dialog] = previews()
    assert dialog.windowTitle() == "Review pack"
    assert dialog.path.exists() and dialog.page_count >= 3
    dialog.save_to(tmp_path / "pack.pdf")
    assert (tmp_path / "pack.pdf").read_bytes() == dialog.path.read_bytes()
    kept = dialog.path
    dialog.close()
    qtbot.waitUntil(lambda: not kept.exists())


def test_the_escalation_summary_opens_too(qtbot: QtBot, db: Database, filled, make_window):
    window = make_window(db)
    page = open_reports(qtbot, window)
    page.status.setCurrentIndex(1)
    page.summary_button.click()
    qtbot.waitUntil(lambda: bool(previews()), timeout=20_000)
    [dialog] = previews()
    assert dialog.windowTitle() == "Escalation summary"
    dialog.close()


class _Cancelled:
    """What the runner hands a job, after the user pressed Cancel."""

    cancelled = True

    def progress(self, done: int, total: int, what: str = "") -> None:
        return None


def test_a_cancelled_build_leaves_no_file(db: Database, filled, tmp_path, monkeypatch) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    job = build_job("review-pack", {"unit": "Dispatch <b>&"})
    with db.read_session() as s, pytest.raises(Cancelled):
        job(s, _Cancelled())  # type: ignore[arg-type]
    assert list(temp.iterdir()) == []
