"""Autosave: when to save a draft, and a writer thread that saves it without blocking typing.

`SavePolicy` decides from the clock alone: save once typing has paused for `pause` seconds, and
at least every `longest` seconds during continuous typing, so a crash loses at most that much.
`BackgroundSaver` writes the newest snapshot on its own thread; older snapshots that were never
written are dropped (the newest holds everything). Neither knows anything about screens: the
caller takes the snapshot (bytes) on the UI thread and is told the outcome by a callback.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from msq_tui.store.drafts import DraftStore


@dataclass
class SaveOutcome:
    """What happened to one save: when it finished, or the error that stopped it."""

    sequence: int
    finished: datetime | None = None
    error: OSError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def describe_os_error(error: OSError) -> str:
    """An OSError as a few words for the status line: "disk full", "read-only folder", ..."""
    import errno

    known = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the folder is read-only",
        errno.EACCES: "no permission to write",
        errno.EPERM: "no permission to write",
        errno.EIO: "the disk reported an I/O error",
        errno.ENOENT: "the folder is gone",
    }
    return known.get(error.errno or -1, error.strerror or str(error))


class SavePolicy:
    """When to save: after a pause in typing, and at least every `longest` seconds while typing."""

    def __init__(
        self,
        pause: float = 0.7,
        longest: float = 1.5,
        retry: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.pause = pause
        self.longest = longest
        self.retry = retry
        self._clock = clock
        self.first_unsaved: float | None = None
        self.last_change: float | None = None
        self.last_failure: float | None = None

    @property
    def dirty(self) -> bool:
        return self.first_unsaved is not None

    def changed(self) -> None:
        now = self._clock()
        if self.first_unsaved is None:
            self.first_unsaved = now
        self.last_change = now

    def due(self) -> bool:
        """Whether a save should start now."""
        if self.first_unsaved is None or self.last_change is None:
            return False
        now = self._clock()
        if self.last_failure is not None and now - self.last_failure < self.retry:
            return False
        return now - self.last_change >= self.pause or now - self.first_unsaved >= self.longest

    def started(self) -> None:
        """A snapshot was taken: changes after this moment are unsaved again."""
        self.first_unsaved = None
        self.last_change = None

    def failed(self, snapshot_time: float | None = None) -> None:
        """The save failed: the changes it held are unsaved again, and retried later."""
        now = self._clock()
        self.last_failure = now
        if self.first_unsaved is None:
            self.first_unsaved = snapshot_time or now
            self.last_change = snapshot_time or now

    def succeeded(self) -> None:
        self.last_failure = None


class BackgroundSaver:
    """A thread that writes a draft's newest snapshot; `submit` never blocks on the disk."""

    def __init__(self, store: DraftStore, response_id: str, report: Callable[[SaveOutcome], None]):
        self._store = store
        self._response_id = response_id
        self._report = report
        self._condition = threading.Condition()
        self._pending: tuple[int, bytes] | None = None
        self._sequence = 0
        self._written_sequence = 0
        self._busy = False
        self._busy_since: float | None = None  # when the write in progress started (time.monotonic)
        self._stopped = False
        self._last_error: OSError | None = None
        self._thread = threading.Thread(target=self._run, name=f"msq-autosave-{response_id[:8]}", daemon=True)
        self._thread.start()

    def submit(self, snapshot: bytes) -> int:
        """Queue a snapshot to be written (replacing any not yet written); returns its number."""
        with self._condition:
            self._sequence += 1
            self._pending = (self._sequence, snapshot)
            self._condition.notify_all()
            return self._sequence

    def _run(self) -> None:
        while True:
            with self._condition:
                while self._pending is None and not self._stopped:
                    self._condition.wait()
                if self._pending is None and self._stopped:
                    return
                sequence, snapshot = self._pending  # type: ignore[misc]
                self._pending = None
                self._busy = True
                self._busy_since = time.monotonic()
            outcome = self._write(sequence, snapshot)
            with self._condition:
                self._busy = False
                self._busy_since = None
                if outcome.ok:
                    self._written_sequence = max(self._written_sequence, sequence)
                    self._last_error = None
                else:
                    self._last_error = outcome.error
                self._condition.notify_all()
            try:
                self._report(outcome)
            except Exception:  # the report goes to a UI that may be closing; the save itself is done
                pass

    def _write(self, sequence: int, snapshot: bytes) -> SaveOutcome:
        try:
            self._store.write(self._response_id, snapshot)
        except OSError as error:
            return SaveOutcome(sequence, error=error)
        return SaveOutcome(sequence, finished=datetime.now().astimezone())

    def save_now(self, snapshot: bytes) -> SaveOutcome:
        """Write a snapshot on the calling thread, after any write in progress (for quitting)."""
        with self._condition:
            self._sequence += 1
            sequence = self._sequence
            self._pending = None  # this snapshot is newer than anything queued
            while self._busy:
                self._condition.wait(5.0)
            self._busy = True
            self._busy_since = time.monotonic()
        outcome = self._write(sequence, snapshot)
        with self._condition:
            self._busy = False
            self._busy_since = None
            if outcome.ok:
                self._written_sequence = sequence
                self._last_error = None
            else:
                self._last_error = outcome.error
            self._condition.notify_all()
        return outcome

    def save_within(self, snapshot: bytes, seconds: float) -> SaveOutcome | None:
        """`save_now` on a thread of its own, waited for at most ``seconds``; None when the disk did not answer."""
        outcomes: list[SaveOutcome] = []
        writer = threading.Thread(
            target=lambda: outcomes.append(self.save_now(snapshot)), name="msq-last-save", daemon=True
        )
        writer.start()
        writer.join(max(seconds, 0.0))
        return outcomes[0] if outcomes else None

    def stalled_for(self) -> float:
        """How long the write in progress has been waiting for the disk (0 when none is)."""
        with self._condition:
            return time.monotonic() - self._busy_since if self._busy and self._busy_since is not None else 0.0

    @property
    def settled(self) -> bool:
        """Nothing is being written or waits to be (whether the writes succeeded or not)."""
        with self._condition:
            return self._pending is None and not self._busy

    @property
    def all_written(self) -> bool:
        with self._condition:
            return self._pending is None and not self._busy and self._written_sequence == self._sequence

    def stop(self, wait: bool = True) -> None:
        """End the writer thread; ``wait=False`` leaves a write stuck on the disk behind (at exit)."""
        with self._condition:
            self._stopped = True
            self._condition.notify_all()
        if wait:
            self._thread.join(timeout=10.0)
