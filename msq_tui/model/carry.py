"""Carrying a response forward into a later edition: every answer that still fits, the rest kept aside.

A question of the new edition takes the answer of the earlier question with its id, or of the one
its `earlier` field names (a renamed question; for a checklist or a choice, options renamed or
moved from another question: each kind says how, `Kind.carried`). An explicit `earlier` wins: a question whose id another question claims takes
nothing by its id. An answer that fits its new question's kind carries; what fits nowhere (a
removed question, a removed option, another kind) goes to the `unmapped` list, shown on the review
screen, never dropped (see `fitting`). Each carried answer is marked not yet reviewed until the
respondent changes it or keeps it as is.
"""

import copy
from dataclasses import dataclass
from typing import Any

from pydantic import JsonValue

from msq_tui.model.answers import Response, UnmappedAnswer, answer_fits, is_answered
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.fitting import fit_response
from msq_tui.model.kinds import kind_of
from msq_tui.model.kinds.base import Question


@dataclass(frozen=True)
class Carried:
    """The new response, and what the person starting it should know (one line each)."""

    response: Response
    carried: int  # answers carried, marked for review
    unmapped: int  # answers kept aside: they fit no question of the new edition
    notes: tuple[str, ...] = ()


def origin_label(questionnaire_id: str, short_title: str, year: int | None) -> str:
    """How marks name the earlier response: "the 2020 response", or by its title when it has no year."""
    if year is not None:
        return f"the {year} response"
    return f"the {short_title or questionnaire_id} response"


def _sources(questionnaire: Questionnaire, source_id: str) -> dict[str, str]:
    """New question id -> the earlier question whose answer it takes."""
    applies = questionnaire.questionnaire.earlier_edition in (None, source_id)
    claimed = {
        question.earlier.question
        for question in questionnaire.questions()
        if applies and question.earlier is not None and question.earlier.question is not None
    }
    sources: dict[str, str] = {}
    for question in questionnaire.questions():
        if applies and question.earlier is not None and question.earlier.question is not None:
            sources[question.id] = question.earlier.question
        elif question.id not in claimed:
            sources[question.id] = question.id
    return sources


def carry_forward(
    earlier: Response,
    questionnaire: Questionnaire,
    earlier_questionnaire: Questionnaire | None = None,
) -> Carried:
    """A new draft of ``questionnaire`` for ``earlier``'s country, holding every answer of ``earlier`` that fits."""
    label = origin_label(
        earlier.questionnaire_id,
        earlier.questionnaire_title
        or (earlier_questionnaire.questionnaire.short_title if earlier_questionnaire else ""),
        earlier_questionnaire.year if earlier_questionnaire is not None else None,
    )
    origin = f"{earlier.questionnaire_id} {earlier.questionnaire_version}"
    leftover: dict[str, JsonValue] = copy.deepcopy(dict(earlier.answers))
    sources = _sources(questionnaire, earlier.questionnaire_id)
    answers: dict[str, JsonValue] = {}
    unmapped = [item.model_copy() for item in earlier.unmapped]
    where: dict[str, str] = {}
    # Moved options first, so that the question they leave does not keep them too.
    ordered = sorted(
        questionnaire.questions(), key=lambda q: not (q.earlier is not None and q.earlier.options)
    )
    for question in ordered:
        source = sources.get(question.id)
        if source is None:
            continue
        value = kind_of(question).carried(question, source, leftover)
        if value is None:
            continue
        if not answer_fits(question, value):
            unmapped.append(
                UnmappedAnswer(
                    question_id=source,
                    value=value,
                    reason=f"it does not fit {questionnaire.name_of(question)}, a {question.kind} question",
                    questionnaire_version=origin,
                )
            )
            continue
        answers[question.id] = value
        where[question.id] = _name_of(earlier_questionnaire, source)
    for source, value in leftover.items():
        if value is None or (isinstance(value, dict) and not _has_content(value)):
            continue
        unmapped.append(
            UnmappedAnswer(
                question_id=source,
                value=value,
                reason=f"{questionnaire.questionnaire.short_title} has no question that takes it",
                questionnaire_version=origin,
            )
        )
    draft = Response.new(questionnaire, earlier.country)
    draft = draft.model_copy(update={"answers": answers, "unmapped": unmapped, "carried_from": label})
    draft = fit_response(draft, questionnaire)  # options and contact fields the new form does not ask
    draft.carried = {
        question_id: where[question_id]
        for question_id in draft.answers
        if question_id in where
        and is_answered(questionnaire.question(question_id), draft.answers[question_id])
    }
    kept_aside = len(draft.unmapped) - len(earlier.unmapped)
    notes = [
        f"{len(draft.carried)} answer{'s' if len(draft.carried) != 1 else ''} carried from {label}, each marked"
        " 'not yet reviewed' until you change it or keep it as is (review: ctrl+r)."
    ]
    if kept_aside:
        notes.append(
            f"{kept_aside} answer{'s' if kept_aside != 1 else ''} fit no question of"
            f" {questionnaire.questionnaire.short_title}: kept aside as unmapped, listed on the review screen."
        )
    return Carried(draft, len(draft.carried), kept_aside, tuple(notes))


def _has_content(value: dict[str, Any]) -> bool:
    return any(bool(item) for item in value.values())


def _name_of(questionnaire: Questionnaire | None, question_id: str) -> str:
    """How a mark names the earlier question: "question 2a" when its edition is known, else its id."""
    if questionnaire is not None:
        question: Question | None = questionnaire.questions_by_id.get(question_id)
        if question is not None:
            return questionnaire.name_of(question)
    return f"question '{question_id}'"
