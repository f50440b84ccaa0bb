"""The one-writer lock of a database file, keyed by the file itself rather than by its name.

Two things go wrong with a plain lock file beside the database:

- **Names are not files.** A symlink or a hard link gives the same file another name, and
  so another ``<name>.lock``: two writers then share one file and damage it. The lock here
  follows symlinks to the real file (:func:`real_path`) and, where the system offers them,
  also takes an *open file description* (OFD) lock on the file's inode, which every name of
  it, hard links included, shares.
- **POSIX drops a process's SQLite locks whenever any descriptor of the file is closed.**
  A file dialog that peeks at the database to guess its type, or any ``open()``/``close()``
  of it, silently releases the shared lock SQLite holds. Another SQLite client (the
  ``sqlite3`` shell, a backup tool) then believes it is the last one, checkpoints and
  deletes the ``-wal`` while relman keeps writing into the deleted file: saved words vanish
  at the next start. OFD locks belong to the descriptor that took them, not to the
  process, so closing another descriptor leaves them alone. While a database is open for
  writing, :meth:`WriterLock.guard` holds an OFD read lock on SQLite's own shared-lock
  bytes: no other process can then take SQLite's exclusive lock, so none deletes the
  ``-wal`` or changes the journal mode under relman, whatever else opens and closes the
  file in this process. The guard is let go just before relman closes its connections, so
  that its own last close still folds the ``-wal`` back into the file.

Where OFD locks do not exist (macOS, Windows) the lock file alone is used: Windows does
not drop locks on close, and both still resolve symlinks.

Files are read through :func:`read_bytes`, which reads a file this process holds open
through the lock's own descriptor instead of opening (and closing) it again.
"""

from __future__ import annotations

import errno
import os
import struct
import sys
import threading
from pathlib import Path

from filelock import FileLock, Timeout

from relman.errors import LockedError
from relman.paths import PRIVATE_FILE

#: SQLite's lock bytes (os_unix.c): PENDING at 1 GiB, RESERVED after it, then 510 bytes
#: of SHARED locks. Readers hold a read lock somewhere in the SHARED range; a writer that
#: wants EXCLUSIVE must write-lock all of it.
PENDING_BYTE = 0x40000000
SHARED_FIRST = PENDING_BYTE + 2
SHARED_SIZE = 510
#: relman's own writer byte, past SQLite's range: SQLite never locks it.
WRITER_BYTE = PENDING_BYTE + 1024

_OFD_SETLK = getattr(__import__("fcntl"), "F_OFD_SETLK", None) if os.name == "posix" else None
HAS_OFD_LOCKS = _OFD_SETLK is not None and sys.platform.startswith("linux")

#: The locks this process holds, by (device, inode), for :func:`read_bytes`.
_held: dict[tuple[int, int], WriterLock] = {}
_held_guard = threading.Lock()


def real_path(path: Path) -> Path:
    """``path`` with every symlink resolved (the file's real name), made absolute."""
    return Path(os.path.realpath(path))


def _ofd(fd: int, kind: int, start: int, length: int) -> bool:
    """Set an OFD lock (F_RDLCK, F_WRLCK or F_UNLCK) on a byte range; False if refused."""
    import fcntl

    request = struct.pack("hhqqi4x", kind, os.SEEK_SET, start, length, 0)
    try:
        fcntl.fcntl(fd, _OFD_SETLK, request)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EAGAIN):
            return False
        raise
    return True


def _in_use(path: Path) -> LockedError:
    return LockedError(
        f"{path} is already open in another relman window or command. "
        "Close it there first, or open a different file."
    )


class WriterLock:
    """Makes this process the only relman writer of one database file.

    Holds ``<real file>.lock`` (every platform) and, on Linux, an OFD write lock on the
    file's own inode (see the module's docstring). :meth:`guard` and :meth:`unguard` hold
    and let go of SQLite's shared-lock bytes while connections are open.
    """

    def __init__(self, path: Path) -> None:
        self.path = real_path(path)
        self._file_lock = FileLock(str(self.path) + ".lock", timeout=0, mode=PRIVATE_FILE)
        self._fd: int | None = None
        self._key: tuple[int, int] | None = None
        self._guarded = False

    def acquire(self) -> WriterLock:
        try:
            self._file_lock.acquire()
        except Timeout:
            raise _in_use(self.path) from None
        except OSError as exc:
            raise LockedError(f"Cannot lock {self.path}: {exc.strerror}.") from exc
        try:
            self._lock_inode()
        except BaseException:
            self._file_lock.release()
            raise
        return self

    def _lock_inode(self) -> None:
        """The OFD writer lock on the file itself, if it exists yet (a file that does not
        exist has no other names; once SQLite creates it, :meth:`guard` takes it)."""
        if not HAS_OFD_LOCKS or self._fd is not None:
            return
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CLOEXEC | os.O_NOFOLLOW | os.O_NONBLOCK)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise LockedError(f"Cannot lock {self.path}: {exc.strerror}.") from exc
        try:
            if not _ofd(fd, _f("F_WRLCK"), WRITER_BYTE, 1):
                raise _in_use(self.path)
        except BaseException:
            os.close(fd)
            raise
        info = os.fstat(fd)
        self._fd, self._key = fd, (info.st_dev, info.st_ino)
        with _held_guard:
            _held[self._key] = self

    def guard(self) -> None:
        """Hold SQLite's shared-lock bytes so that no other process can take its exclusive
        lock while this one has connections open. Call once SQLite has put the file in WAL
        mode (that switch itself needs the exclusive lock)."""
        self._lock_inode()
        if self._fd is None or self._guarded:
            return
        self._guarded = _ofd(self._fd, _f("F_RDLCK"), SHARED_FIRST, SHARED_SIZE)

    def unguard(self) -> None:
        if self._fd is not None and self._guarded:
            _ofd(self._fd, _f("F_UNLCK"), SHARED_FIRST, SHARED_SIZE)
        self._guarded = False

    @property
    def guarded(self) -> bool:
        return self._guarded

    def pread(self, size: int, offset: int = 0) -> bytes:
        assert self._fd is not None
        return os.pread(self._fd, size, offset)

    def release(self) -> None:
        """Let go of everything; call after every connection to the file is closed (the
        descriptor's close would otherwise drop SQLite's locks of this process)."""
        if self._fd is not None:
            with _held_guard:
                if self._key is not None and _held.get(self._key) is self:
                    del _held[self._key]
            os.close(self._fd)
            self._fd, self._key, self._guarded = None, None, False
        if self._file_lock.is_locked:
            self._file_lock.release()


def _f(name: str) -> int:
    import fcntl

    return int(getattr(fcntl, name))


def lock_for(path: Path) -> WriterLock:
    """Take the lock that makes this process the file's only writer, or refuse clearly."""
    return WriterLock(path).acquire()


def read_bytes(path: Path, size: int, offset: int = 0) -> bytes:
    """Up to ``size`` bytes of ``path`` from ``offset``, without ever closing a descriptor
    of a database this process holds open (which would drop SQLite's locks on it)."""
    try:
        info = path.stat()
    except OSError:
        info = None
    if info is not None:
        with _held_guard:
            holder = _held.get((info.st_dev, info.st_ino))
        if holder is not None and holder._fd is not None:
            return holder.pread(size, offset)
    with path.open("rb") as fh:
        fh.seek(offset)
        return fh.read(size)
