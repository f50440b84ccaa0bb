"""The real command line, run as a subprocess like a user or a script would."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from relman import __version__
from relman.cli import main
from relman.storage import migrate


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


def one_line(stderr: str) -> str:
    """The single line a refusal prints; fails if there is more."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


def damage_table(path: Path, table: str = "business_units") -> Path:
    """Zero the root page of ``table``: the header and schema still read, the data does not."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    finally:
        con.close()
    data = bytearray(path.read_bytes())
    data[(root[0] - 1) * page_size : root[0] * page_size] = bytes(page_size)
    path.write_bytes(bytes(data))
    return path


def staged_leftovers(folder: Path) -> list[str]:
    """Files that a restore or a demo stages, which must never outlive a failed one."""
    suffixes = (".restoring", ".before-restore", ".partial", ".building")
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(suffixes))


def deny_writes_to(monkeypatch: pytest.MonkeyPatch, *denied: Path) -> None:
    """Make ``os.access`` say these paths cannot be written (tests run as root, where
    chmod does not stop writes); the command then runs in-process through ``main``."""
    real = os.access

    def access(path: os.PathLike[str] | str, mode: int, **kw: object) -> bool:
        if mode & os.W_OK and Path(path).absolute() in {d.absolute() for d in denied}:
            return False
        return real(path, mode, **kw)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr("relman.logs.setup_logging", lambda: None)


IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


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
    description = result.stdout.split("\n\n")[1]
    assert not description.startswith(("positional arguments", "options")), result.stdout
    assert description.rstrip().endswith("."), description


def test_check_reports_ok_revision_and_counts(demo_file: Path) -> None:
    result = relman("check", "--db", str(demo_file))
    assert result.returncode == 0, result.stderr
    assert f"{demo_file}: ok" in result.stdout
    assert f"schema revision: {migrate.head_revision()} (current)" in result.stdout
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
    assert "Backed up the replaced file" in result.stdout
    assert list((demo_copy.parent / "backups").glob("copy-*.sqlite"))


def test_search_prints_kind_title_snippet(demo_file: Path) -> None:
    result = relman("search", "SAP", "--db", str(demo_file), "--limit", "5")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert 1 <= len(lines) <= 5
    for line in lines:
        kind, title, _snippet = line.split("\t")
        assert kind and title
    assert any("SAP" in line for line in lines)


def test_search_without_hits_says_so(demo_file: Path) -> None:
    result = relman("search", "zzyzxqq", "--db", str(demo_file))
    assert result.returncode == 1
    assert "No record matches" in result.stderr


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "*",
        "NEAR(",
        "AND OR NOT",
        "<b>&amp;</b>",
        "'; DROP TABLE x",
        'Tom & Jerry\'s "quotes"',
        "🧵 jeans 👖",
        "שלום עולם",
        "\u202eSAP\u202c",
    ],
)
def test_search_takes_hostile_text_without_error(demo_file: Path, text: str) -> None:
    result = relman("search", text, "--db", str(demo_file))
    assert result.returncode in (0, 1), result.stderr
    if result.returncode == 1:
        assert "No record matches" in one_line(result.stderr)


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_an_empty_search_is_refused_clearly(demo_file: Path, text: str) -> None:
    result = relman("search", text, "--db", str(demo_file))
    assert result.returncode == 1
    assert "Give the words to look for" in one_line(result.stderr)


def test_a_huge_search_text_is_not_echoed_back_whole(demo_file: Path) -> None:
    result = relman("search", "q" * 100_000, "--db", str(demo_file))
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert "No record matches" in line and "…" in line
    assert len(line) < 200


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


# --- targets that cannot be used: folders, missing folders, read-only files -------------


def test_demo_into_a_folder_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    result = relman("demo", "--force", "--db", str(folder))
    assert result.returncode == 2
    assert "is a folder" in one_line(result.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]
    assert list(folder.iterdir()) == []


def test_check_of_a_folder_takes_no_lock(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    result = relman("check", "--db", str(folder))
    assert result.returncode == 2
    assert "is a folder" in one_line(result.stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]


def test_demo_into_a_missing_folder_is_refused_and_creates_nothing(tmp_path: Path) -> None:
    result = relman("demo", "--db", str(tmp_path / "no" / "such" / "jeans.sqlite"))
    assert result.returncode != 0
    assert "does not exist" in one_line(result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_demo_creates_the_default_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "fresh" / "data"
    result = relman("demo", env={"RELMAN_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    assert (data / "relman.sqlite").exists()


def test_demo_force_on_a_read_only_file_is_refused(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sha(demo_copy)
    deny_writes_to(monkeypatch, demo_copy)
    assert main(["demo", "--force", "--db", str(demo_copy)]) == 2
    assert "read-only" in one_line(capsys.readouterr().err)
    assert sha(demo_copy) == before
    assert sorted(p.name for p in demo_copy.parent.iterdir()) == [demo_copy.name]


def test_restore_onto_a_read_only_file_is_refused_without_leftovers(
    demo_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    saved = tmp_path / "saved" / "saved.sqlite"
    assert relman("backup", "--db", str(demo_copy), "--to", str(saved)).returncode == 0
    before = sha(demo_copy)
    deny_writes_to(monkeypatch, demo_copy)
    assert main(["restore", str(saved), "--db", str(demo_copy)]) == 2
    assert "read-only" in one_line(capsys.readouterr().err)
    assert sha(demo_copy) == before
    assert staged_leftovers(tmp_path) == []


@pytest.mark.skipif(IS_ROOT, reason="root writes into read-only files")
@pytest.mark.parametrize("command", ["demo", "restore"])
def test_a_chmod_read_only_file_is_refused(demo_copy: Path, tmp_path: Path, command: str) -> None:
    saved = tmp_path / "saved.sqlite"
    shutil.copy(demo_copy, saved)
    demo_copy.chmod(0o444)
    before = sha(demo_copy)
    args = ["demo", "--force"] if command == "demo" else ["restore", str(saved)]
    result = relman(*args, "--db", str(demo_copy))
    assert result.returncode == 2
    assert "read-only" in one_line(result.stderr)
    assert sha(demo_copy) == before
    assert staged_leftovers(tmp_path) == []


# --- demo --force never destroys what it replaces ---------------------------------------


def _foreign(path: Path, *, keep_wal: bool = False) -> Path:
    """An SQLite file of another program; with ``keep_wal`` its last row is only in -wal."""
    con = sqlite3.connect(path)
    if keep_wal:
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.execute("INSERT INTO recipes VALUES ('grandmother''s cake')")
    con.commit()
    if keep_wal:  # copy the pair while the writer still holds the row in its -wal
        copy = path.with_name("with-wal.sqlite")
        for suffix in ("", "-wal"):
            shutil.copy(f"{path}{suffix}", f"{copy}{suffix}")
        con.close()
        return copy
    con.close()
    return path


@pytest.mark.parametrize("kind", ["damaged relman", "foreign sqlite", "foreign with wal", "text"])
def test_demo_force_keeps_the_bytes_of_any_file_it_replaces(
    demo_copy: Path, tmp_path: Path, kind: str
) -> None:
    if kind == "damaged relman":
        target = damage_table(demo_copy)
    elif kind == "text":
        target = tmp_path / "notes.txt"
        target.write_text("my notes, not a database\n")
    else:
        target = _foreign(tmp_path / "foreign.sqlite", keep_wal=kind == "foreign with wal")
    wal = target.with_name(target.name + "-wal")
    originals = {sha(target)} | ({sha(wal)} if wal.exists() else set())

    result = relman("demo", "--force", "--db", str(target))

    assert result.returncode == 0, result.stderr
    assert "Backed up the replaced file to" in result.stdout
    kept = {sha(p) for p in (target.parent / "backups").iterdir()}
    assert originals <= kept
    if kind == "foreign with wal":
        copy = next((target.parent / "backups").glob("with-wal-*.sqlite"))
        con = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
        assert con.execute("SELECT name FROM recipes").fetchall() == [("grandmother's cake",)]
        con.close()
    assert relman("check", "--db", str(target)).returncode == 0


# --- a demo killed midway ------------------------------------------------------------------


def _wait_for(path: Path, proc: subprocess.Popen[bytes], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, "the demo ended before it was killed"
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.02)


@pytest.mark.parametrize("existing", [False, True], ids=["new file", "replacing a file"])
def test_a_killed_demo_leaves_nothing_in_the_way(
    demo_copy: Path, tmp_path: Path, existing: bool
) -> None:
    target = demo_copy if existing else tmp_path / "new.sqlite"
    before = sha(target) if existing else None
    building = target.with_name(target.name + ".building")
    command = ["demo", "--size", "large", "--force", "--db", str(target)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "relman", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(building, proc)
        time.sleep(0.5)  # let it write for a moment
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)

    if existing:
        assert sha(target) == before
    else:
        assert not target.exists()
    result = relman("demo", "--force", "--db", str(target))
    assert result.returncode == 0, result.stderr
    assert relman("check", "--db", str(target)).returncode == 0
    assert staged_leftovers(tmp_path) == []


# --- restore of a damaged backup; check on damaged files ------------------------------------


def test_restore_of_a_damaged_backup_is_refused_and_reads_it_only(
    demo_copy: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "saved" / "saved.sqlite"
    assert relman("backup", "--db", str(demo_copy), "--to", str(saved)).returncode == 0
    damage_table(saved)
    before = (sha(saved), sha(demo_copy))

    result = relman("restore", str(saved), "--db", str(demo_copy))

    assert result.returncode == 2
    line = one_line(result.stderr)
    assert "damaged" in line or "integrity" in line
    assert "did not expect" not in line
    assert (sha(saved), sha(demo_copy)) == before
    assert staged_leftovers(tmp_path) == []


def test_check_keeps_a_badly_damaged_file_short(demo_copy: Path) -> None:
    data = bytearray(demo_copy.read_bytes())
    data[20] = 64  # reserved bytes per page: every page then reads wrong
    demo_copy.write_bytes(bytes(data))

    result = relman("check", "--db", str(demo_copy))

    assert result.returncode == 2
    problems = result.stderr.strip().splitlines()
    assert 1 <= len(problems) <= 15, result.stderr
    assert all(len(line) <= 300 for line in problems)
    assert len(result.stdout.splitlines()) <= 40


def test_check_repairs_a_damaged_search_index_after_a_backup(demo_copy: Path) -> None:
    con = sqlite3.connect(demo_copy)
    con.execute("DELETE FROM search_doc WHERE rowid % 2 = 0")
    con.commit()
    con.close()
    damaged = relman("check", "--db", str(demo_copy))
    assert damaged.returncode == 2
    assert "--repair-index" in damaged.stderr

    result = relman("check", "--repair-index", "--db", str(demo_copy))

    assert result.returncode == 0, result.stderr
    assert "Rebuilt the search index" in result.stdout
    assert f"{demo_copy}: ok" in result.stdout
    assert list((demo_copy.parent / "backups").glob("copy-*-before-index-repair.sqlite"))
    assert relman("search", "SAP", "--db", str(demo_copy)).returncode == 0


def test_check_of_an_older_file_is_not_called_damaged(demo_0002: Path) -> None:
    """Tables that the upgrade adds are not missing from a file of an older revision."""
    result = relman("check", "--db", str(demo_0002))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "older; upgraded to" in result.stdout
    assert "damaged" not in result.stdout + result.stderr
    assert "missing" not in result.stdout
