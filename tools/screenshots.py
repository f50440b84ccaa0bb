"""Render every page of the window on the small demo to PNG files in docs/screenshots/.

    uv run python tools/screenshots.py [--out DIR]

Runs offscreen (no display needed); under Xvfb it draws with the real platform instead.
Each tools/shots_<area>.py adds the dialogs and views of its area (``take(window, tmp, out)``,
using ``settle`` and ``shoot`` from here).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from relman.demo import build_demo
from relman.storage import open_database
from relman.ui.identity import database_key
from relman.ui.main_window import PAGES, MainWindow
from relman.ui.settings import Settings
from relman.workflows.staff import suggest_me

SHOWN_FOLDER = "~/relman-demo"


def settle(window: MainWindow, ms: int = 300) -> None:
    """Let queued jobs report back and the window repaint."""
    for _ in range(50):
        loop = QEventLoop()
        QTimer.singleShot(ms // 3, loop.quit)
        loop.exec()
        if not window.ctx.runner.busy:
            break
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(widget: QWidget, tmp: str, path: Path) -> None:
    """Save a picture of ``widget``, showing the demo's file where a reader could have it
    (~/relman-demo) instead of the temporary folder it was built in."""
    window = widget.window()
    window.setWindowTitle(window.windowTitle().replace(tmp, SHOWN_FOLDER))
    for label in window.findChildren(QLabel):
        if tmp in label.text():
            label.setText(label.text().replace(tmp, SHOWN_FOLDER))
    widget.grab().save(str(path))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "jeans-r-us.sqlite")
        build_demo(db, "small")
        settings = Settings(QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
        with db.read_session() as s:  # who I am, as if chosen in an earlier run: the demo's RM
            settings.set_me(database_key(db), suggest_me(s))
        window = MainWindow(db, settings)
        window.resize(1280, 800)
        window.show()
        settle(window)
        dashboard = window.show_page("dashboard")
        settle(window)
        lines = dashboard.items()  # type: ignore[attr-defined]
        for key, _title, kinds in PAGES:
            page = window.show_page(key)
            settle(window)
            table = getattr(page, "table", None)
            if table is not None and page.model.rowCount():
                table.selectRow(min(1, page.model.rowCount() - 1))
                settle(window)
            shown = next(((k, i) for k, i, _t in lines if k in kinds), None)
            if table is None and shown is not None:  # a page still to come: a record on it
                window.open_record(*shown)
                settle(window)
            shoot(window, tmp, args.out / f"{key}.png")
        for extra in sorted(Path(__file__).parent.glob("shots_*.py")):
            # tools/shots_<area>.py: take(window, tmp, out) saves that area's dialogs and views
            spec = importlib.util.spec_from_file_location(extra.stem, extra)
            module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
            spec.loader.exec_module(module)  # type: ignore[union-attr]
            module.take(window, tmp, args.out)
            settle(window)
        window.show_page("dashboard")
        window.find()
        window.search_dialog.box.setText("storage")
        settle(window)
        shoot(window.search_dialog, tmp, args.out / "search.png")
        window.search_dialog.close()
        window.close()
    print(f"Screenshots written to {args.out}/")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
