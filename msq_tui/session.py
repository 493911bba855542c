"""An open draft: the response being edited, its lock, its autosave and its save state.

A session belongs to one screen at a time but knows nothing of screens: the TUI calls
`change`, `tick` (several times a second) and `close`, and shows `state` in its header. A
read-only session (the draft is open elsewhere) never writes.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from .answers import Position, Response, utc_now
from .autosave import BackgroundSaver, SaveOutcome, SavePolicy, describe_os_error
from .definitions import AnyQuestion, Questionnaire
from .drafts import DraftLock, DraftStore, serialise


@dataclass(frozen=True)
class SaveState:
    """What the header says: "Saved 14:02:31", "Saving...", "Not saved: the disk is full"."""

    kind: Literal["saved", "saving", "unsaved", "failed", "read-only"]
    saved_at: datetime | None = None
    reason: str = ""

    def describe(self) -> str:
        if self.kind == "read-only":
            return "Read-only"
        if self.kind == "failed":
            return f"Not saved: {self.reason}"
        if self.kind == "saving":
            return "Saving..."
        if self.kind == "unsaved":
            return "Not saved yet"
        return f"Saved {self.saved_at.strftime('%H:%M:%S')}" if self.saved_at else "Saved"


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
        self.state = SaveState("read-only") if self.read_only else SaveState("saved", utc_now().astimezone())
        self._last_state_reported: SaveState | None = None

    @property
    def response_id(self) -> str:
        return str(self.response.response_id)

    def set_state_listener(self, on_state: Callable[[SaveState], None]) -> None:
        self._on_state = on_state

    # -- Editing ---------------------------------------------------------------------------

    def change(self, question: AnyQuestion, answer: Any) -> None:
        """Record an answer (a model of the question's kind, or None to clear)."""
        if self.read_only or self.response.is_signed:
            return
        self.response.set_answer(question, answer)
        self.policy.changed()
        if self.state.kind == "saved":
            self._set_state(SaveState("unsaved"))

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
            if not self.policy.dirty:
                self._set_state(SaveState("saved", outcome.finished))
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

        from .atomic import write_atomic

        write_atomic(Path(path), serialise(self.response))

    def _set_state(self, state: SaveState) -> None:
        self.state = state
        self._on_state(state)

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
