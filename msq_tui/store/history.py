"""A draft's history: its earlier saved states in `history/<id>/`, spaced, pruned, listed and restored.

Every save may add a state, but at most one a minute (HISTORY_SPACING) and never the same bytes
twice in a row; the newest ten are kept, then the last state of each earlier day. A history point
(a merge, a hand-out, a decision, a restore, an emergency copy made the draft again) keeps the
state before and the state after, whatever the spacing, so that `restore` undoes it.
"""

import hashlib
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from msq_tui.files.atomic import remove_temporaries, write_atomic
from msq_tui.model.answers import Response, utc_now
from msq_tui.model.definitions import Questionnaire
from msq_tui.store.draft_files import (
    is_readable,
    migrate,
    own_folder,
    parse_draft,
    parse_timestamp,
    serialise,
    timestamp,
)
from msq_tui.store.errors import DraftError

if TYPE_CHECKING:
    from msq_tui.store.drafts import DraftStore

HISTORY_SPACING = timedelta(minutes=1)
HISTORY_RECENT = 10


@dataclass(frozen=True)
class HistoryEntry:
    number: int  # 1 is the newest
    path: Path
    saved: datetime
    answered: int


class DraftHistory:
    """The history of the drafts of one store (in its `history_folder`, by its clock)."""

    def __init__(self, store: "DraftStore", save_lock: threading.Lock):
        self.store = store
        self.save_lock = save_lock  # the store's: a state is recorded as a save writes it
        self._last_digest: dict[str, str] = {}  # of the state last recorded, by draft

    def _folder(self, response_id: str) -> Path:
        return self.store.history_folder / response_id

    def remove_temporaries(self) -> list[Path]:
        """Remove the temporary files an interrupted save left in the history folders."""
        removed: list[Path] = []
        folder = self.store.history_folder
        if folder.is_dir() and not folder.is_symlink():
            for draft_folder in folder.iterdir():
                if (
                    draft_folder.is_dir() and not draft_folder.is_symlink()
                ):  # never clean up where a link points
                    removed += remove_temporaries(draft_folder)
        return removed

    def record(self, response_id: str, data: bytes, force: bool = False) -> None:
        """Add ``data`` as a state of the draft, spaced (unless ``force``); the caller holds the save lock."""
        digest = hashlib.sha256(data).hexdigest()
        if self._last_digest.get(response_id) == digest and not force:
            return
        folder = self._folder(response_id)
        entries = self._files(response_id)
        now = self.store.clock()
        if entries and not force:
            newest_time, newest_path = entries[0]
            if now - newest_time < HISTORY_SPACING:
                return
            if _digest(newest_path) == digest:
                self._last_digest[response_id] = digest
                return
        own_folder(self.store.history_folder)
        own_folder(folder)
        write_atomic(folder / f"{timestamp(now)}.json", data)
        self._last_digest[response_id] = digest
        self._prune(response_id)

    def keep(self, response_id: str, data: bytes) -> None:
        """Keep ``data`` as a state of the draft now, whatever the spacing (before it is replaced)."""
        with self.save_lock:
            self.record(response_id, data, force=True)

    def keep_current(self, response_id: str) -> None:
        """Keep the draft on disk as a state, when it can be read (a damaged one is set aside instead)."""
        current = self.store.path(response_id)
        if current.is_file() and is_readable(current):
            self.keep(response_id, current.read_bytes())

    def _files(self, response_id: str) -> list[tuple[datetime, Path]]:
        folder = self._folder(response_id)
        if not folder.is_dir():
            return []
        entries = []
        for path in folder.glob("*.json"):
            moment = parse_timestamp(path.stem)
            if moment is not None:
                entries.append((moment, path))
        return sorted(entries, reverse=True)

    def _prune(self, response_id: str) -> None:
        """Keep the newest states, then the last state of each earlier day."""
        entries = self._files(response_id)
        keep = {path for _, path in entries[:HISTORY_RECENT]}
        days_seen: set[str] = set()
        for moment, path in entries:
            day = moment.date().isoformat()
            if day not in days_seen:
                days_seen.add(day)
                keep.add(path)
        for _, path in entries:
            if path not in keep:
                try:
                    path.unlink()
                except OSError:
                    pass

    def save_point(self, response: Response) -> Path:
        """Save ``response`` as a history point: the state before and the state after both go into
        the history, whatever the spacing, so `restore` undoes it."""
        response_id = str(response.response_id)
        self.keep_current(response_id)
        data = serialise(response)
        path = self.store.write(response_id, data)
        self.keep(response_id, data)
        return path

    def entries(self, response_id: str, questionnaire: Questionnaire) -> list[HistoryEntry]:
        """Earlier saved states of a draft, newest first, numbered from 1."""
        from msq_tui.model.validation import progress

        entries = []
        for number, (moment, path) in enumerate(self._files(response_id), start=1):
            try:
                state = parse_draft(path.read_bytes())
                own = self.store.questionnaire_for(state, questionnaire)
                answered = progress(own, migrate(state, own))[0]
            except (OSError, ValueError, DraftError):
                answered = -1
            entries.append(HistoryEntry(number, path, moment, answered))
        return entries

    def restore(self, response_id: str, number: int, questionnaire: Questionnaire) -> Response:
        """Bring back state ``number``; the state it replaces goes into the history first."""
        entries = self.entries(response_id, questionnaire)
        chosen = next((entry for entry in entries if entry.number == number), None)
        if chosen is None:
            raise DraftError(
                f"the draft has no saved state {number}: `msq history {response_id[:8]}` lists"
                f" {len(entries)} state{'s' if len(entries) != 1 else ''}"
            )
        try:
            restored = self.store.fitted(parse_draft(chosen.path.read_bytes()), questionnaire)
        except (OSError, ValueError, DraftError) as error:
            raise DraftError(f"saved state {number} ({chosen.path}) cannot be read: {error}") from error
        self.keep_current(response_id)
        restored = restored.model_copy(update={"updated": utc_now()})
        self.store.save(restored)
        return restored


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""
