"""Emergency copies: when msq must end and its draft cannot be saved, what was typed goes elsewhere.

On a signal (the terminal closed, a shutdown) or "Quit now" while the disk refuses or does not
answer, the draft's newest state is written to the first of these places that takes it: the
drafts folder, the user's home folder, the temporary folder, each attempt bounded in time so
that msq still ends within seconds. The file, `msq-emergency-<response id>-<time>.json`, is a
draft file (0600); the start screen lists the copies it finds there next time, and recovering
one makes it the draft again, the state it replaces kept in the history.
"""

import functools
import os
import stat
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from msq_tui.files.atomic import write_atomic
from msq_tui.model.answers import Response, utc_now
from msq_tui.model.definitions import Questionnaire
from msq_tui.store.draft_files import MAX_DRAFT_BYTES, migrate, parse_draft, timestamp
from msq_tui.store.drafts import DraftStore

EMERGENCY_PREFIX = "msq-emergency-"
EMERGENCY_SUFFIX = ".json"


def emergency_places(store: DraftStore) -> list[Path]:
    """Where an emergency copy may go, in the order tried."""
    places = [store.drafts_folder]
    try:
        places.append(Path.home())
    except (RuntimeError, KeyError, OSError):  # no home folder for this user
        pass
    places.append(Path(tempfile.gettempdir()))
    unique: list[Path] = []
    for place in places:
        if place not in unique:
            unique.append(place)
    return unique


@dataclass
class EmergencyResult:
    """Where the copy went, or why each place refused it."""

    path: Path | None = None
    refusals: list[str] = field(default_factory=list)


def run_bounded(work: Callable[[], object], seconds: float) -> tuple[bool, BaseException | None]:
    """Run ``work`` on a thread of its own for at most ``seconds``: (finished, its error).

    A disk that does not answer keeps the thread waiting; msq goes on without it (the thread
    is a daemon, ended with the process).
    """
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work()
        except BaseException as error:  # reported to the caller, who says what failed
            errors.append(error)

    worker = threading.Thread(target=run, name="msq-bounded-write", daemon=True)
    worker.start()
    worker.join(max(seconds, 0.0))
    if worker.is_alive():
        return False, None
    return True, errors[0] if errors else None


def write_emergency_copy(
    data: bytes, response_id: str, places: list[Path], deadline: float
) -> EmergencyResult:
    """Write ``data`` to the first of ``places`` that takes it before ``deadline`` (time.monotonic)."""
    from msq_tui.store.autosave import describe_os_error

    result = EmergencyResult()
    name = f"{EMERGENCY_PREFIX}{response_id}-{timestamp()}{EMERGENCY_SUFFIX}"
    for index, place in enumerate(places):
        remaining = deadline - time.monotonic()
        if remaining <= 0.05:
            result.refusals.append(f"{place}: no time left")
            continue
        # A fair share of the time left for each place still to try: a hung disk takes one share.
        share = remaining / (len(places) - index)
        target = place / name
        finished, error = run_bounded(functools.partial(write_atomic, target, data), share)
        if finished and error is None:
            result.path = target
            return result
        if not finished:
            result.refusals.append(f"{place}: no answer in {share:.1f} s")
        elif isinstance(error, OSError):
            result.refusals.append(f"{place}: {describe_os_error(error)}")
        else:
            result.refusals.append(f"{place}: {error}")
    return result


@dataclass(frozen=True)
class EmergencyCopy:
    """An emergency copy found on disk: whose draft it is, and what it holds."""

    path: Path
    response: Response
    written: datetime | None

    @property
    def response_id(self) -> str:
        return str(self.response.response_id)


def _read_own_file(path: Path) -> bytes | None:
    """The bytes of ``path`` when it is a regular file of this user's (not a link) of a draft's size."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_DRAFT_BYTES:
        return None
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return None  # in a shared temporary folder, someone else's file is not ours to offer
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        chunks = []
        left = MAX_DRAFT_BYTES + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(descriptor)


def find_emergency_copies(store: DraftStore) -> list[EmergencyCopy]:
    """The emergency copies in the places they are written to, newest first.

    A copy holding exactly what its draft holds now is not listed (nothing to recover).
    """
    found = []
    for place in emergency_places(store):
        try:
            candidates = sorted(place.glob(f"{EMERGENCY_PREFIX}*{EMERGENCY_SUFFIX}"))
        except OSError:
            continue
        for path in candidates:
            data = _read_own_file(path)
            if data is None:
                continue
            try:
                response = parse_draft(data)
            except ValueError:
                continue
            try:
                if store.path(str(response.response_id)).read_bytes() == data:
                    continue
            except OSError:
                pass
            try:
                written = datetime.fromtimestamp(path.stat().st_mtime, UTC)
            except OSError:
                written = None
            found.append(EmergencyCopy(path, response, written))
    epoch = datetime.min.replace(tzinfo=UTC)
    return sorted(found, key=lambda copy: copy.written or epoch, reverse=True)


def recover_emergency_copy(store: DraftStore, copy: EmergencyCopy, questionnaire: Questionnaire) -> Response:
    """Make an emergency copy its draft again; the draft's state before goes into the history.

    Takes the draft's lock (DraftLocked when it is open elsewhere). The copy is deleted once its
    content is saved as the draft. Raises DraftError or OSError, with nothing changed.
    """
    response_id = copy.response_id
    # Fitted to the questionnaire it answers (QuestionnaireMissing when not installed: nothing changes).
    response = migrate(copy.response, store.questionnaire_for(copy.response, questionnaire)).model_copy(
        update={"updated": utc_now()}
    )
    store.prepare()
    with store.lock(response_id):
        current = store.path(response_id)
        if current.is_file():
            try:
                data = current.read_bytes()
                parse_draft(data)
            except (OSError, ValueError):
                pass  # a damaged draft is kept aside by the next open, not put in the history
            else:
                store.keep_in_history(response_id, data)  # as restore keeps the state it replaces
        store.save(response)
    try:
        copy.path.unlink()
    except OSError:
        pass  # saved as the draft; the copy stays listed until it can be removed (or matches the draft)
    return response
