"""Where answers came from: the submission's `contributors`, and the proposal to tick X.1 "collectively".

A submission of a draft that merged agencies' parts names each agency, its signer and the
submitted questions whose answer came from it (see `submission.document`, which adds the list
only when it is not empty, so a response without agencies digests exactly as before).
"""

from msq_tui.model.answers import Response
from msq_tui.model.contributions import contributors as contributors  # the list a submission carries
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds.checklist import ChecklistAnswer

COLLECTIVE_QUESTION = "x1"
COLLECTIVE_OPTION = "collective"


def collective_proposal(questionnaire: Questionnaire, response: Response) -> str | None:
    """The proposal to tick X.1 "A group of government agencies responded ... collectively", naming
    the agencies, when parts were merged and it is not ticked yet; None otherwise."""
    question = questionnaire.questions_by_id.get(COLLECTIVE_QUESTION)
    collaboration = response.collaboration
    if question is None or collaboration is None or not collaboration.merged:
        return None
    answer = response.answer(question)
    if isinstance(answer, ChecklistAnswer) and COLLECTIVE_OPTION in answer.selected:
        return None
    agencies = ", ".join(dict.fromkeys(part.agency for part in collaboration.merged))
    return (
        f'Question X.1: tick "A group of government agencies responded to the questionnaire collectively"'
        f" ({agencies} answered parts)"
    )


def tick_collective(questionnaire: Questionnaire, response: Response) -> Response:
    """X.1 with "collectively" ticked (the rest of its answer as it was)."""
    question = questionnaire.question(COLLECTIVE_QUESTION)
    answer = response.answer(question)
    if not isinstance(answer, ChecklistAnswer):
        answer = ChecklistAnswer()
    if COLLECTIVE_OPTION not in answer.selected:
        answer = answer.model_copy(update={"selected": [COLLECTIVE_OPTION, *answer.selected]})
    updated = response.model_copy(deep=True)
    updated.set_answer(question, answer)
    return updated
