"""The command line: ``relman [--db PATH] [COMMAND ...]``.

Without a command it opens the window. Every command exits 0 on success; otherwise it
prints one line saying what is wrong and what to do on stderr and exits non-zero (2 for a
damaged or foreign file, 3 when another relman holds the file), never a traceback. An
unexpected failure is logged with its traceback to the log file, whose path is printed.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from relman import __version__
from relman.errors import RelmanError
from relman.paths import database_target, log_file

log = logging.getLogger("relman.cli")

EXIT_UNEXPECTED = 70
EXIT_INTERRUPTED = 130


def _db_option(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None if top else argparse.SUPPRESS,
        help="database file (default: RELMAN_DATABASE_URL, else relman.sqlite in the "
        "user's data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="relman",
        description="Relationship management for IT departments. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"relman {__version__}")
    _db_option(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="fill a new database with the demo company")
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
        help="replace an existing database (a healthy one is backed up first)",
    )
    _db_option(demo)
    demo.set_defaults(run=cmd_demo)

    check = commands.add_parser("check", help="check a database file and count its records")
    _db_option(check)
    check.set_defaults(run=cmd_check)

    backup = commands.add_parser("backup", help="copy the database safely, even while in use")
    backup.add_argument(
        "--to",
        metavar="FILE",
        type=Path,
        help="where to write the copy (default: backups/ beside the database)",
    )
    _db_option(backup)
    backup.set_defaults(run=cmd_backup)

    restore = commands.add_parser("restore", help="replace the database by a backup")
    restore.add_argument("file", metavar="FILE", type=Path, help="the backup to restore")
    _db_option(restore)
    restore.set_defaults(run=cmd_restore)

    search = commands.add_parser("search", help="search every record's text")
    search.add_argument("text", metavar="TEXT", help="words to look for (prefixes match)")
    search.add_argument("--limit", type=int, default=20, metavar="N", help="at most N hits")
    _db_option(search)
    search.set_defaults(run=cmd_search)
    return parser


def _file_target(args: argparse.Namespace, what: str) -> Path:
    target = database_target(args.db)
    if isinstance(target, str):
        raise RelmanError(
            f"'{what}' works on a database file; use your database server's own tools for {target}."
        )
    return target


def _say(text: str) -> None:
    print(text, flush=True)


def _remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def cmd_demo(args: argparse.Namespace) -> int:
    from relman.demo import build_demo
    from relman.storage import open_database
    from relman.storage.backup import backup
    from relman.storage.database import lock_for
    from relman.storage.files import inspect_file

    target = database_target(args.db)
    started = time.perf_counter()
    last_shown = [0.0]

    def progress(done: int, total: int, what: str) -> None:
        if time.perf_counter() - last_shown[0] > 0.5 or done == total:
            last_shown[0] = time.perf_counter()
            pct = 100 * done // max(total, 1)
            print(f"  {pct:3d}%  {what}", file=sys.stderr, flush=True)

    if isinstance(target, str):
        db = open_database(target)
        try:
            from relman.storage.check import count_rows

            if any(count_rows(db).values()):
                raise RelmanError(
                    "That database already holds data; 'relman demo' fills an empty one only."
                )
            summary = build_demo(db, args.size, seed=args.seed, progress=progress)
        finally:
            db.close()
    else:
        lock = lock_for(target)
        try:
            if target.exists():
                if not args.force:
                    raise RelmanError(
                        f"{target} already exists. Use --force to replace it with the demo, "
                        "or --db to choose another file."
                    )
                try:
                    healthy = inspect_file(target).revision is not None
                except RelmanError:
                    healthy = False
                if healthy:
                    _say(f"Backed up the replaced database to {backup(target)}")
                _remove_database_files(target)
            try:
                db = open_database(target, lock=False)
                try:
                    summary = build_demo(db, args.size, seed=args.seed, progress=progress)
                finally:
                    db.close()
            except BaseException:
                # Never leave a half-built demo behind (a replaced file was backed up above).
                _remove_database_files(target)
                raise
        finally:
            lock.release()
    seconds = time.perf_counter() - started
    counts = summary.counts
    _say(
        f"Built the {args.size} demo (seed {args.seed}) in {seconds:.1f} s into {target}: "
        f"{counts['business_units']} units, {counts['contacts']} contacts, "
        f"{counts['interviews']} interviews, {counts['expectations']} expectations, "
        f"{counts['escalations']} escalations."
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from relman.storage import migrate
    from relman.storage.check import check_file

    target = database_target(args.db)
    if isinstance(target, str):
        from relman.storage import open_database
        from relman.storage.check import count_rows

        db = open_database(target, lock=False, migrate_schema=False)
        try:
            _say(f"{db.name}: reachable, schema revision {db.revision()}")
            for table, n in count_rows(db).items():
                _say(f"  {table:<22}{n:>10}")
        finally:
            db.close()
        return 0
    report = check_file(target)
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
        for problem in report.problems:
            print(f"problem: {problem}", file=sys.stderr)
        print(
            f"relman: {target} is damaged. Restore it from a backup with 'relman restore'.",
            file=sys.stderr,
        )
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
    from relman.storage.backup import restore
    from relman.storage.database import lock_for

    target = _file_target(args, "restore")
    source = args.file.expanduser()
    if source.exists() and target.exists() and source.resolve() == target.resolve():
        raise RelmanError("That is the database itself; give the path of a backup file.")
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

    if args.limit < 1:
        raise RelmanError("--limit must be at least 1.")
    db = open_database(database_target(args.db), readonly=True)
    try:
        with db.read_session() as s:
            hits = search(s, args.text, limit=args.limit)
    finally:
        db.close()
    if not hits:
        print(f"No record matches “{args.text}”.", file=sys.stderr)
        return 1
    for hit in hits:
        _say(f"{hit.kind_label}\t{hit.title}\t{hit.snippet}")
    return 0


def cmd_window(args: argparse.Namespace) -> int:
    from relman.ui.app import run

    return run(database_target(args.db))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from relman.logs import setup_logging

    setup_logging()
    run: Callable[[argparse.Namespace], int] = getattr(args, "run", cmd_window)
    try:
        return run(args)
    except RelmanError as exc:
        print(f"relman: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("relman: stopped.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0
    except Exception as exc:
        log.exception("unexpected error in %s", args.command or "window")
        print(
            f"relman: something went wrong that relman did not expect ({type(exc).__name__}). "
            f"Nothing already saved was lost. Details are in {log_file()}",
            file=sys.stderr,
        )
        return EXIT_UNEXPECTED


if __name__ == "__main__":
    raise SystemExit(main())
