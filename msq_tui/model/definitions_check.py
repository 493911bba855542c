"""Loading a definitions file and checking it like code: every problem with its file, line and fix.

`check_definitions` never raises for a bad file: it returns the problems it found, each naming
the file, the line (where one can be found), the question and what to change. `load_definitions`
returns the questionnaire or raises `DefinitionsError` carrying those problems.
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
from msq_tui.model.kinds import KINDS, kind_of
from msq_tui.model.kinds.base import Question
from msq_tui.model.wording import footnote_numbers

BUILTIN_NAME = "msq2020.toml"
MAX_DEFINITIONS_BYTES = 2_000_000

_WORD_LIMIT_IN_TEXT = re.compile(r"\b(?:Max\.?|Maximum)\s+(\d[\d,]*)\s+words", re.IGNORECASE)
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
    locator = _Locator(text, data)

    header = _check_header(data, name)
    if header:
        return None, header

    try:
        questionnaire = Questionnaire.model_validate(data)
    except ValidationError as error:
        problems = [_explain_validation_error(item, data, locator, name) for item in error.errors()]
        return None, _unique(problems)
    return questionnaire, _check_meaning(questionnaire, locator, name)


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


# -- Where things are in the file -------------------------------------------------------------


class _Locator:
    """Finds the line of a section, question, option or field, from the raw text of the file."""

    _HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\s\"]+?)\s*\]\]?\s*(?:#.*)?$")

    def __init__(self, text: str, data: dict[str, Any]):
        self.lines = text.splitlines()
        self.data = data
        # (line number, header name) of every table header, in order.
        self.headers: list[tuple[int, str]] = []
        for number, line in enumerate(self.lines, start=1):
            match = self._HEADER.match(line)
            if match:
                self.headers.append((number, re.sub(r"\s+", "", match.group(1))))

    def _nth_header(self, header: str, n: int, after: int = 0, before: int | None = None) -> int | None:
        count = -1
        for number, name in self.headers:
            if number <= after or (before is not None and number >= before):
                continue
            if name == header:
                count += 1
                if count == n:
                    return number
        return None

    def _block_end(self, start: int) -> int:
        for number, _ in self.headers:
            if number > start:
                return number
        return len(self.lines) + 1

    def section_line(self, index: int) -> int | None:
        return self._nth_header("sections", index)

    def question_line(self, section_index: int, question_index: int) -> int | None:
        section = self.section_line(section_index)
        if section is None:
            return None
        next_section = self._nth_header("sections", 0, after=section)
        return self._nth_header("sections.questions", question_index, after=section, before=next_section)

    def key_line(self, block_start: int | None, key: str, value: str | None = None) -> int | None:
        """The line in the block at ``block_start`` that sets ``key`` (to ``value`` if given)."""
        if block_start is None:
            return None
        pattern = re.compile(
            rf"(?:^|[{{,]\s*){re.escape(key)}\s*=\s*"
            + (rf"[\"']{re.escape(value)}[\"']" if value is not None else "")
        )
        for number in range(block_start, self._block_end(block_start)):
            line = self.lines[number - 1]
            if pattern.search(line.split("#", 1)[0] if "#" in line and '"' not in line else line):
                return number
        return None

    def top_level_key_line(self, key: str) -> int | None:
        for number, line in enumerate(self.lines, start=1):
            if self.headers and number >= self.headers[0][0]:
                break
            if re.match(rf"^\s*{re.escape(key)}\s*=", line):
                return number
        return None

    def table_key_line(self, table: str, key: str | None) -> int | None:
        start = self._nth_header(table, 0)
        if start is None:
            return None
        if key is None:
            return start
        return self.key_line(start, key) or start

    def locate(self, loc: tuple[Any, ...]) -> tuple[int | None, str | None]:
        """(line, question id) for a location inside the data, as pydantic reports it."""
        path = _data_path(loc, self.data)
        if not path:
            return None, None
        if path[0] == "sections" and len(path) >= 2 and isinstance(path[1], int):
            section_index = path[1]
            if len(path) >= 4 and path[2] == "questions" and isinstance(path[3], int):
                question = _get(self.data, path[:4])
                question_id = question.get("id") if isinstance(question, dict) else None
                block = self.question_line(section_index, path[3])
                if len(path) >= 5 and isinstance(path[4], str):
                    if path[4] == "options" and len(path) >= 6 and isinstance(path[5], int):
                        option = _get(self.data, path[:6])
                        option_id = option.get("id") if isinstance(option, dict) else None
                        line = self.key_line(block, "id", option_id) if isinstance(option_id, str) else None
                        return line or self.key_line(block, "options") or block, _text(question_id)
                    return self.key_line(block, path[4]) or block, _text(question_id)
                return block, _text(question_id)
            section = self.section_line(section_index)
            if len(path) >= 3 and path[2] == "groups" and len(path) >= 4 and isinstance(path[3], int):
                line = self._nth_header("sections.groups", path[3], after=section or 0)
                return line or section, None
            if len(path) >= 3 and isinstance(path[2], str):
                return self.key_line(section, path[2]) or section, None
            return section, None
        if path[0] in ("questionnaire", "footnotes"):
            return self.table_key_line(path[0], str(path[1]) if len(path) > 1 else None), None
        return self.top_level_key_line(str(path[0])), None

    def question_line_by_id(self, question_id: str, occurrence: int = 0) -> int | None:
        count = -1
        for s_index, section in enumerate(self.data.get("sections", [])):
            for q_index, question in enumerate(
                section.get("questions", []) if isinstance(section, dict) else []
            ):
                if isinstance(question, dict) and question.get("id") == question_id:
                    count += 1
                    if count == occurrence:
                        return self.question_line(s_index, q_index)
        return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _get(data: Any, path: list[Any]) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _data_path(loc: tuple[Any, ...], data: Any) -> list[Any]:
    """Pydantic's location with the union tags taken out (they are not keys of the data)."""
    path: list[Any] = []
    current = data
    for step in loc:
        if len(path) >= 2 and path[-2] == "questions" and isinstance(path[-1], int) and step in KINDS:
            continue  # the discriminator of the question union, not a key ("text" is both)
        if isinstance(current, dict) and step in current:
            current = current[step]
            path.append(step)
        elif isinstance(current, dict) and isinstance(step, int) and str(step) in current:
            current = current[str(step)]
            path.append(str(step))
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            current = current[step]
            path.append(step)
        else:
            path.append(step)  # a missing key: keep it so the message can name it
            current = None
    return path


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
    error: Any, data: dict[str, Any], locator: _Locator, name: str
) -> DefinitionProblem:
    loc = tuple(error["loc"])
    path = _data_path(loc, data)
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


