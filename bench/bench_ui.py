"""Window benchmarks over the large demo: start-up against a bare Qt window, switching to
the contacts list, search per keystroke, and the longest stall of the event loop.

    UV_COMPILE_BYTECODE=1 uv sync        # users have compiled bytecode; so should we
    uv run python bench/bench_demo.py    # builds bench/out/demo-large.sqlite once
    env -u PYTHONDONTWRITEBYTECODE uv run python bench/bench_ui.py [--db FILE]

Everything runs on the offscreen platform so that the figures do not depend on a display;
start-up is timed from process start to the first paint event of the main window.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
import sqlalchemy, sqlalchemy.orm

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            QApplication.quit()
        return False

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1200, 760)
painted = Painted()
window.installEventFilter(painted)
window.show()
app.exec()
"""

RELMAN = """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
import relman.ui.main_window as mw

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print("painted", flush=True)
            QApplication.quit()
        return False

painted = Painted()
original_show = mw.MainWindow.show
def show(self):
    self.installEventFilter(painted)
    original_show(self)
mw.MainWindow.show = show
from relman.cli import main
sys.exit(main(["--db", sys.argv[1]]))
"""


def time_start(code: str, *args: str, runs: int) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as home:
        env = {**ENV, "RELMAN_LOG_DIR": home, "XDG_CONFIG_HOME": home}
        for _ in range(runs + 1):  # the first run warms the disk cache and bytecode
            start = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env
            )
            assert proc.stdout is not None
            line = proc.stdout.readline()
            elapsed = time.perf_counter() - start
            proc.wait(timeout=60)
            if line.strip() != "painted":
                raise SystemExit(f"the window did not paint: {line!r}")
            times.append(elapsed)
    return times[1:]


def in_process(db_path: Path) -> None:
    """Contacts switch, search per keystroke and the longest stall, in one window."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from relman.storage import open_database
    from relman.ui.identity import database_key
    from relman.ui.main_window import PAGES, MainWindow
    from relman.ui.settings import Settings
    from relman.workflows.search import search
    from relman.workflows.staff import suggest_me

    app = QApplication.instance() or QApplication([])
    stalls: list[float] = []
    clock = QElapsedTimer()
    heartbeat = QTimer()
    heartbeat.setInterval(5)

    def beat() -> None:
        if clock.isValid():
            stalls.append(clock.nsecsElapsed() / 1e6)
        clock.restart()

    heartbeat.timeout.connect(beat)

    def spin(condition, timeout_s: float = 60.0) -> float:
        start = time.perf_counter()
        while not condition():
            loop = QEventLoop()
            QTimer.singleShot(1, loop.quit)
            loop.exec()
            if time.perf_counter() - start > timeout_s:
                raise SystemExit("timed out")
        return time.perf_counter() - start

    heartbeat.start()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(db_path)
        settings = Settings(QSettings(str(Path(tmp) / "s.ini"), QSettings.Format.IniFormat))
        with db.read_session() as s:  # who I am, as if chosen in an earlier run
            settings.set_me(database_key(db), suggest_me(s))
        window = MainWindow(db, settings)
        window.show()
        spin(lambda: not window.ctx.runner.busy and window.ctx.me is not None)
        spin(lambda: not window.ctx.runner.busy)

        prefetched_page = window.pages.get("contacts")
        spin(lambda: prefetched_page is not None or "contacts" in window.pages, 5)
        spin(lambda: not window.ctx.runner.busy)
        window.show_page("dashboard")
        start = time.perf_counter()
        page = window.show_page("contacts")
        spin(lambda p=page: p.model.rowCount() > 0)
        prefetched = (time.perf_counter() - start) * 1000
        switches = []
        for _ in range(5):
            window.show_page("dashboard")
            old = window.pages.pop("contacts", None)  # a fresh page each time: the first visit
            if old is not None:
                window.stack.removeWidget(old)
                old.deleteLater()
            start = time.perf_counter()
            page = window.show_page("contacts")
            spin(lambda p=page: p.model.rowCount() > 0 and not window.ctx.runner.busy)
            switches.append((time.perf_counter() - start) * 1000)
        rows = page.model.rowCount()
        revisit = []
        for _ in range(5):
            window.show_page("dashboard")
            start = time.perf_counter()
            window.show_page("contacts")
            app.processEvents()
            revisit.append((time.perf_counter() - start) * 1000)

        for key, _t, _k in PAGES:
            window.show_page(key)
            spin(lambda: not window.ctx.runner.busy)

        words = [
            "sap",
            "outage",
            "month end close",
            "store tills",
            "response time",
            "warehouse scanners",
            "web shop checkout",
            "password reset",
            "printer",
            "escalation due",
            "quarterly review",
            "invoice",
        ]
        keystrokes = []
        heartbeat.stop()  # the query alone, timed on this thread: not a stall of the window
        with db.read_session() as s:
            for word in words:
                for n in range(1, len(word) + 1):
                    start = time.perf_counter()
                    search(s, word[:n], limit=40)
                    keystrokes.append((time.perf_counter() - start) * 1000)
        clock.invalidate()
        heartbeat.start()
        window.find()
        dialog = window.search_dialog
        typed = []
        for word in words[:6]:
            dialog.box.clear()
            for ch in word:
                start = time.perf_counter()
                dialog.box.setText(dialog.box.text() + ch)
                spin(lambda: not window.ctx.runner.busy)
                typed.append((time.perf_counter() - start) * 1000)
        dialog.close()
        window.close()
    heartbeat.stop()

    def pct(values: list[float], p: float) -> float:
        return sorted(values)[min(len(values) - 1, int(p * len(values)))]

    print(f"switch to contacts, first visit after start-up (prefetched): {prefetched:.0f} ms")
    print(
        f"switch to contacts, first visit without prefetch ({rows} rows): median "
        f"{statistics.median(switches):.0f} ms, worst {max(switches):.0f} ms"
    )
    print(f"switch to contacts, again: median {statistics.median(revisit):.1f} ms")
    print(
        f"search per keystroke ({len(keystrokes)} keystrokes): median "
        f"{statistics.median(keystrokes):.2f} ms, p95 {pct(keystrokes, 0.95):.1f} ms, "
        f"max {max(keystrokes):.1f} ms"
    )
    print(
        f"search keystroke to results shown in the window: median "
        f"{statistics.median(typed):.1f} ms, p95 {pct(typed, 0.95):.1f} ms"
    )
    print(
        f"longest stall of the event loop (5 ms heartbeat, whole session): "
        f"{max(stalls):.0f} ms; p99 {pct(stalls, 0.99):.0f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=HERE / "out" / "demo-large.sqlite")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db} does not exist: run bench/bench_demo.py first")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("note: PYTHONDONTWRITEBYTECODE is set; users have compiled bytecode, so unset it")
    bare: list[float] = []
    rel: list[float] = []
    for _ in range(args.runs):  # interleaved, so that a busy moment hits both alike
        bare += time_start(BARE, runs=1)
        rel += time_start(RELMAN, str(args.db), runs=1)
    b, r = statistics.median(bare), statistics.median(rel)
    print(f"start to first paint, bare PySide6+SQLAlchemy window: median {b * 1000:.0f} ms")
    print(
        f"start to first paint, relman on {args.db.name}: median {r * 1000:.0f} ms "
        f"({r / b:.2f}x the bare window)"
    )
    in_process(args.db)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
