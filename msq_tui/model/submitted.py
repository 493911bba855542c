"""What a submission holds: the one rule that export, render, verify, the review and the e-mail share.

A draft keeps everything typed, but a submission holds only what the form shows: an answer to a
question that applies (the skip logic), reduced to its visible parts, and only when something is
left. Each kind says what shows of its answers (`Kind.visible`, `Kind.left_out` in `model/kinds`):
a checklist keeps the details of checked options only, and the text of "Other" only when "Other"
is checked; a URL list drops its empty entries (nested ones too); a contact card keeps the fields
its question asks; blank parts are left out (TOML has no null). Whatever a draft keeps beyond
that (a hidden answer, the detail of an unchecked option) is `left_out`, and the review lists it.
Nothing else in msq decides this.
"""

from collections.abc import Mapping
from typing import Any

from pydantic import JsonValue, ValidationError

from msq_tui.model.answers import Response, answer_of, is_answered, read_once
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds import kind_of
from msq_tui.model.kinds.base import Question

# A part of an answer left out of the submission: the whole answer (its question is hidden by the
# skip logic), or a part its kind names ("detail:<option id>", "other": see `Kind.left_out`).
WHOLE_ANSWER = None


def visible_answer(question: Question, value: Any) -> Any | None:
    """``value`` reduced to the parts the form shows, as its kind's model; None when nothing is left.

    The skip logic is not applied here (see `submitted_answer`). A value that does not fit its
    question is None: it cannot be submitted, and validation reports it.
    """
    if value is None:
        return None
    return read_once("visible", question, value, lambda stored: _visible(question, stored))


def _visible(question: Question, value: Any) -> Any | None:
    try:
        answer = answer_of(question, value)
    except ValidationError:
        return None
    kind = kind_of(question)
    answer = kind.visible(question, answer)
    return None if kind.is_empty(answer) else answer


def submitted_answer(
    questionnaire: Questionnaire, question: Question, answers: Mapping[str, Any]
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
        question_id: kind_of(questionnaire.question(question_id)).dump(answer, submitted=True)
        for question_id, answer in submitted_answers(questionnaire, answers).items()
    }


def left_out(
    questionnaire: Questionnaire, question: Question, answers: Mapping[str, Any]
) -> list[str | None]:
    """The parts of a stored answer that the draft keeps but the submission leaves out.

    `WHOLE_ANSWER` (None) when the question is hidden by the skip logic; otherwise the parts its
    kind leaves out: "detail:<option id>" for each detail of an unchecked option, and "other" for
    the text of an unchecked "Other". Parts that belong to no option are errors, not listed here.
    """
    value = answers.get(question.id)
    if not is_answered(question, value):
        return []
    if not questionnaire.applies(question, answers):
        return [WHOLE_ANSWER]
    try:
        answer = answer_of(question, value)
    except ValidationError:
        return []
    return list(kind_of(question).left_out(question, answer))


def progress(
    questionnaire: Questionnaire, response: Response, section_id: str | None = None
) -> tuple[int, int]:
    """(answered, asked) over the questions that apply, for a section or the whole form.

    A question counts as answered when the submission holds an answer to it. A question that is
    part of another (the CIO's details) counts with that question. An agency's draft counts the
    questions assigned to it.
    """
    answered = asked = 0
    assigned = response.assigned_questions()  # an agency's draft counts its own questions only
    for question in questionnaire.questions():
        if question.part_of or (assigned is not None and question.id not in assigned):
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
