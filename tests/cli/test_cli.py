"""The real command line, run as a subprocess like a user or a script would."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from relman import __version__


def relman(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "relman", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "jeans.sqlite"
    result = relman("demo", "--db", str(path))
    assert result.returncode == 0, result.stderr
    assert "Built the small demo" in result.stdout
    return path


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "copy.sqlite"
    shutil.copy(demo_file, path)
    return path


def test_version() -> None:
    result = relman("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"relman {__version__}"


@pytest.mark.parametrize("command", ["demo", "check", "backup", "restore", "search"])
def test_every_command_has_help(command: str) -> None:
    result = relman(command, "--help")
    assert result.returncode == 0
    assert f"usage: relman {command}" in result.stdout
    assert "--db" in result.stdout


def test_check_reports_ok_revision_and_counts(demo_file: Path) -> None:
    result = relman("check", "--db", str(demo_file))
    assert result.returncode == 0, result.stderr
    assert f"{demo_file}: ok" in result.stdout
    assert "schema revision: 0002 (current)" in result.stdout
    counts = {
        line.split()[0]: int(line.split()[1])
        for line in result.stdout.splitlines()
        if line.startswith("  ")
    }
    assert counts["business_units"] >= 5
    assert counts["contacts"] >= 15


def test_demo_refuses_to_overwrite_without_force(demo_copy: Path) -> None:
    before = sha(demo_copy)
    result = relman("demo", "--db", str(demo_copy))
    assert result.returncode == 1
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert sha(demo_copy) == before


def test_demo_force_replaces_and_backs_up_the_old_file(demo_copy: Path) -> None:
    result = relman("demo", "--db", str(demo_copy), "--force", "--seed", "8")
    assert result.returncode == 0, result.stderr
    assert "Backed up the replaced database" in result.stdout
    assert list((demo_copy.parent / "backups").glob("copy-*.sqlite"))


def test_search_prints_kind_title_snippet(demo_file: Path) -> None:
    result = relman("search", "SAP", "--db", str(demo_file), "--limit", "5")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert 1 <= len(lines) <= 5
    for line in lines:
        kind, title, _snippet = line.split("\t")
        assert kind and title
    assert any("[SAP]" in line for line in lines)


def test_search_without_hits_says_so(demo_file: Path) -> None:
    result = relman("search", "zzyzxqq", "--db", str(demo_file))
    assert result.returncode == 1
    assert "No record matches" in result.stderr


@pytest.mark.parametrize(
    "text", ['"', "*", "NEAR(", "AND OR NOT", "<b>&amp;</b>", "'; DROP TABLE x"]
)
def test_search_takes_hostile_text_without_error(demo_file: Path, text: str) -> None:
    result = relman("search", text, "--db", str(demo_file))
    assert result.returncode in (0, 1)


def test_backup_and_restore_round_trip(demo_copy: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.sqlite"
    result = relman("backup", "--db", str(demo_copy), "--to", str(saved))
    assert result.returncode == 0, result.stderr
    assert saved.exists()
    result = relman("restore", str(saved), "--db", str(demo_copy))
    assert result.returncode == 0, result.stderr
    assert demo_copy.with_name("copy.sqlite.before-restore").exists()
    assert relman("check", "--db", str(demo_copy)).returncode == 0


def test_restore_of_a_missing_file_is_a_clear_error(demo_copy: Path, tmp_path: Path) -> None:
    before = sha(demo_copy)
    result = relman("restore", str(tmp_path / "nope.sqlite"), "--db", str(demo_copy))
    assert result.returncode == 1
    assert "does not exist" in result.stderr
    assert sha(demo_copy) == before


def test_environment_url_is_the_default_database(demo_file: Path) -> None:
    result = relman("check", env={"RELMAN_DATABASE_URL": f"sqlite:///{demo_file}"})
    assert result.returncode == 0, result.stderr
    assert str(demo_file) in result.stdout


def test_explicit_db_wins_over_the_environment(demo_file: Path, tmp_path: Path) -> None:
    result = relman(
        "check",
        "--db",
        str(demo_file),
        env={"RELMAN_DATABASE_URL": "sqlite:////nonexistent/x.sqlite"},
    )
    assert result.returncode == 0, result.stderr


def test_demo_into_a_file_in_use_is_refused(demo_copy: Path, another_process) -> None:
    with another_process(demo_copy):
        result = relman("demo", "--db", str(demo_copy), "--force")
        assert result.returncode == 3
        assert "already open" in result.stderr
        search = relman("search", "SAP", "--db", str(demo_copy))
        assert search.returncode == 0, "reading commands work while a window holds the file"


def test_unknown_command_is_a_usage_error() -> None:
    result = relman("frobnicate")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
