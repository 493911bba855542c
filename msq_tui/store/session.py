"""An open draft: the response being edited, its lock, its autosave and its save state.

A session belongs to one screen at a time but knows nothing of screens: the TUI calls
`change`, `tick` (several times a second) and `close`, and shows `state` in its header. A
read-only session (the draft is open elsewhere) never writes.
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from msq_tui.model.answers import Position, Response
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds.base import Question
from msq_tui.store.autosave import BackgroundSaver, SaveOutcome, SavePolicy, describe_os_error
from msq_tui.store.drafts import DraftStore, serialise
from msq_tui.store.locks import DraftLock


@dataclass(frozen=True)
class SaveState:
    """What the header says: "Saved 14:02:31", "Saving...", "Not saved: the disk is full".

    "unsaved" is the moment between a change and its save (autosave starts within seconds); it
    keeps the time of the last save, so the header never says "not saved" of a saved draft.
    """

    kind: Literal["saved", "saving", "unsaved", "failed", "read-only"]
    saved_at: datetime | None = None  # the last save that went through (also while unsaved)
    reason: str = ""

    def describe(self) -> str:
        if self.kind == "read-only":
            return "Read-only"
        if self.kind == "failed":
            return f"Not saved: {self.reason}"
        if self.kind == "saving":
            return "Saving..."
        if self.kind == "unsaved":
            if self.saved_at is None:
                return "Not saved yet"
            return f"Saved {saved_moment(self.saved_at)}, edited since"
        return f"Saved {saved_moment(self.saved_at)}" if self.saved_at else "Saved"


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def saved_moment(moment: datetime, now: datetime | None = None) -> str:
    """When a save was, as the header says it: "14:02:31" today, "28 Nov 14:02" on another day of
    this year, "28 Nov 2025 14:02" before. In the local time zone; month names in English as the
    rest of the screen, whatever the locale."""
    local = moment.astimezone()
    today = (now or datetime.now()).astimezone()
    if local.date() == today.date():
        return f"{local:%H:%M:%S}"
    year = f" {local.year}" if local.year != today.year else ""
    return f"{local.day} {MONTHS[local.month - 1]}{year} {local:%H:%M}"


def last_saved(store: DraftStore, response_id: str) -> datetime | None:
    """When the draft's file was last written (its modification time), or None when it cannot be read.

    A draft just opened was saved then, not when it was opened: the header says so until it is
    saved again.
    """
    try:
        return datetime.fromtimestamp(store.path(response_id).stat().st_mtime).astimezone()
    except (OSError, ValueError, OverflowError):
        return None


# Of the time a close at exit may take, what the draft's own save gets first when the disk has
# not refused yet; the rest is for an emergency copy (emergency.py).
SAVE_SHARE = 0.4


@dataclass
class Closing:
    """How a draft was closed at exit: its save state, and an emergency copy if one was needed."""

    state: SaveState
    emergency: Path | None = None
    refusals: list[str] = field(default_factory=list)  # why each place refused the emergency copy
    needed_emergency: bool = False

    def message(self) -> str | None:
        """What to tell the person on the way out, when the draft itself could not be saved."""
        if self.state.kind != "failed":
            return None
        if self.emergency is not None:
            return (
                f"the draft could not be saved ({self.state.reason}); everything typed is in the emergency copy"
                f" {self.emergency}. Start msq again to bring it back (r on the start screen), or run: msq import {self.emergency}"
            )
        if self.needed_emergency:
            return (
                f"the draft could not be saved ({self.state.reason}), and no emergency copy could be written"
                f" ({'; '.join(self.refusals) or 'no place took it'}): the answers since the last save are lost"
            )
        return f"the draft could not be saved: {self.state.reason}"


class DraftSession:
    """One draft open for editing (or viewing)."""

    def __init__(
        self,
        store: DraftStore,
        questionnaire: Questionnaire,
        response: Response,
        lock: DraftLock | None,
        on_state: Callable[[SaveState], None] | None = None,
        policy: SavePolicy | None = None,
    ):
        self.store = store
        self.questionnaire = questionnaire
        self.response = response
        self.lock = lock
        self.read_only = lock is None
        self.policy = policy or SavePolicy()
        self._on_state = on_state or (lambda state: None)
        self._saver: BackgroundSaver | None = None
        self._last_submitted: float | None = None
        if not self.read_only:
            self._saver = BackgroundSaver(store, self.response_id, self._saved)
        self.state = (
            SaveState("read-only")
            if self.read_only
            else SaveState("saved", last_saved(store, str(response.response_id)))
        )
        self._last_state_reported: SaveState | None = None
        self._closing_lock = threading.Lock()
        self._closing: Closing | None = None

    @property
    def response_id(self) -> str:
        return str(self.response.response_id)

    # -- Editing ---------------------------------------------------------------------------

    def change(self, question: Question, answer: Any) -> None:
        """Record an answer (a model of the question's kind, or None to clear)."""
        if self.read_only or self.response.is_signed:
            return
        self.response.set_answer(question, answer)
        self.policy.changed()
        self._mark_edited()

    def keep_carried(self, question_id: str) -> bool:
        """Keep a carried answer as is: its "not yet reviewed" mark goes. False when it had none."""
        if self.read_only or self.response.is_signed or question_id not in self.response.carried:
            return False
        self.response.keep_carried(question_id)
        self.policy.changed()
        self._mark_edited()
        return True

    def _mark_edited(self) -> None:
        """A change since the last save: the header keeps that save's time and says it was edited since."""
        if self.state.kind == "saved":
            self._set_state(SaveState("unsaved", self.state.saved_at))

    def replace_response(self, response: Response) -> SaveState:
        """Put a new state of the response in place (signed off, reopened) and save it at once."""
        if self.read_only:
            raise ValueError("this draft is open read-only")
        self.response = response
        self.policy.changed()
        return self.save_blocking()

    def set_position(self, section_id: str | None, question_id: str | None) -> None:
        """Remember where the respondent is, so that opening the draft again resumes there."""
        if self.read_only:
            return
        position = Position(section=section_id, question=question_id)
        if position != self.response.position:
            self.response.position = position
            self.policy.changed()

    # -- Saving ----------------------------------------------------------------------------

    def tick(self) -> None:
        """Start a save if one is due (called often, from the UI thread)."""
        if self._saver is None or not self.policy.due():
            return
        self._submit()

    def save_soon(self) -> None:
        """Save at once, in the background (the "save now" key)."""
        if self._saver is None:
            return
        self.policy.changed()
        self.policy.last_failure = None
        self._submit()

    def _submit(self) -> None:
        assert self._saver is not None
        snapshot = serialise(self.response)  # taken here, on the UI thread, so it is consistent
        self._last_submitted = self.policy.first_unsaved
        self.policy.started()
        self._saver.submit(snapshot)
        if self.state.kind != "failed":
            self._set_state(SaveState("saving"))

    def _saved(self, outcome: SaveOutcome) -> None:
        """Called on the saver's thread; the TUI's listener moves the news to its own thread."""
        if outcome.ok:
            self.policy.succeeded()
            # Changed while this save was written: it went through, and the newer edits wait
            # for the next one (not "Saving..." while nothing is being written).
            self._set_state(SaveState("unsaved" if self.policy.dirty else "saved", outcome.finished))
        else:
            assert outcome.error is not None
            self.policy.failed(self._last_submitted or time.monotonic())
            self._set_state(SaveState("failed", reason=describe_os_error(outcome.error)))

    def save_blocking(self) -> SaveState:
        """Save everything now on this thread (quitting, a signal); returns the resulting state."""
        if self._saver is None:
            return self.state
        outcome = self._saver.save_now(serialise(self.response))
        if outcome.ok:
            self.policy.started()
            self.policy.succeeded()
            state = SaveState("saved", outcome.finished)
        else:
            assert outcome.error is not None
            self.policy.failed()
            state = SaveState("failed", reason=describe_os_error(outcome.error))
        self._set_state(state)
        return state

    @property
    def has_unsaved_work(self) -> bool:
        if self._saver is None:
            return False
        return self.policy.dirty or self.state.kind == "failed" or not self._saver.all_written

    def save_copy(self, path: Any) -> None:
        """Write the response to another file (when the usual folder refuses); raises OSError."""
        from pathlib import Path

        from msq_tui.files.atomic import write_atomic

        write_atomic(Path(path), serialise(self.response))

    def _set_state(self, state: SaveState) -> None:
        self.state = state
        self._on_state(state)

    @property
    def saving(self) -> bool:
        """A write is in progress or queued (quitting waits for it, and says so when it takes long)."""
        return self._saver is not None and not self._saver.settled

    def stalled_for(self) -> float:
        return self._saver.stalled_for() if self._saver is not None else 0.0

    def close_within(self, seconds: float, places: list[Path] | None = None) -> Closing:
        """Close for an exit that cannot wait (a signal, "Quit now"): done within ``seconds`` whatever the disk does.

        When the draft cannot be saved (the disk refused before, a write hangs, or this save
        fails or does not finish), the snapshot goes to an emergency copy in the first of
        ``places`` that takes it, written first when the disk is known to be in trouble. Safe
        to call from any thread, and more than once: a second caller waits for the first's result.
        """
        deadline = time.monotonic() + seconds
        if not self._closing_lock.acquire(timeout=max(seconds, 0.0)):
            return self._closing or Closing(self.state)
        try:
            if self._closing is None:
                self._closing = self._close_by(deadline, places)
            return self._closing
        finally:
            self._closing_lock.release()

    def _close_by(self, deadline: float, places: list[Path] | None) -> Closing:
        from msq_tui.store.emergency import emergency_places, run_bounded, write_emergency_copy

        unsaved = self.has_unsaved_work
        # Taken before anything is given up: if it fails, a second try (from the UI thread) finds
        # the session as it was.
        snapshot = self._snapshot() if unsaved else b""
        saver, self._saver = self._saver, None
        if saver is None or not unsaved:
            if saver is not None:
                saver.stop(wait=False)
            self._release_lock_by(deadline)
            return Closing(self.state)
        places = places if places is not None else emergency_places(self.store)
        closing = Closing(self.state)
        in_trouble = self.state.kind == "failed" or saver.stalled_for() > 1.0
        if in_trouble:
            closing.needed_emergency = True
            written = write_emergency_copy(
                snapshot,
                self.response_id,
                places,
                time.monotonic() + (deadline - time.monotonic()) * (1 - SAVE_SHARE),
            )
            closing.emergency, closing.refusals = written.path, written.refusals
            save_seconds = deadline - time.monotonic() - 0.2
        else:
            save_seconds = (deadline - time.monotonic()) * SAVE_SHARE
        outcome = saver.save_within(snapshot, save_seconds)
        if outcome is not None and outcome.ok:
            self.policy.started()
            self.policy.succeeded()
            closing.state = SaveState("saved", outcome.finished)
            if closing.emergency is not None:
                emergency = closing.emergency
                run_bounded(lambda: emergency.unlink(missing_ok=True), max(deadline - time.monotonic(), 0.1))
                closing.emergency, closing.needed_emergency = None, False  # the draft holds it all
        else:
            if outcome is None:
                reason = f"the disk did not answer in {max(save_seconds, 0):.1f} s"
            else:
                assert outcome.error is not None
                reason = describe_os_error(outcome.error)
            closing.state = SaveState("failed", reason=reason)
            if closing.emergency is None:
                closing.needed_emergency = True
                written = write_emergency_copy(snapshot, self.response_id, places, deadline - 0.1)
                closing.emergency, closing.refusals = written.path, closing.refusals + written.refusals
        saver.stop(wait=False)
        # No listener is told: it may wait for a UI thread that is itself stuck on the disk.
        self.state = closing.state
        self._release_lock_by(deadline)
        return closing

    def _snapshot(self) -> bytes:
        """The response's bytes, also from a thread other than the UI's (an answer changing meanwhile is retried)."""
        for _ in range(4):
            try:
                return serialise(self.response)
            except RuntimeError:  # "changed size during iteration": the UI thread was changing it
                time.sleep(0.02)
        return serialise(self.response)

    def _release_lock_by(self, deadline: float) -> None:
        if self.lock is None:
            return
        from msq_tui.store.emergency import run_bounded

        lock, self.lock = self.lock, None
        # Releasing removes a file: on a disk that does not answer, the process's end frees the lock.
        run_bounded(lock.release, max(deadline - time.monotonic(), 0.1))

    def close(self) -> SaveState:
        """Save what is unsaved, stop the writer, release the lock."""
        state = self.state
        if self._saver is not None:
            if self.has_unsaved_work:
                state = self.save_blocking()
            self._saver.stop()
            self._saver = None
        if self.lock is not None:
            self.lock.release()
        return state
