"""The escalations page over the large demo (3,000 escalations): the query on its worker,
the time from the rows arriving to the list shown (model reset and a paint), the detail of
one escalation, and the longest stall of the event loop (a 5 ms heartbeat timer) while the
page loads, filters and shows details. Median of several runs.

    env -u PYTHONDONTWRITEBYTECODE uv run python bench/bench_escalations_page.py [--db FILE]

The file is copied first (opening a file may write to it); by default the large demo at
the current schema, bench/out/demo-large.sqlite (bench_demo.py builds it).
"""

from __future__ import annotations

import argparse
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


def measure(db_path: Path, runs: int) -> dict[str, list[float]]:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from relman.storage import open_database
    from relman.ui.identity import database_key
    from relman.ui.main_window import MainWindow
    from relman.ui.pages.escalations import EscalationsPage
    from relman.ui.settings import Settings
    from relman.workflows.escalation_queries import escalation_list
    from relman.workflows.staff import suggest_me

    app = QApplication.instance() or QApplication(sys.argv)
    figures: dict[str, list[float]] = {"query": [], "show": [], "detail": [], "stall": []}
    with tempfile.TemporaryDirectory() as home:
        settings = Settings(QSettings(str(Path(home) / "s.ini"), QSettings.Format.IniFormat))
        settings.last_page = "escalations"
        db = open_database(db_path)
        with db.read_session() as s:  # who I am, as chosen in an earlier run: no question
            settings.set_me(database_key(db), suggest_me(s))
        window = MainWindow(db, settings)
        window.resize(1280, 800)
        window.show()

        clock, stalls = QElapsedTimer(), [0.0]
        heartbeat = QTimer()
        heartbeat.setInterval(5)

        def beat() -> None:
            stalls[0] = max(stalls[0], clock.nsecsElapsed() / 1e6)
            clock.restart()

        heartbeat.timeout.connect(beat)

        def spin(condition, timeout_s: float = 120.0) -> None:
            end = time.monotonic() + timeout_s
            while not condition():
                if time.monotonic() > end:
                    raise TimeoutError("the page did not answer")
                loop = QEventLoop()
                QTimer.singleShot(1, loop.quit)
                loop.exec()

        # the page, with its rows (the file's own check may still run on the other worker)
        spin(lambda: "escalations" in window.pages and bool(window.pages["escalations"].model.rows))
        page = window.pages["escalations"]
        assert isinstance(page, EscalationsPage)
        shown_ms: list[float] = []
        original = page.show_list

        def timed_show(found) -> None:  # from the rows' arrival to the list painted
            start = time.perf_counter()
            original(found)
            window.repaint()
            shown_ms.append((time.perf_counter() - start) * 1000)

        page.show_list = timed_show  # type: ignore[method-assign]
        for _ in range(runs):
            with db.read_session() as s:  # the worker's query, timed on its own
                start = time.perf_counter()
                found = escalation_list(s)
                figures["query"].append((time.perf_counter() - start) * 1000)
            assert len(found.rows) == found.total, "every escalation is listed"
            stalls[0] = 0.0
            clock.start()
            heartbeat.start()
            for index in (1, 0):  # filtered to the open ones, then all of them again
                before = len(shown_ms)
                page.status.setCurrentIndex(index)
                spin(lambda b=before: len(shown_ms) > b)
            for row in (0, len(page.model.rows) // 2, len(page.model.rows) - 1):
                page.current = None
                start = time.perf_counter()
                page.table.selectRow(row)
                spin(lambda: page.current is not None)
                figures["detail"].append((time.perf_counter() - start) * 1000)
            heartbeat.stop()
            figures["show"].append(shown_ms[-1])  # the full list (3,000 rows)
            figures["stall"].append(stalls[0])
        print(f"rows listed: {len(page.model.rows):,} of {page.total:,}")
        window.close()
    del app
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    source = args.db or next((p for p in CANDIDATES if p.exists()), None)
    if source is None:
        print("No large demo: run bench/bench_demo.py first, or give --db FILE.")
        return 2
    with tempfile.TemporaryDirectory(dir=HERE / "out") as work:
        copy = Path(work) / source.name
        shutil.copy2(source, copy)
        figures = measure(copy, args.runs)
    print(f"escalations page over {source} (median of {args.runs} runs, ms):")
    for name, label in (
        ("query", "query on the worker (all escalations)"),
        ("show", "rows arrived -> list reset and painted"),
        ("detail", "row chosen -> detail shown"),
        ("stall", "longest event-loop stall (5 ms heartbeat)"),
    ):
        values = figures[name]
        print(f"  {label:45} {statistics.median(values):8.1f}   (max {max(values):.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
