"""Progress and cancelling while a printed report gathers its data.

A report is gathered here in :mod:`relman.workflows` (queries) and laid out by
:mod:`relman.reports` (reportlab only); both report to the same progress callback and stop
with the same :class:`Cancelled`, so they live in this plain module that both import.
"""

from __future__ import annotations

from collections.abc import Callable

from relman.errors import RelmanError

#: ``progress(done, total, what)``: what a report is doing; it may raise to stop the work
Progress = Callable[[int, int, str], None]

#: share of the progress bar given to gathering the data; laying out takes the rest
GATHERING = 20


class Cancelled(RelmanError):
    """The user stopped the report before it was finished; nothing was written."""

    def __init__(self) -> None:
        super().__init__("The report was cancelled.")


def check_cancel(cancelled: Callable[[], bool] | None) -> None:
    """Stop gathering when the user cancelled."""
    if cancelled is not None and cancelled():
        raise Cancelled


def gathering(progress: Progress | None, steps: int) -> Callable[[int, str], None]:
    """Report step ``i`` of ``steps`` of the gathering as the first part of the bar."""

    def step(i: int, what: str) -> None:
        if progress is not None:
            progress(GATHERING * i // max(steps, 1), 100, what)

    return step
