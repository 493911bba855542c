"""What an agency's draft says of the questions that are not its own (the coordinator's).

An agency's draft answers the questions assigned to it (`Response.assigned_questions`); the rest
are shown read-only (the TUI), skipped (plain mode) and not judged (`validation.own_problems`).
When the official reaches one, or the review counts them, the words come from here, so that the
TUI, plain mode and the review say the same.
"""

from msq_tui.model.answers import Response
from msq_tui.model.contributions import Assignment
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds.base import Question
from msq_tui.model.wording import sentence_case


def assignment_answered(response: Response) -> Assignment | None:
    """The assignment this draft answers; None for a coordinator's (or a lone) draft."""
    return response.collaboration.answering if response.collaboration is not None else None


def named_questions(questionnaire: Questionnaire, question_ids: frozenset[str] | set[str]) -> str:
    """These questions, named shortly in the order of the form: "questions 5a–5i, 9 and 17–21".

    Three or more questions that follow each other in the form read as a range. A question that
    is part of another (the CIO's details) goes with it, named alone only without it.
    """
    runs: list[list[str]] = []  # numbers that follow each other in the form
    unnumbered: list[str] = []  # by name: "the contact card of section X", "question 4 (details)"
    following = False  # whether the question before this one in the form is named too, by its number
    for question in questionnaire.questions():
        if question.part_of and question.part_of in question_ids:
            continue  # named with the question it is part of
        if question.id not in question_ids:
            following = False
        elif not question.number:
            unnumbered.append(questionnaire.name_of(question))
            following = False
        else:
            if following:
                runs[-1].append(question.number)
            else:
                runs.append([question.number])
            following = True
    numbers = [number for run in runs for number in ([f"{run[0]}–{run[-1]}"] if len(run) >= 3 else run)]
    names = unnumbered
    if numbers:
        one = len(numbers) == 1 and "–" not in numbers[0]
        names = [("question " if one else "questions ") + _listed(numbers), *unnumbered]
    if not names:
        return "no questions"
    return _listed(names, ", and " if len(numbers) > 1 else " and ")  # not "X.1 and X.2 and the card"


def _listed(names: list[str], last: str = " and ") -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])}{last}{names[-1]}"


def _coordinator_and_draft(questionnaire: Questionnaire, assignment: Assignment) -> str:
    answered = named_questions(questionnaire, set(assignment.questions))
    return (
        f"the coordinator, {assignment.coordinator}, who handed out this part;"
        f" this draft answers {answered} for {assignment.agency}"
    )


def not_assigned(questionnaire: Questionnaire, response: Response, question: Question) -> str:
    """Why a question of an agency's draft cannot be answered in it, and which can: "Question 6 is
    answered by the coordinator, ITO, who handed out this part; this draft answers questions 17–21
    for Ministry of Justice"."""
    assignment = assignment_answered(response)
    name = sentence_case(questionnaire.name_of(question))
    if assignment is None:
        return f"{name} is answered in this draft."
    return f"{name} is answered by {_coordinator_and_draft(questionnaire, assignment)}."


def section_not_assigned(questionnaire: Questionnaire, response: Response, section_id: str) -> str:
    """As `not_assigned`, for a section none of whose questions is this draft's."""
    assignment = assignment_answered(response)
    if assignment is None:
        return f"Section {section_id} is answered in this draft."
    return f"Section {section_id} is answered by {_coordinator_and_draft(questionnaire, assignment)}."


def others_count(questionnaire: Questionnaire, response: Response) -> int:
    """How many questions of the form an agency's draft leaves to the coordinator (0 for any other
    draft), counted as progress counts: a question that is part of another goes with it."""
    assigned = response.assigned_questions()
    if assigned is None:
        return 0
    return sum(
        1 for question in questionnaire.questions() if not question.part_of and question.id not in assigned
    )


def others_line(questionnaire: Questionnaire, response: Response) -> str:
    """One line for a review of an agency's draft: the questions it does not answer, which are
    neither missing nor in the way of its sign-off ("" for any other draft)."""
    assignment = assignment_answered(response)
    count = others_count(questionnaire, response)
    if assignment is None or count == 0:
        return ""
    are = "questions are" if count != 1 else "question is"
    return f"{count} other {are} answered by the coordinator, {assignment.coordinator}: not counted here."