# -- Checks of meaning, once the shape is right -----------------------------------------------


def _check_meaning(questionnaire: Questionnaire, locator: _Locator, name: str) -> list[DefinitionProblem]:
    problems: list[DefinitionProblem] = []

    def problem(
        message: str, question_id: str | None = None, line: int | None = None, severity: Any = "error"
    ):
        problems.append(DefinitionProblem(name, message, line, question_id, severity))

    # Sections: unique ids.
    section_ids: set[str] = set()
    for index, section in enumerate(questionnaire.sections):
        if section.id in section_ids:
            problem(
                f"section id {section.id!r} is used twice: give each section its own",
                line=locator.section_line(index),
            )
        section_ids.add(section.id)

    # Questions: unique ids and numbers, wording, groups, part_of, options.
    seen_ids: dict[str, int] = {}
    seen_numbers: dict[str, str] = {}
    order = {question.id: position for position, question in enumerate(questionnaire.questions())}
    referenced_footnotes: dict[int, str | None] = {}

    def note_footnotes(text: str, question_id: str | None, line: int | None) -> None:
        for number in footnote_numbers(text):
            referenced_footnotes.setdefault(number, question_id)
            if number not in questionnaire.footnotes:
                problem(
                    f'refers to footnote {number}, which the file does not define: add {number} = "..."'
                    " under [footnotes], or correct the marker [^N]",
                    question_id,
                    line,
                )

    info = questionnaire.questionnaire
    for key in ("introduction", "authorisation", "closing", "title"):
        note_footnotes(getattr(info, key), None, locator.table_key_line("questionnaire", key))

    for s_index, section in enumerate(questionnaire.sections):
        section_line = locator.section_line(s_index)
        note_footnotes(section.title, None, locator.key_line(section_line, "title"))
        group_ids = {group.id for group in section.groups}
        used_groups: set[str] = set()
        for group in section.groups:
            note_footnotes(group.text, None, section_line)
        for q_index, question in enumerate(section.questions):
            occurrence = seen_ids.get(question.id, 0)
            line = locator.question_line(s_index, q_index)
            qid = question.id
            if occurrence:
                problem(f"question id {qid!r} is used twice: every question needs its own id", qid, line)
            seen_ids[qid] = occurrence + 1
            if question.number:
                if question.number in seen_numbers:
                    problem(
                        f"number {question.number!r} is printed for {seen_numbers[question.number]!r} already:"
                        " give each question the number the form prints",
                        qid,
                        locator.key_line(line, "number") or line,
                    )
                seen_numbers.setdefault(question.number, qid)
                if not question.text.strip():
                    problem(
                        f'question {question.number} has no wording: add text = "..." as the form prints it',
                        qid,
                        line,
                    )
            elif not question.part_of and kind_of(question).needs_number:
                problem(
                    'this question has neither a printed number nor `part_of`: add number = "..."'
                    " as the form prints it",
                    qid,
                    line,
                )
            if question.group is not None:
                if question.group not in group_ids:
                    problem(
                        f"`group = {question.group!r}` names no group of section {section.id}: add a"
                        " [[sections.groups]] with that id, or correct the name",
                        qid,
                        locator.key_line(line, "group") or line,
                    )
                used_groups.add(question.group)
            if question.part_of is not None:
                parent_position = order.get(question.part_of)
                if parent_position is None:
                    problem(
                        f"`part_of = {question.part_of!r}` names a question that does not exist",
                        qid,
                        locator.key_line(line, "part_of") or line,
                    )
                elif parent_position >= order[qid]:
                    problem(
                        f"`part_of = {question.part_of!r}` must name a question before this one",
                        qid,
                        locator.key_line(line, "part_of") or line,
                    )
            for where, text in question.wording_texts():
                note_footnotes(text, qid, _wording_line(locator, line, where))
            _check_word_limits(
                question,
                lambda message, where, qid=qid, line=line: problem(
                    message, qid, _wording_line(locator, line, where)
                ),
            )
            for message, option_id in kind_of(question).definition_problems(question):
                problem(
                    message, qid, (locator.key_line(line, "id", option_id) if option_id else None) or line
                )
        for group in section.groups:
            if group.id not in used_groups:
                problem(
                    f"group {group.id!r} has no questions: remove it or set `group` on its questions",
                    line=section_line,
                    severity="warning",
                )
            if group.id in order:
                problem(
                    f"group id {group.id!r} is also a question id: give the group its own", line=section_line
                )

    # Skip logic: names an earlier question of the right kind, and an option it has.
    for question in questionnaire.questions():
        condition = question.applies_when
        if condition is None:
            continue
        line = locator.question_line_by_id(question.id)
        line = locator.key_line(line, "applies_when") or line
        target = questionnaire.questions_by_id.get(condition.question)
        if target is None:
            problem(
                f"skip logic names question {condition.question!r}, which does not exist", question.id, line
            )
            continue
        if target.id == question.id:
            problem(
                "skip logic names the question itself: a question cannot depend on its own answer",
                question.id,
                line,
            )
            continue
        if order[target.id] > order[question.id]:
            problem(
                f"skip logic names {target.id!r}, which comes later in the form: a question can only depend on one before it",
                question.id,
                line,
            )
        target_kind = kind_of(target)
        if condition.test not in target_kind.condition_tests:
            tested = " or ".join(
                kind.name for kind in KINDS.values() if condition.test in kind.condition_tests
            )
            problem(
                f"skip logic tests `{condition.test}` on {target.id!r}, which is a {target.kind} question,"
                f" not {'a ' if condition.test == 'selected' else ''}{tested}",
                question.id,
                line,
            )
        elif condition.selected is not None and condition.selected not in target_kind.option_ids(target):
            options = target_kind.option_ids(target)
            problem(
                f"skip logic names option {condition.selected!r}, which question {target.id!r} does not have"
                f" (it has: {', '.join(options)})",
                question.id,
                line,
            )

    _check_earlier(questionnaire, locator, problem)

    # Footnotes: each defined one is used somewhere.
    for number in questionnaire.footnotes:
        if number not in referenced_footnotes:
            problem(
                f"footnote {number} is never referred to: put [^{number}] where it belongs, or remove it",
                line=locator.table_key_line("footnotes", str(number)),
                severity="warning",
            )
        if number < 1:
            problem(
                f"footnote numbers start at 1, not {number}",
                line=locator.table_key_line("footnotes", str(number)),
            )
    return problems


