"""CSV import of units and contacts: all rows or none, every problem reported with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from relman.models import BusinessUnit, Contact, Criticality
from relman.storage import Database
from relman.workflows.contacts import create_contact
from relman.workflows.csv_export import export_csv
from relman.workflows.csv_import import ImportRefused, headers_of, import_rows, preview
from relman.workflows.csv_read import MAX_FIELD_CHARS, CsvFileError, read_bytes, read_file
from relman.workflows.portfolio import create_unit

UNITS = (
    "name,division,criticality,review every days,own service levels,notes\r\n"
    "Finance,Group,high,14,yes,Month-end close\r\nSales,,,,,\r\n"
)
CONTACTS = (
    "name;title;unit;email;phone;notes\n"
    "Ann Ödegaard;CFO;finance;ann@example.com;+44 20 7946 0000;'=not a formula\n"
    '"Lee, Bob ""Bobby""";;Sales;;;"two\nlines"\n'
    ";;;;;\n"  # a row of empty cells a spreadsheet left behind
    "Zoë 😀;;;;;\n"
)


def _file(kind: str, text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    return read_bytes(data, headers_of(kind))


def _count(db: Database, model: type) -> int:
    with db.read_session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _import(db: Database, kind: str, text: str | bytes):
    with db.session() as s:
        return import_rows(s, kind, _file(kind, text))


def test_a_good_file_of_units_then_of_contacts_is_imported(db: Database):
    units = _import(db, "units", UNITS)
    contacts = _import(db, "contacts", CONTACTS)
    assert units.summary() == "Imported 2 units."
    assert len(contacts.ids) == 3
    with db.read_session() as s:
        finance = s.scalars(select(BusinessUnit).where(BusinessUnit.name == "Finance")).one()
        assert (finance.division, finance.criticality) == ("Group", Criticality.HIGH)
        assert (finance.review_every_days, finance.own_service_levels) == (14, True)
        ann = s.scalars(select(Contact).where(Contact.email == "ann@example.com")).one()
        assert (ann.name, ann.unit_id, ann.notes) == ("Ann Ödegaard", finance.id, "=not a formula")
        bob = s.scalars(select(Contact).where(Contact.name == 'Lee, Bob "Bobby"')).one()
        assert bob.notes == "two\nlines"
        assert s.scalar(select(Contact.unit_id).where(Contact.name == "Zoë 😀")) is None


def test_three_bad_rows_import_nothing_and_are_each_reported(db: Database):
    _import(db, "units", UNITS)
    with db.session() as s:
        create_contact(s, "Existing", email="taken@example.com")
    text = (
        "name,unit,email\n"
        "Good One,Finance,one@example.com\n"
        ",Finance,nobody@example.com\n"  # line 3: missing name
        "Cy,Marketing,cy@example.com\n"  # line 4: unknown unit
        "Good Two,Sales,\n"
        "Di,Sales,not an address\n"  # line 6: bad email
    )
    with pytest.raises(ImportRefused) as refused:
        _import(db, "contacts", text)
    assert str(refused.value) == "3 of 5 rows have problems; nothing was imported."
    problems = {(p.line, p.column): p.message for p in refused.value.preview.problems}
    assert set(problems) == {(3, "name"), (4, "unit"), (6, "email")}
    assert "cannot be empty" in problems[(3, "name")]
    assert "Unknown unit “Marketing”" in problems[(4, "unit")]
    assert "not an e-mail address" in problems[(6, "email")]
    assert _count(db, Contact) == 1


def test_duplicates_in_the_file_and_of_records_already_there_are_reported(db: Database):
    _import(db, "units", UNITS)
    with db.session() as s:
        create_contact(s, "Existing", email="taken@example.com")
    text = (
        "name,unit,email\n"
        "Ann,Finance,ann@example.com\n"
        "ann,FINANCE,other@example.com\n"  # line 3: same name in the same unit
        "Bea,,ANN@example.com\n"  # line 4: same e-mail as line 2
        "Cy,,taken@example.com\n"  # line 5: e-mail of a contact already there
    )
    with pytest.raises(ImportRefused) as refused:
        _import(db, "contacts", text)
    messages = {p.line: p.message for p in refused.value.preview.problems}
    assert messages == {
        3: "Duplicate: line 2 has the same name in the same unit.",
        4: "Duplicate: line 2 has the same e-mail address.",
        5: "Duplicate: a contact already has this e-mail address.",
    }
    with pytest.raises(ImportRefused) as refused:
        _import(db, "units", "name\nFinance\nNew\nnew\n")
    units = {(p.line, p.message) for p in refused.value.preview.problems}
    assert units == {
        (2, "Duplicate: a unit of that name already exists."),
        (4, "Duplicate: line 3 has the same unit name."),
    }
    assert _count(db, BusinessUnit) == 2


def test_the_preview_reports_without_writing_anything(db: Database):
    rows = "name,criticality,review every days,own service levels\nA,urgent,,\nB,low,0,\nC,,,no?\n"
    with db.read_session() as s:
        good = preview(s, "units", _file("units", UNITS))
        bad = preview(s, "units", _file("units", rows))
    assert good.ok and good.summary() == "2 units ready to import."
    assert not bad.ok and bad.bad_lines == {2, 3, 4}
    said = {(p.line, p.column): p.message for p in bad.problems}
    assert "“urgent” is not one of" in said[(2, "criticality")]
    assert "review rhythm" in said[(3, "review every days")]
    assert said[(4, "own service levels")] == "“no?” is neither yes nor no."
    assert _count(db, BusinessUnit) == 0


def test_an_export_imports_into_another_file(db: Database, tmp_path: Path):
    with db.session() as s:
        unit = create_unit(s, "=Ops", criticality=Criticality.CRITICAL, notes="line\nbreak")
        create_contact(s, "-Dee", unit_id=unit.id, email="dee@example.com", phone="+1 555")
    with db.read_session() as s:
        export_csv(s, "units", tmp_path / "units.csv")
        export_csv(s, "contacts", tmp_path / "contacts.csv")
    from relman.storage import open_database

    other = open_database(tmp_path / "other.sqlite")
    try:
        for kind in ("units", "contacts"):
            file = read_file(tmp_path / f"{kind}.csv", headers_of(kind))
            with other.session() as s:
                import_rows(s, kind, file)
        with other.read_session() as s:
            dee = s.scalars(select(Contact)).one()
            ops = s.scalars(select(BusinessUnit)).one()
            assert (dee.name, dee.phone, dee.unit_id) == ("-Dee", "+1 555", ops.id)
            assert (ops.name, ops.criticality, ops.notes) == (
                "=Ops",
                Criticality.CRITICAL,
                "line\nbreak",
            )
        assert "manager" in file.ignored and "key customer" in file.ignored
    finally:
        other.close()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty"),
        (b"\xef\xbb\xbf  \r\n", "The file is empty"),
        (b"name,unit\n", "a header line but no rows"),
        (b"title,email\nBoss,b@example.com\n", "must be \u201cname\u201d"),
        (b"name,Name\nA,B\n", "names the column \u201cName\u201d twice"),
        (b'name,notes\nA,"never closed\nB,x\n', 'Line 2 opens a quoted cell (") that is never'),
        (b'name,notes\nA,x"y\n"B"c,z\n', "Line 3 is not valid CSV"),
        ("name\nRen\u00e9e\n".encode("latin-1"), "not UTF-8 text (line 2"),
        ("name\nA\n".encode("utf-16"), "not UTF-8"),
        (b"PK\x03\x04\x14\x00rest of a workbook", "spreadsheet workbook, not a CSV"),
        (b"name\nA\x00B\n", "NUL characters"),
    ],
)
def test_a_malformed_file_is_refused_with_a_clear_message(data: bytes, message: str):
    with pytest.raises(CsvFileError) as refused:
        _file("contacts", data)
    assert message in str(refused.value)


