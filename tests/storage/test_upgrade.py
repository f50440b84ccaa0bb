"""Files written by an earlier relman open in this one: upgraded, backed up first, no row lost."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from relman.paths import backups_dir
from relman.storage import migrate, open_database
from relman.storage.check import check_file


def _counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE 'search_%'"
            )
        ]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        con.close()


def test_the_first_release_demo_upgrades_without_losing_a_row(demo_0002: Path) -> None:
    before = _counts(demo_0002)
    assert before["contacts"] > 0 and before["expectations"] > 0
    db = open_database(demo_0002)
    try:
        assert db.revision() == migrate.head_revision()
    finally:
        db.close()
    after = _counts(demo_0002)
    for table, rows in before.items():
        if table == "alembic_version":
            continue
        assert after.get(table, 0) >= rows, f"{table}: {rows} rows before, {after.get(table)} after"
    report = check_file(demo_0002)
    assert report.ok, report.problems


def test_the_old_file_is_backed_up_before_it_is_upgraded(demo_0002: Path) -> None:
    before = _counts(demo_0002)
    open_database(demo_0002).close()
    copies = list(backups_dir(demo_0002).glob("*before-upgrade-0002*.sqlite"))
    assert len(copies) == 1
    assert _counts(copies[0]) == before
