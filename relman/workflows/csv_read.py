"""Reading a CSV file someone saved from a spreadsheet, before anything is imported from it.

Everything that makes the *file* unusable is refused here with one sentence saying what to
do: an empty file, a file that is not UTF-8 text (or is a workbook), one over
:data:`MAX_FILE_BYTES`, a field over :data:`MAX_FIELD_CHARS`, a quote that is never closed,
a header without a ``name`` column. A byte-order mark is taken off; the separator (``,``,
``;`` as spreadsheets write it where the comma is the decimal mark, or a tab) is told from
the header line. What is wrong with single *rows* is left to the import, which reports it
row by row (:mod:`relman.workflows.csv_import`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from relman.errors import RelmanError
from relman.workflows.csv_export import FORMULA_STARTS

MAX_FILE_BYTES = 20 * 1024 * 1024
#: The longest cell taken: the longest note a record holds (common.MAX_TEXT).
MAX_FIELD_CHARS = 100_000
SEPARATORS = (",", ";", "\t")
SEPARATOR_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}


class CsvFileError(RelmanError):
    """The file as a whole cannot be read as a list of rows; nothing was imported."""


@dataclass(frozen=True)
class CsvRow:
    line: int  # where the row starts in the file, 1-based (the header is line 1)
    values: dict[str, str]  # by known column name; missing cells are ""
    extra: int = 0  # cells beyond the header's columns (holding text)


@dataclass(frozen=True)
class CsvFile:
    columns: tuple[str, ...]  # the known columns the header names, in its order
    ignored: tuple[str, ...]  # header names relman does not know, left out
    separator: str
    rows: tuple[CsvRow, ...]


def read_file(path: Path, known: dict[str, str]) -> CsvFile:
    """Read ``path``; ``known`` maps each accepted header (lower case) to its column."""
    path = Path(path).expanduser()
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise CsvFileError(f"{path} is a folder; choose a CSV file.")
        if size > MAX_FILE_BYTES:
            raise CsvFileError(
                f"{path.name} is {size / 1024 / 1024:.0f} MB; relman imports CSV files of up "
                f"to {MAX_FILE_BYTES // 1024 // 1024} MB. Split it into smaller files."
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise CsvFileError(f"There is no file {path}.") from None
    except OSError as exc:
        raise CsvFileError(f"Could not read {path}: {exc.strerror or exc}.") from None
    return read_bytes(data, known)


def _text(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise CsvFileError(
            f"The file is larger than {MAX_FILE_BYTES // 1024 // 1024} MB; split it into "
            "smaller files."
        )
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CsvFileError(
            "This is a spreadsheet workbook, not a CSV file. In your spreadsheet program "
            "choose Save as → “CSV UTF-8 (comma delimited)” and import that file."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvFileError(
            f"The file is not UTF-8 text (line {line} holds a byte UTF-8 does not have). "
            "Save it from your spreadsheet program as “CSV UTF-8” and import it again."
        ) from None
    if "\x00" in text:
        raise CsvFileError(
            "The file holds NUL characters, so it is not a CSV text file (UTF-16 or a "
            "binary file?). Save it as “CSV UTF-8” and import it again."
        )
    if not text.strip():
        raise CsvFileError(
            "The file is empty. It needs a header line naming the columns, then one line "
            "per record."
        )
    return text


def _header_cells(text: str, separator: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(text), delimiter=separator), [])
    except csv.Error:
        return []


def _separator(text: str, known: dict[str, str]) -> str:
    """The separator under which the header names the most known columns (comma on a tie)."""

    def score(sep: str) -> tuple[int, int]:
        cells = _header_cells(text, sep)
        return sum(c.strip().lower() in known for c in cells), len(cells)

    return max(SEPARATORS, key=score)


def _uncell(value: str) -> str:
    """A cell as typed: the apostrophe our export puts before a formula start is removed."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _records(text: str, separator: str) -> list[tuple[int, list[str]]]:
    """The records of ``text`` with the line each starts on, or a CsvFileError."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    records: list[tuple[int, list[str]]] = []
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return records
        except csv.Error as exc:
            raise _bad_record(start, str(exc)) from None
        if any(len(c) > MAX_FIELD_CHARS for c in cells):
            raise _too_long(start)
        records.append((start, cells))
        start = reader.line_num + 1


def _too_long(line: int) -> CsvFileError:
    return CsvFileError(
        f"Line {line} holds a cell longer than {MAX_FIELD_CHARS:,} characters (or a quote "
        "that is never closed); nothing was imported. Shorten the cell or close the quote."
    )


def _bad_record(line: int, why: str) -> CsvFileError:
    if "field larger than field limit" in why:
        return _too_long(line)
    if "unexpected end of data" in why:
        return CsvFileError(
            f'Line {line} opens a quoted cell (") that is never closed; nothing was imported. '
            "Add the closing quote, or save the file again from your spreadsheet program."
        )
    return CsvFileError(
        f"Line {line} is not valid CSV ({why}); a quote may be misplaced. Nothing was "
        "imported. Save the file again from your spreadsheet program."
    )


def read_bytes(data: bytes, known: dict[str, str]) -> CsvFile:
    """The rows of the CSV file ``data``, its header mapped through ``known``."""
    text = _text(data)
    separator = _separator(text, known)
    records = [r for r in _records(text, separator) if any(c.strip() for c in r[1])]
    header = [h.strip() for h in records[0][1]]
    columns: list[str] = []
    ignored: list[str] = []
    for name in header:
        column = known.get(name.lower())
        if column is None:
            ignored.append(name)
        elif column in columns:
            raise CsvFileError(f"The header names the column “{name}” twice; keep one.")
        else:
            columns.append(column)
    if "name" not in columns:
        wanted = ", ".join(dict.fromkeys(known.values()))
        raise CsvFileError(
            "The first line must name the columns, and one of them must be “name”. "
            f"Columns relman reads: {wanted}."
        )
    rows = []
    for line, cells in records[1:]:  # blank lines and rows of empty cells are left out
        values = {c: "" for c in columns}
        for name, cell in zip(header, cells, strict=False):
            column = known.get(name.lower())
            if column is not None:
                values[column] = _uncell(cell)
        extra = sum(1 for c in cells[len(header) :] if c.strip())
        rows.append(CsvRow(line, values, extra))
    if not rows:
        raise CsvFileError("The file has a header line but no rows to import.")
    return CsvFile(tuple(columns), tuple(ignored), separator, tuple(rows))
