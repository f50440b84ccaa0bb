"""CSV export: files spreadsheet programs open correctly, with every formula start made harmless."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relman.errors import RelmanError, ValidationError
from relman.storage import Database
from relman.workflows.contacts import create_contact
from relman.workflows.csv_export import (
    FORMULA_STARTS,
    KINDS,
    csv_bytes,
    csv_table,
    export_csv,
    neutralise,
)
from relman.workflows.portfolio import create_unit

BOM = b"\xef\xbb\xbf"


def _read(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _safe(cell: str) -> bool:
    return not cell.startswith(FORMULA_STARTS)


#: text that starts like a formula more often than chance would
hostile = st.one_of(
    st.text(),
    st.tuples(st.sampled_from([*FORMULA_STARTS, "'", '"', ",", ";", "\n"]), st.text()).map("".join),
    st.sampled_from(
        [
            '=HYPERLINK("http://x","y")',
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
            "'=already",
            "=cmd|' /C calc'!A0",
            "",
        ]
    ),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(hostile, min_size=1, max_size=5), min_size=1, max_size=6))
def test_no_cell_of_the_file_starts_a_formula_and_each_reads_back(rows: list[list[str]]):
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    headers = [f"col {i}" for i in range(width)]
    back = _read(csv_bytes(headers, rows))
    assert back[0] == headers
    assert len(back) == len(rows) + 1
    for written, read in zip(rows, back[1:], strict=True):
        for original, cell in zip(written, read, strict=True):
            assert _safe(cell)
            assert cell == neutralise(original)
            assert cell == original or cell == "'" + original


def test_files_are_utf8_with_a_bom_and_crlf_lines():
    data = csv_bytes(["name"], [["Zoë 😀"], ["line\nbreak"]])
    assert data.startswith(BOM)
    assert data.count(b"\r\n") == 3
    assert _read(data) == [["name"], ["Zoë 😀"], ["line\nbreak"]]


def test_each_list_exports_its_records(db: Database, tmp_path: Path):
    with db.session() as s:
        unit = create_unit(s, "=Finance", division="@HQ", notes="-1 notes")
        create_contact(s, "+Ann Ödegaard", unit_id=unit.id, email="ann@example.com")
        create_contact(s, "Bob", title='Head, "Ops"', notes="two\nlines")
    with db.read_session() as s:
        for kind in KINDS:
            headers, _rows = csv_table(s, kind)
            assert export_csv(s, kind, tmp_path / f"{kind}.csv") >= 0
            assert _read((tmp_path / f"{kind}.csv").read_bytes())[0] == headers
    units = _read((tmp_path / "units.csv").read_bytes())
    assert units[1][:3] == ["'=Finance", "'@HQ", "medium"]
    contacts = {row[0]: row for row in _read((tmp_path / "contacts.csv").read_bytes())[1:]}
    assert contacts["'+Ann Ödegaard"][2:4] == ["'=Finance", "ann@example.com"]
    assert contacts["Bob"][1] == 'Head, "Ops"' and contacts["Bob"][-1] == "two\nlines"
    assert all(_safe(c) for row in contacts.values() for c in row)


def test_an_unknown_list_and_a_bad_target_are_refused(db: Database, tmp_path: Path):
    with db.read_session() as s:
        with pytest.raises(ValidationError, match="contacts, units"):
            csv_table(s, "people")
        with pytest.raises(RelmanError, match="is a folder"):
            export_csv(s, "units", tmp_path)
        with pytest.raises(RelmanError, match="does not exist"):
            export_csv(s, "units", tmp_path / "nowhere" / "units.csv")


def test_an_export_replaces_the_old_file_only_when_complete(db: Database, tmp_path: Path):
    target = tmp_path / "units.csv"
    target.write_text("old")
    with db.read_session() as s:
        export_csv(s, "units", target)
    assert _read(target.read_bytes())[0][0] == "name"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []
