"""Drafts on disk: where they live, how they are saved, locked, listed, restored and recovered.

A draft is a readable JSON file, `drafts/<response id>.json`, in the msq home folder (the user
data folder, or `$MSQ_HOME`). Every save is atomic and keeps the previous good version as
`<id>.json.bak`; earlier states go to `history/<id>/`. One process at a time may write a draft:
it holds an OS lock on `<id>.lock`, which the OS releases if the process dies. A file that cannot
be read as a draft is never overwritten: it is renamed aside and the backup is offered.
"""

import hashlib
import json
import os
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from msq_tui.files import strict_json
from msq_tui.files.atomic import remove_temporaries, write_atomic
from msq_tui.model.answers import RESPONSE_FORMAT, RESPONSE_FORMAT_VERSION, Position, Response, utc_now
from msq_tui.model.countries import country_by_iso3
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.fitting import fit_response
from msq_tui.store.errors import DamagedDraft, DraftError, DraftNotFound
from msq_tui.store.folders import choose_home, prepare_home, private_folder
from msq_tui.store.imported import ImportedDraft, admit
from msq_tui.store.locks import DraftLock
from msq_tui.store.questionnaires import QuestionnaireMissing

if TYPE_CHECKING:
    from msq_tui.store.questionnaires import QuestionnaireLibrary

HOME_VARIABLE = "MSQ_HOME"
DRAFT_SUFFIX = ".json"
BACKUP_SUFFIX = ".json.bak"
MAX_DRAFT_BYTES = 50_000_000
HISTORY_SPACING = timedelta(minutes=1)
HISTORY_RECENT = 10


def msq_home() -> Path:
    """The folder for drafts: $MSQ_HOME when set, else the user data folder platformdirs gives."""
    configured = os.environ.get(HOME_VARIABLE)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_path

    return user_data_path("msq-tui", appauthor=False)


def _private_folder(path: Path) -> Path:
    """One of msq's own folders in its home: created 0700, never a link (see folders.py)."""
    if not os.path.lexists(path.parent):
        private_folder(path.parent, create_parents=True)  # the home itself, made by msq now
    return private_folder(path)


@dataclass(frozen=True)
class DraftSummary:
    """One line of the list of drafts."""

    response_id: str
    path: Path
    country: str
    country_name: str
    questionnaire: str
    updated: datetime | None
    status: str
    answered: int
    asked: int
    revision: int = 1
    problem: str | None = None  # why the draft cannot be opened, when it cannot
    agencies: str = ""  # assignments out and parts back, or the assignment this draft answers
    form: str = "?"  # its questionnaire's name for people ("MSQ 2020"); `questionnaire` is "id version"
    agency: str = ""  # in an agency's draft: the agency that answers it

    def role(self) -> str:
        """What tells this draft apart from another of its country besides its id and last save: its
        revision, whose part it is (an agency's draft), or what is out with agencies."""
        said = [f"revision {self.revision}"] if self.revision > 1 else []
        if self.agency:
            said.append(f"agency part: {self.agency}")
        elif self.agencies:
            said.append(f"agencies: {self.agencies}")
        return " · ".join(said)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.response_id,
            "country": self.country,
            "country_name": self.country_name,
            "questionnaire": self.questionnaire,
            "form": self.form,
            "agency": self.agency or None,
            "updated": self.updated.isoformat() if self.updated else None,
            "status": self.status,
            "revision": self.revision,
            "answered": self.answered,
            "asked": self.asked,
            "path": str(self.path),
            "problem": self.problem,
        }


def short_ids(summaries: list[DraftSummary]) -> list[str]:
    """Each draft's id as lists show it (and `msq open` takes it): its first 8 characters, or more
    where another draft's id starts with the same 8."""
    ids = [summary.response_id for summary in summaries]
    shown = []
    for response_id in ids:
        length = 8
        while length < len(response_id) and any(
            other != response_id and other.startswith(response_id[:length]) for other in ids
        ):
            length += 1
        shown.append(response_id[:length])
    return shown


def form_labels(summaries: list[DraftSummary]) -> list[str]:
    """How a list of drafts names each one's questionnaire: its name for people ("MSQ 2020"), with
    its version where the list also holds a draft of another version under the same name."""
    keys: dict[str, set[str]] = {}
    for summary in summaries:
        keys.setdefault(summary.form, set()).add(summary.questionnaire)
    return [
        summary.form
        if len(keys[summary.form]) == 1
        else f"{summary.form} {summary.questionnaire.partition(' ')[2] or summary.questionnaire}"
        for summary in summaries
    ]


