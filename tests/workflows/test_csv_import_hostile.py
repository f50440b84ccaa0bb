"""CSV import against files that are not what they seem (issue 16, item 9).

A file of empty cells, a folder, a pipe, a device behind a symlink: each is refused with one
sentence, and nothing that is not a regular file is ever opened. Names are checked against
one set read once, so the number of queries does not grow with the rows. Reading a pipe or
a device would block this process, so those reads run on a thread given a few seconds.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import Engine

from relman.models import BusinessUnit, Contact
from relman.storage import Database
from relman.workflows.csv_import import ImportRefused, headers_of, import_rows, preview
from relman.workflows.csv_read import MAX_FILE_BYTES, CsvFileError, read_bytes, read_file
from relman.workflows.portfolio import create_unit

UNITS = headers_of("units")


def _within(seconds: float, fn: Callable[[], Any]) -> Any:
    """``fn()``'s result or exception, or a failure when it has not returned in time (the
    thread is left blocked: it is a daemon)."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(("value", fn()))
        except BaseException as exc:
            outcome.append(("error", exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still reading after {seconds} s: it blocked"
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


@pytest.mark.parametrize(
    "content",
    [b",,,", b'""', b",,,\n,,,\n", b'"";""\r\n', b'\xef\xbb\xbf""\t""\n', b" , ,\n"],
    ids=["commas", "empty quotes", "two lines of commas", "semicolons", "tabs", "spaces"],
)
def test_a_file_of_empty_cells_is_refused_as_having_no_header(content: bytes):
    with pytest.raises(CsvFileError) as refused:
        read_bytes(content, UNITS)
    assert "no header line" in str(refused.value)


def test_a_folder_is_refused(tmp_path: Path):
    with pytest.raises(CsvFileError, match="is a folder"):
        read_file(tmp_path, UNITS)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("through_symlink", [False, True], ids=["pipe", "symlink to a pipe"])
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(
    tmp_path: Path, through_symlink: bool
):
    pipe = tmp_path / "units.csv"
    os.mkfifo(pipe)
    path = pipe
    if through_symlink:
        path = tmp_path / "link.csv"
        path.symlink_to(pipe)
    with pytest.raises(CsvFileError) as refused:
        _within(10, lambda: read_file(path, UNITS))
    assert "not a regular file" in str(refused.value)


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_symlink_to_a_device_is_refused(tmp_path: Path):
    """/dev/null: a character device that, unlike /dev/zero, cannot fill the memory of a
    test run on code that reads it (the command-line tests try /dev/zero itself)."""
    link = tmp_path / "units.csv"
    link.symlink_to("/dev/null")
    with pytest.raises(CsvFileError) as refused:
        _within(10, lambda: read_file(link, UNITS))
    assert "not a regular file" in str(refused.value) and "device" in str(refused.value)


def test_a_file_over_the_cap_is_refused_naming_the_cap(tmp_path: Path):
    big = tmp_path / "units.csv"
    with big.open("wb") as f:
        f.write(b"name\n")
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written
    with pytest.raises(CsvFileError) as refused:
        read_file(big, UNITS)
    assert f"{MAX_FILE_BYTES // 1024 // 1024} MB" in str(refused.value)


class _Selects:
    """Counts the SELECT statements every engine runs while it is entered."""

    def __init__(self) -> None:
        self.count = 0

    def _seen(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            self.count += 1

    def __enter__(self) -> _Selects:
        event.listen(Engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(Engine, "before_cursor_execute", self._seen)


def _queries_to_import(db: Database, kind: str, rows: int, offset: int) -> int:
    lines = "".join(f"{kind} {offset + i},Unit 1\n" for i in range(rows))
    file = read_bytes(f"name,unit\n{lines}".encode(), headers_of(kind))
    with _Selects() as selects, db.session() as s:
        import_rows(s, kind, file)
    return selects.count


@pytest.mark.parametrize("kind", ["units", "contacts"])
def test_names_are_read_once_not_once_per_row(db: Database, kind: str):
    with db.session() as s:
        create_unit(s, "Unit 1")
    few = _queries_to_import(db, kind, 10, 0)
    many = _queries_to_import(db, kind, 400, 10)
    assert many == few, f"{few} queries for 10 rows, {many} for 400"
    with db.read_session() as s:
        model = BusinessUnit if kind == "units" else Contact
        assert s.scalar(select(func.count()).select_from(model)) == 410 + (kind == "units")


def test_a_duplicate_of_a_row_or_of_a_record_is_still_found(db: Database):
    with db.session() as s:
        create_unit(s, "Straße")
    text = "name\nSTRASSE\nFinance\nfinance\n"
    with pytest.raises(ImportRefused) as refused, db.session() as s:
        import_rows(s, "units", read_bytes(text.encode(), UNITS))
    problems = {p.line: p.message for p in refused.value.preview.problems}
    assert set(problems) == {2, 4}
    assert "already exists" in problems[2] and "line 3" in problems[4]
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(BusinessUnit)) == 1


def test_progress_says_how_far_the_check_and_the_import_got(db: Database):
    text = "name\n" + "".join(f"Unit {i}\n" for i in range(1, 1001))
    file = read_bytes(text.encode(), UNITS)
    seen: list[tuple[int, int, str]] = []
    with db.session() as s:
        checked = preview(s, "units", file, lambda *a: seen.append(a))
    assert checked.ok
    assert seen[-1] == (1000, 1000, "")
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)
    assert any(what == "Checking row 501 of 1,000" for _, _, what in seen)
    seen.clear()
    with db.session() as s:
        result = import_rows(s, "units", file, lambda *a: seen.append(a))
    assert len(result.ids) == 1000
    assert any("Saving units: 0 of 1,000" in what for _, _, what in seen)
    assert seen[-1] == (1000, 1000, "")


def test_a_stop_halfway_through_saving_leaves_nothing(db: Database):
    """Cancel in the window raises from ``progress``: the rows saved so far go too."""
    text = "name\n" + "".join(f"Unit {i}\n" for i in range(1, 5001))
    file = read_bytes(text.encode(), UNITS)

    def cancel_at_4000(done: int, total: int, what: str) -> None:
        if what.startswith("Saving") and done >= 4000:
            raise KeyboardInterrupt  # stands for the runner's Cancelled

    with db.session() as s:
        with pytest.raises(KeyboardInterrupt):
            import_rows(s, "units", file, cancel_at_4000)
        assert s.scalar(select(func.count()).select_from(BusinessUnit)) == 0
    with db.read_session() as s:
        assert s.scalar(select(func.count()).select_from(BusinessUnit)) == 0
