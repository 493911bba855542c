"""Loading a definitions file and checking it like code: every problem with its file, line and fix.

`check_definitions` never raises for a bad file: it returns the problems it found, each naming
the file, the line (where one can be found), the question and what to change. `load_definitions`
returns the questionnaire or raises `DefinitionsError` carrying those problems. Here: reading the
file, its TOML and header, and pydantic's errors of shape said plainly; where things are in the
file is `definitions_lines`, the checks of meaning `definitions_meaning`.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from msq_tui.files import strict_toml
from msq_tui.files.input_files import InputFileError, read_input_file
from msq_tui.model.definitions import DEFINITIONS_FORMAT, DEFINITIONS_FORMAT_VERSION, Questionnaire
from msq_tui.model.definitions_lines import Locator, data_path
from msq_tui.model.definitions_meaning import check_meaning
from msq_tui.model.kinds import KINDS

BUILTIN_NAME = "msq2020.toml"
MAX_DEFINITIONS_BYTES = 2_000_000

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class DefinitionProblem:
    """One problem in a definitions file."""

    file: str
    message: str
    line: int | None = None
    question_id: str | None = None
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        about = f" [{self.question_id}]" if self.question_id else ""
        return f"{where}: {self.severity}{about}: {self.message}"


class DefinitionsError(Exception):
    """A definitions file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[DefinitionProblem]):
        self.problems = problems
        errors = [problem for problem in problems if problem.severity == "error"]
        super().__init__("\n".join(str(problem) for problem in errors or problems))


def builtin_definitions_path() -> Path:
    """The MSQ 2020 definitions shipped with msq-tui (inside the wheel, or in a source checkout)."""
    packaged = resources.files("msq_tui").joinpath("questions", BUILTIN_NAME)
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "questions" / BUILTIN_NAME


@cache
def builtin_questionnaire() -> Questionnaire:
    """The built-in MSQ 2020, loaded once."""
    return load_definitions(builtin_definitions_path())


def load_definitions(path: Path) -> Questionnaire:
    """Load and check a definitions file; raise DefinitionsError when it has any error."""
    questionnaire, problems = check_definitions(path)
    if questionnaire is None or any(problem.severity == "error" for problem in problems):
        raise DefinitionsError(problems)
    return questionnaire


def check_definitions(path: Path) -> tuple[Questionnaire | None, list[DefinitionProblem]]:
    """Check a definitions file; return the questionnaire (None when unusable) and all problems."""
    name = str(path)
    try:
        raw = read_input_file(path, MAX_DEFINITIONS_BYTES, "a definitions file")
    except InputFileError as error:
        return None, [DefinitionProblem(name, error.reason)]
    return check_definitions_text(raw, name)


