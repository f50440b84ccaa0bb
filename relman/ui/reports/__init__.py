"""Printing from the window: build a report on the operation runner, then preview it.

``show_report(ctx, parent, kind, **params)`` is what every "Review pack…", "Print
summary…" and "Preparation sheet…" action calls. The PDF is built on a worker (gathered in
the job's own session by :mod:`relman.workflows`, then laid out by :mod:`relman.reports`)
into a temporary file, with progress and Cancel; the window never waits for it. When it is
done, the preview opens.

Kinds and their parameters:

- ``"review-pack"``: ``unit`` (id or name), ``start``, ``end`` (dates, optional)
- ``"escalations"``: ``manager`` (name, optional), ``include_closed`` (bool)
- ``"interview-prep"``: ``interview`` (id)
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from relman.ui.context import AppContext
from relman.ui.errors import show_error
from relman.ui.runner import JobControl

#: what each kind of report is called in the window, and its file's suggested name
KINDS: dict[str, tuple[str, str]] = {
    "review-pack": ("Review pack", "review-pack"),
    "escalations": ("Escalation summary", "escalations"),
    "interview-prep": ("Interview preparation", "interview-prep"),
}


def _maker(kind: str, params: dict[str, Any]) -> Callable[..., Any]:
    """``make(session, out, **kw)``: gather ``kind`` with its workflow, then print it with
    its renderer (both imported on first use)."""
    if kind == "review-pack":
        from relman.reports.review_pack import render as review_pack
        from relman.workflows.review_pack_data import gather_review_pack

        def gather(s: Session, **kw: Any) -> Any:
            start, end = params.get("start"), params.get("end")
            return gather_review_pack(s, params["unit"], start=start, end=end, **kw)

        return _gather_then_render(gather, review_pack)
    if kind == "escalations":
        from relman.reports.escalation_summary import render as escalation_summary
        from relman.workflows.escalation_summary_data import gather_escalation_summary

        def gather(s: Session, **kw: Any) -> Any:
            closed = bool(params.get("include_closed"))
            return gather_escalation_summary(
                s, manager=params.get("manager"), include_closed=closed, **kw
            )

        return _gather_then_render(gather, escalation_summary)
    if kind == "interview-prep":
        from relman.reports.interview_prep import render as interview_prep
        from relman.workflows.interview_prep_data import gather_interview_prep

        def gather(s: Session, **kw: Any) -> Any:
            return gather_interview_prep(s, params["interview"], **kw)

        return _gather_then_render(gather, interview_prep)
    raise ValueError(f"unknown report {kind!r}")


def _gather_then_render(
    gather: Callable[..., Any], render: Callable[..., None]
) -> Callable[..., Any]:
    def make(session: Session, out: BinaryIO, **kw: Any) -> Any:
        data = gather(session, **kw)
        render(data, out, **kw)
        return data

    return make


def build_job(kind: str, params: dict[str, Any]) -> Callable[[Session, JobControl], Path]:
    """The runner job that prints ``kind`` into a new temporary file and returns its path
    (the file is removed if the job fails or is cancelled)."""

    def job(session: Session, control: JobControl) -> Path:
        make = _maker(kind, params)
        fd, name = tempfile.mkstemp(prefix=f"relman-{KINDS[kind][1]}-", suffix=".pdf")
        try:
            with os.fdopen(fd, "wb") as out:
                _run(make, session, out, control)
        except BaseException:
            Path(name).unlink(missing_ok=True)
            raise
        return Path(name)

    return job


def _run(make: Callable[..., Any], session: Session, out: BinaryIO, control: JobControl) -> None:
    make(session, out, progress=control.progress, cancelled=lambda: control.cancelled)


def show_report(ctx: AppContext, parent: QWidget, kind: str, **params: Any) -> None:
    """Build report ``kind`` on the runner (progress, Cancel), then open its preview."""
    title = KINDS[kind][0]

    def done(path: Path) -> None:
        from relman.ui.reports.preview import PreviewDialog

        PreviewDialog.open_for(parent, path, title, KINDS[kind][1])

    def failed(exc: BaseException) -> None:
        from relman.workflows.report_progress import Cancelled

        if not isinstance(exc, Cancelled):
            show_error(parent, exc)

    ctx.runner.long(
        build_job(kind, params), done, label=f"Preparing the {title.lower()}…", on_error=failed
    )
