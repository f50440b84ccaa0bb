"""Pages reload when a committed write changed what they show (issue 17, item 4): what a page
shows is derived from the tables its loads read, so no hand-written list can drift."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QTreeWidgetItemIterator
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from relman.models import Dependence, Frequency, MeasurementType
from relman.storage import Database
from relman.ui.main_window import PAGES, MainWindow
from relman.workflows import commands, contacts, measurements, portfolio, services
from relman.workflows import expectations as ex
from relman.workflows.commands import Command
from tests.ui.conftest import idle

AGREED_AT = dt.datetime(2025, 12, 15, 10, tzinfo=dt.UTC)
TERMS = ex.Terms(99.5, MeasurementType.AVAILABILITY, Frequency.MONTHLY, target_unit="%")
LAST_MONTH = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")


def a_miss(db: Database, rm: uuid.UUID) -> uuid.UUID:
    """An agreed expectation of ``rm``'s unit, with last month's miss not yet explained."""
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales", rms=[rm])
        service = services.create_service(s, "CRM")
        portfolio.set_dependency(s, unit.id, service.id, Dependence.HIGH)
        contact = contacts.create_contact(s, "Carla Customer", unit_id=unit.id)
        exp = ex.state_expectation(
            s,
            unit_id=unit.id,
            service_id=service.id,
            statement="The CRM must be up whenever a shop is open.",
            by=rm,
            contact_id=contact.id,
            at=AGREED_AT,
        )
        ex.validate_expectation(s, exp.id, by=rm, at=AGREED_AT)
        ex.agree(s, exp.id, TERMS, by=rm, at=AGREED_AT)
        miss = measurements.record_measurement(s, exp.id, period=LAST_MONTH, value=98.0, by=rm)
        return miss.id


def shown(page) -> str:
    lines, it = [], QTreeWidgetItemIterator(page.tree)
    while it.value():
        lines.append(" ".join(it.value().text(n) for n in range(3)))
        it += 1
    return "\n".join(lines)


def test_explaining_a_miss_takes_it_off_the_dashboard(
    qtbot: QtBot, db: Database, people, make_window: Callable[[Database], MainWindow]
) -> None:
    miss = a_miss(db, people.rm)
    window = make_window(db)
    me = window.ctx.me
    dashboard = window.show_page("dashboard")
    idle(qtbot, window)
    assert "missed" in shown(dashboard) and "not explained" in shown(dashboard)

    window.show_page("expectations")
    idle(qtbot, window)
    # what the measurement grid's "Explain" does with the form's answers
    window.ctx.runner.run(
        Command(
            "explain_miss",
            {
                "measurement_id": miss,
                "cause": "A failed disk",
                "resolution": "Replaced",
                "prevention": "Mirrored disks",
                "expected_version": 1,
            },
            by=me,
        )
    )
    idle(qtbot, window)
    window.show_page("dashboard")
    idle(qtbot, window)
    assert "not explained" not in shown(dashboard)
    assert "Every miss is explained." in shown(dashboard)


@pytest.fixture
def touch() -> Iterator[Callable[[str], Command]]:
    """``touch(table)``: a command that changes one row of ``table`` (its ``updated_at``, or
    ``version``) with a Core UPDATE, which the ORM's own change list never sees. Registered
    for the test only."""
    from relman.models import Base

    @commands.command(name="touch_a_row", never="a test's write")
    def touch_a_row(s: Session, table: str) -> None:
        model = Base.metadata.tables[table]
        row = s.execute(select(model.c.id).limit(1)).scalar_one()
        column = "version" if "version" in model.c else "updated_at"
        value = model.c[column] + 1 if column == "version" else dt.datetime.now(dt.UTC)
        s.execute(update(model).where(model.c.id == row).values({column: value}))

    yield lambda table: Command("touch_a_row", {"table": table})
    del commands.REGISTRY["touch_a_row"]


def _has_rows(s: Session, table: str) -> bool:
    """Whether ``table`` is one of the models' tables with an ``id`` and a row to change."""
    from relman.models import Base

    model = Base.metadata.tables.get(table)
    if model is None or "id" not in model.c:
        return False
    return s.execute(select(model.c.id).limit(1)).first() is not None


