"""Errors a user can act on.

Every refusal in relman is a :class:`RelmanError` whose ``message`` tells the user what to
do. The window shows it beside a field or in a short dialog; the command line prints it on
stderr and exits non-zero. Anything that is *not* a RelmanError is a bug: it is logged with
its traceback and shown as a short apology.
"""

from __future__ import annotations

import errno

#: what the system says when a disk is full, over its quota, or failing
DISK_ERRNOS = frozenset(
    code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None), errno.EIO) if code
)


class RelmanError(Exception):
    """Base of every error that carries a message meant for the user."""

    #: exit code used by the command line
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DiskFullError(RelmanError):
    """A file could not be written: its disk is full or failing. ``where`` names the file."""

    def __init__(self, where: object) -> None:
        super().__init__(
            f"Could not write to {where}: the disk is full or failing. Nothing was saved; "
            "free some space and try again."
        )
        self.where = where


def disk_error(exc: BaseException, where: object) -> DiskFullError | None:
    """A :class:`DiskFullError` naming ``where`` if ``exc`` is an :class:`OSError` of a
    full or failing disk (ENOSPC, EDQUOT, EIO), else None."""
    if isinstance(exc, OSError) and exc.errno in DISK_ERRNOS:
        return DiskFullError(where)
    return None


class ValidationError(RelmanError):
    """A value the user gave is not acceptable. ``field`` names the input to fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class RuleError(RelmanError):
    """The step breaks the method, e.g. escalating an expectation that is not disagreed."""


class NotFoundError(RelmanError):
    """The record asked for does not exist (any more)."""


class ConflictError(RelmanError):
    """Someone else changed the record since it was read."""


class LockedError(RelmanError):
    """Another relman process is writing to the same database."""

    exit_code = 3


class NotPermittedError(RelmanError):
    """The team server refused the login: it may not read or change what was asked."""

    exit_code = 4


class StorageError(RelmanError):
    """The database file cannot be used as it is."""

    exit_code = 2


class CorruptFileError(StorageError):
    """The file is damaged, empty, or not a relman database at all."""


class NewerSchemaError(StorageError):
    """The file was written by a newer relman; it is left untouched."""


class NeedsUpgradeError(StorageError):
    """A shared database at an older schema: only ``relman server upgrade`` migrates it."""


class DamagedFileError(CorruptFileError):
    """A relman database that fails its integrity check: it may be read, never written."""


class ReadOnlyError(StorageError):
    """The file (or its folder) cannot be written, or the database is open read-only."""
