"""The signals that end msq (SIGTERM; SIGHUP where it exists; SIGBREAK, a closed console, on Windows).

They are received on a thread of their own, so that msq ends in time even while its UI thread
waits for a disk that does not answer: a Python signal handler runs only on the main thread, and
only between two steps of Python, never during an fsync. Where threads cannot wait for signals
(Windows), ordinary handlers are used, which start the same work on a new thread.
"""

import signal
import threading
from collections.abc import Callable

EXIT_SIGNAL_NAMES = ("SIGTERM", "SIGHUP", "SIGBREAK")


def exit_signals() -> list[int]:
    """The exit signals this platform has."""
    return [getattr(signal, name) for name in EXIT_SIGNAL_NAMES if hasattr(signal, name)]


class ExitSignalWatcher:
    """Calls ``on_signal(number)`` on a thread of its own when an exit signal arrives (once per signal)."""

    def __init__(self, on_signal: Callable[[int], None]) -> None:
        self._on_signal = on_signal
        self._signals = exit_signals()
        self._thread: threading.Thread | None = None
        self._previous_mask: set[int] | None = None
        self._previous_handlers: dict[int, object] = {}
        self._stopping = False
        self.mode = "none"

    def start(self) -> str:
        """Begin watching; returns how: "thread" (sigwait), "handlers", or "none" (not the main thread)."""
        if not self._signals or threading.current_thread() is not threading.main_thread():
            return self.mode
        if (
            hasattr(signal, "pthread_sigmask")
            and hasattr(signal, "sigwait")
            and hasattr(signal, "pthread_kill")
        ):
            # Blocked in this (main) thread and so in every thread started from now on; only the
            # watcher takes them, with sigwait.
            self._previous_mask = signal.pthread_sigmask(signal.SIG_BLOCK, self._signals)
            self._thread = threading.Thread(target=self._wait, name="msq-exit-signals", daemon=True)
            self._thread.start()
            self.mode = "thread"
            return self.mode
        for number in self._signals:
            try:
                self._previous_handlers[number] = signal.signal(number, self._handle)
            except (OSError, ValueError, RuntimeError):
                continue
        self.mode = "handlers" if self._previous_handlers else "none"
        return self.mode

    def _wait(self) -> None:
        while True:
            number = signal.sigwait(self._signals)
            if self._stopping:
                return
            self._deliver(number)

    def _handle(self, number: int, frame: object) -> None:
        threading.Thread(target=self._deliver, args=(number,), name="msq-exit-signal", daemon=True).start()

    def _deliver(self, number: int) -> None:
        try:
            self._on_signal(number)
        except Exception:  # the exit timer started by on_signal still ends msq
            pass

    def stop(self) -> None:
        """Stop watching and give the signals back their former treatment."""
        self._stopping = True
        if self._thread is not None and self._thread.is_alive() and self._thread.ident is not None:
            try:
                signal.pthread_kill(
                    self._thread.ident, self._signals[0]
                )  # wakes sigwait, which sees _stopping
            except (OSError, ValueError):
                pass
            self._thread.join(1.0)
        if self._previous_mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self._previous_mask)
            self._previous_mask = None
        for number, handler in self._previous_handlers.items():
            try:
                signal.signal(number, handler)  # type: ignore[arg-type]
            except (OSError, ValueError, RuntimeError, TypeError):
                pass
        self._previous_handlers = {}
