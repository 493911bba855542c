"""The rules that judge a response: errors that block sign-off and warnings that only inform.

Errors: an invalid URL, e-mail or phone; more words than the limit; an answer to an unknown
question or option, or one that does not fit its question. Warnings: an unanswered question, an
empty field of a contact card, an answer kept for a question that the skip logic now hides.
What is not submitted (see `submitted`) is judged only when it shows again: it never blocks.
An agency's draft is judged on the questions assigned to it only (`own_problems`): the rest are
the coordinator's, shown read-only, neither missing nor blocking its part's sign-off.
Every screen and command asks this module; no widget has rules of its own. What is wrong with
an answer of a kind is said by its kind (`kinds`), as structured problems (`problems`).
"""

from typing import Any

from pydantic import ValidationError

from msq_tui.model.answers import Response, answer_of, is_answered
from msq_tui.model.contributions import collaboration_problems
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds import kind_of
from msq_tui.model.kinds.base import Question
from msq_tui.model.problems import Problem, problem
from msq_tui.model.submitted import WHOLE_ANSWER, left_out, visible_answer
from msq_tui.model.submitted import (
    progress as progress,  # counted by what is submitted; screens import it from here
)
from msq_tui.model.wording import sentence_case


def validate_response(questionnaire: Questionnaire, response: Response) -> list[Problem]:
    """Every problem of ``response`` against ``questionnaire``, in the order of the form."""
    problems: list[Problem] = []
    answers = response.answers
    for question in questionnaire.questions():
        problems.extend(validate_answer(questionnaire, question, answers.get(question.id), answers))
    known = questionnaire.questions_by_id
    for question_id, value in answers.items():
        if question_id not in known and value is not None:
            said = f"an answer to '{question_id}', which is not a question of {questionnaire.questionnaire.short_title}"
            problems.append(Problem(question_id, "error", "unknown-question", said))
    problems.extend(carried_problems(questionnaire, response))
    if response.collaboration is not None:  # conflicts still to decide
        problems = collaboration_problems(questionnaire, response.collaboration, problems)
    return own_problems(response, problems)


def question_problems(questionnaire: Questionnaire, response: Response, question_id: str) -> list[Problem]:
    """The problems of one question, exactly as `validate_response` finds them (a screen judging
    the question again as it is answered)."""
    question = questionnaire.question(question_id)
    answers = response.answers
    problems = validate_answer(questionnaire, question, answers.get(question_id), answers)
    problems += carried_problems(questionnaire, response, question_id)
    if response.collaboration is not None:
        problems = collaboration_problems(questionnaire, response.collaboration, problems, only=question_id)
    return own_problems(response, problems)


def own_problems(response: Response, problems: list[Problem]) -> list[Problem]:
    """The problems that are the draft's own to answer: in an agency's draft, those of the questions
    assigned to it (an unanswered or wrong answer of the coordinator's is not its concern); in any
    other draft, all of them."""
    assigned = response.assigned_questions()
    if assigned is None:
        return problems
    return [problem for problem in problems if problem.question_id in assigned]


def carried_problems(
    questionnaire: Questionnaire, response: Response, question_id: str | None = None
) -> list[Problem]:
    """Notes on answers carried from an earlier response and not yet reviewed (of one question, or all).

    Warnings, never errors: sign-off warns while any remain, and does not block. A carried answer
    the skip logic hides is not submitted, so it is not asked to be reviewed until it shows again.
    """
    problems = []
    origin = response.carried_from or "an earlier response"
    assigned = response.assigned_questions()
    for question in questionnaire.questions():  # in the order of the form
        carried_id = question.id
        source = response.carried.get(carried_id)
        if source is None or (question_id is not None and carried_id != question_id):
            continue
        if assigned is not None and carried_id not in assigned:  # the coordinator's (`own_problems`)
            continue
        if not questionnaire.applies(question, response.answers):
            continue
        if not is_answered(question, response.answers.get(carried_id)):
            continue
        problems.append(
            problem(
                carried_id,
                questionnaire.name_of(question),
                "warning",
                "carried",
                f"from {origin} ({source}), not yet reviewed (alt+k keeps it as is)",
            )
        )
    return problems


def validate_answer(
    questionnaire: Questionnaire, question: Question, value: Any, answers: dict[str, Any]
) -> list[Problem]:
    """The problems of one answer, given all answers (for the skip logic)."""
    name = questionnaire.name_of(question)
    applies = questionnaire.applies(question, answers)
    kind = kind_of(question)
    if not is_answered(question, value):
        return [_unanswered(question, name)] if applies else []
    try:
        answer = answer_of(question, value)
    except ValidationError:
        said = f"The answer kept for {name} does not fit it: it should be {kind.answer_description}"
        return [Problem(question.id, "error", "shape", said)]
    if WHOLE_ANSWER in left_out(questionnaire, question, answers):
        # Not submitted, so nothing in it can block sign-off; it is judged again if it shows again.
        condition = question.applies_when
        reason = condition.describe(questionnaire) if condition else "its question applies"
        said = f"The answer to {name} is kept but hidden: it applies only when {reason}"
        return [Problem(question.id, "warning", "hidden", said)]
    problems: list[Problem] = []
    if visible_answer(question, value) is None:  # only hidden parts are there: nothing is submitted
        problems.append(_unanswered(question, name))
    problems.extend(kind.problems(question, answer, name, applies))
    return problems


def _unanswered(question: Question, name: str) -> Problem:
    return Problem(
        question.id, "warning", "unanswered", f"{sentence_case(name)} is not answered", "Not answered"
    )


def errors(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.is_error]
