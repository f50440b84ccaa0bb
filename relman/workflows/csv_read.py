"""Reading a CSV file someone saved from a spreadsheet, before anything is imported from it.

Everything that makes the *file* unusable is refused here with one sentence saying what to
do: anything but a regular file (a folder, a device, a named pipe: refused from ``stat``
before it is opened, so reading never blocks nor runs on endlessly), an empty file or one
of empty cells, a file that is not UTF-8 text (or is a workbook), one over
:data:`MAX_FILE_BYTES`, a field over :data:`MAX_FIELD_CHARS`, a quote that is never closed,
a header without a ``name`` column. A byte-order mark is taken off; the separator (``,``,
``;`` as spreadsheets write it where the comma is the decimal mark, or a tab) is told from
the header line. What is wrong with single *rows* is left to the import, which reports it
row by row (:mod:`relman.workflows.csv_import`).
"""

from __future__ import annotations

import csv
import io
import os
import stat
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
    return read_bytes(_regular_file_bytes(Path(path).expanduser()), known)


def _not_regular(path: Path, mode: int) -> CsvFileError:
    if stat.S_ISDIR(mode):
        return CsvFileError(f"{path} is a folder; choose a CSV file.")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "a device"
    elif stat.S_ISFIFO(mode):
        what = "a named pipe"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    else:
        what = "something else"
    return CsvFileError(
        f"{path} is not a regular file ({what}); relman imports CSV files saved on disk. "
        "Choose a CSV file."
    )


def _too_big(name: str, size: int | None = None) -> CsvFileError:
    how_big = f"is {size / 1024 / 1024:.0f} MB" if size is not None else "keeps growing"
    return CsvFileError(
        f"{name} {how_big}; relman imports CSV files of up to "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB. Split it into smaller files."
    )


def _regular_file_bytes(path: Path) -> bytes:
    """The bytes of ``path`` (symlinks followed) when it is a regular file of at most
    MAX_FILE_BYTES. Anything else is refused from its ``stat`` before it is opened, and
    it is opened without blocking, so that a pipe or a device swapped in between is
    never waited on nor read from endlessly."""
    try:
        real = path.resolve(strict=True)
        info = os.stat(real)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular(path, info.st_mode)
        if info.st_size > MAX_FILE_BYTES:
            raise _too_big(path.name, info.st_size)
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
        fd = os.open(real, flags)
        with os.fdopen(fd, "rb") as file:
            opened = os.fstat(file.fileno())
            if not stat.S_ISREG(opened.st_mode):  # replaced since the stat above
                raise _not_regular(path, opened.st_mode)
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise CsvFileError(f"There is no file {path}.") from None
    except RuntimeError:  # a loop of symlinks (before Python 3.13)
        raise CsvFileError(f"{path} is a symlink that leads back to itself.") from None
    except OSError as exc:
        raise CsvFileError(f"Could not read {path}: {exc.strerror or exc}.") from None
    if len(data) > MAX_FILE_BYTES:  # it grew while it was read
        raise _too_big(path.name)
    return data


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
    if not records:
        raise CsvFileError(
            "The file has no header line: it holds only empty cells. Its first line must "
            "name the columns (one of them “name”), then one line per record."
        )
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
