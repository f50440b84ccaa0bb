"""Writing an exported file (calendar, CSV) so that a half file is never left behind.

The bytes are written to a temporary file in the target's folder and renamed over the
target only once complete: a full disk, a crash or a cancelled export leaves the old file
(or none) where the export goes, never a truncated one. A target that is a folder, or whose
folder does not exist, is refused with one sentence before anything is written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from relman.errors import RelmanError


def check_target(path: Path) -> Path:
    """``path`` made absolute, or a :class:`RelmanError` saying why nothing can go there."""
    path = Path(path).expanduser()
    if path.is_dir():
        raise RelmanError(f"{path} is a folder; give the name of the file to write.")
    folder = path.parent
    if not folder.is_dir():
        raise RelmanError(f"The folder {folder} does not exist; create it or choose another.")
    if not os.access(folder, os.W_OK):
        raise RelmanError(f"relman may not write into {folder}; choose another folder.")
    return path.absolute()


def write_atomically(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file renamed into place."""
    path = check_target(path)
    fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    try:
        os.chmod(partial, 0o644)  # an export is meant to be shared, unlike mkstemp's 0600
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except OSError as exc:
        Path(partial).unlink(missing_ok=True)
        raise RelmanError(f"Could not write {path}: {exc.strerror or exc}.") from None
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return path
