"""F1 on the questionnaire: the focused question's wording, footnotes and conditions, and the keys."""

from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds.base import Question
from msq_tui.tui.screens.sections import section_keys
from msq_tui.tui.widgets import QuestionWidget
from msq_tui.tui.widgets.base import wording

KEYS_EVERYWHERE = (
    "\nKeys everywhere: Tab and shift+Tab the next and previous field (on to the next section after a"
    " section's last field); alt+n / alt+p (or ctrl+PageDown / ctrl+PageUp) the next and previous section;"
    " ctrl+g the section index; ctrl+p find a question or a command; ctrl+r review; ctrl+s save now"
    " (it also saves by itself); ctrl+q save and quit."
)


def question_notes(
    questionnaire: Questionnaire,
    question: Question | None,
    widget: QuestionWidget | None,
    in_index: bool = False,
) -> tuple[str, str]:
    """The notes dialog's title and text for ``question`` (None: no question has the focus)."""
    lines: list[str] = []
    if question is not None:
        title = f"Notes for {questionnaire.name_of(question)}"
        numbers = widget.footnotes() if widget else []
        if question.text:
            lines.append(wording(question.text))
        for number in numbers:
            lines.append(f"\n{wording(f'[^{number}]')} {questionnaire.footnote(number)}")
        if question.applies_when is not None:
            lines.append(f"\nAsked only when {question.applies_when.describe(questionnaire)}.")
        limit = getattr(question, "max_words", None)
        if limit:
            lines.append(
                f"\nAt most {limit} words. Going over is allowed while you work, but blocks sign-off."
            )
        if not numbers and question.applies_when is None and not limit:
            lines.append("\nThis question has no footnotes.")
        if widget is not None and widget.KEY_HELP:
            lines.append(f"\nKeys here: {widget.KEY_HELP}")
    else:
        title = "Notes"
        lines.append("Move to a question to read its footnotes here.")
        if in_index:
            lines.append(
                f"\nKeys here: {section_keys(questionnaire)}; ↑ and ↓ show a section, Enter or Tab goes into the one shown."
            )
    lines.append(KEYS_EVERYWHERE)
    return title, "\n".join(lines)