@dataclass(frozen=True)
class HistoryEntry:
    number: int  # 1 is the newest
    path: Path
    saved: datetime
    answered: int


def serialise(response: Response) -> bytes:
    """A response as the bytes of its draft file: readable JSON, in UTF-8, as typed."""
    return (response.model_dump_json(indent=2) + "\n").encode("utf-8")


def parse_draft(data: bytes) -> Response:
    """Read a draft file's bytes as a response, or raise ValueError saying why it cannot be."""
    if len(data) > MAX_DRAFT_BYTES:
        raise ValueError(f"it is {len(data):,} bytes, far larger than any draft")
    if not data.strip():
        raise ValueError("it is empty")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")  # a byte order mark some editors add
    except UnicodeDecodeError:
        raise ValueError("it is not UTF-8 text (a binary file?)") from None
    try:
        document = strict_json.loads(text)
    except RecursionError:
        raise ValueError("it is nested too deeply to be a draft") from None
    except json.JSONDecodeError as error:
        raise ValueError(
            f"it is not valid JSON (line {error.lineno}: {error.msg}); it may have been cut short"
        ) from None
    if not isinstance(document, dict) or document.get("format") != RESPONSE_FORMAT:
        raise ValueError("it is not an msq draft (another program's file?)")
    version = document.get("format_version")
    if isinstance(version, int) and version > RESPONSE_FORMAT_VERSION:
        raise ValueError(f"it was written by a newer msq (draft format {version}); update msq-tui to open it")
    try:
        return Response.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(step) for step in first["loc"])
        raise ValueError(f"its field '{where}' is wrong: {first['msg']}") from None


def migrate(response: Response, questionnaire: Questionnaire) -> Response:
    """Fit a response to ``questionnaire`` (another version of its edition, or another edition).

    Answers move to the questions with the same id when they fit them; the others, and the parts
    of an answer the form does not ask for, go to the `unmapped` list, shown on the review screen,
    never dropped (see `fitting`). A draft of this very version is fitted too: a file from
    elsewhere may hold what the form does not ask.
    """
    return fit_response(response, questionnaire)


def _timestamp(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).strftime("%Y%m%dT%H%M%S%fZ")


