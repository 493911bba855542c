"""What a submission holds: the one rule that export, render, verify, the review and the e-mail share.

A draft keeps everything typed, but a submission holds only what the form shows: an answer to a
question that applies (the skip logic), reduced to its visible parts, and only when something is
left. A checklist keeps the details of checked options only, and the text of "Other" only when
"Other" is checked; a URL list drops its empty entries (nested ones too); a contact card keeps the
fields its question asks; blank parts are left out (TOML has no null). Whatever a draft keeps
beyond that (a hidden answer, the detail of an unchecked option) is `left_out`, and the review
lists it. Nothing else in msq decides this.
"""

from collections.abc import Mapping
from typing import Any

from pydantic import JsonValue, ValidationError

from msq_tui.model.answers import (
    ChecklistAnswer,
    ContactAnswer,
    Response,
    UrlEntry,
    answer_adapter,
    answer_of,
    is_answered,
    is_empty_answer,
)
from msq_tui.model.definitions import (
    OTHER_OPTION,
    AnyQuestion,
    ChecklistQuestion,
    ContactQuestion,
    Questionnaire,
)

# A part of an answer left out of the submission: the whole answer (its question is hidden by the
# skip logic), "detail:<option id>" (the option is not checked) or "other" ("Other" is not checked).
WHOLE_ANSWER = None


def visible_answer(question: AnyQuestion, value: Any) -> Any | None:
    """``value`` reduced to the parts the form shows, as its kind's model; None when nothing is left.

    The skip logic is not applied here (see `submitted_answer`). A value that does not fit its
    question is None: it cannot be submitted, and validation reports it.
    """
    if value is None:
        return None
    try:
        answer = answer_of(question, value)
    except ValidationError:
        return None
    if isinstance(question, ChecklistQuestion):
        answer = _visible_checklist(answer)
    elif isinstance(question, ContactQuestion):
        answer = _visible_contact(question, answer)
    elif question.kind == "urls":
        answer = _visible_entries(answer)
    return None if is_empty_answer(question, answer) else answer


def _visible_checklist(answer: ChecklistAnswer) -> ChecklistAnswer:
    checked = OTHER_OPTION in answer.selected
    return answer.model_copy(
        update={
            "details": {
                option: text
                for option, text in answer.details.items()
                if option in answer.selected and text.strip()
            },
            "other": answer.other if checked and answer.other.strip() else "",
            "explanation": answer.explanation if answer.explanation.strip() else "",
        }
    )


def _visible_contact(question: ContactQuestion, answer: ContactAnswer) -> ContactAnswer:
    return answer.model_copy(
        update={
            field: value if field in question.fields and value.strip() else ""
            for field, value in answer.model_dump().items()
        }
    )


def _visible_entries(entries: list[UrlEntry]) -> list[UrlEntry]:
    kept = []
    for entry in entries:
        if entry.is_empty():
            continue
        kept.append(
            entry.model_copy(
                update={
                    "label": entry.label if entry.label.strip() else "",
                    "url": entry.url if entry.url.strip() else "",
                    "children": _visible_entries(entry.children),
                }
            )
        )
    return kept


def submitted_answer(
    questionnaire: Questionnaire, question: AnyQuestion, answers: Mapping[str, Any]
) -> Any | None:
    """What the submission holds for ``question`` (its kind's model), or None when nothing."""
    if not questionnaire.applies(question, answers):
        return None
    return visible_answer(question, answers.get(question.id))


def submitted_answers(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Every submitted answer by question id, in the form's order, as its kind's model."""
    submitted = {}
    for question in questionnaire.questions():
        answer = submitted_answer(questionnaire, question, answers)
        if answer is not None:
            submitted[question.id] = answer
    return submitted


def submission_answers(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> dict[str, JsonValue]:
    """The submitted answers as the plain values a submission file holds (defaults left out)."""
    return {
        question_id: answer_adapter(questionnaire.question(question_id).kind).dump_python(
            answer, mode="json", exclude_defaults=True
        )
        for question_id, answer in submitted_answers(questionnaire, answers).items()
    }


def left_out(
    questionnaire: Questionnaire, question: AnyQuestion, answers: Mapping[str, Any]
) -> list[str | None]:
    """The parts of a stored answer that the draft keeps but the submission leaves out.

    `WHOLE_ANSWER` (None) when the question is hidden by the skip logic; otherwise
    "detail:<option id>" for each detail of an unchecked option, and "other" for the text of an
    unchecked "Other". Parts that belong to no option of the question are errors, not listed here.
    """
    value = answers.get(question.id)
    if not is_answered(question, value):
        return []
    if not questionnaire.applies(question, answers):
        return [WHOLE_ANSWER]
    if not isinstance(question, ChecklistQuestion):
        return []
    try:
        answer = answer_of(question, value)
    except ValidationError:
        return []
    known = set(question.option_ids)
    parts: list[str | None] = [
        f"detail:{option}"
        for option, text in answer.details.items()
        if option in known and text.strip() and option not in answer.selected
    ]
    if question.other is not None and answer.other.strip() and OTHER_OPTION not in answer.selected:
        parts.append("other")
    return parts


def progress(
    questionnaire: Questionnaire, response: Response, section_id: str | None = None
) -> tuple[int, int]:
    """(answered, asked) over the questions that apply, for a section or the whole form.

    A question counts as answered when the submission holds an answer to it. A question that is
    part of another (the CIO's details) counts with that question.
    """
    answered = asked = 0
    for question in questionnaire.questions():
        if question.part_of:
            continue
        if section_id is not None and questionnaire.section_of(question.id).id != section_id:
            continue
        if not questionnaire.applies(question, response.answers):
            continue
        asked += 1
        answered += visible_answer(question, response.answers.get(question.id)) is not None
    return answered, asked


def describe_progress(answered: int, asked: int) -> str:
    """ "38 of 39 questions answered": how the review, verify and the e-mail say it."""
    return f"{answered} of {asked} question{'s' if asked != 1 else ''} answered"
