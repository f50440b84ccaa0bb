"""The layers hold for every module of relman, found by walking the package:

- only ``relman/ui/`` imports Qt: every other module imports with PySide6 blocked, and none
  names PySide6 in an import, even one inside a function;
- ``relman/ui/`` builds no query: it imports none of sqlalchemy's query building (it calls
  :mod:`relman.workflows`);
- ``relman/reports/`` only prints: it imports nothing of sqlalchemy (the data it prints is
  gathered by :mod:`relman.workflows`).

Each checker is also run on a planted violation, so a check that cannot fail is caught.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import relman

ROOT = Path(relman.__file__).parent
#: alembic's scripts: loaded by alembic from their folder, not importable as modules
MIGRATIONS = ROOT / "storage" / "migrations"
#: sqlalchemy's query building, which relman/ui/ leaves to the workflows
QUERY_BUILDING = frozenset({"select", "insert", "update", "delete", "text", "func"})
#: ``python -m relman``: importing it runs the command line
NOT_IMPORTED = frozenset({"relman.__main__"})

BLOCK_QT = """
import importlib
import sys

class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError("PySide6 is blocked for this test")
        return None

sys.meta_path.insert(0, BlockQt())
for name in sys.argv[1:]:
    importlib.import_module(name)
assert not any(m.startswith("PySide6") for m in sys.modules)
print("core without Qt: ok")
"""


def walked() -> dict[str, Path]:
    """Every module of relman (pkgutil's walk) and its source file."""
    found = {"relman": ROOT / "__init__.py"}
    for info in pkgutil.walk_packages(relman.__path__, "relman."):
        folder = Path(info.module_finder.path)  # type: ignore[union-attr]
        tail = info.name.rsplit(".", 1)[-1]
        found[info.name] = folder / tail / "__init__.py" if info.ispkg else folder / f"{tail}.py"
    return found


MODULES = walked()


def _in(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _imports(source: str) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) of every import in ``source``, those inside functions too."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module, [alias.name for alias in node.names]))
    return found


def qt_imports(source: str) -> list[str]:
    """The lines of ``source`` that import Qt."""
    return [f"line {n}: {m}" for n, m, _names in _imports(source) if _in(m, "PySide6")]


def sqlalchemy_imports(source: str) -> list[str]:
    """The lines of ``source`` that import anything of sqlalchemy."""
    return [f"line {n}: {m}" for n, m, _names in _imports(source) if _in(m, "sqlalchemy")]


def query_imports(source: str) -> list[str]:
    """The lines of ``source`` that import sqlalchemy's query building (or all of
    sqlalchemy, which carries it)."""
    bad = []
    for n, m, names in _imports(source):
        if not _in(m, "sqlalchemy"):
            continue
        if not names or QUERY_BUILDING & set(names):
            bad.append(f"line {n}: {m} {', '.join(sorted(QUERY_BUILDING & set(names)))}".strip())
    return bad


def _offences(package: str, inside: bool, check: Callable[[str], list[str]]) -> list[str]:
    """``check``'s findings in every module in (or outside) ``package``."""
    found = []
    for name, path in sorted(MODULES.items()):
        if _in(name, package) == inside:
            found += [f"{name} {hit}" for hit in check(path.read_text(encoding="utf-8"))]
    return found


def _import_without_qt(names: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK_QT, *names], capture_output=True, text=True, timeout=300
    )


def test_the_walk_finds_every_module() -> None:
    files = {p for p in ROOT.rglob("*.py") if not p.is_relative_to(MIGRATIONS)}
    assert files == set(MODULES.values())
    assert {"relman.ui.app", "relman.reports.review_pack", "relman.workflows.common"} <= set(
        MODULES
    )


def test_every_module_outside_ui_imports_with_pyside6_blocked() -> None:
    core = [n for n in MODULES if not _in(n, "relman.ui") and n not in NOT_IMPORTED]
    result = _import_without_qt(core)
    assert result.returncode == 0, result.stderr
    assert "core without Qt: ok" in result.stdout


def test_the_block_really_blocks() -> None:
    result = _import_without_qt(["relman.errors", "relman.ui.app"])
    assert result.returncode != 0
    assert "PySide6 is blocked" in result.stderr


def test_no_module_outside_ui_names_qt() -> None:
    assert _offences("relman.ui", False, qt_imports) == []


def test_reports_import_no_sqlalchemy() -> None:
    assert _offences("relman.reports", True, sqlalchemy_imports) == []


def test_ui_builds_no_query() -> None:
    assert _offences("relman.ui", True, query_imports) == []


@pytest.mark.parametrize(
    ("check", "planted"),
    [
        (qt_imports, "def later():\n    from PySide6.QtCore import QObject\n"),
        (qt_imports, "import PySide6.QtWidgets\n"),
        (sqlalchemy_imports, "from sqlalchemy.orm import Session\n"),
        (sqlalchemy_imports, "def later():\n    import sqlalchemy\n"),
        (query_imports, "from sqlalchemy import func, select\n"),
        (query_imports, "from sqlalchemy.sql import text\n"),
        (query_imports, "import sqlalchemy as sa\n"),
    ],
)
def test_each_check_catches_a_planted_violation(
    check: Callable[[str], list[str]], planted: str
) -> None:
    assert check('"""A module."""\n\nimport uuid\n\n' + planted) != []


@pytest.mark.parametrize(
    ("check", "allowed"),
    [
        (qt_imports, "from relman.ui_names import PySide6Like\n"),
        (sqlalchemy_imports, "from relman.workflows.review_pack_data import ReviewData\n"),
        (query_imports, "from sqlalchemy.orm import Session\n"),
    ],
)
def test_each_check_lets_the_allowed_pass(check: Callable[[str], list[str]], allowed: str) -> None:
    assert check(allowed) == []