def _parse_timestamp(text: str) -> datetime | None:
    for pattern in ("%Y%m%dT%H%M%S%fZ", "%Y%m%dT%H%M%SZ"):
        try:
            return datetime.strptime(text, pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


class DraftStore:
    """The drafts of one msq home folder."""

    def __init__(self, home: Path | None = None):
        # The configured folder, and the one that holds the drafts: the same, or a private
        # subfolder when the configured one is shared (folders.py).
        self.root = home or msq_home()
        self.home = choose_home(self.root)
        self.drafts_folder = self.home / "drafts"
        self.history_folder = self.home / "history"
        self.trash_folder = self.home / "trash"
        self._save_lock = threading.Lock()
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # tests move time forward
        self._last_history_digest: dict[str, str] = {}
        # Drafts whose file on disk this store wrote or read whole: known good, no need to re-read.
        self._known_good: set[str] = set()
        self._questionnaires: QuestionnaireLibrary | None = None

    # -- Questionnaires ------------------------------------------------------------------------

    @property
    def questionnaires(self) -> "QuestionnaireLibrary":
        """The questionnaires of this msq home (the built-in and the installed ones)."""
        if self._questionnaires is None:
            from msq_tui.store.questionnaires import QuestionnaireLibrary

            self._questionnaires = QuestionnaireLibrary(self.root)
        return self._questionnaires

    def questionnaire_for(self, response: Response, fallback: Questionnaire | None = None) -> Questionnaire:
        """The questionnaire ``response`` answers, which it always opens with (QuestionnaireMissing when
        it is not installed). An older version of the built-in MSQ 2020 is fitted to the built-in, as
        before; ``fallback`` (the built-in by default) is the one it is fitted to.
        """
        from msq_tui.model.definitions_check import builtin_questionnaire

        if fallback is not None and (fallback.id, fallback.version) == (
            response.questionnaire_id,
            response.questionnaire_version,
        ):
            return fallback
        found = self.questionnaires.find(response.questionnaire_id, response.questionnaire_version)
        if found is not None:
            return found
        builtin = builtin_questionnaire()
        if response.questionnaire_id == builtin.id:
            return fallback if fallback is not None and fallback.id == builtin.id else builtin
        return self.questionnaires.require(
            response.questionnaire_id, response.questionnaire_version, response.questionnaire_title
        )

    def draft_questionnaire(self, response_id: str, fallback: Questionnaire) -> Questionnaire:
        """The questionnaire of the draft on disk (``fallback`` when the file cannot be read: `load`
        then says why). QuestionnaireMissing, naming the draft, when it is not installed."""
        from msq_tui.store.questionnaires import QuestionnaireMissing

        try:
            response = parse_draft(self.path(response_id).read_bytes())
        except (OSError, ValueError):
            return fallback
        try:
            return self.questionnaire_for(response, fallback)
        except QuestionnaireMissing as missing:
            raise QuestionnaireMissing(
                f"The draft {response_id[:8]} ({response.country}) cannot be opened here: {missing}",
                missing.questionnaire_id,
                missing.version,
            ) from None

    def _fit(self, response: Response, questionnaire: Questionnaire) -> Response:
        """``response`` fitted to the questionnaire it answers (see `questionnaire_for`)."""
        return migrate(response, self.questionnaire_for(response, questionnaire))

    # -- Folders and paths ------------------------------------------------------------------

    def prepare(self) -> list[Path]:
        """Create the folders (0700) and remove temporary files an interrupted save left behind.

        Raises UnsafeFolder (an OSError with a message) for a folder msq will not use.
        """
        prepare_home(self.home, shared_parent=self.home != self.root)
        _private_folder(self.drafts_folder)
        removed = remove_temporaries(self.drafts_folder)
        if self.history_folder.is_dir() and not self.history_folder.is_symlink():
            for folder in self.history_folder.iterdir():
                if folder.is_dir() and not folder.is_symlink():  # never clean up somewhere a link points
                    removed += remove_temporaries(folder)
        return removed

    def path(self, response_id: str) -> Path:
        return self.drafts_folder / f"{response_id}{DRAFT_SUFFIX}"

    def backup_path(self, response_id: str) -> Path:
        return self.drafts_folder / f"{response_id}{BACKUP_SUFFIX}"

    def lock(self, response_id: str) -> DraftLock:
        _private_folder(self.drafts_folder)
        return DraftLock(
            self.drafts_folder / f"{response_id}.lock", self.drafts_folder / f"{response_id}.holder"
        )

    # -- Reading ------------------------------------------------------------------------------

    def ids(self) -> list[str]:
        if not self.drafts_folder.is_dir():
            return []
        return sorted(
            path.name.removesuffix(DRAFT_SUFFIX)
            for path in self.drafts_folder.glob(f"*{DRAFT_SUFFIX}")
            if not path.name.startswith(".") and _is_uuid(path.name.removesuffix(DRAFT_SUFFIX))
        )

    def summaries(self, questionnaire: Questionnaire) -> list[DraftSummary]:
        """Every draft, newest first; a damaged one is listed with its problem, not hidden."""
        from msq_tui.model.validation import progress

        summaries = []
        for response_id in self.ids():
            path = self.path(response_id)
            try:
                response = parse_draft(path.read_bytes())
                own = self.questionnaire_for(response, questionnaire)
                response = migrate(response, own)
            except QuestionnaireMissing as missing:
                country = country_by_iso3(response.country)
                summaries.append(
                    DraftSummary(
                        response_id=response_id,
                        path=path,
                        country=response.country,
                        country_name=country.name if country else response.country,
                        questionnaire=f"{response.questionnaire_id} {response.questionnaire_version}",
                        updated=response.updated,
                        status="needs its questionnaire",
                        answered=0,
                        asked=0,
                        revision=response.revision,
                        problem=str(missing),
                        form=response.questionnaire_title or response.questionnaire_id,
                    )
                )
                continue
            except (OSError, ValueError) as error:
                summaries.append(
                    DraftSummary(
                        response_id, path, "?", "?", "?", _mtime(path), "damaged", 0, 0, problem=str(error)
                    )
                )
                continue
            country = country_by_iso3(response.country)
            answered, asked = progress(own, response)
            answering = response.collaboration.answering if response.collaboration else None
            summaries.append(
                DraftSummary(
                    response_id=response_id,
                    path=path,
                    country=response.country,
                    country_name=country.name if country else response.country,
                    questionnaire=f"{response.questionnaire_id} {response.questionnaire_version}",
                    updated=response.updated,
                    status="signed off" if response.status == "signed" else "draft",
                    answered=answered,
                    asked=asked,
                    revision=response.revision,
                    agencies=response.collaboration.summary() if response.collaboration else "",
                    form=own.name,
                    agency=answering.agency if answering is not None else "",
                )
            )
        epoch = datetime.min.replace(tzinfo=UTC)
        return sorted(summaries, key=lambda summary: summary.updated or epoch, reverse=True)

    def find(self, text: str) -> str:
        """The id of the draft that ``text`` names: its id, the start of its id, or its country."""
        needle = text.strip().lower()
        ids = self.ids()
        if needle in ids:
            return needle
        by_prefix = (
            [response_id for response_id in ids if response_id.startswith(needle)] if len(needle) >= 4 else []
        )
        if len(by_prefix) == 1:
            return by_prefix[0]
        if len(by_prefix) > 1:
            raise DraftError(
                f"'{text}' starts {len(by_prefix)} draft ids: give more of the id (see `msq list`)"
            )
        country = country_by_iso3(needle) if len(needle) == 3 else None
        if country is not None:
            matches = []
            for response_id in ids:
                try:
                    if parse_draft(self.path(response_id).read_bytes()).country == country.iso3:
                        matches.append(response_id)
                except (OSError, ValueError):
                    continue
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                raise DraftError(
                    f"{country.name} has {len(matches)} drafts: open one by its id ({', '.join(m[:8] for m in matches)})"
                )
            raise DraftNotFound(
                f"there is no draft for {country.name}: start one with `msq new --country {country.iso3}`"
            )
        raise DraftNotFound(
            f"no draft has the id '{text}': `msq list` shows the drafts in {self.drafts_folder}"
        )

    def load(self, response_id: str, questionnaire: Questionnaire) -> Response:
        """The draft, fitted to ``questionnaire``; a damaged file is moved aside (DamagedDraft)."""
        path = self.path(response_id)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            backup = self.backup_path(response_id)
            if backup.is_file():
                raise DamagedDraft(
                    f"The draft {path} is missing, but its backup {backup} is there. Open the backup to go on.",
                    path,
                    None,
                    backup,
                ) from None
            raise DraftNotFound(f"there is no draft {path}") from None
        except OSError as error:
            raise DraftError(f"the draft {path} cannot be read: {error.strerror or error}") from error
        try:
            response = parse_draft(data)
        except ValueError as error:
            raise self._set_aside(response_id, str(error)) from None
        self._known_good.add(response_id)
        if str(response.response_id) != response_id:
            response = response.model_copy(update={"response_id": uuid.UUID(response_id)})
        try:
            return self._fit(response, questionnaire)
        except QuestionnaireMissing as missing:  # not installed here: the file stays as it is
            raise QuestionnaireMissing(
                f"The draft {response_id[:8]} ({response.country}) cannot be opened here: {missing}",
                missing.questionnaire_id,
                missing.version,
            ) from None

    def _set_aside(self, response_id: str, reason: str) -> DamagedDraft:
        path = self.path(response_id)
        damaged = path.with_name(f"{response_id}.damaged-{_timestamp()}{DRAFT_SUFFIX}")
        aside: Path | None = damaged
        self._known_good.discard(response_id)
        try:
            os.replace(path, damaged)
        except OSError:
            aside = None  # leave it where it is; it is still never overwritten while damaged
        backup = self.backup_path(response_id)
        backup_ok = backup.is_file() and _readable(backup)
        message = f"The draft {path} could not be opened: {reason}."
        if aside is not None:
            message += f" It was kept as {aside}."
        if backup_ok:
            message += f" A backup is at {backup}: open it to go on from the last good save."
        else:
            message += " There is no usable backup; earlier states may be in `msq history`."
        return DamagedDraft(message, path, aside, backup if backup_ok else None)

    def recover_from_backup(self, response_id: str, questionnaire: Questionnaire) -> Response:
        """Make the backup the draft again (after a damaged draft was set aside)."""
        backup = self.backup_path(response_id)
        try:
            response = parse_draft(backup.read_bytes())
        except (OSError, ValueError) as error:
            raise DraftError(f"the backup {backup} cannot be used either: {error}") from error
        response = self._fit(response, questionnaire)
        self.save(response)
        return response

    # -- Writing ------------------------------------------------------------------------------

    def create(self, questionnaire: Questionnaire, country_iso3: str) -> Response:
        self.prepare()
        response = Response.new(questionnaire, country_iso3)
        self.save(response)
        return response

    def save(self, response: Response) -> Path:
        """Save ``response`` now (serialised here); see `write`."""
        return self.write(str(response.response_id), serialise(response))

    def write(self, response_id: str, data: bytes) -> Path:
        """Write a draft's bytes atomically, keeping the previous version as the backup.

        On any error (disk full, read-only, I/O) the draft on disk is left as it was and the
        OSError goes to the caller.
        """
        path = self.path(response_id)
        with self._save_lock:
            _private_folder(self.drafts_folder)
            if path.exists():
                self._keep_backup(response_id)
            write_atomic(path, data)
            self._known_good.add(response_id)
            self._record_history(response_id, data)
        return path

    def save_history_point(self, response: Response) -> Path:
        """Save ``response`` as a history point (a merge, a hand-out, a decision): the state before
        and the state after both go into the history, whatever the spacing, so `restore` undoes it."""
        response_id = str(response.response_id)
        current = self.path(response_id)
        with self._save_lock:
            if current.is_file() and _readable(current):
                self._record_history(response_id, current.read_bytes(), force=True)
        data = serialise(response)
        path = self.write(response_id, data)
        with self._save_lock:
            self._record_history(response_id, data, force=True)
        return path

    def _keep_backup(self, response_id: str) -> None:
        """The current draft becomes the backup, without a moment where neither exists."""
        path, backup = self.path(response_id), self.backup_path(response_id)
        if response_id not in self._known_good and not _readable(path):
            return  # never let a damaged draft replace a good backup
        link = backup.with_name(f".{backup.name}.link.msq-tmp")
        try:
            link.unlink(missing_ok=True)
            os.link(path, link)
            os.replace(link, backup)
            return
        except OSError:
            try:
                link.unlink(missing_ok=True)
            except OSError:
                pass
        # File systems without hard links: a copy. If it fails, so does the save, and the draft
        # on disk stays as it was.
        write_atomic(backup, path.read_bytes())

    # -- History ------------------------------------------------------------------------------

    def _history_folder(self, response_id: str) -> Path:
        return self.history_folder / response_id

    def _record_history(self, response_id: str, data: bytes, force: bool = False) -> None:
        digest = hashlib.sha256(data).hexdigest()
        if self._last_history_digest.get(response_id) == digest and not force:
            return
        folder = self._history_folder(response_id)
        entries = self._history_files(response_id)
        now = self.clock()
        if entries and not force:
            newest_time, newest_path = entries[0]
            if now - newest_time < HISTORY_SPACING:
                return
            if _digest(newest_path) == digest:
                self._last_history_digest[response_id] = digest
                return
        _private_folder(self.history_folder)
        _private_folder(folder)
        write_atomic(folder / f"{_timestamp(now)}.json", data)
        self._last_history_digest[response_id] = digest
        self._prune_history(response_id)

    def _history_files(self, response_id: str) -> list[tuple[datetime, Path]]:
        folder = self._history_folder(response_id)
        if not folder.is_dir():
            return []
        entries = []
        for path in folder.glob("*.json"):
            moment = _parse_timestamp(path.stem)
            if moment is not None:
                entries.append((moment, path))
        return sorted(entries, reverse=True)

    def _prune_history(self, response_id: str) -> None:
        """Keep the newest states, then the last state of each earlier day."""
        entries = self._history_files(response_id)
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

    def history(self, response_id: str, questionnaire: Questionnaire) -> list[HistoryEntry]:
        """Earlier saved states of a draft, newest first, numbered from 1."""
        from msq_tui.model.validation import progress

        entries = []
        for number, (moment, path) in enumerate(self._history_files(response_id), start=1):
            try:
                state = parse_draft(path.read_bytes())
                own = self.questionnaire_for(state, questionnaire)
                answered = progress(own, migrate(state, own))[0]
            except (OSError, ValueError, DraftError):
                answered = -1
            entries.append(HistoryEntry(number, path, moment, answered))
        return entries

    def restore(self, response_id: str, number: int, questionnaire: Questionnaire) -> Response:
        """Bring back history state ``number``; the state it replaces goes into the history first."""
        entries = self.history(response_id, questionnaire)
        chosen = next((entry for entry in entries if entry.number == number), None)
        if chosen is None:
            raise DraftError(
                f"the draft has no saved state {number}: `msq history {response_id[:8]}` lists"
                f" {len(entries)} state{'s' if len(entries) != 1 else ''}"
            )
        try:
            restored = self._fit(parse_draft(chosen.path.read_bytes()), questionnaire)
        except (OSError, ValueError, DraftError) as error:
            raise DraftError(f"saved state {number} ({chosen.path}) cannot be read: {error}") from error
        current = self.path(response_id)
        if current.is_file() and _readable(current):
            with self._save_lock:
                self._record_history(response_id, current.read_bytes(), force=True)
        restored = restored.model_copy(update={"updated": utc_now()})
        self.save(restored)
        return restored

    def import_file(self, source: Path, questionnaire: Questionnaire) -> ImportedDraft:
        """Make a draft from a submission (JSON or TOML, signed or not) or a draft file; never overwrites.

        The imported draft keeps its response id unless a draft with that id is here already, in
        which case it gets a new one. It is always an editable draft (see `imported.admit`).
        """
        from msq_tui.files.input_files import InputFileError, read_input_file

        try:
            data = read_input_file(source, MAX_DRAFT_BYTES, "a draft or submission file")
        except InputFileError as error:
            raise (DraftNotFound if error.kind == "missing" else DraftError)(
                f"{error}. Nothing was imported"
            ) from None
        from msq_tui.submission.document import SUBMISSION_FORMAT
        from msq_tui.submission.verify import SubmissionError, parse_file, read_submission

        try:
            document = parse_file(data, str(source))
        except SubmissionError as error:
            raise DraftError(f"{error}. Nothing was imported") from None
        if document.get("format") == SUBMISSION_FORMAT:
            try:
                submission = read_submission(
                    data,
                    {(questionnaire.id, questionnaire.version): questionnaire, **self.questionnaires.known()},
                    str(source),
                    require_signoff=False,
                )
            except SubmissionError as error:
                raise DraftError(f"{error}. Nothing was imported") from None
            # A signed file comes in as the next revision, to continue; the file stays valid.
            imported = admit(submission.response, submission.questionnaire, from_submission=True)
        else:
            try:
                draft = parse_draft(data)
                imported = admit(draft, self.questionnaire_for(draft, questionnaire), from_submission=False)
            except DraftError as error:
                raise DraftError(f"{source} cannot be imported: {error}. Nothing was imported") from None
            except ValueError as error:
                raise DraftError(f"{source} cannot be imported: {error}. Nothing was imported") from None
        response = imported.response
        if self.path(str(response.response_id)).exists():
            response = response.model_copy(update={"response_id": uuid.uuid4()})
        self.prepare()
        response = response.model_copy(update={"updated": utc_now(), "position": Position()})
        self.save(response)
        return ImportedDraft(response, imported.notes)

    # -- Deleting ------------------------------------------------------------------------------

    def delete(self, response_id: str) -> Path:
        """Move a draft (and its backup) to the trash folder, from where `undelete` brings it back."""
        path = self.path(response_id)
        if not path.exists():
            raise DraftNotFound(f"there is no draft {path}")
        _private_folder(self.trash_folder)
        stamp = _timestamp()
        target = self.trash_folder / f"{response_id}.{stamp}{DRAFT_SUFFIX}"
        os.replace(path, target)
        self._known_good.discard(response_id)
        backup = self.backup_path(response_id)
        if backup.exists():
            os.replace(backup, self.trash_folder / f"{response_id}.{stamp}{BACKUP_SUFFIX}")
        return target

    def deleted(self) -> list[tuple[str, Path]]:
        if not self.trash_folder.is_dir():
            return []
        found = []
        for path in sorted(self.trash_folder.glob(f"*{DRAFT_SUFFIX}"), reverse=True):
            response_id = path.name.split(".", 1)[0]
            found.append((response_id, path))
        return found

    def undelete(self, response_id: str) -> Path:
        """Bring back the most recently deleted copy of a draft."""
        for found_id, path in self.deleted():
            if found_id == response_id:
                target = self.path(response_id)
                if target.exists():
                    raise DraftError(f"a draft {target} exists already; it is not overwritten")
                _private_folder(self.drafts_folder)
                os.replace(path, target)
                backup = path.with_name(path.name.removesuffix(DRAFT_SUFFIX) + BACKUP_SUFFIX)
                if backup.exists():
                    os.replace(backup, self.backup_path(response_id))
                return target
        raise DraftNotFound(f"no deleted draft has the id {response_id}")


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _readable(path: Path) -> bool:
    try:
        parse_draft(path.read_bytes())
    except (OSError, ValueError):
        return False
    return True


def _digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        return None
