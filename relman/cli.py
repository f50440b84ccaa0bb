"""The command line: ``relman [--db PATH] [COMMAND ...]``.

Without a command it opens the window. Every command exits 0 on success; otherwise it
prints one line saying what is wrong and what to do on stderr and exits non-zero (2 for a
damaged or foreign file, 3 when another relman holds the file), never a traceback. An
unexpected failure is logged with its traceback to the log file, whose path is printed.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from relman import __version__
from relman.errors import DiskFullError, RelmanError
from relman.paths import database_target, default_db_path, log_file, shown_target

if TYPE_CHECKING:
    from relman.demo import DemoSummary
    from relman.storage.check import CheckReport

log = logging.getLogger("relman.cli")

EXIT_UNEXPECTED = 70
#: tables the migrations fill in a new database
SEEDED_TABLES = frozenset({"key_criteria"})
EXIT_INTERRUPTED = 130
#: modules that add their own subcommands: each has ``register(commands)``
COMMAND_MODULES = ("relman.commands.exchange", "relman.commands.report", "relman.commands.server")


def db_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None if top else argparse.SUPPRESS,
        help="database file (default: RELMAN_DATABASE_URL, else relman.sqlite in the "
        "user's data folder)",
    )


def add_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    description: str,
) -> argparse.ArgumentParser:
    """A subcommand whose help page opens with ``description``; ``summary`` is its line in
    ``relman --help``."""
    return commands.add_parser(name, help=summary, description=description)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="relman",
        description="Relationship management for IT departments. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"relman {__version__}")
    db_option(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = add_command(
        commands,
        "demo",
        "fill a new database with the demo company",
        "Build the demo company into a new database file, to try relman or to measure it. "
        "The file is built beside its final place and appears only when it is complete.",
    )
    demo.add_argument(
        "--size",
        choices=("small", "large"),
        default="small",
        help="small: Jeans-R-Us; large: ten years of a big department (benchmarks)",
    )
    demo.add_argument("--seed", type=int, default=7, help="the same seed gives the same data")
    demo.add_argument(
        "--force",
        action="store_true",
        help="replace an existing file; whatever it holds is first copied into backups/ "
        "beside it (a damaged or foreign file byte for byte), so nothing is lost",
    )
    db_option(demo)
    demo.set_defaults(run=cmd_demo)

    check = add_command(
        commands,
        "check",
        "check a database file and count its records",
        "Check a database file for damage, tell its schema revision and count its records. "
        "Reads only: it works while the window has the file open. Exits 2 if damaged.",
    )
    check.add_argument(
        "--repair-index",
        action="store_true",
        help="first rebuild the search index from the records (after a backup), then check; "
        "for a file whose only problem is its search index",
    )
    db_option(check)
    check.set_defaults(run=cmd_check)

    backup = add_command(
        commands,
        "backup",
        "copy the database safely, even while in use",
        "Copy the database into a backup file that is checked before it is kept. "
        "Safe while the window has the file open.",
    )
    backup.add_argument(
        "--to",
        metavar="FILE",
        type=Path,
        help="where to write the copy (default: backups/ beside the database)",
    )
    db_option(backup)
    backup.set_defaults(run=cmd_backup)

    restore = add_command(
        commands,
        "restore",
        "replace the database by a backup",
        "Replace the database by a backup file, after checking the backup. The replaced "
        "database is kept beside it as <file>.before-restore; the backup is only read.",
    )
    restore.add_argument("file", metavar="FILE", type=Path, help="the backup to restore")
    db_option(restore)
    restore.set_defaults(run=cmd_restore)

    search = add_command(
        commands,
        "search",
        "search every record's text",
        "Search the text of every record: notes, answers, expectations, minutes. "
        "Prints one hit a line: kind, title and the words around the match.",
    )
    search.add_argument("text", metavar="TEXT", help="words to look for (prefixes match)")
    search.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits")
    db_option(search)
    search.set_defaults(run=cmd_search)
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(commands)
    return parser


def _file_target(args: argparse.Namespace, what: str) -> Path:
    target = database_target(args.db)
    if isinstance(target, str):
        raise RelmanError(
            f"'{what}' works on a database file; use your database server's own tools "
            f"for {shown_target(target)}."
        )
    from relman.storage.lock import real_path

    # A symlink names the real file: lock, back up and replace that one, never the link.
    return real_path(target)


def _say(text: str) -> None:
    print(text, flush=True)


def _shorten(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut to ``limit`` characters, for echoing back to the user."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def _demo_progress() -> Callable[[int, int, str], None]:
    """Progress on stderr, at most twice a second."""
    last_shown = [0.0]

    def progress(done: int, total: int, what: str) -> None:
        if time.perf_counter() - last_shown[0] > 0.5 or done == total:
            last_shown[0] = time.perf_counter()
            pct = 100 * done // max(total, 1)
            print(f"  {pct:3d}%  {what}", file=sys.stderr, flush=True)

    return progress


#: the demo is built in ``<target>.building`` and renamed into place when complete
BUILDING_SUFFIX = ".building"


def _demo_into_url(url: str, args: argparse.Namespace) -> DemoSummary:
    from relman.demo import build_demo
    from relman.storage import open_database
    from relman.storage.check import count_rows

    db = open_database(url)
    try:
        # the criteria a new database starts with are relman's, not the user's data
        if any(n for table, n in count_rows(db).items() if table not in SEEDED_TABLES):
            raise RelmanError(
                "That database already holds data; 'relman demo' fills an empty one only."
            )
        return build_demo(db, args.size, seed=args.seed, progress=_demo_progress())
    finally:
        db.close()


def _build_demo_file(path: Path, args: argparse.Namespace) -> DemoSummary:
    """Build the demo into the new file ``path`` and leave it as one self-contained file."""
    import sqlite3

    from relman.demo import build_demo
    from relman.storage import open_database

    db = open_database(path, lock=False)
    try:
        summary = build_demo(db, args.size, seed=args.seed, progress=_demo_progress())
    finally:
        db.close()
    if path.with_name(path.name + "-wal").exists():  # fold a leftover WAL into the file
        con = sqlite3.connect(path)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
    return summary


def _demo_into_file(target: Path, args: argparse.Namespace) -> DemoSummary:
    """Build into ``<target>.building`` and rename it into place only when complete, so a
    run that fails or is killed never leaves a half-built file where the database goes.
    A replaced file is copied into backups/ first, whatever it holds."""
    from relman.storage.backup import (
        SIDE_SUFFIXES,
        ensure_replaceable,
        keep_copy,
        remove_database_files,
    )
    from relman.storage.lock import lock_for, real_path

    if target == default_db_path():
        target.parent.mkdir(parents=True, exist_ok=True)  # the default data folder
    target = real_path(target)  # replace the real file, never a symlink to it
    ensure_replaceable(target)
    lock = lock_for(target)
    try:
        if target.exists() and not args.force:
            raise RelmanError(
                f"{target} already exists. Use --force to replace it with the demo "
                "(it is backed up first), or --db to choose another file."
            )
        building = target.with_name(target.name + BUILDING_SUFFIX)
        remove_database_files(building)  # left by a run that was killed; we hold the lock
        try:
            try:
                summary = _build_demo_file(building, args)
            except DiskFullError as exc:  # the file being built is relman's business
                raise DiskFullError(target) from exc
            if target.exists():
                _say(f"Backed up the replaced file to {keep_copy(target)}")
            for suffix in SIDE_SUFFIXES:  # the old file's WAL must not meet the new file
                target.with_name(target.name + suffix).unlink(missing_ok=True)
            os.replace(building, target)
        except BaseException:
            remove_database_files(building)
            raise
    finally:
        lock.release()
    return summary


def cmd_demo(args: argparse.Namespace) -> int:
    target = database_target(args.db)
    started = time.perf_counter()
    if isinstance(target, str):
        summary = _demo_into_url(target, args)
    else:
        summary = _demo_into_file(target, args)
    seconds = time.perf_counter() - started
    counts = summary.counts
    _say(
        f"Built the {args.size} demo (seed {args.seed}) in {seconds:.1f} s "
        f"into {shown_target(target)}: "
        f"{counts['business_units']} units, {counts['contacts']} contacts, "
        f"{counts['interviews']} interviews, {counts['expectations']} expectations, "
        f"{counts['escalations']} escalations."
    )
    return 0


def _repair_index(target: Path) -> None:
    """Rebuild the search index of ``target`` under the lock, after a backup."""
    from relman.storage import open_database
    from relman.storage.backup import keep_copy
    from relman.storage.fts import rebuild_index

    db = open_database(target, create=False)  # takes the lock
    try:
        copy = keep_copy(target, "before-index-repair")
        _say(f"Backed up {target} to {copy}")
        entries = rebuild_index(db)
    finally:
        db.close()
    _say(f"Rebuilt the search index: {entries} entries.")


def cmd_check(args: argparse.Namespace) -> int:
    from relman.storage.check import check_file

    target = database_target(args.db)
    if isinstance(target, str):
        from relman.storage import open_database
        from relman.storage.check import count_rows

        if args.repair_index:
            raise RelmanError("--repair-index works on database files only.")

        from relman.storage.check import server_problems, summarise

        db = open_database(target, lock=False, migrate_schema=False)
        try:
            _say(f"{db.name}: reachable, schema revision {db.revision()}")
            for table, n in count_rows(db).items():
                _say(f"  {table:<22}{n:>10}")
            problems = server_problems(db)
        finally:
            db.close()
        if not problems:
            _say("The schema is as relman declares it, and every row keeps its rules.")
            return 0
        _say(f"{len(problems)} problem{'s' if len(problems) > 1 else ''} found:")
        for line in summarise(problems):
            _say(f"  {line}")
        return 2
    if args.repair_index:
        found = check_file(target)
        if not found.ok and not _index_only(found.problems):
            # Rebuilding the index would not mend this; say what is wrong instead.
            return _print_report(found, "Rebuilding its search index would not mend that. ")
        _repair_index(target)
    return _print_report(check_file(target))


def _index_only(problems: list[str]) -> bool:
    return all("search index" in problem for problem in problems)


def _print_report(report: CheckReport, refusal: str = "") -> int:
    """Print what ``relman check`` found; 0 if the file is sound, else 2."""
    from relman.storage import migrate

    target = report.path
    head = migrate.head_revision()
    if report.revision is None:
        state = "none (a new, empty database)"
    elif report.revision == head:
        state = f"{report.revision} (current)"
    elif migrate.is_known(report.revision):
        state = f"{report.revision} (older; upgraded to {head} when next opened)"
    else:
        state = f"{report.revision} (written by a newer relman; this one will not open it)"
    _say(f"{target}: {'ok' if report.ok else 'PROBLEMS FOUND'}")
    _say(f"schema revision: {state}")
    for table, n in report.counts.items():
        _say(f"  {table:<22}{n:>10}")
    if not report.ok:
        for problem in report.problems:  # already cut to a few by check_file
            print(f"problem: {_shorten(problem, 200)}", file=sys.stderr)
        if _index_only(report.problems) and not refusal:
            advice = "Rebuild its search index with 'relman check --repair-index'."
        else:
            advice = "Restore it from a backup with 'relman restore'."
        print(f"relman: {target} is damaged. {refusal}{advice}", file=sys.stderr)
        return 2
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from relman.storage.backup import backup

    target = _file_target(args, "backup")
    to = args.to.expanduser() if args.to else None
    copy = backup(target, to)
    _say(f"Backed up {target} to {copy}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from relman.storage import open_database
    from relman.storage.backup import ensure_replaceable, restore
    from relman.storage.lock import lock_for

    target = _file_target(args, "restore")
    source = args.file.expanduser()
    if source.exists() and target.exists() and source.resolve() == target.resolve():
        raise RelmanError("That is the database itself; give the path of a backup file.")
    ensure_replaceable(target)  # before the lock, so a refusal leaves no file behind
    lock = lock_for(target)
    try:
        kept = restore(source, target)
        open_database(target, lock=False).close()  # upgrades an older backup, after a backup
    finally:
        lock.release()
    _say(f"Restored {source} into {target}.")
    if kept:
        _say(f"The replaced database is kept as {kept}")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from relman.storage import open_database
    from relman.workflows.search import search

    if not args.text.strip():
        raise RelmanError('Give the words to look for, for example: relman search "SAP".')
    if args.limit < 1:
        raise RelmanError("--limit must be at least 1.")
    db = open_database(database_target(args.db), readonly=True)
    try:
        with db.read_session() as s:
            hits = search(s, args.text, limit=args.limit)
    finally:
        db.close()
    if not hits:
        print(f"No record matches “{_shorten(args.text)}”.", file=sys.stderr)
        return 1
    for hit in hits:
        _say(f"{hit.kind_label}\t{hit.title}\t{hit.snippet}")
    return 0


def cmd_window(args: argparse.Namespace) -> int:
    from relman.ui.app import run

    return run(database_target(args.db))


def _refuse(error: RelmanError) -> None:
    """The refusal on one line of stderr, whatever line breaks its reason holds (a
    server's reasons often have two)."""
    print(f"relman: {' '.join(error.message.split())}", file=sys.stderr)


def _explained(exc: Exception, args: argparse.Namespace) -> RelmanError | None:
    """What relman can tell the user about a failure that surfaced outside a session: a
    full or failing disk, a busy or damaged file, a server it cannot reach, a name someone
    else saved at the same moment. None for a bug."""
    from relman.storage.db_errors import explain

    try:
        where = shown_target(database_target(getattr(args, "db", None)))
    except RelmanError:
        return None
    return explain(exc, where)


#: Files and folders relman makes (databases, backups, logs, exports, settings) are the
#: user's alone: they hold what customers said in confidence. The user can widen them.
PRIVATE_UMASK = 0o077


def main(argv: Sequence[str] | None = None) -> int:
    previous = os.umask(PRIVATE_UMASK)
    try:
        return _main(argv)
    finally:
        os.umask(previous)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from relman.logs import setup_logging

    setup_logging()
    run: Callable[[argparse.Namespace], int] = getattr(args, "run", cmd_window)
    try:
        return run(args)
    except RelmanError as exc:
        _refuse(exc)
        return exc.exit_code
    except KeyboardInterrupt:
        print("relman: stopped.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as exc:
        known = _explained(exc, args)
        if known is not None:
            # not the exception itself: a database error's text carries the SQL parameters
            log.warning("%s: %s (%s)", args.command or "window", known, type(exc).__name__)
            _refuse(known)
            return known.exit_code
        log.exception("unexpected error in %s", args.command or "window")
        print(
            f"relman: something went wrong that relman did not expect ({type(exc).__name__}). "
            f"Nothing already saved was lost. Details are in {log_file()}",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    raise SystemExit(main())
