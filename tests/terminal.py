"""The real `msq` in a pseudo-terminal, for end-to-end tests: start it, type, kill it, read it."""

import fcntl
import os
import pty
import signal
import struct
import sys
import termios
import threading
import time
from pathlib import Path

from .conftest import REPOSITORY


class Terminal:
    """A process on the slave side of a pty of 80x24; its output is drained in the background."""

    def __init__(
        self,
        arguments: list[str],
        home: Path,
        columns: int = 80,
        rows: int = 24,
        faults: dict[str, str] | None = None,
    ) -> None:
        environment = {
            **os.environ,
            "MSQ_HOME": str(home),
            "TERM": "xterm-256color",
            "COLUMNS": str(columns),
            "LINES": str(rows),
            "PYTHONPATH": str(REPOSITORY),
        }
        if faults is not None:  # a disk that refuses or hangs: see tests/faults/sitecustomize.py
            environment["PYTHONPATH"] = os.pathsep.join(
                [str(REPOSITORY / "tests" / "faults"), str(REPOSITORY)]
            )
            environment.update(faults)
        environment.pop("NO_COLOR", None)
        pid, fd = pty.fork()
        if pid == 0:  # the child: the terminal is its controlling terminal
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
                os.execve(sys.executable, [sys.executable, "-m", "msq_tui", *arguments], environment)
            finally:
                os._exit(127)
        self.pid = pid
        self.fd = fd
        self.output = bytearray()
        self.exit_status: int | None = None
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def type(self, text: str, delay: float = 0.03) -> None:
        for character in text:
            os.write(self.fd, character.encode("utf-8"))
            time.sleep(delay)

    def press(self, key: bytes, delay: float = 0.3) -> None:
        os.write(self.fd, key)
        time.sleep(delay)

    def wait_for(self, predicate, timeout: float = 20.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.05)
        return False

    def screen_text(self) -> str:
        """Everything drawn so far, without the escape sequences (cursor moves, colours)."""
        import re

        raw = self.output.decode("utf-8", "replace")
        return re.sub(r"\x1b\[[0-9;?<>=]*[A-Za-z~]|\x1b[()][A-Za-z0-9]|\x1b[=>78]", " ", raw)

    def kill(self, signal_number: int = signal.SIGKILL) -> None:
        os.kill(self.pid, signal_number)

    def hang_up(self) -> None:
        """Close the terminal, as a closed window or a dropped SSH link does: the kernel sends SIGHUP."""
        os.close(self.fd)

    def wait(self, timeout: float = 20.0) -> int | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exit_status = status
                return status
            time.sleep(0.05)
        return None

    def close(self) -> None:
        if self.exit_status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.wait(5)
        try:
            os.close(self.fd)
        except OSError:
            pass
