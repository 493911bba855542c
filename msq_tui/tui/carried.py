"""Answers carried from an earlier response: keeping one as it is, from the questionnaire or the review.

The marks themselves are warnings of kind "carried" (`validation.carried_problems`): the question
shows it under its wording, the section index marks its section with ↺ and the review lists it.
"""

from typing import TYPE_CHECKING, Any, cast

from textual.app import App
from textual.screen import Screen

from msq_tui.model.answers import Response

if TYPE_CHECKING:
    from msq_tui.tui.app import MsqApp


def keep_carried(screen: Screen[Any], question_id: str) -> bool:
    """Keep the carried answer to ``question_id`` as it is and say so; False (and why) when there is none."""
    session = cast("MsqApp", screen.app).session  # the open draft, which the screen shows
    if session is None:
        return False
    questionnaire = session.questionnaire
    name = questionnaire.name_of(questionnaire.question(question_id))
    if session.read_only or session.response.is_signed:
        screen.notify("This draft is read-only: nothing to keep.", severity="warning", timeout=5)
        return False
    if not session.keep_carried(question_id):
        screen.notify(f"The answer to {name} is not one carried from an earlier response.", timeout=5)
        return False
    from msq_tui.tui.screens.questionnaire import QuestionnaireScreen

    for shown in screen.app.screen_stack:
        if isinstance(shown, QuestionnaireScreen):
            shown.reviewed(question_id)
    left = len(session.response.carried)
    screen.notify(
        f"Kept the answer to {name} as it is. {left} carried answer{'s' if left != 1 else ''} left to review.",
        timeout=4,
    )
    return True


def announce_carried(app: App[None], response: Response, read_only: bool = False) -> None:
    """On opening a draft with carried answers not yet reviewed for the first time: say so, once.

    A draft never opened has no position yet (the first focus sets it); after that each carried
    answer says so under its question, and ↺ marks its section: the notice is not repeated at
    every open. A read-only draft has nothing to keep or change.
    """
    count = len(response.carried)
    if not count or response.is_signed or read_only or response.position.question is not None:
        return
    app.notify(
        f"{count} answer{'s' if count != 1 else ''} carried from {response.carried_from or 'an earlier response'}"
        f" {'are' if count != 1 else 'is'} not yet reviewed: ↺ marks their sections, ctrl+r lists them;"
        " change each, or keep it as is (alt+k).",
        timeout=12,
    )