@pytest.mark.parametrize("key", [key for key, _title, _kinds in PAGES])
def test_every_page_reloads_when_a_table_it_read_is_written(
    qtbot: QtBot,
    db: Database,
    people,
    make_window: Callable[[Database], MainWindow],
    key: str,
    touch: Callable[[str], Command],
) -> None:
    a_miss(db, people.rm)
    window = make_window(db)
    page = window.show_page(key)
    idle(qtbot, window)
    read = page.read_tables
    assert read, f"the {key} page's loads reported no table read"
    loads: list[str] = []
    original = page.reload
    page.reload = lambda: (loads.append(key), original())  # type: ignore[method-assign]
    with db.read_session() as s:
        written = [t for t in sorted(read) if _has_rows(s, t)]
    assert written, f"the {key} page read no table with a row to change"
    for table in written:
        loads.clear()
        # a Core UPDATE, which the ORM's own change list never sees
        with qtbot.waitSignal(window.ctx.runner.changed) as signal:
            window.ctx.runner.run(touch(table))
        idle(qtbot, window)
        assert table in signal.args[0].tables
        assert loads, f"the {key} page did not reload after {table} was written"


def test_a_reload_after_a_write_does_not_wipe_the_message_it_left(
    qtbot: QtBot, db: Database, people, make_window
) -> None:
    """A page reloading after a write used to clear the status bar's message ("Imported 2
    contacts.") as the runner went idle; "Working…" is now a label of its own."""
    window = make_window(db)
    window.statusBar().showMessage("Saved the thing.", 10_000)
    window.ctx.runner.run(Command("create_unit", {"name": "Freshly made"}))
    idle(qtbot, window)
    assert window.statusBar().currentMessage() == "Saved the thing."
    assert not window.working.isVisible()


@pytest.mark.parametrize(
    ("key", "subject"), [("units", "unit"), ("contacts", "contact"), ("services", "service")]
)
def test_a_records_detail_says_who_changed_what(
    qtbot: QtBot, db: Database, people, make_window, key: str, subject: str
) -> None:
    """Edits of units, contacts and services show in the record's detail, from the audit."""
    with db.session() as s:
        unit = portfolio.create_unit(s, "Sales")
        ids = {
            "unit": unit.id,
            "contact": contacts.create_contact(s, "Carla Customer", unit_id=unit.id).id,
            "service": services.create_service(s, "CRM").id,
        }
    window = make_window(db)
    page = window.show_page(key)
    idle(qtbot, window)
    edits = {
        "unit": Command(
            "edit_unit",
            {"unit_id": ids["unit"], "expected_version": 1, "changes": {"notes": "Moved"}},
            by=people.rm,
            text="edit of unit Sales",
        ),
        "contact": Command(
            "update_contact",
            {"contact_id": ids["contact"], "expected_version": 1, "title": "Head of sales"},
            by=people.rm,
            text="edit of contact Carla Customer",
        ),
        "service": Command(
            "update_service",
            {"service_id": ids["service"], "expected_version": 1, "owner": "Infra team"},
            by=people.rm,
            text="edit of service CRM",
        ),
    }
    window.ctx.runner.run(edits[subject])
    idle(qtbot, window)
    qtbot.waitUntil(lambda: page.model.rowCount() >= 1)
    page.table.selectRow(0)
    idle(qtbot, window)
    browser = page.info if key == "contacts" else page.detail
    qtbot.waitUntil(lambda: "Changes" in browser.toPlainText())
    text = browser.toPlainText()
    assert "Rui Relman" in text
    assert edits[subject].text in text
    assert {"unit": "notes “Moved”", "contact": "title “Head of sales”"}.get(
        subject, "owner “Infra team”"
    ) in text
