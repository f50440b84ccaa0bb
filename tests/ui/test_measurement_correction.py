"""Correcting a recorded measurement from the expectation's measurement grid: the form asks
the corrected value and why, met or missed is judged again, the grid shows the value was
corrected, undo puts the old value back, and a measurement someone else changed meanwhile is
not corrected over their change."""

from __future__ import annotations

import datetime as dt
import uuid

from pytestqt.qtbot import QtBot

from relman.models import ExpectationStatus, Measurement
from relman.storage import Database
from relman.ui.dialogs.form import FormDialog
from relman.ui.expectations.measurements import UNEXPLAINED
from relman.workflows import measurements
from tests.ui.conftest import idle
from tests.ui.test_expectations_page import bring_to, dialog, exp_id, opened, save

__all__ = ["exp_id"]  # the fixture, shared with the expectations page tests

REASON = "The weekend outage was counted twice"


def recorded_miss(db: Database, people, exp_id: uuid.UUID) -> Measurement:
    bring_to(db, people, exp_id, ExpectationStatus.AGREED)
    with db.session() as s:
        return measurements.record_measurement(
            s, exp_id, period=f"{dt.date.today():%Y-%m}", value=97.2, by=people.rm
        )


def value_of(db: Database, measurement_id: uuid.UUID) -> tuple[float, bool]:
    with db.read_session() as s:
        m = s.get(Measurement, measurement_id)
        return m.value, m.met


def test_a_miss_corrected_into_a_met_shows_so_and_undo_puts_the_old_value_back(
    qtbot: QtBot, db: Database, people, make_window, exp_id
) -> None:
    m = recorded_miss(db, people, exp_id)
    window, page = opened(qtbot, db, make_window, exp_id)
    grid = page.panel.grid
    qtbot.waitUntil(lambda: grid.table.rowCount() >= 1 and grid.table.item(0, 3).text() != "")
    assert grid.table.item(0, 3).text() == UNEXPLAINED

    grid.table.selectRow(0)
    assert grid.correct_button.isEnabled()
    grid.correct_button.click()
    form = dialog(qtbot, FormDialog)
    assert "Correct the value of" in form.windowTitle() and "97.2" in form.windowTitle()
    form.editors["value"].setText("99.7")
    qtbot.keyClicks(form.editors["reason"], REASON)
    save(qtbot, form)
    qtbot.waitUntil(lambda: grid.table.item(0, 3).text() == "met")
    value = grid.table.item(0, 1)
    assert value.text().startswith("99.7")
    tip = value.toolTip()
    with db.read_session() as s:
        [correction] = measurements.measurement_corrections(s, m.id)
    assert correction.corrected_by and correction.corrected_by in tip, tip
    assert "97.2" in tip and REASON in tip, tip
    assert value_of(db, m.id) == (99.7, True)
    assert window.ctx.undo.undoText() == f"correction of the measurement of {m.period}"

    window.ctx.undo.undo()
    idle(qtbot, window)
    assert value_of(db, m.id) == (97.2, False)
    qtbot.waitUntil(lambda: grid.table.item(0, 3).text() == UNEXPLAINED)
    assert grid.table.item(0, 1).text().startswith("97.2")
    with db.read_session() as s:  # the undo is itself a correction: the history stays
        history = measurements.measurement_corrections(s, m.id)
        assert [(c.old_value, c.new_value) for c in history] == [(97.2, 99.7), (99.7, 97.2)]
        assert [r.measurement_id for r in measurements.unexplained_misses(s)] == [m.id]

    window.ctx.undo.redo()
    idle(qtbot, window)
    assert value_of(db, m.id) == (99.7, True)
    qtbot.waitUntil(lambda: grid.table.item(0, 3).text() == "met")


def test_a_measurement_someone_else_changed_meanwhile_is_not_corrected(
    qtbot: QtBot, db: Database, other: Database, people, make_window, exp_id
) -> None:
    m = recorded_miss(db, people, exp_id)
    window, page = opened(qtbot, db, make_window, exp_id)
    grid = page.panel.grid
    qtbot.waitUntil(lambda: grid.table.rowCount() >= 1 and grid.table.item(0, 3).text() != "")
    form = grid.correct(grid.grid.rows[0])
    # meanwhile, someone else explains the miss from their own window
    with other.session() as s:
        measurements.explain_miss(
            s,
            m.id,
            by=people.manager,
            cause="A disk failed in the database server",
            resolution="The disk was replaced",
            prevention="Disks are now monitored",
            expected_version=m.version,
        )
    form.editors["value"].setText("99.7")
    qtbot.keyClicks(form.editors["reason"], REASON)
    save(qtbot, form)
    qtbot.waitUntil(lambda: "Someone else changed this measurement" in form.message.text())
    assert form.isVisible()
    assert value_of(db, m.id) == (97.2, False)
    with db.read_session() as s:
        assert measurements.measurement_corrections(s, m.id) == []
    assert window.ctx.undo.count() == 0
    form.reject()
    idle(qtbot, window)
