"""The lock that lets one msq at a time write a draft: an OS lock, or a lock file where the file system has none."""

import errno
import json
import os
import socket
from datetime import datetime
from pathlib import Path
from typing import Any

from msq_tui.files.atomic import write_atomic
from msq_tui.model.answers import utc_now
from msq_tui.store.errors import DraftError, DraftLocked
from msq_tui.store.folders import describe_link


class LockUnavailable(DraftError):
    """The draft's lock cannot be taken for a reason other than another msq holding it."""


# What a file system without locks answers to flock: NFS without lockd, some SMB mounts.
NO_LOCKS_ERRNOS = frozenset(
    code
    for code in (getattr(errno, name, None) for name in ("ENOLCK", "ENOSYS", "EOPNOTSUPP", "ENOTSUP"))
    if code is not None
)


class DraftLock:
    """The right to write one draft, held through an OS lock on its own lock file.

    On a file system that cannot hold locks, a lock file made with O_EXCL (`<id>.lockfile`, with
    the process id and the host) takes its place: it keeps out a second msq on this computer, and
    one left by an msq that died on this computer is taken over. `notice` then says so.
    """

    def __init__(self, lock_path: Path, holder_path: Path):
        from filelock import FileLock, Timeout

        self._timeout_error = Timeout
        self._lock_path = lock_path
        # Not thread-local: at exit the lock may be released from another thread than took it.
        self._lock = FileLock(str(lock_path), timeout=0, mode=0o600, thread_local=False)
        self._holder_path = holder_path
        self._lock_file_path = lock_path.with_name(lock_path.name + "file")
        self._lock_file_held = False
        self.notice: str | None = None  # something to tell the person about how the lock is held

    def acquire(self) -> None:
        if self._lock_file_held:
            return  # held already (taken again by `with`), as the OS lock counts its holds
        _refuse_link(self._lock_path, "lock file")
        try:
            self._lock.acquire()
        except self._timeout_error:
            holder = self.holder()
            raise DraftLocked(describe_holder(holder), holder) from None
        except OSError as error:
            if error.errno not in NO_LOCKS_ERRNOS:
                raise LockUnavailable(
                    f"the lock file {self._lock_path} cannot be used ({error.strerror or error}); nothing was changed."
                    f" Check that you may write to {self._lock_path.parent}"
                ) from None
            self._acquire_lock_file()
            self.notice = (
                f"The folder {self._lock_path.parent} cannot hold locks (its file system does not support them, as NFS"
                f" without lockd and some SMB shares). msq uses a lock file instead, which keeps out a second msq on this"
                f" computer but not one on another: open each draft on one computer at a time, or set MSQ_HOME to a"
                f" folder on a local disk."
            )
        info = {"pid": os.getpid(), "host": socket.gethostname(), "since": utc_now().isoformat()}
        try:
            write_atomic(self._holder_path, json.dumps(info).encode("utf-8"))
        except OSError:
            pass  # who holds it is a courtesy; the lock itself is what matters

    def _acquire_lock_file(self) -> None:
        """Hold the draft by creating its lock file, which must not exist; take over one left by a dead msq here."""
        path = self._lock_file_path
        for _ in range(3):
            info = {"pid": os.getpid(), "host": socket.gethostname(), "since": utc_now().isoformat()}
            try:
                descriptor = os.open(
                    path,
                    os.O_WRONLY
                    | os.O_CREAT
                    | os.O_EXCL
                    | getattr(os, "O_NOFOLLOW", 0)
                    | getattr(os, "O_BINARY", 0),
                    0o600,
                )
            except FileExistsError:
                _refuse_link(path, "lock file")
                holder = _read_holder(path)
                if (
                    holder.get("host") == socket.gethostname()
                    and isinstance(holder.get("pid"), int)
                    and not process_alive(holder["pid"])
                ):
                    try:
                        path.unlink()  # left by an msq that died on this computer
                    except FileNotFoundError:
                        pass
                    except OSError as error:
                        raise LockUnavailable(
                            f"the lock file {path}, left by an msq that has ended, cannot be removed ({error.strerror or error})"
                        ) from None
                    continue
                message = describe_holder(holder)
                if holder.get("host") not in (None, socket.gethostname()):
                    message += f" If that msq is no longer running, delete {path}."
                raise DraftLocked(message, holder) from None
            except OSError as error:
                raise LockUnavailable(
                    f"the lock file {path} cannot be created ({error.strerror or error}); nothing was changed"
                ) from None
            try:
                os.write(descriptor, json.dumps(info).encode("utf-8"))
                os.fsync(descriptor)
            except OSError:
                pass  # the file's existence is the lock; its content says who holds it
            finally:
                os.close(descriptor)
            self._lock_file_held = True
            return
        raise LockUnavailable(
            f"the lock file {path} keeps coming back: another msq is opening this draft; try again"
        )

    def holder(self) -> dict[str, Any]:
        return _read_holder(self._holder_path)

    def release(self) -> None:
        if self._lock_file_held:
            for path in (self._holder_path, self._lock_file_path):
                try:
                    path.unlink()
                except OSError:
                    pass
            self._lock_file_held = False
        if self._lock.is_locked:
            try:
                self._holder_path.unlink()
            except OSError:
                pass
            self._lock.release()

    @property
    def is_held(self) -> bool:
        return self._lock_file_held or self._lock.is_locked

    def __enter__(self) -> "DraftLock":
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _refuse_link(path: Path, what: str) -> None:
    if path.is_symlink():
        raise LockUnavailable(
            f"the {what} {path} is a symbolic link{describe_link(path)}; msq does not follow links in its folders."
            f" Delete the link (msq makes a new {what}) and open the draft again"
        )


def _read_holder(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as file:
            holder = json.loads(file.read(10_000).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this computer (True when it cannot be told)."""
    if pid == os.getpid():
        return True
    if pid <= 0:
        return False
    if os.name == "nt":
        return _windows_process_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, as another user's (EPERM), or it cannot be told
    return True


def _windows_process_alive(pid: int) -> bool:
    # os.kill(pid, 0) would end the process on Windows: ask the kernel instead.
    try:
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            # Access denied: it exists; any other error: there is no such process.
            return ctypes.GetLastError() == 5  # type: ignore[attr-defined]  # Windows only
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    except Exception:  # no ctypes, an odd platform: never take a lock that may be held
        return True


def describe_holder(holder: dict[str, Any]) -> str:
    if not holder:
        return "This draft is open in another msq. Close it there first, or open this one read-only."
    since = holder.get("since", "")
    try:
        since = datetime.fromisoformat(since).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        pass
    return (
        f"This draft is open in another msq (process {holder.get('pid', '?')} on {holder.get('host', '?')},"
        f" since {since}). Close it there first, or open this one read-only."
    )
