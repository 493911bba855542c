"""Atomic file writes: a file is either its old self or its new self, never half of each.

The new content goes to a temporary file in the same folder, which is flushed and fsynced, then
moved over the target with os.replace, and the folder itself is fsynced so that the rename
survives a power cut. If any step fails the temporary file is removed and the old file is left
byte for byte as it was; the error goes to the caller, who decides what to tell the user.
"""

import os
import secrets
from pathlib import Path

TEMPORARY_SUFFIX = ".msq-tmp"


def temporary_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}")


def write_atomic(target: Path, data: bytes, mode: int = 0o600) -> None:
    """Replace ``target`` with ``data`` atomically, the file getting ``mode`` whatever the umask."""
    temporary = temporary_path(target)
    # O_BINARY: Windows opens in text mode otherwise, and would write every "\n" as "\r\n".
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        try:
            set_mode(descriptor, temporary, mode)
            view = memoryview(data)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    fsync_folder(target.parent)


def set_mode(descriptor: int, path: Path, mode: int) -> None:
    """Give a file just created ``mode`` whatever the umask, with what the platform has.

    os.fchmod exists on Windows only from Python 3.13; there os.chmod can only set or clear the
    read-only flag, and files are private by the user's profile folder, not by modes.
    """
    if hasattr(os, "fchmod"):
        os.fchmod(descriptor, mode)
    elif os.name == "posix":
        os.chmod(path, mode)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened, as on Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def remove_temporaries(folder: Path) -> list[Path]:
    """Delete temporary files that an interrupted write left in ``folder``; return what was removed."""
    removed: list[Path] = []
    try:
        candidates = list(folder.glob(f".*{TEMPORARY_SUFFIX}"))
    except OSError:
        return removed
    for path in candidates:
        try:
            path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed
