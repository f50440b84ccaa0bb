"""An installed relman finds what it ships: the wheel carries the top-level resources/
folder as relman/_resources, and resources_dir() finds it there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("uv") is None, reason="building the wheel needs uv")
def test_the_wheel_carries_the_resources_and_an_install_finds_them(tmp_path: Path) -> None:
    subprocess.run(
        ["uv", "build", "--wheel", "--out-dir", str(tmp_path / "dist"), "-q"],
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    (wheel,) = (tmp_path / "dist").glob("relman-*.whl")
    shipped = {
        p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file()
    }
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    assert shipped and {f"relman/_resources/{name}" for name in shipped} <= names
    assert "relman/_resources/demo/jeans-r-us.json" in names

    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "from relman.paths import resources_dir; from relman.demo import jeans_r_us; "
            "print(resources_dir()); print(len(jeans_r_us.PEOPLE))",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path / "site")},
    )
    where, people = found.stdout.split()
    assert Path(where) == tmp_path / "site" / "relman" / "_resources"
    assert int(people) > 0
