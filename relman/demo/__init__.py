"""The demo data: ``small`` is Jeans-R-Us, ``large`` is ten years of a big IT department.

Both are deterministic for a seed. ``small`` goes through the workflows, so it obeys every
rule of the method and carries full history; ``large`` is written in bulk for benchmarks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from relman.storage import Database

#: progress(done, total, what) — called now and then; what is a short phrase for a user
Progress = Callable[[int, int, str], None]

SIZES = ("small", "large")


@dataclass(frozen=True)
class DemoSummary:
    size: str
    seed: int
    counts: dict[str, int]


def build_demo(
    db: Database, size: str = "small", *, seed: int = 7, progress: Progress | None = None
) -> DemoSummary:
    """Fill an empty database with the demo of ``size``."""
    if size == "small":
        from relman.demo.small import build
    elif size == "large":
        from relman.demo.large import build
    else:
        raise ValueError(f"unknown demo size {size!r}")
    build(db, seed=seed, progress=progress or (lambda done, total, what: None))
    from relman.storage.check import count_rows

    return DemoSummary(size, seed, count_rows(db))