@pytest.mark.parametrize("size", [MAX_FIELD_CHARS + 1, 200_000])
def test_a_huge_field_is_refused_with_its_line(size: int):
    with pytest.raises(CsvFileError, match="Line 3 holds a cell longer than 100,000"):
        _file("contacts", f'name,notes\nA,short\nB,"{"x" * size}"\nC,\n')


def test_a_field_at_the_limit_is_taken(db: Database):
    result = _import(db, "units", f"name,notes\nA,{'x' * MAX_FIELD_CHARS}\n")
    assert len(result.ids) == 1


def test_a_byte_order_mark_and_a_semicolon_or_tab_are_understood():
    for data in (
        b"\xef\xbb\xbfname;unit\r\nAnn;Sales\r\n",
        b"name\tunit\nAnn\tSales\n",
        b"\xef\xbb\xbfName,Unit\nAnn,Sales\n",
    ):
        file = _file("contacts", data)
        assert file.columns == ("name", "unit")
        assert file.rows[0].values == {"name": "Ann", "unit": "Sales"}


def test_a_file_too_large_or_missing_is_refused(tmp_path: Path):
    big = tmp_path / "big.csv"
    with big.open("wb") as out:
        out.truncate(20 * 1024 * 1024 + 1)
    with pytest.raises(CsvFileError, match="imports CSV files of up to 20 MB"):
        read_file(big, headers_of("units"))
    with pytest.raises(CsvFileError, match="There is no file"):
        read_file(tmp_path / "nope.csv", headers_of("units"))
    with pytest.raises(CsvFileError, match="is a folder"):
        read_file(tmp_path, headers_of("units"))


def test_a_row_with_more_cells_than_the_header_is_reported(db: Database):
    with pytest.raises(ImportRefused) as refused:
        _import(db, "units", "name\nA\nB,surplus\n")
    (problem,) = refused.value.preview.problems
    assert problem.line == 3 and "more cells than the header" in problem.message
