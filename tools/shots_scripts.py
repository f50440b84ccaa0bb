"""Screenshot of the script editor: the first interview with a key customer, a question
with a condition chosen, its guidance and the versions with the interviews that use them.

Called by tools/screenshots.py as ``take(window, tmp, out)``.
"""

from __future__ import annotations

from pathlib import Path

from screenshots import settle, shoot

from relman.ui.main_window import MainWindow

SCRIPT = "First interview with a key customer"
QUESTION = "How does the fallback work"


def take(window: MainWindow, tmp: str, out: Path) -> None:
    page = window.show_page("scripts")
    settle(window)
    model = page.model  # type: ignore[attr-defined]
    row = next(model.row_at(n) for n in range(model.rowCount()) if model.row_at(n).name == SCRIPT)
    page.select_record(row.id)  # type: ignore[attr-defined]
    settle(window)
    tree = page.editor.tree  # type: ignore[attr-defined]
    for i in range(tree.topLevelItemCount()):
        section = tree.topLevelItem(i)
        for j in range(section.childCount()):
            if section.child(j).text(0).lstrip("↳ ").startswith(QUESTION):
                tree.setCurrentItem(section.child(j))
                tree.scrollToItem(section.child(j))
    settle(window)
    shoot(window, tmp, out / "script-editor.png")
