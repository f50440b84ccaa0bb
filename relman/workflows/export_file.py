"""Writing an exported file (calendar, CSV) so that a half file is never left behind.

The bytes are written to a temporary file in the target's folder and renamed over the
target only once complete: a full disk, a crash or a cancelled export leaves the old file
(or none) where the export goes, never a truncated one. A target that is a folder or a
device, or whose folder does not exist, is refused with one sentence before anything is
written; a full or failing disk is a :class:`~relman.errors.DiskFullError`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from relman.errors import RelmanError, disk_error


def check_target(path: Path) -> Path:
    """``path`` made absolute, or a :class:`RelmanError` saying why nothing can go there."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise RelmanError(f"{path} is a folder; give the name of the file to write.")
    if path.exists() and not path.is_file():  # a device or a pipe: renaming would replace it
        raise RelmanError(f"{path} is not a file; give the name of the file to write.")
    folder = path.parent
    if not folder.is_dir():
        raise RelmanError(f"The folder {folder} does not exist; create it or choose another.")
    if not os.access(folder, os.W_OK):
        raise RelmanError(f"relman may not write into {folder}; choose another folder.")
    return path.absolute()


def write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    path = check_target(path)
    partial: str | None = None
    try:
        fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
        # mkstemp's 0600 is kept: an export holds confidential notes until the user, who
        # owns it, chooses to share it.
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException as exc:
        if partial is not None:
            Path(partial).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise write_refused(exc, path) from None
        raise
    return path


def write_refused(exc: OSError, path: Path) -> RelmanError:
    """What to tell the user when writing ``path`` failed with ``exc``: a full or failing
    disk in the same words everywhere (:class:`~relman.errors.DiskFullError`), else the
    system's reason."""
    return disk_error(exc, path) or RelmanError(f"Could not write {path}: {exc.strerror or exc}.")
