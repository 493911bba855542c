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

from msq_tui.model.answers import (
    ChecklistAnswer,
    ContactAnswer,
    Response,
    UnmappedAnswer,
    answer_fits,
    answer_of,
    dump_answer,
)
from msq_tui.model.definitions import (
    CONTACT_FIELD_LABELS,
    AnyQuestion,
    ChecklistQuestion,
    ContactQuestion,
    Questionnaire,
)


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
    questionnaire: Questionnaire, question: AnyQuestion, value: Any
) -> tuple[JsonValue, JsonValue | None, str]:
    """(what the question asks, what it does not or None, why) of an answer that fits its kind."""
    split: tuple[JsonValue, JsonValue | None, str] = (value, None, "")
    if isinstance(question, ContactQuestion) and value is not None:
        split = _split_contact(questionnaire, question, answer_of(question, value))
    elif isinstance(question, ChecklistQuestion) and value is not None:
        split = _split_checklist(questionnaire, question, answer_of(question, value))
    return split if split[1] is not None else (value, None, "")  # what fits is kept byte for byte


def _split_contact(
    questionnaire: Questionnaire, question: ContactQuestion, card: ContactAnswer
) -> tuple[JsonValue, JsonValue | None, str]:
    extra = {
        field: text
        for field, text in card.model_dump().items()
        if field not in question.fields and text.strip()
    }
    if not extra:
        return dump_answer(question, card), None, ""
    kept = card.model_copy(update={field: "" for field in extra})
    labels = " or ".join(f"a {CONTACT_FIELD_LABELS[field].lower()}" for field in extra)
    return dump_answer(question, kept), extra, f"{questionnaire.name_of(question)} does not ask for {labels}"


def _split_checklist(
    questionnaire: Questionnaire, question: ChecklistQuestion, answer: ChecklistAnswer
) -> tuple[JsonValue, JsonValue | None, str]:
    known = set(question.option_ids)
    extra: dict[str, JsonValue] = {}
    reasons = []
    unknown_selected = [option for option in answer.selected if option not in known]
    unknown_details = {option: text for option, text in answer.details.items() if option not in known}
    if unknown_selected or unknown_details:
        extra["selected"] = list(unknown_selected)
        extra["details"] = dict(unknown_details)
        names = sorted(set(unknown_selected) | set(unknown_details))
        reasons.append(f"options it does not have ({', '.join(names)})")
    if question.other is None and answer.other.strip():
        extra["other"] = answer.other
        reasons.append('no "Other" field')
    if question.explanation is None and answer.explanation.strip():
        extra["explanation"] = answer.explanation
        reasons.append("no explanation")
    if not extra:
        return dump_answer(question, answer), None, ""
    kept = answer.model_copy(
        update={
            "selected": [option for option in answer.selected if option in known],
            "details": {option: text for option, text in answer.details.items() if option in known},
            "other": answer.other if question.other is not None else "",
            "explanation": answer.explanation if question.explanation is not None else "",
        }
    )
    return (
        dump_answer(question, kept),
        extra,
        f"{questionnaire.name_of(question)} has {' and '.join(reasons)}",
    )
