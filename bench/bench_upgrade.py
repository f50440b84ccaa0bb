"""Benchmark: upgrade a large database made by an earlier relman to today's schema.

    uv run python bench/bench_upgrade.py OLD.sqlite [--ref REV]

``OLD.sqlite`` is never written: it is copied under bench/out/ first. Without it, ``--ref``
names a git revision (default: the first release, 285651f) whose relman builds the large
demo into bench/out/ (a git worktree in a temporary folder; nothing is committed).

Prints the time of the upgrade (backup included), the row count of every table that
existed before against after, and the integrity check of the upgraded file. Exits 1 if a
table lost rows or the check fails.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from relman.storage import migrate, open_database
from relman.storage.check import check_file

OUT_DIR = Path(__file__).resolve().parent / "out"
FIRST_RELEASE = "285651f"


def counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_fts%'"
            )
        ]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def build_old(ref: str, dest: Path) -> None:
    """Build the large demo with the relman of ``ref`` into ``dest``."""
    repo = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "old"
        subprocess.run(
            ["git", "-C", str(repo), "worktree", "add", "-q", str(tree), ref], check=True
        )
        try:
            subprocess.run(
                ["uv", "run", "--quiet", "relman", "demo", "--size", "large", "--db", str(dest)],
                cwd=tree,
                check=True,
            )
        finally:
            subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(tree)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", nargs="?", type=Path, help="a database from an earlier relman")
    parser.add_argument("--ref", default=FIRST_RELEASE, help="git revision to build one with")
    args = parser.parse_args()
    OUT_DIR.mkdir(exist_ok=True)
    work = OUT_DIR / "upgrade.sqlite"
    for leftover in OUT_DIR.glob("upgrade.sqlite*"):
        leftover.unlink()
    if args.old is None:
        source = OUT_DIR / f"large-{args.ref}.sqlite"
        if not source.exists():
            print(f"building the large demo with relman {args.ref}…", flush=True)
            build_old(args.ref, source)
    else:
        source = args.old
    shutil.copyfile(source, work)
    before = counts(work)
    revision = sqlite3.connect(work).execute("SELECT version_num FROM alembic_version").fetchone()
    print(f"{source}: schema {revision[0]}, {work.stat().st_size / 1e6:.0f} MB")

    started = time.perf_counter()
    open_database(work).close()
    seconds = time.perf_counter() - started
    print(f"upgrade to {migrate.head_revision()} (with the backup before it): {seconds:.1f} s")

    after = counts(work)
    lost = {t: (n, after.get(t, 0)) for t, n in before.items() if after.get(t, 0) < n}
    for table in sorted(set(before) | set(after)):
        was, now = before.get(table, "-"), after.get(table, "-")
        print(f"  {table:<26}{was!s:>10}{now!s:>10}")
    started = time.perf_counter()
    report = check_file(work)
    print(
        f"check: {'ok' if report.ok else report.problems} in {time.perf_counter() - started:.1f} s"
    )
    if lost:
        print(f"ROWS LOST: {lost}")
    return 0 if report.ok and not lost else 1


if __name__ == "__main__":
    sys.exit(main())