def _check_earlier(questionnaire: Questionnaire, locator: _Locator, problem: Any) -> None:
    """The `earlier` fields: options only on kinds with options, naming this question's options; no earlier
    question or option taken twice (an answer carried forward goes to one place)."""
    taken_questions: dict[str, str] = {}
    taken_options: dict[str, str] = {}
    for question in questionnaire.questions():
        earlier = question.earlier
        if earlier is None:
            continue
        line = locator.question_line_by_id(question.id)
        if earlier.question is not None:
            if earlier.question in taken_questions:
                problem(
                    f"`earlier.question` {earlier.question!r} is taken by question {taken_questions[earlier.question]!r}"
                    " already: an earlier answer is carried to one question only",
                    question.id,
                    line,
                )
            taken_questions.setdefault(earlier.question, question.id)
        kind = kind_of(question)
        if earlier.options and not kind.maps_options:
            with_options = " and ".join(sorted(k.name for k in KINDS.values() if k.maps_options))
            problem(
                f"`earlier.options` is for questions with options ({with_options});"
                f" {question.id!r} is a {question.kind} question: remove it, or use `earlier.question` alone",
                question.id,
                line,
            )
            continue
        if earlier.question is None and not earlier.options:
            problem(
                "`earlier` names nothing: give `question` (the earlier id) or `options`, or remove it",
                question.id,
                line,
                severity="warning",
            )
        if not kind.maps_options:
            continue
        option_ids = kind.option_ids(question)
        for option_id, source in earlier.options.items():
            if option_id not in option_ids:
                problem(
                    f"`earlier.options` names option {option_id!r}, which this question does not have"
                    f" (it has: {', '.join(option_ids)})",
                    question.id,
                    line,
                )
            where = source if "." in source else f"{earlier.question or question.id}.{source}"
            if where in taken_options:
                problem(
                    f"`earlier.options` takes {where!r}, which option {taken_options[where]!r} takes already:"
                    " an earlier option is carried to one place only",
                    question.id,
                    line,
                )
            taken_options.setdefault(where, f"{question.id}.{option_id}")
    if taken_questions and questionnaire.questionnaire.earlier_edition is None:
        problem(
            "questions name `earlier` answers, but [questionnaire] does not say of which edition:"
            ' add `earlier_edition = "msq2020"` (the earlier questionnaire\'s id)',
            line=locator.table_key_line("questionnaire", None),
            severity="warning",
        )


def _wording_line(locator: _Locator, question_line: int | None, where: str) -> int | None:
    if where.startswith("option "):
        return locator.key_line(question_line, "id", where.removeprefix("option ")) or question_line
    return locator.key_line(question_line, where) or question_line


def _check_word_limits(question: Question, report: Any) -> None:
    """A limit printed in the wording must match the limit that is enforced."""

    def compare(text: str, limit: int | None, where: str, field: str) -> None:
        for match in _WORD_LIMIT_IN_TEXT.finditer(text):
            printed = int(match.group(1).replace(",", ""))
            if limit is None:
                report(
                    f"the wording says {printed} words but no limit is set: add {field} = {printed}", where
                )
            elif printed != limit:
                report(f"the wording says {printed} words but {field} is {limit}: make them agree", where)

    for text, limit, where, field in kind_of(question).word_limits(question):
        compare(text, limit, where, field)
