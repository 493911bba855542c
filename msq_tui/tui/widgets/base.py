"""What every question widget shares: the printed number and wording, footnotes, problems.

A question widget takes its definition and its answer (attributes down) and posts one
`AnswerChanged` when the answer changes (messages up). It never judges the answer itself: the
screen asks the validation module and hands the problems back with `show_problems`.
"""

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.dom import NoScreen
from textual.widget import Widget
from textual.widgets import Static

from ...definitions import AnyQuestion, Questionnaire, footnote_numbers, with_superscripts
from ...validation import Problem
from ..messages import AnswerChanged


def wording(text: str) -> str:
    """A wording of the form for the terminal: footnote markers as superscripts."""
    return with_superscripts(text)


def focus_now(widget: Widget) -> None:
    """Give ``widget`` the focus now: `Widget.focus()` is queued behind the keys already waiting,
    which then went to the field the focus was leaving."""
    try:
        widget.screen.set_focus(widget, scroll_visible=False)
    except NoScreen:
        pass


class QuestionWidget(Vertical):
    """The frame of one question; subclasses compose the editor of their kind."""

    DEFAULT_CSS = """
    QuestionWidget {
        height: auto;
        padding: 0 1 1 0;
    }
    QuestionWidget > .question-heading { width: 1fr; }
    QuestionWidget > .question-notes {
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        width: 1fr;
    }
    QuestionWidget > .question-problems { color: $text-error; width: 1fr; }
    QuestionWidget > .question-problems.-warning { color: $text-warning; }
    QuestionWidget .-invalid { background: $error 25%; }
    QuestionWidget .field-problem { color: $text-error; padding-left: 2; }
    """

    def __init__(self, questionnaire: Questionnaire, question: AnyQuestion, answer: Any, read_only: bool = False) -> None:
        super().__init__(classes=f"question kind-{question.kind}")
        self.questionnaire = questionnaire
        self.question = question
        self.answer = answer
        self.read_only = read_only
        self._problems_text: str | None = None

    @property
    def question_id(self) -> str:
        return self.question.id

    # The keys of this kind of question, for F1's help.
    KEY_HELP = ""

    def compose(self) -> ComposeResult:
        question = self.question
        if question.number or question.text:
            number = Content.styled(f"{question.number}. ", "bold") if question.number else Content("")
            yield Static(number + Content(wording(question.text)), classes="question-heading")
        notes = self.footnotes()
        if notes:
            first = notes[0]
            more = f" (+{len(notes) - 1} more)" if len(notes) > 1 else ""
            hint = f"{wording(f'[^{first}]')} {self.questionnaire.footnote(first)}"
            yield Static(Content(f"{hint}{more}"), classes="question-notes")
        yield from self.compose_editor()
        yield Static("", classes="question-problems")

    def compose_editor(self) -> ComposeResult:
        raise NotImplementedError

    def footnotes(self) -> list[int]:
        numbers: list[int] = []
        for _, text in self.question.wording_texts():
            for number in footnote_numbers(text):
                if number not in numbers:
                    numbers.append(number)
        return numbers

    # -- Attributes down, messages up ------------------------------------------------------

    def post_answer(self, answer: Any) -> None:
        self.answer = answer
        message = AnswerChanged(self.question.id, answer)
        # Straight to the screen, which is the one to handle it: bubbling up through the
        # section, the switcher and the body is a message hop each, on every keystroke.
        try:
            screen = self.screen
        except NoScreen:
            self.post_message(message)
        else:
            screen.post_message(message)

    def show_problems(self, problems: list[Problem]) -> None:
        """Show the model's verdict: the question's messages, and marks on the fields concerned."""
        placed = self.mark_fields({problem.field: problem for problem in problems if problem.field and problem.is_error})
        shown = [
            problem
            for problem in problems
            if problem.kind != "unanswered" and not (problem.is_error and problem.field in placed)
        ]
        text = "\n".join(("✗ " if p.is_error else "! ") + self._in_place(p.message) for p in shown)
        if text == self._problems_text:
            return  # nothing new to say: no update, so no layout pass while typing
        self._problems_text = text
        box = self.query_one(".question-problems", Static)
        box.set_class(bool(shown) and not any(p.is_error for p in shown), "-warning")
        box.update(Content(text))
        box.display = bool(shown)

    def _in_place(self, message: str) -> str:
        """A message shown under its own question need not name the question again."""
        name = self.questionnaire.name_of(self.question)
        name = name[:1].upper() + name[1:]
        for separator in (", ", ": "):
            if message.startswith(name + separator):
                rest = message[len(name) + len(separator) :]
                return rest[:1].upper() + rest[1:]
        return message

    def mark_fields(self, problems_by_field: dict[str, Problem]) -> set[str]:
        """Mark the fields that the problems name; return the fields whose message is shown in place."""
        return set()

    def focus_first(self) -> bool:
        """Put the focus in the first field; False when there is nothing to focus."""
        for widget in self.query("*"):
            if isinstance(widget, Widget) and widget.focusable:
                focus_now(widget)
                return True
        return False

    def focus_field(self, field: str | None) -> bool:
        """Put the focus on the field a problem names (or the first field)."""
        return self.focus_first()
