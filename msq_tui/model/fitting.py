"""Fitting a response to a questionnaire: what the form asks stays an answer, the rest is kept aside.

An answer to a question the form does not have, an answer of another shape, and the parts of an
answer its question does not ask for (a phone on a contact card without one, an option a checklist
does not have) move to the response's `unmapped` list. There they are kept in the draft and listed
on the review screen, never submitted and never blocking sign-off: the screens cannot show or fix
them, so as answers they would block sign-off for good, or be dropped by the next edit of the
question. Opening, migrating and importing a draft all fit it.
"""

from typing import Any

from pydantic import JsonValue

from msq_tui.model.answers import Response, UnmappedAnswer, answer_fits, answer_of, dump_answer
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds import kind_of
from msq_tui.model.kinds.base import Question


def fit_response(response: Response, questionnaire: Questionnaire) -> Response:
    """``response`` fitted to ``questionnaire``; the same object when everything fits already."""
    same_edition = (response.questionnaire_id, response.questionnaire_version) == (
        questionnaire.id,
        questionnaire.version,
    )
    origin = f"{response.questionnaire_id} {response.questionnaire_version}"
    answers: dict[str, JsonValue] = {}
    unmapped = list(response.unmapped)
    changed = False
    for question_id, value in response.answers.items():
        question = questionnaire.questions_by_id.get(question_id)
        if question is None or not answer_fits(question, value):
            if question is None:
                reason = (
                    f"{questionnaire.questionnaire.short_title} has no such question"
                    if same_edition
                    else "no such question in this version"
                )
            else:
                reason = f"it does not fit a {question.kind} question"
            unmapped.append(
                UnmappedAnswer(
                    question_id=question_id, value=value, reason=reason, questionnaire_version=origin
                )
            )
            changed = True
            continue
        kept, aside, reason = _split(questionnaire, question, value)
        if aside is not None:
            unmapped.append(
                UnmappedAnswer(
                    question_id=question_id, value=aside, reason=reason, questionnaire_version=origin
                )
            )
            changed = True
        answers[question_id] = kept
    if not changed and same_edition:
        return response
    return response.model_copy(
        update={
            "answers": answers,
            "unmapped": unmapped,
            "questionnaire_id": questionnaire.id,
            "questionnaire_version": questionnaire.version,
        }
    )


def _split(
    questionnaire: Questionnaire, question: Question, value: Any
) -> tuple[JsonValue, JsonValue | None, str]:
    """(what the question asks, what it does not or None, why) of an answer that fits its kind."""
    if value is None:
        return value, None, ""
    kept, aside, reason = kind_of(question).fit(
        question, answer_of(question, value), questionnaire.name_of(question)
    )
    if aside is None:
        return value, None, ""  # what fits is kept byte for byte
    return dump_answer(question, kept), aside, reason
