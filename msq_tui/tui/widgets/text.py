"""The widget for a `text` question: free text with its word limit counted live."""

from textual import on
from textual.app import ComposeResult

from msq_tui.model.problems import Problem
from msq_tui.tui.widgets.base import QuestionWidget
from msq_tui.tui.widgets.limited_text import LimitedTextArea


class WordLimitedText(QuestionWidget):
    """A text question: one text area with "n / 250 words"."""

    KEY_HELP = (
        "Type freely: Enter starts a new line, Tab goes on to the next field, ctrl+z undoes. "
        "The count under the text follows as you type; going over the limit is allowed while you work."
    )

    def compose_editor(self) -> ComposeResult:
        yield LimitedTextArea(
            self.answer or "",
            getattr(self.question, "max_words", None),
            field="text",
            read_only=self.read_only,
            placeholder="Not answered"
            if self.read_only
            else "Type your answer",  # read-only: nothing to type
        )

    @on(LimitedTextArea.Changed)
    def _changed(self, event: LimitedTextArea.Changed) -> None:
        event.stop()
        self.post_answer(event.text if event.text.strip() else None)

    def mark_fields(self, problems_by_field: dict[str, Problem]) -> set[str]:
        over = any(problem.code == "words" for problem in problems_by_field.values())
        self.query_one(LimitedTextArea).mark_invalid(over)
        return set()