def check_definitions_text(
    raw: bytes | str, name: str = "<definitions>"
) -> tuple[Questionnaire | None, list[DefinitionProblem]]:
    """Check definitions given as bytes or text; see `check_definitions`."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line: int | None = raw[: error.start].count(b"\n") + 1
            return None, [
                DefinitionProblem(
                    name,
                    "is not UTF-8 text (a binary file, or saved in another encoding); save it as UTF-8",
                    line,
                )
            ]
    else:
        text = raw
    text = text.removeprefix("\ufeff")
    try:
        data = strict_toml.loads(text)
    except RecursionError:
        return None, [
            DefinitionProblem(
                name,
                "is nested too deeply (tables or arrays inside each other hundreds of levels deep): it is not a definitions file",
            )
        ]
    except strict_toml.NumberTooLong as error:
        return None, [
            DefinitionProblem(
                name,
                f"holds a number {error.digits:,} digits long on this line, which no definitions file does",
                error.line,
            )
        ]
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        line = int(position.group(1)) if position else None
        reason = _TOML_POSITION.sub("", message).strip().rstrip(".")
        if reason.startswith("Cannot overwrite a value") or reason.startswith("Cannot declare"):
            reason = f"a key or table is given twice ({reason})"
        return None, [
            DefinitionProblem(name, f"is not valid TOML: {reason}. Fix the TOML syntax on this line", line)
        ]
    locator = Locator(text, data)

    header = _check_header(data, name)
    if header:
        return None, header

    try:
        questionnaire = Questionnaire.model_validate(data)
    except ValidationError as error:
        explained = [_explain_validation_error(item, data, locator, name) for item in error.errors()]
        return None, _unique(explained)
    problems: list[DefinitionProblem] = []

    def problem(
        message: str,
        question_id: str | None = None,
        line: int | None = None,
        severity: Literal["error", "warning"] = "error",
    ) -> None:
        problems.append(DefinitionProblem(name, message, line, question_id, severity))

    check_meaning(questionnaire, locator, problem)
    return questionnaire, problems


def _unique(problems: list[DefinitionProblem]) -> list[DefinitionProblem]:
    return list(dict.fromkeys(problems))  # in order, each once


def _check_header(data: dict[str, Any], name: str) -> list[DefinitionProblem]:
    declared = data.get("format")
    if declared != DEFINITIONS_FORMAT:
        hint = "it has no `format` line" if declared is None else f"its `format` is {declared!r}"
        return [
            DefinitionProblem(
                name,
                f"is not an msq definitions file: {hint}. A definitions file starts with"
                f' format = "{DEFINITIONS_FORMAT}" and format_version = {DEFINITIONS_FORMAT_VERSION}',
                1,
            )
        ]
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        return [
            DefinitionProblem(
                name, f"`format_version` must be a whole number, such as {DEFINITIONS_FORMAT_VERSION}"
            )
        ]
    if version > DEFINITIONS_FORMAT_VERSION:
        return [
            DefinitionProblem(
                name,
                f"is written for a newer msq (definitions format {version}; this msq reads format"
                f" {DEFINITIONS_FORMAT_VERSION}). Update msq-tui to use it",
            )
        ]
    if version < 1:
        return [
            DefinitionProblem(name, f"`format_version` must be {DEFINITIONS_FORMAT_VERSION}, not {version}")
        ]
    return []


# -- Messages for validation errors -----------------------------------------------------------

_TYPE_NAMES = {
    "string_type": "text in quotes",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list in [ ]",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
}


def _explain_validation_error(
    error: Any, data: dict[str, Any], locator: Locator, name: str
) -> DefinitionProblem:
    loc = tuple(error["loc"])
    path = data_path(loc, data)
    line, question_id = locator.locate(loc)
    field = next((str(step) for step in reversed(path) if isinstance(step, str)), "")
    kind = error["type"]
    value = error.get("input")
    context = error.get("ctx") or {}

    if kind == "union_tag_invalid":
        message = f"unknown kind {context.get('tag', value)!r}: use one of " + ", ".join(KINDS)
    elif kind == "union_tag_not_found":
        message = "this question has no `kind`: add kind = one of " + ", ".join(KINDS)
    elif kind == "missing":
        what = {"text": "wording", "id": "id", "title": "title", "max_words": "word limit"}.get(
            field, f"`{field}`"
        )
        message = f"{what} is missing: add `{field} = ...`"
        if field == "questions":
            message = "this section has no questions: add at least one [[sections.questions]]"
        elif field == "max_words":
            message = "a text question needs a word limit: add `max_words = 250` (or the form's limit)"
    elif kind == "extra_forbidden":
        message = f"unknown field `{field}`: check its spelling, or remove it"
    elif kind in ("greater_than", "greater_than_equal") and field == "max_words":
        message = f"the word limit must be a whole number above 0, not {value!r}"
    elif kind in ("less_than_equal", "less_than") and field == "max_words":
        message = f"the word limit {value!r} is too large; the MSQ asks for at most a few hundred words"
    elif kind == "string_pattern_mismatch" and field in ("id", "question", "selected", "group", "part_of"):
        message = (
            f"{value!r} is not a valid id: use lower-case letters, digits and _, starting with a letter"
            " (like q2a or open_data)"
        )
    elif kind == "string_pattern_mismatch":
        message = f"`{field}` {value!r} may hold only letters, digits, '.', '-' and '_'"
    elif kind == "too_short":
        if field == "questions":
            message = "this section has no questions: add at least one [[sections.questions]]"
        elif field == "sections":
            message = "the file has no sections: add at least one [[sections]]"
        elif field == "options":
            message = "this checklist has no options: add at least one to `options`"
        else:
            message = f"`{field}` is empty: give it a value"
    elif kind == "too_long":
        message = f"`{field}` is too long ({context.get('max_length', '?')} at most)"
    elif kind == "literal_error":
        expected = context.get("expected", "")
        message = f"`{field}` cannot be {value!r}: use {expected}"
    elif kind in _TYPE_NAMES:
        if path and path[0] == "footnotes" and kind == "int_parsing":
            message = f'footnote key {field!r} must be the footnote\'s number, such as 3 = "..."'
        else:
            message = f"`{field}` must be {_TYPE_NAMES[kind]}, not {value!r}"
    elif kind == "value_error":
        message = str(error.get("msg", "")).removeprefix("Value error, ")
    else:
        message = f"`{field or '.'.join(map(str, path))}`: {error.get('msg')}"
    return DefinitionProblem(name, message, line, question_id)
