"""Reading a file a person names (a submission, a draft to import, a definitions file), safely.

Whatever the path is, msq reads at most its size limit plus one byte (so /dev/zero or a file that
grows cannot fill the memory), and refuses what is not a regular file (a folder, a FIFO that would
wait forever for a writer, a device, a socket) with a one-line message, before reading anything.
"""

import os
import stat
from pathlib import Path

_CHUNK = 1 << 20


class InputFileError(Exception):
    """A file that cannot be read as asked. ``reason`` is the message without the path, for
    callers that name the file themselves; ``kind`` is missing, not-a-file, too-large or unreadable."""

    def __init__(self, path: Path, kind: str, reason: str):
        super().__init__(f"{path} {reason}")
        self.path = path
        self.kind = kind
        self.reason = reason


def _what_it_is(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_input_file(path: Path, limit: int, what: str) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them; InputFileError if the
    file is missing, is not a regular file, holds more than ``limit`` bytes or cannot be read.

    ``what`` names what the file should be ("a submission file"), for the messages.
    """
    try:
        # stat first: a FIFO or a device is refused without being opened (opening a FIFO waits
        # for a writer; opening some devices acts on them).
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            raise _not_a_file(path, status.st_mode, what)
        if status.st_size > limit:
            raise _too_large(path, status.st_size, limit, what)
        # O_NONBLOCK: should the path become a FIFO between the stat and the open, the open
        # returns at once instead of waiting; fstat below then refuses it.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InputFileError(path, "missing", "does not exist (no such file): check the path") from None
    except NotADirectoryError:
        raise InputFileError(path, "missing", "does not exist: a part of the path is not a folder") from None
    except PermissionError:
        raise InputFileError(
            path, "unreadable", "cannot be read: you do not have permission to read it"
        ) from None
    except OSError as error:
        raise InputFileError(path, "unreadable", f"cannot be read: {error.strerror or error}") from None
    try:
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(
                status.st_mode
            ):  # it changed since the stat (os.fdopen refuses a folder itself)
                raise _not_a_file(path, status.st_mode, what)
            handle = os.fdopen(descriptor, "rb", buffering=0)
        except BaseException:
            os.close(descriptor)
            raise
        with handle:
            chunks: list[bytes] = []
            size = 0
            while size <= limit:  # a file can grow after the stat, or lie about its size (/proc)
                chunk = handle.read(min(_CHUNK, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
    except OSError as error:
        raise InputFileError(path, "unreadable", f"cannot be read: {error.strerror or error}") from None
    if size > limit:
        raise _too_large(path, None, limit, what)
    return b"".join(chunks)


def _not_a_file(path: Path, mode: int, what: str) -> InputFileError:
    kind = _what_it_is(mode)
    if kind == "not a regular file":
        return InputFileError(path, "not-a-file", f"is not a regular file, so it is not {what}")
    return InputFileError(path, "not-a-file", f"is {kind}, not {what}")


def _too_large(path: Path, size: int | None, limit: int, what: str) -> InputFileError:
    found = f"is {size:,} bytes" if size is not None else f"holds more than {limit:,} bytes"
    return InputFileError(
        path,
        "too-large",
        f"{found}, more than {what} can be ({limit:,} bytes at most): check that it is the right file",
    )
