"""Drafts on disk: where they live, how they are saved, locked, listed, restored and recovered.

A draft is a readable JSON file, `drafts/<response id>.json`, in the msq home folder (the user
data folder, or `$MSQ_HOME`). Every save is atomic and keeps the previous good version as
`<id>.json.bak`; earlier states go to `history/<id>/`. One process at a time may write a draft:
it holds an OS lock on `<id>.lock`, which the OS releases if the process dies. A file that cannot
be read as a draft is never overwritten: it is renamed aside and the backup is offered.

DraftStore is the one door to all this; its parts live beside it: `draft_files` (a draft file's
bytes), `history` (earlier states, restore), `imported` (a file imported as a draft), `finding`
(which draft a name means), `trash` (deleted drafts) and `draft_summaries` (the list of drafts).
"""

import os
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from msq_tui.files.atomic import remove_temporaries, write_atomic
from msq_tui.model.answers import Response
from msq_tui.model.countries import country_by_iso3
from msq_tui.model.definitions import Questionnaire
from msq_tui.store import trash
from msq_tui.store.draft_files import (
    BACKUP_SUFFIX,
    DRAFT_SUFFIX,
    is_readable,
    migrate,
    own_folder,
    parse_draft,
    serialise,
    timestamp,
)
from msq_tui.store.draft_summaries import DraftSummary
from msq_tui.store.errors import DamagedDraft, DraftError, DraftNotFound
from msq_tui.store.finding import find_draft
from msq_tui.store.folders import choose_home, prepare_home
from msq_tui.store.history import DraftHistory, HistoryEntry
from msq_tui.store.imported import ImportedDraft, import_file
from msq_tui.store.locks import DraftLock
from msq_tui.store.questionnaires import QuestionnaireMissing

if TYPE_CHECKING:
    from msq_tui.store.questionnaires import QuestionnaireLibrary

HOME_VARIABLE = "MSQ_HOME"


def msq_home() -> Path:
    """The folder for drafts: $MSQ_HOME when set, else the user data folder platformdirs gives."""
    configured = os.environ.get(HOME_VARIABLE)
    if configured:
        return Path(configured).expanduser()
    from platformdirs import user_data_path

    return user_data_path("msq-tui", appauthor=False)


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
        self._history = DraftHistory(self, self._save_lock)
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

    def fitted(self, response: Response, questionnaire: Questionnaire) -> Response:
        """``response`` fitted to the questionnaire it answers (see `questionnaire_for`)."""
        return migrate(response, self.questionnaire_for(response, questionnaire))

    # -- Folders and paths ------------------------------------------------------------------

    def prepare(self) -> list[Path]:
        """Create the folders (0700) and remove temporary files an interrupted save left behind.

        Raises UnsafeFolder (an OSError with a message) for a folder msq will not use.
        """
        prepare_home(self.home, shared_parent=self.home != self.root)
        own_folder(self.drafts_folder)
        return remove_temporaries(self.drafts_folder) + self._history.remove_temporaries()

    def path(self, response_id: str) -> Path:
        return self.drafts_folder / f"{response_id}{DRAFT_SUFFIX}"

    def backup_path(self, response_id: str) -> Path:
        return self.drafts_folder / f"{response_id}{BACKUP_SUFFIX}"

    def lock(self, response_id: str) -> DraftLock:
        own_folder(self.drafts_folder)
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
        return find_draft(self, text)

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
            return self.fitted(response, questionnaire)
        except QuestionnaireMissing as missing:  # not installed here: the file stays as it is
            raise QuestionnaireMissing(
                f"The draft {response_id[:8]} ({response.country}) cannot be opened here: {missing}",
                missing.questionnaire_id,
                missing.version,
            ) from None

    def _set_aside(self, response_id: str, reason: str) -> DamagedDraft:
        path = self.path(response_id)
        damaged = path.with_name(f"{response_id}.damaged-{timestamp()}{DRAFT_SUFFIX}")
        aside: Path | None = damaged
        self._known_good.discard(response_id)
        try:
            os.replace(path, damaged)
        except OSError:
            aside = None  # leave it where it is; it is still never overwritten while damaged
        backup = self.backup_path(response_id)
        backup_ok = backup.is_file() and is_readable(backup)
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
        response = self.fitted(response, questionnaire)
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
            own_folder(self.drafts_folder)
            if path.exists():
                self._keep_backup(response_id)
            write_atomic(path, data)
            self._known_good.add(response_id)
            self._history.record(response_id, data)
        return path

    def _keep_backup(self, response_id: str) -> None:
        """The current draft becomes the backup, without a moment where neither exists."""
        path, backup = self.path(response_id), self.backup_path(response_id)
        if response_id not in self._known_good and not is_readable(path):
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

    # -- History and import (history.py, imported.py) --------------------------------------------

    def save_history_point(self, response: Response) -> Path:
        """Save ``response`` as a history point (a merge, a hand-out, a decision): the state before
        and the state after both go into the history, whatever the spacing, so `restore` undoes it."""
        return self._history.save_point(response)

    def keep_in_history(self, response_id: str, data: bytes) -> None:
        """Keep ``data`` (a state of the draft about to be replaced) in its history, whatever the spacing."""
        self._history.keep(response_id, data)

    def history(self, response_id: str, questionnaire: Questionnaire) -> list[HistoryEntry]:
        """Earlier saved states of a draft, newest first, numbered from 1."""
        return self._history.entries(response_id, questionnaire)

    def restore(self, response_id: str, number: int, questionnaire: Questionnaire) -> Response:
        """Bring back history state ``number``; the state it replaces goes into the history first."""
        return self._history.restore(response_id, number, questionnaire)

    def import_file(self, source: Path, questionnaire: Questionnaire) -> ImportedDraft:
        """Make a draft from a submission or a draft file; never overwrites (see `imported`)."""
        return import_file(self, source, questionnaire)

    # -- Deleting ------------------------------------------------------------------------------

    def delete(self, response_id: str) -> Path:
        """Move a draft (and its backup) to the trash folder, from where `undelete` brings it back."""
        self._known_good.discard(response_id)  # its file goes: what is there next is read anew
        return trash.delete(self, response_id)

    def deleted(self) -> list[tuple[str, Path]]:
        """The drafts in the trash as (id, file), the newest first."""
        return trash.deleted(self)

    def undelete(self, response_id: str) -> Path:
        """Bring back the most recently deleted copy of a draft."""
        return trash.undelete(self, response_id)


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        return None
