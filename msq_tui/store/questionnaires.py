"""The questionnaires msq knows: the built-in MSQ 2020 and the definitions files installed in the msq home.

`msq questionnaires add FILE` checks a definitions file exactly as `msq check` does and copies it
to `questionnaires/<id>-<version>.toml` in the msq home (0700 folder, 0600 file, written
atomically). A draft names its questionnaire by id and version and always opens with that one;
when it is not installed here, `QuestionnaireMissing` says which file to install. Nothing here
rewrites a draft.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from msq_tui.files.atomic import write_atomic
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.definitions_check import (
    MAX_DEFINITIONS_BYTES,
    DefinitionProblem,
    builtin_definitions_path,
    builtin_questionnaire,
    check_definitions_text,
)
from msq_tui.store.errors import DraftError
from msq_tui.store.folders import choose_home, private_folder

FOLDER = "questionnaires"


class QuestionnaireMissing(DraftError):
    """A draft (or file) answers a questionnaire that is not installed here; the message says what to install."""

    def __init__(self, message: str, questionnaire_id: str, version: str):
        super().__init__(message)
        self.questionnaire_id = questionnaire_id
        self.version = version


class InstallRefused(Exception):
    """A definitions file `add` did not install; `problems` holds the check's findings, when any."""

    def __init__(self, message: str, problems: list[DefinitionProblem] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class KnownQuestionnaire:
    """One questionnaire msq can answer: the built-in, or one installed from a file."""

    questionnaire: Questionnaire
    origin: Literal["built-in", "installed"]
    path: Path

    @property
    def key(self) -> tuple[str, str]:
        return self.questionnaire.id, self.questionnaire.version

    def describe(self) -> str:
        """ "MSQ 2020 (msq2020 2020.1, built-in)"."""
        q = self.questionnaire
        return f"{q.name} ({q.id} {q.version}, {self.origin})"

    def as_json(self) -> dict[str, Any]:
        q = self.questionnaire
        return {
            "id": q.id,
            "version": q.version,
            "short_title": q.questionnaire.short_title,
            "title": q.title,
            "year": q.year,
            "origin": self.origin,
            "path": str(self.path),
        }


def installed_name(questionnaire_id: str, version: str) -> str:
    """The file name an installed questionnaire has: `<id>-<version>.toml`, the version made file-safe."""
    return f"{questionnaire_id}-{re.sub(r'[^A-Za-z0-9._-]', '_', version)}.toml"


def _version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Versions in natural order: "2026.10" after "2026.9"; numbers before words at the same place."""
    parts = re.findall(r"\d+|[A-Za-z]+", version)
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts)


def newness(entry: KnownQuestionnaire) -> tuple[int, tuple[tuple[int, int | str], ...], int]:
    """How new an edition is: its year, then its version; the built-in before an installed file of the same."""
    return (
        entry.questionnaire.year or 0,
        _version_key(entry.questionnaire.version),
        entry.origin == "installed",
    )


class QuestionnaireLibrary:
    """The questionnaires of one msq home: the built-in and the installed ones, found by id and version."""

    def __init__(self, home: Path | None = None):
        from msq_tui.store.drafts import msq_home

        self.root = home or msq_home()
        self.folder = choose_home(self.root) / FOLDER
        self._entries: list[KnownQuestionnaire] | None = None
        self.unreadable: list[tuple[Path, str]] = []  # installed files that no longer pass the check

    # -- Reading ----------------------------------------------------------------------------------

    def entries(self) -> list[KnownQuestionnaire]:
        """The built-in first, then the installed ones, oldest edition first."""
        if self._entries is None:
            self._entries = [
                KnownQuestionnaire(builtin_questionnaire(), "built-in", builtin_definitions_path())
            ]
            self._entries += sorted(self._installed(), key=newness)
        return self._entries

    def _installed(self) -> Iterator[KnownQuestionnaire]:
        self.unreadable = []
        if not self.folder.is_dir() or self.folder.is_symlink():
            return
        for path in sorted(self.folder.glob("*.toml")):
            try:
                data = path.read_bytes()
            except OSError as error:
                self.unreadable.append((path, error.strerror or str(error)))
                continue
            questionnaire, problems = check_definitions_text(data, str(path))
            errors = [problem for problem in problems if problem.severity == "error"]
            if questionnaire is None or errors:
                first = (errors or problems)[0].message if (errors or problems) else "it cannot be read"
                self.unreadable.append((path, first))
                continue
            yield KnownQuestionnaire(questionnaire, "installed", path)

    def find(self, questionnaire_id: str, version: str) -> Questionnaire | None:
        for entry in self.entries():
            if entry.key == (questionnaire_id, version):
                return entry.questionnaire
        return None

    def known(self) -> dict[tuple[str, str], Questionnaire]:
        """Every known questionnaire by (id, version): what `verify`, `render` and `import` accept."""
        return {entry.key: entry.questionnaire for entry in self.entries()}

    def default(self) -> Questionnaire:
        """The questionnaire a new response answers when none is named: the newest edition known."""
        return max(self.entries(), key=newness).questionnaire

    def choose(self, text: str | None) -> Questionnaire:
        """The questionnaire ``text`` names: "ID" (its newest version) or "ID@VERSION"; the default when None."""
        if not text:
            return self.default()
        questionnaire_id, _, version = text.strip().partition("@")
        matches = [entry for entry in self.entries() if entry.questionnaire.id == questionnaire_id]
        if version:
            matches = [entry for entry in matches if entry.questionnaire.version == version]
        if not matches:
            known = ", ".join(
                f"{entry.questionnaire.id}@{entry.questionnaire.version}" for entry in self.entries()
            )
            raise QuestionnaireMissing(
                f"no questionnaire '{text}' is installed (msq knows {known}): install its definitions file"
                " with `msq questionnaires add FILE`, or see `msq questionnaires`",
                questionnaire_id,
                version,
            )
        return max(matches, key=newness).questionnaire

    def require(self, questionnaire_id: str, version: str, title: str = "") -> Questionnaire:
        """The questionnaire a draft answers, or QuestionnaireMissing saying which file to install."""
        found = self.find(questionnaire_id, version)
        if found is not None:
            return found
        named = f"{title} ({questionnaire_id} {version})" if title else f"{questionnaire_id} {version}"
        others = [
            entry.questionnaire.version
            for entry in self.entries()
            if entry.questionnaire.id == questionnaire_id
        ]
        also = f"; only version {', '.join(others)} of it is installed" if others else ""
        raise QuestionnaireMissing(
            f"it answers the questionnaire {named}, which is not installed here{also}. Install its definitions"
            f" file ({installed_name(questionnaire_id, version)} in the msq home it was made in, or as DPIDG sent it)"
            " with `msq questionnaires add FILE`, then open it again; the draft is kept as it is",
            questionnaire_id,
            version,
        )

    # -- Installing ---------------------------------------------------------------------------------

    def add(self, source: Path) -> tuple[KnownQuestionnaire, bool, list[DefinitionProblem]]:
        """Check ``source`` as `msq check` does and install it; (entry, newly installed, warnings).

        Refused (InstallRefused) when it does not pass, or when another file of the same id and
        version is known; the same file again is no change.
        """
        from msq_tui.files.input_files import InputFileError, read_input_file

        try:
            data = read_input_file(source, MAX_DEFINITIONS_BYTES, "a definitions file")
        except InputFileError as error:
            raise InstallRefused(f"{error}. Nothing was installed") from None
        questionnaire, problems = check_definitions_text(data, str(source))
        errors = [problem for problem in problems if problem.severity == "error"]
        if questionnaire is None or errors:
            count = len(errors) or len(problems)
            raise InstallRefused(
                f"{source} was not installed: {count} error{'s' if count != 1 else ''}; fix"
                f" {'it' if count == 1 else 'them'} (`msq check {source}` shows the same) and add it again",
                errors or problems,
            )
        for entry in self.entries():
            if entry.key != (questionnaire.id, questionnaire.version):
                continue
            if _same_file(entry.path, data):
                return entry, False, problems
            raise InstallRefused(
                f"{source} was not installed: {entry.describe()} is known already, from {entry.path}, and differs"
                " from this file. A changed edition needs a new `version` in its [questionnaire] table"
            )
        from msq_tui.store.drafts import DraftStore

        DraftStore(self.root).prepare()  # the msq home, made as msq makes it (a shared parent, links)
        private_folder(self.folder)
        target = self.folder / installed_name(questionnaire.id, questionnaire.version)
        write_atomic(target, data)
        self._entries = None
        entry = KnownQuestionnaire(questionnaire, "installed", target)
        return entry, True, problems


def _same_file(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def known_questionnaires() -> dict[tuple[str, str], Questionnaire]:
    """The questionnaires of the msq home in use ($MSQ_HOME or the user data folder)."""
    return QuestionnaireLibrary().known()
