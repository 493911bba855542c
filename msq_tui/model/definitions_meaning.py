"""The checks of meaning in a definitions file, once its shape is right: unique ids and numbers,
groups, `part_of`, footnotes, skip logic, `earlier` and the word limits the wording prints.

Each problem is reported with its question and line (`definitions_lines`); `definitions_check`
turns them into the file's problems.
"""

import re
from typing import Any, Literal, Protocol

from msq_tui.model.definitions import Questionnaire
from msq_tui.model.definitions_lines import Locator
from msq_tui.model.kinds import KINDS, kind_of
from msq_tui.model.kinds.base import Question
from msq_tui.model.wording import footnote_numbers

_WORD_LIMIT_IN_TEXT = re.compile(r"\b(?:Max\.?|Maximum)\s+(\d[\d,]*)\s+words", re.IGNORECASE)


class Report(Protocol):
    """Where a check reports a problem: its message, question, line and severity."""

    def __call__(
        self,
        message: str,
        question_id: str | None = None,
        line: int | None = None,
        severity: Literal["error", "warning"] = "error",
    ) -> None: ...


def check_meaning(questionnaire: Questionnaire, locator: Locator, problem: Report) -> None:
    """Report every problem of meaning in a questionnaire whose shape is right, with its line."""

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


def _check_earlier(questionnaire: Questionnaire, locator: Locator, problem: Report) -> None:
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


def _wording_line(locator: Locator, question_line: int | None, where: str) -> int | None:
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
