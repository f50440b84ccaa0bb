"""``relman report``: print a review pack, an escalation summary or an interview
preparation sheet to a PDF file.

The PDF is written beside its final place and renamed into it only when complete, so a
failed or cancelled report never leaves half a file where the old one was.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from relman.cli import add_command, db_option
from relman.errors import disk_error
from relman.paths import database_target


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-10-31") from None


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = add_command(
        commands,
        "report",
        "print a report to a PDF file",
        "Print a review pack, an escalation summary or an interview preparation sheet "
        "to a PDF file. Reads only: it works while the window has the database open.",
    )
    kinds = report.add_subparsers(dest="report", metavar="REPORT", required=True)

    pack = add_command(
        kinds,
        "review-pack",
        "everything for a unit's review meeting",
        "The review pack of one unit over a period: portfolio, key customers, "
        "expectations, misses, escalations, interviews, meetings, action items, "
        "satisfaction trend and priority quadrant.",
    )
    pack.add_argument("--unit", required=True, metavar="NAME", help="the unit's name")
    pack.add_argument(
        "--from",
        dest="start",
        type=_date,
        metavar="DATE",
        help="first day of the period (default: three months before its end)",
    )
    pack.add_argument(
        "--until",
        dest="end",
        type=_date,
        metavar="DATE",
        help="last day of the period (default: today)",
    )
    _output(pack)
    pack.set_defaults(run=cmd_review_pack)

    escalations = add_command(
        kinds,
        "escalations",
        "the escalations for managers",
        "An overview of the escalations by age and by unit, then each escalation by "
        "manager and unit, oldest first, with its history and next step.",
    )
    escalations.add_argument(
        "--manager", metavar="NAME", help="only those taken up by this manager (default: all)"
    )
    escalations.add_argument(
        "--status",
        choices=("open", "all"),
        default="open",
        help="open ones only (default), or all, resolved too",
    )
    _output(escalations)
    escalations.set_defaults(run=cmd_escalations)

    prep = add_command(
        kinds,
        "interview-prep",
        "what to read before an interview, with its script",
        "The preparation sheet of one interview: the customer, their assessment, "
        "expectations, open escalations and action items, earlier notes, and the script "
        "with room to write by hand.",
    )
    prep.add_argument("--interview", required=True, metavar="ID", help="the interview's id")
    _output(prep)
    prep.set_defaults(run=cmd_interview_prep)


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        type=Path,
        metavar="FILE",
        help="the PDF file to write (replaced if it exists)",
    )
    db_option(parser)


def _progress(done: int, total: int, what: str) -> None:
    """Nothing on a quick report; the phase on stderr when asked with RELMAN_VERBOSE."""
    if os.environ.get("RELMAN_VERBOSE"):
        print(f"  {what} ({done}/{total})", file=sys.stderr, flush=True)


def write_report(path: Path, make: Callable[[BinaryIO], object]) -> None:
    """Run ``make(file)`` into a temporary file beside ``path`` and rename it into place.
    A full or failing disk is a :class:`~relman.errors.DiskFullError`; no part file stays."""
    from relman.workflows.export_file import check_target

    path = check_target(path)
    temp: str | None = None
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            make(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        full = disk_error(exc, path)
        if full is None:
            raise
        raise full from exc


def _run(args: argparse.Namespace, make: Callable[..., object]) -> int:
    from relman.storage import open_database

    db = open_database(database_target(args.db), readonly=True)
    try:
        with db.read_session() as session:
            write_report(args.output, lambda out: make(session, out))
    finally:
        db.close()
    print(f"Wrote {args.output}", flush=True)
    return 0


def cmd_review_pack(args: argparse.Namespace) -> int:
    from relman.reports.review_pack import render
    from relman.workflows.review_pack_data import gather_review_pack

    return _run(
        args,
        lambda s, out: render(
            gather_review_pack(s, args.unit, start=args.start, end=args.end, progress=_progress),
            out,
            progress=_progress,
        ),
    )


def cmd_escalations(args: argparse.Namespace) -> int:
    from relman.reports.escalation_summary import render
    from relman.workflows.escalation_summary_data import gather_escalation_summary

    return _run(
        args,
        lambda s, out: render(
            gather_escalation_summary(
                s, manager=args.manager, include_closed=args.status == "all", progress=_progress
            ),
            out,
            progress=_progress,
        ),
    )


def cmd_interview_prep(args: argparse.Namespace) -> int:
    from relman.reports.interview_prep import render
    from relman.workflows.interview_prep_data import gather_interview_prep

    return _run(
        args,
        lambda s, out: render(
            gather_interview_prep(s, args.interview, progress=_progress), out, progress=_progress
        ),
    )
