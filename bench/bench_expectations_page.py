"""The expectations page over the large demo (20,000 expectations): the list's query on its
worker, the time from the rows' arrival to the table shown (model reset and paint), the
detail of one expectation (history, evidence, measurements), and the longest stall of the
event loop (a 5 ms heartbeat timer) while the page opens, filters and shows a detail.

    env -u PYTHONDONTWRITEBYTECODE uv run python bench/bench_expectations_page.py [--db FILE]

The file is copied first (the window may write to what it opens); by default the large
demo at the current schema, bench/out/demo-large.sqlite (bench_demo.py builds it).
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
CANDIDATES = (HERE / "out" / "demo-large.sqlite",)


def run(db_path: Path, *, freeze: bool) -> dict[str, float]:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from relman.storage import open_database
    from relman.ui.expectations.list_model import prepare
    from relman.ui.identity import database_key
    from relman.ui.main_window import MainWindow
    from relman.ui.settings import Settings
    from relman.workflows import evidence, expectation_views
    from relman.workflows.staff import suggest_me

    app = QApplication.instance() or QApplication(sys.argv)
    stalls: list[float] = []
    clock = QElapsedTimer()
    heartbeat = QTimer()
    heartbeat.setInterval(5)

    phase = ["opening the page"]
    where: dict[str, float] = {}

    def beat() -> None:
        if clock.isValid():
            stalls.append(clock.nsecsElapsed() / 1e6)
            where[phase[0]] = max(where.get(phase[0], 0.0), stalls[-1])
        clock.restart()

    heartbeat.timeout.connect(beat)

    def spin(condition, timeout_s: float = 120.0) -> float:
        start = time.perf_counter()
        while not condition():
            loop = QEventLoop()
            QTimer.singleShot(1, loop.quit)
            loop.exec()
            if time.perf_counter() - start > timeout_s:
                raise SystemExit("timed out")
        return time.perf_counter() - start

    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(db_path)
        with db.read_session() as s:
            times = []
            for _ in range(3):
                start = time.perf_counter()
                rows = expectation_views.expectation_rows(s)
                times.append(time.perf_counter() - start)
            figures["rows"] = len(rows)
            figures["query_ms (worker)"] = statistics.median(times) * 1000
            busiest = max({r.service for r in rows}, key=[r.service for r in rows].count)
            service_id = next(
                c.id for c in expectation_views.filter_choices(s).services if c.name == busiest
            )
            start = time.perf_counter()
            evidence.evidence(s, service_id)
            figures["evidence_ms (worker)"] = (time.perf_counter() - start) * 1000
        settings = Settings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        with db.read_session() as s:
            settings.set_me(database_key(db), suggest_me(s))
        window = MainWindow(db, settings)
        window.resize(1280, 800)
        window.show()
        spin(lambda: not window.ctx.runner.busy and bool(window.pages))
        if freeze:  # what the application would do once its window is up (see --freeze)
            gc.collect()
            gc.freeze()
        heartbeat.start()
        window.show_page("expectations")
        page = window.pages["expectations"]
        figures["open_page_ms"] = spin(lambda: page.model.rowCount() > 0) * 1000
        spin(lambda: not window.ctx.runner.busy)
        heartbeat.stop()  # done here on the main thread only to time it: not a stall
        start = time.perf_counter()
        prepared = prepare(rows, page.columns, page.model.sort_state)
        figures["prepare_ms (worker)"] = (time.perf_counter() - start) * 1000
        clock.invalidate()
        heartbeat.start()
        phase[0] = "showing rows that arrived"
        shows = []
        for _ in range(5):  # the rows have arrived: reset the model and paint the table
            start = time.perf_counter()
            page.set_prepared(prepared)
            page.table.viewport().repaint()
            shows.append((time.perf_counter() - start) * 1000)
        figures["show_rows_ms (median of 5)"] = statistics.median(shows)
        figures["show_rows_ms (worst)"] = max(shows)
        phase[0] = "filtering and sorting"
        start = time.perf_counter()
        page.filter.setText("availability")
        page.table.viewport().repaint()
        figures["filter_as_you_type_ms"] = (time.perf_counter() - start) * 1000
        page.filter.clear()
        start = time.perf_counter()
        page.model.sort(1, Qt.SortOrder.DescendingOrder)
        page.table.viewport().repaint()
        figures["sort_by_a_column_ms"] = (time.perf_counter() - start) * 1000
        phase[0] = "status filter (a query)"
        page.status.setCurrentIndex(4)  # agreed: a query on the worker
        spin(lambda: not window.ctx.runner.busy)
        page.status.setCurrentIndex(0)
        spin(lambda: not window.ctx.runner.busy)
        phase[0] = "detail of one expectation"
        start = time.perf_counter()
        page.table.selectRow(0)
        spin(lambda: page.panel.detail is not None and not window.ctx.runner.busy)
        figures["detail_ms"] = (time.perf_counter() - start) * 1000
        heartbeat.stop()
        figures["longest_stall_ms"] = max(stalls) if stalls else 0.0
        figures["stalls_over_100_ms"] = sum(s > 100 for s in stalls)
        for name, longest in where.items():
            figures[f"longest stall: {name}"] = longest
        window.close()
        db.close()
    del app
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument(
        "--freeze",
        action="store_true",
        help="gc.freeze() once the window is up: a full collection of the garbage collector "
        "then no longer walks every object the window loaded at start (a stall of 0.2 s)",
    )
    args = parser.parse_args()
    source = args.db or next((p for p in CANDIDATES if p.exists()), None)
    if source is None:
        print("No large demo found: build one with bench/bench_demo.py.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "large.sqlite"
        shutil.copyfile(source, copy)
        figures = run(copy, freeze=args.freeze)
    for name, value in figures.items():
        print(f"{name:45} {value:10.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
