"""The log never holds what was typed: when a database error is logged, the statement's
shape and the error are, the values (a note's text) are not."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from relman.paths import log_file
from relman.storage import open_database
from tests.cli.test_cli import relman

CANARY = "Confidential-canary-7c1f: the CFO said the merger is off"


def test_a_database_error_does_not_carry_its_parameters(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        with pytest.raises(DBAPIError) as caught, db.session() as s:
            s.execute(text("INSERT INTO no_such_table VALUES (:note)"), {"note": CANARY})
    finally:
        db.close()
    assert "no_such_table" in str(caught.value)  # the statement's shape is kept
    assert CANARY not in str(caught.value)


def test_an_unexpected_error_in_an_import_logs_no_note_text(tmp_path: Path) -> None:
    path = tmp_path / "relman.sqlite"
    assert relman("demo", "--db", str(path)).returncode == 0
    con = sqlite3.connect(path)  # a rule relman does not know makes the insert fail
    con.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON contacts BEGIN SELECT RAISE(FAIL, 'no'); END"
    )
    con.commit()
    con.close()
    source = tmp_path / "contacts.csv"
    source.write_text(f'name,notes\nNew Person,"{CANARY}"\n', encoding="utf-8")

    result = relman("import", "contacts", str(source), "--db", str(path))
    assert result.returncode != 0
    assert CANARY not in result.stderr
    logged = log_file().read_text(encoding="utf-8")
    assert "contacts" in logged  # the failure was logged…
    assert CANARY not in logged  # …without the note


def test_logging_a_database_error_keeps_the_note_out(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = open_database(db_path)
    try:
        with pytest.raises(DBAPIError) as caught, db.session() as s:
            s.execute(text("INSERT INTO no_such_table VALUES (:note)"), {"note": CANARY})
    finally:
        db.close()
    with caplog.at_level(logging.ERROR):
        logging.getLogger("relman.test").error("failed", exc_info=caught.value)
    assert "no_such_table" in caplog.text and CANARY not in caplog.text
