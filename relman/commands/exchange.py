"""``relman export ics|csv`` and ``relman import contacts|units``: the calendar and CSV
files of relman/workflows/calendar.py, csv_export.py and csv_import.py, from the command line.

Exports read the database read-only (they work while the window has the file open) and
write their file through a temporary file renamed into place. An import checks every row
first; with any problem it prints one line per problem on stderr, imports nothing and exits
1 (``--dry-run`` checks and reports without importing). A long one says on stderr how far
it got, every :data:`PROGRESS_EVERY` rows. The import is the window's: the named command
``import_rows``, run through :func:`relman.workflows.commands.execute` and kept in the audit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from relman.cli import add_command, db_option
from relman.errors import RelmanError
from relman.paths import database_target

if TYPE_CHECKING:
    from relman.workflows.csv_import import ImportPreview

    Commands = argparse._SubParsersAction[argparse.ArgumentParser]

#: the lists ``export csv`` writes (relman.workflows.csv_export.KINDS, named here so that
#: ``relman --help`` does not load the database layer)
CSV_KINDS = ("contacts", "units", "expectations", "actions")


def register(commands: Commands) -> None:
    _register_export(commands)
    _register_import(commands)


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        type=Path,
        required=True,
        help="the file to write (replaced if it exists, only once the new one is complete)",
    )


def _register_export(commands: Commands) -> None:
    export = add_command(
        commands,
        "export",
        "write the calendar (.ics) or a list (.csv) for other programs",
        "Write interviews and meetings as an iCalendar file for calendar programs, or "
        "contacts, units, expectations or action items as a CSV file for spreadsheets.",
    )
    kinds = export.add_subparsers(dest="format", metavar="FORMAT", required=True)
    ics = kinds.add_parser(
        "ics",
        help="interviews and meetings as an iCalendar file",
        description="Write the planned interviews (not cancelled) and the meetings from "
        "--from to --until as an iCalendar file that calendar programs import. Importing "
        "a newer export updates the events instead of adding them twice.",
    )
    ics.add_argument("--from", dest="start", metavar="DATE", help="first day (default: today)")
    ics.add_argument("--until", metavar="DATE", help="last day, included (default: no end)")
    ics.add_argument(
        "--timezone",
        metavar="ZONE",
        help="time zone of the event times, e.g. Europe/Berlin or UTC (default: this computer's)",
    )
    _output(ics)
    db_option(ics)
    ics.set_defaults(run=cmd_export_ics)
    csv = kinds.add_parser(
        "csv",
        help="a list as a CSV file for spreadsheets",
        description="Write a list as a CSV file (UTF-8 with a byte-order mark) that "
        "spreadsheet programs open correctly. A cell that would start a formula is "
        "written with a leading apostrophe, so it is shown, never run.",
    )
    csv.add_argument("kind", choices=CSV_KINDS, help="what to export")
    _output(csv)
    db_option(csv)
    csv.set_defaults(run=cmd_export_csv)


def _register_import(commands: Commands) -> None:
    imp = add_command(
        commands,
        "import",
        "add contacts or units from a CSV file",
        "Add business units or contacts from a CSV file (see docs/csv.md for the "
        "columns). Every row is checked first; if any row has a problem, each problem is "
        "printed with its line and nothing is imported.",
    )
    kinds = imp.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, what in (("contacts", "contacts"), ("units", "business units")):
        sub = kinds.add_parser(
            kind,
            help=f"add {what} from a CSV file",
            description=f"Add {what} from a CSV file; all of them, or none if any row "
            "has a problem.",
        )
        sub.add_argument("file", metavar="FILE", type=Path, help="the CSV file")
        sub.add_argument(
            "--dry-run", action="store_true", help="check and report only; import nothing"
        )
        db_option(sub)
        sub.set_defaults(run=cmd_import)


def _date(option: str, text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise RelmanError(f"{option} “{text}” is not a date; write it as YYYY-MM-DD.") from None


def cmd_export_ics(args: argparse.Namespace) -> int:
    from relman.storage import open_database
    from relman.workflows.calendar import export_calendar, zone_named
    from relman.workflows.export_file import check_target

    start, until = _date("--from", args.start), _date("--until", args.until)
    target = check_target(args.output)
    zone = zone_named(args.timezone)
    db = open_database(database_target(args.db), readonly=True)
    try:
        with db.read_session() as s:
            count = export_calendar(s, target, start=start, until=until, zone_name=zone.key)
    finally:
        db.close()
    events = "event" if count == 1 else "events"
    print(f"Wrote {count} {events} (times in {zone.key}) to {target}", flush=True)
    return 0


def cmd_export_csv(args: argparse.Namespace) -> int:
    from relman.storage import open_database
    from relman.workflows.csv_export import KINDS, export_csv
    from relman.workflows.export_file import check_target

    target = check_target(args.output)
    db = open_database(database_target(args.db), readonly=True)
    try:
        with db.read_session() as s:
            count = export_csv(s, args.kind, target)
    finally:
        db.close()
    print(f"Wrote {count} {KINDS[args.kind][0]} to {target}", flush=True)
    return 0


def _report(preview: ImportPreview) -> None:
    for problem in preview.problems:
        column = f", {problem.column}" if problem.column else ""
        print(f"line {problem.line}{column}: {problem.message}", file=sys.stderr)


#: a long import says how far it got on stderr every this many rows
PROGRESS_EVERY = 10_000


def _progress(done: int, total: int, what: str) -> None:
    if what and done and done % PROGRESS_EVERY == 0:
        print(f"  {what}", file=sys.stderr, flush=True)


def cmd_import(args: argparse.Namespace) -> int:
    from relman.storage import open_database
    from relman.workflows import commands
    from relman.workflows.csv_import import ImportRefused, headers_of, preview
    from relman.workflows.csv_read import SEPARATOR_NAMES, read_file

    file = read_file(args.file, headers_of(args.kind))
    if file.ignored:
        print(f"Columns left out: {', '.join(file.ignored)}", flush=True)
    db = open_database(database_target(args.db), create=False)
    try:
        if args.dry_run:
            with db.read_session() as s:
                checked = preview(s, args.kind, file, _progress)
            _report(checked)
            print(checked.summary(), flush=True)
            return 0 if checked.ok else 1
        # the window's import: the same command, kept in the audit like any other
        command = commands.Command(
            "import_rows",
            {"kind": args.kind, "file": file},
            text=f"import of {args.kind} from {Path(args.file).name}",
        )
        try:
            with db.session() as s:
                result = commands.execute(s, command, progress=_progress).result
        except ImportRefused as refused:
            _report(refused.preview)
            raise
    finally:
        db.close()
    separator = SEPARATOR_NAMES[file.separator]
    print(f"{result.summary()[:-1]} from {args.file} ({separator}-separated).", flush=True)
    return 0
