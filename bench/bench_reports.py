"""Time the printed reports on the large demo: the review pack of the busiest unit (the
last three months, and its whole history), the escalation summary (open ones, and all),
and a 1 MB note laid out across pages. Prints, for each, the median of several runs:
seconds (gathering and layout apart), pages, pages per second, the file's size and the
peak memory of the process that made it.

    uv run python bench/bench_reports.py [bench/out/demo-large.sqlite] [--runs 3]

Every run is made in a fresh process forked after the imports and fonts are loaded, so
its peak memory is its own and not the largest of the reports before it. The database is
only read (opened read-only), so the file is used as it is.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import io
import os
import pickle
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relman.models import BusinessUnit, Expectation
from relman.reports import escalation_summary, review_pack
from relman.storage import open_database
from relman.workflows.escalation_summary_data import gather_escalation_summary
from relman.workflows.review_pack_data import ReviewData, gather_review_pack

DEFAULT = Path(__file__).resolve().parent / "out" / "demo-large.sqlite"

#: ``gather(session)`` returns the data; ``lay_out(data, out)`` prints it
Gather = Callable[[Session], Any]
LayOut = Callable[[Any, io.BytesIO], object]


@dataclasses.dataclass(frozen=True)
class Run:
    gathering: float
    layout: float
    pages: int
    size: int
    peak_mib: float


def _one_run(path: Path, gather: Gather, lay_out: LayOut) -> Run:
    """Gather and lay out one report in this process, timing each part."""
    db = open_database(path, readonly=True)
    try:
        with db.read_session() as s:
            started = time.perf_counter()
            data = gather(s)
            gathered = time.perf_counter()
        out = io.BytesIO()
        lay_out(data, out)
        done = time.perf_counter()
    finally:
        db.close()
    pages = len(PdfReader(io.BytesIO(out.getvalue())).pages)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Run(gathered - started, done - gathered, pages, len(out.getvalue()), peak)


def _forked(path: Path, gather: Gather, lay_out: LayOut) -> Run:
    """:func:`_one_run` in a child process, its result sent back through a pipe."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure, report, leave without running the parent's cleanup
        os.close(read_end)
        code = 0
        try:
            result: object = _one_run(path, gather, lay_out)
        except BaseException as error:  # handed to the parent, which raises it
            result, code = error, 1
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(result, pipe)
        os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        result = pickle.load(pipe)
    os.waitpid(pid, 0)
    if isinstance(result, BaseException):
        raise result
    return result


def measure(label: str, path: Path, runs: int, gather: Gather, lay_out: LayOut) -> None:
    """Print the median of ``runs`` runs of one report."""
    made = [_forked(path, gather, lay_out) for _ in range(runs)]
    first = statistics.median(r.gathering for r in made)
    second = statistics.median(r.layout for r in made)
    total = statistics.median(r.gathering + r.layout for r in made)
    pages = made[0].pages
    peak = statistics.median(r.peak_mib for r in made)
    print(
        f"{label:<44}{total:7.2f} s (gathering {first:5.2f}, layout {second:5.2f}) "
        f"{pages:5d} pages {pages / total:6.1f} pages/s "
        f"{made[0].size / 1e6:5.1f} MB  peak {peak:5.0f} MiB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=3, help="runs of each report (median)")
    args = parser.parse_args()
    db = open_database(args.path, readonly=True)
    try:
        with db.read_session() as s:
            busiest = s.execute(
                select(BusinessUnit.name)
                .join(Expectation, Expectation.unit_id == BusinessUnit.id)
                .group_by(BusinessUnit.id)
                .order_by(func.count().desc())
                .limit(1)
            ).scalar_one()
            # the first run pays for imports, fonts and caches
            review_pack.render(gather_review_pack(s, busiest), io.BytesIO())
    finally:
        db.close()  # each run opens its own connection: none crosses a fork
    print(f"busiest unit: {busiest}; median of {args.runs} runs, each in a fresh process")

    def pack(start: dt.date | None = None) -> Gather:
        return lambda s: gather_review_pack(s, busiest, start=start)

    def escalations(include_closed: bool) -> Gather:
        return lambda s: gather_escalation_summary(s, include_closed=include_closed)

    def with_big_note(s: Session) -> ReviewData:
        data = pack(dt.date(2000, 1, 1))(s)
        note = " ".join(f"word{i:06d}" for i in range(100_000))[:1_000_000]
        return dataclasses.replace(data, unit=dataclasses.replace(data.unit, notes=note))

    cases: list[tuple[str, Gather, LayOut]] = [
        ("review pack, last three months", pack(), review_pack.render),
        ("review pack, whole history", pack(dt.date(2000, 1, 1)), review_pack.render),
        ("escalation summary, open", escalations(False), escalation_summary.render),
        ("escalation summary, all", escalations(True), escalation_summary.render),
        ("review pack with a 1 MB note", with_big_note, review_pack.render),
    ]
    for label, gather, lay_out in cases:
        measure(label, args.path, args.runs, gather, lay_out)


if __name__ == "__main__":
    main()
