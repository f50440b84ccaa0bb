"""A correction as the window uses it, without Qt: the correction returned holds the
corrected measurement at its new version (what undo is based on), a correction back to the
old value is one more correction in the history, and the grid rows carry the corrections
of each corrected value."""

from __future__ import annotations

import pytest

from relman.errors import ConflictError
from relman.workflows import measurements
from relman.workflows.measurement_grid import measurement_grid
from tests.workflows.test_misses import MARCH, agreed, load, record, setup

__all__ = ["setup"]  # the fixture, shared with the misses tests


def test_a_correction_and_its_undo_keep_the_history_and_show_in_the_grid(db, people, setup) -> None:
    exp_id = agreed(db, setup, people.rm)
    m = record(db, people.rm, exp_id, "2026-02", 97.2)
    with db.session() as s:
        c = measurements.correct_measurement(
            s, m.id, value=99.7, reason="Counted twice", by=people.rm, expected_version=m.version
        )
        corrected = c.measurement
        assert (corrected.id, corrected.value, corrected.met) == (m.id, 99.7, True)
        version = corrected.version
    assert version == load(db, m.id).version > m.version
    with db.session() as s:  # the window's undo: a correction back, based on that version
        back = measurements.correct_measurement(
            s,
            m.id,
            value=97.2,
            reason="Undo of the correction from 97.2 to 99.7",
            by=people.rm,
            expected_version=version,
        )
        assert (back.measurement.value, back.measurement.met) == (97.2, False)
    with pytest.raises(ConflictError), db.session() as s:  # an undo on a stale version
        measurements.correct_measurement(
            s, m.id, value=99.7, reason="Redo", by=people.rm, expected_version=version
        )
    with db.read_session() as s:
        grid = measurement_grid(s, exp_id, day=MARCH.date())
    rows = {r.period: r for r in grid.rows}
    assert [(c.old_value, c.new_value, c.reason) for c in rows["2026-02"].corrections] == [
        (97.2, 99.7, "Counted twice"),
        (99.7, 97.2, "Undo of the correction from 97.2 to 99.7"),
    ]
    assert rows["2026-02"].corrections[0].corrected_by == "Rui Relman"
    assert (rows["2026-02"].value, rows["2026-02"].unexplained_miss) == (97.2, True)
    assert rows["2026-01"].corrections == ()  # not recorded, nothing corrected
