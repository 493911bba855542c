"""The rules that judge a response: errors that block sign-off and warnings that only inform.

Errors: an invalid URL, e-mail or phone; more words than the limit; an answer to an unknown
question or option, or one that does not fit its question. Warnings: an unanswered question, an
empty field of a contact card, an answer kept for a question that the skip logic now hides.
What is not submitted (see `submitted`) is judged only when it shows again: it never blocks.
Every screen and command asks this module; no widget has rules of its own.
"""

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from msq_tui.model.answers import (
    ANSWER_DESCRIPTIONS,
    ChecklistAnswer,
    ContactAnswer,
    Response,
    UrlEntry,
    answer_of,
    is_answered,
)
from msq_tui.model.contact_checks import email_problem, phone_problem
from msq_tui.model.definitions import (
    CONTACT_FIELD_LABELS,
    OTHER_OPTION,
    AnyQuestion,
    ChecklistQuestion,
    ContactQuestion,
    Questionnaire,
    TextQuestion,
    UrlsQuestion,
    plain,
)
from msq_tui.model.urls import url_problem
from msq_tui.model.words import count_words
from msq_tui.submission.submitted import WHOLE_ANSWER, left_out, visible_answer
from msq_tui.submission.submitted import (
    progress as progress,  # counted by what is submitted; screens import it from here
)

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong or missing in a response, tied to a question (and a field within it)."""

    question_id: str
    severity: Severity
    message: str
    field: str | None = None  # where in the answer: "url:0", "url:0.1", "email", "other", "detail:sdgs"
    kind: str = ""  # a short code for programs: "unanswered", "hidden", "url", "words", ...

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def _sentence(text: str) -> str:
    """``text`` starting with a capital, the rest as it is ("section X" stays "section X")."""
    return text[:1].upper() + text[1:]


def word_limit_problem(text: str, limit: int | None) -> str | None:
    """The message for a text over its limit, or None. Used for every limited text."""
    if limit is None:
        return None
    count = count_words(text)
    if count <= limit:
        return None
    return f"{count} words, {count - limit} over the limit of {limit}: shorten it before signing off"


def validate_response(questionnaire: Questionnaire, response: Response) -> list[Problem]:
    """Every problem of ``response`` against ``questionnaire``, in the order of the form."""
    problems: list[Problem] = []
    answers = response.answers
    for question in questionnaire.questions():
        problems.extend(validate_answer(questionnaire, question, answers.get(question.id), answers))
    known = questionnaire.questions_by_id
    for question_id, value in answers.items():
        if question_id not in known and value is not None:
            problems.append(
                Problem(
                    question_id,
                    "error",
                    f"an answer to '{question_id}', which is not a question of {questionnaire.questionnaire.short_title}",
                    kind="unknown-question",
                )
            )
    problems.extend(carried_problems(questionnaire, response))
    return problems


def carried_problems(
    questionnaire: Questionnaire, response: Response, question_id: str | None = None
) -> list[Problem]:
    """Notes on answers carried from an earlier response and not yet reviewed (of one question, or all).

    Warnings, never errors: sign-off warns while any remain, and does not block. A carried answer
    the skip logic hides is not submitted, so it is not asked to be reviewed until it shows again.
    """
    problems = []
    origin = response.carried_from or "an earlier response"
    for question in questionnaire.questions():  # in the order of the form
        carried_id = question.id
        source = response.carried.get(carried_id)
        if source is None or (question_id is not None and carried_id != question_id):
            continue
        if not questionnaire.applies(question, response.answers):
            continue
        if not is_answered(question, response.answers.get(carried_id)):
            continue
        name = _sentence(questionnaire.name_of(question))
        problems.append(
            Problem(
                carried_id,
                "warning",
                f"{name}: from {origin} ({source}), not yet reviewed (alt+k keeps it as is)",
                kind="carried",
            )
        )
    return problems


def validate_answer(
    questionnaire: Questionnaire, question: AnyQuestion, value: Any, answers: dict[str, Any]
) -> list[Problem]:
    """The problems of one answer, given all answers (for the skip logic)."""
    name = questionnaire.name_of(question)
    applies = questionnaire.applies(question, answers)
    stored = is_answered(question, value)
    if not stored:
        if applies:
            return [Problem(question.id, "warning", f"{_sentence(name)} is not answered", kind="unanswered")]
        return []
    try:
        answer = answer_of(question, value)
    except ValidationError:
        return [
            Problem(
                question.id,
                "error",
                f"The answer kept for {name} does not fit it: it should be {ANSWER_DESCRIPTIONS[question.kind]}",
                kind="shape",
            )
        ]
    hidden_parts = left_out(questionnaire, question, answers)
    if WHOLE_ANSWER in hidden_parts:
        # Not submitted, so nothing in it can block sign-off; it is judged again if it shows again.
        condition = question.applies_when
        reason = condition.describe(questionnaire) if condition else "its question applies"
        return [
            Problem(
                question.id,
                "warning",
                f"The answer to {name} is kept but hidden: it applies only when {reason}",
                kind="hidden",
            )
        ]
    problems: list[Problem] = []
    if visible_answer(question, answer) is None:  # only hidden parts are there: nothing is submitted
        problems.append(
            Problem(question.id, "warning", f"{_sentence(name)} is not answered", kind="unanswered")
        )
    if isinstance(question, UrlsQuestion):
        problems.extend(_urls_problems(question, answer, name))
    elif isinstance(question, TextQuestion):
        message = word_limit_problem(answer, question.max_words)
        if message:
            problems.append(Problem(question.id, "error", f"{_sentence(name)}: {message}", "text", "words"))
    elif isinstance(question, ChecklistQuestion):
        problems.extend(_checklist_problems(question, answer, name))
    elif isinstance(question, ContactQuestion):
        problems.extend(_contact_problems(question, answer, name, warn_empty=applies))
    if isinstance(question, ChecklistQuestion):
        problems.extend(_hidden_checklist_parts(question, hidden_parts, name))
    return problems


def _hidden_checklist_parts(question: ChecklistQuestion, parts: list[str | None], name: str) -> list[Problem]:
    """A warning for each part of a checklist answer kept in the draft but not submitted."""
    problems = []
    for part in parts:
        if part == "other":
            problems.append(
                Problem(
                    question.id,
                    "warning",
                    f'{_sentence(name)}: the "Other" text is kept but "Other" is not checked',
                    "other",
                    "hidden",
                )
            )
        elif part is not None and part.startswith("detail:"):
            option = plain(question.option_text(part.removeprefix("detail:")))
            problems.append(
                Problem(
                    question.id,
                    "warning",
                    f"{_sentence(name)}: the detail for '{option}' is kept but the option is not checked",
                    part,
                    "hidden",
                )
            )
    return problems


def _urls_problems(question: UrlsQuestion, entries: list[UrlEntry], name: str) -> list[Problem]:
    problems = []

    def check(entry: UrlEntry, path: str, depth: int) -> None:
        if entry.is_empty():
            return
        where = "entry " + ".".join(str(int(part) + 1) for part in path.split("."))
        if entry.url.strip():
            reason = url_problem(entry.url)
            if reason:
                problems.append(
                    Problem(
                        question.id,
                        "error",
                        f"{_sentence(name)}, {where}: the URL {entry.url.strip()!r} is not valid: {reason}",
                        f"url:{path}",
                        "url",
                    )
                )
        elif not entry.label.strip():
            problems.append(
                Problem(
                    question.id,
                    "error",
                    f"{_sentence(name)}, {where}: has entries under it but no name or URL",
                    f"label:{path}",
                    "entry",
                )
            )
        if entry.children:
            if depth >= 1 or not question.nested:
                problems.append(
                    Problem(
                        question.id,
                        "error",
                        f"{_sentence(name)}, {where}: entries can be nested one level only",
                        f"label:{path}",
                        "nesting",
                    )
                )
            for index, child in enumerate(entry.children):
                check(child, f"{path}.{index}", depth + 1)

    for index, entry in enumerate(entries):
        check(entry, str(index), 0)
    return problems


def _checklist_problems(question: ChecklistQuestion, answer: ChecklistAnswer, name: str) -> list[Problem]:
    problems = []
    known = set(question.option_ids)
    for option_id in answer.selected:
        if option_id not in known:
            problems.append(
                Problem(
                    question.id,
                    "error",
                    f"{_sentence(name)}: option '{option_id}' is not one of its options",
                    f"option:{option_id}",
                    "unknown-option",
                )
            )
    for option_id, text in answer.details.items():
        if option_id not in known:
            problems.append(
                Problem(
                    question.id,
                    "error",
                    f"{_sentence(name)}: a detail for option '{option_id}', which it does not have",
                    f"detail:{option_id}",
                    "unknown-option",
                )
            )
        elif option_id in answer.selected:  # an unchecked option's detail is not submitted: no limit to keep
            # A detail is held to the explanation's word limit, where the form sets one.
            message = (
                word_limit_problem(text, question.explanation.max_words)
                if question.explanation is not None
                else None
            )
            if message:
                option = plain(question.option_text(option_id))
                problems.append(
                    Problem(
                        question.id,
                        "error",
                        f"{_sentence(name)}, the detail for '{option}': {message}",
                        f"detail:{option_id}",
                        "words",
                    )
                )
    if answer.other.strip():
        if question.other is None:
            problems.append(
                Problem(
                    question.id, "error", f'{_sentence(name)} has no "Other" field', "other", "unknown-option"
                )
            )
        elif OTHER_OPTION in answer.selected:  # an unchecked Other's text is not submitted: no limit to keep
            message = word_limit_problem(answer.other, question.other.max_words)
            if message:
                problems.append(
                    Problem(question.id, "error", f"{_sentence(name)}, Other: {message}", "other", "words")
                )
    if answer.explanation.strip():
        if question.explanation is None:
            problems.append(
                Problem(
                    question.id,
                    "error",
                    f"{_sentence(name)} asks for no explanation",
                    "explanation",
                    "unknown-option",
                )
            )
        else:
            message = word_limit_problem(answer.explanation, question.explanation.max_words)
            if message:
                problems.append(
                    Problem(
                        question.id,
                        "error",
                        f"{_sentence(name)}, explanation: {message}",
                        "explanation",
                        "words",
                    )
                )
    return problems


def _contact_problems(
    question: ContactQuestion, answer: ContactAnswer, name: str, warn_empty: bool
) -> list[Problem]:
    problems = []
    for field, value in answer.model_dump().items():
        label = CONTACT_FIELD_LABELS[field]
        if field not in question.fields:
            if value.strip():
                problems.append(
                    Problem(
                        question.id,
                        "error",
                        f"{_sentence(name)} does not ask for a {label.lower()}",
                        field,
                        "unknown-field",
                    )
                )
            continue
        if not value.strip():
            if warn_empty:
                problems.append(
                    Problem(
                        question.id, "warning", f"{_sentence(name)}: {label} is empty", field, "unanswered"
                    )
                )
            continue
        check = {"email": email_problem, "phone": phone_problem}.get(field)
        reason = check(value) if check else None
        if reason:
            problems.append(
                Problem(question.id, "error", f"{_sentence(name)}, {label}: {reason}", field, field)
            )
    return problems


def errors(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.is_error]
