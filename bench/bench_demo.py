"""Benchmark: build the large demo into a fresh SQLite file, then check the file.

    uv run python bench/bench_demo.py [--seed N] [--out PATH]

Prints the wall time of the build (each phase as it starts, then the total), the file's
size, the row counts of the main tables, and whether ``relman check`` finds the file sound
and how long that took. The file is kept (by default under bench/out/, which git ignores).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from relman.demo import build_demo
from relman.storage import open_database
from relman.storage.check import check_file

OUT_DIR = Path(__file__).resolve().parent / "out"
MAIN_TABLES = (
    "business_units",
    "staff",
    "services",
    "contacts",
    "assessments",
    "interviews",
    "answers",
    "expectations",
    "expectation_events",
    "measurements",
    "escalations",
    "escalation_events",
    "meetings",
    "action_items",
    "surveys",
    "support_issues",
)


def _fresh(path: Path) -> None:
    """Make room for a new file at ``path``: only files under bench/out/ are replaced."""
    companions = [path.with_name(path.name + s) for s in ("-wal", "-shm", ".lock")]
    if not any(p.exists() for p in (path, *companions)):
        return
    if OUT_DIR not in path.resolve().parents:
        sys.exit(f"{path} already exists; give a new path with --out, or delete it first.")
    for p in (path, *companions):
        p.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=7, help="the demo's seed (default 7)")
    parser.add_argument(
        "--out",
        type=Path,
        default=OUT_DIR / "demo-large.sqlite",
        help="the file to build (default bench/out/demo-large.sqlite, replaced if there)",
    )
    args = parser.parse_args(argv)
    path: Path = args.out
    _fresh(path)

    start = time.perf_counter()

    def progress(done: int, total: int, what: str) -> None:
        print(f"  {time.perf_counter() - start:7.1f} s  [{done}/{total}] {what}", flush=True)

    print(f"Building the large demo (seed {args.seed}) into {path}")
    db = open_database(path)
    try:
        opened = time.perf_counter()
        summary = build_demo(db, "large", seed=args.seed, progress=progress)
        built = time.perf_counter()
    finally:
        db.close()
    closed = time.perf_counter()
    size = path.stat().st_size

    print()
    print(f"open and migrate : {opened - start:8.2f} s")
    print(f"build            : {built - opened:8.2f} s")
    print(f"close            : {closed - built:8.2f} s")
    print(f"wall time        : {closed - start:8.2f} s")
    print(f"file size        : {size / 1e6:8.1f} MB ({size:,} bytes)")
    print()
    print("rows:")
    for table in MAIN_TABLES:
        print(f"  {table:<20} {summary.counts.get(table, 0):>9,}")
    print(f"  {'(all tables)':<20} {sum(summary.counts.values()):>9,}")

    print()
    check_start = time.perf_counter()
    report = check_file(path)
    check_time = time.perf_counter() - check_start
    print(f"check            : {'ok' if report.ok else 'PROBLEMS'} in {check_time:.2f} s")
    for problem in report.problems:
        print(f"  {problem}")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
