"""The core runs without Qt: importing it with PySide6 unavailable must work."""

from __future__ import annotations

import subprocess
import sys

BLOCK_QT = """
import sys

class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("PySide6 is blocked for this test")
        return None

sys.meta_path.insert(0, BlockQt())
import relman.models, relman.storage, relman.workflows, relman.reports, relman.cli
import relman.demo, relman.storage.check, relman.storage.backup
import relman.workflows.dashboard, relman.workflows.search, relman.workflows.expectations
import relman.workflows.escalations, relman.workflows.interviews, relman.workflows.meetings
assert not any(m.startswith("PySide6") for m in sys.modules)
print("core without Qt: ok")
"""


def test_core_imports_with_pyside6_blocked() -> None:
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_QT], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "core without Qt: ok" in result.stdout


def test_the_block_really_blocks() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            BLOCK_QT.replace("import relman.models", "import PySide6.QtCore; import relman.models"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "PySide6 is blocked" in result.stderr
