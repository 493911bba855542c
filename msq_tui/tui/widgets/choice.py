"""The widget for a `choice` question: one option among several, as radio buttons; "Other" with its text.

↑ and ↓ move between the options, Space or Enter chooses the one under the cursor, Delete clears
the answer. When the form has "Other, please specify", choosing it opens a text under it; choosing
another option hides the text but keeps it (the review says it is kept, not submitted).
"""

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import RadioButton, RadioSet

from msq_tui.model.kinds.choice import OTHER, ChoiceAnswer, ChoiceQuestion
from msq_tui.model.problems import Problem
from msq_tui.tui.widgets.base import QuestionWidget, focus_now, wording
from msq_tui.tui.widgets.fields import MarkedToggle
from msq_tui.tui.widgets.limited_text import LimitedTextArea


class OptionButton(MarkedToggle, RadioButton):
    """An option, marked (•) when chosen and ( ) when not, in any colours or none; its wording wraps."""

    MARKS = ("(", "•", ")")

    DEFAULT_CSS = """
    OptionButton { width: 1fr; height: auto; text-wrap: wrap; text-overflow: fold; }
    """

    def __init__(self, option_id: str, label: str, value: bool) -> None:
        super().__init__(Content(label), value=value, name=option_id, compact=True)
        self.option_id = option_id

    def get_content_height(self, container, viewport, width: int) -> int:
        # Textual passes a widget's styles as the rules itself (Widget.get_content_height, 8.2.8).
        return max(1, self.render().get_height(self.styles, width))  # type: ignore[arg-type]


class OptionSet(RadioSet):
    """The options, one under the other; Delete clears the choice."""

    BINDINGS = [
        Binding(
            "up",
            "previous_button",
            "Move",
            key_display="↑↓",
            id="choice.move",
            tooltip="The option above or below",
        ),
        Binding("down", "next_button", "Move", show=False),
        Binding(
            "space",
            "toggle_button",
            "Choose",
            id="choice.choose",
            tooltip="Choose the option under the cursor (Enter too)",
        ),
        Binding(
            "delete,backspace",
            "clear",
            "Clear",
            id="choice.clear",
            tooltip="Clear the answer: no option chosen",
        ),
    ]

    class Cleared(Message):
        """The answer was cleared (no option chosen)."""

    def action_clear(self) -> None:
        # Without its Changed message: RadioSet turns a button switched off straight back on.
        with self.prevent(RadioButton.Changed):
            for button in self.query(RadioButton):
                button.value = False
        self.post_message(self.Cleared())


class ChoiceEditor(QuestionWidget):
    """One option among several, chosen with the arrows and Space or Enter; Delete clears it."""

    KEY_HELP = (
        "↑ and ↓ move between the options; Space or Enter chooses the one under the cursor; Delete or "
        "Backspace clears the answer. Choosing Other opens a text under it for what it is, with the "
        "cursor there; what is typed on the options while Other is chosen goes there too."
    )
    TYPING_NOTE = "A choice takes no typing: ↑ and ↓ move, Space or Enter chooses; Tab goes on."

    DEFAULT_CSS = """
    ChoiceEditor OptionSet { width: 1fr; height: auto; border: none; padding: 0; }
    ChoiceEditor OptionSet:focus { border: none; }
    /* The option under the cursor, underlined as well as coloured: it shows without colour too. */
    ChoiceEditor OptionSet:focus > OptionButton.-selected > .toggle--label { text-style: bold underline; }
    ChoiceEditor LimitedTextArea.other-text { margin-left: 4; }
    """

    question: ChoiceQuestion

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.current = self.answer.model_copy() if isinstance(self.answer, ChoiceAnswer) else ChoiceAnswer()

    def compose_editor(self) -> ComposeResult:
        question, current = self.question, self.current
        with OptionSet(disabled=self.read_only):
            for option in question.options:
                yield OptionButton(option.id, wording(option.text), current.selected == option.id)
            if question.other is not None:
                label = f"{question.other.label} {question.other.text}".strip()
                yield OptionButton(OTHER, wording(label), current.selected == OTHER)
        if question.other is not None:
            other = LimitedTextArea(
                current.other,
                question.other.max_words,
                field="other",
                read_only=self.read_only,
                placeholder="Say what",
            )
            other.add_class("other-text")
            other.display = current.selected == OTHER or bool(current.other.strip())
            yield other

    def _post(self) -> None:
        self.post_answer(
            None
            if not self.current.selected and not self.current.other.strip()
            else self.current.model_copy()
        )

    @on(RadioSet.Changed)
    def _chosen(self, event: RadioSet.Changed) -> None:
        event.stop()
        button = event.pressed
        assert isinstance(button, OptionButton)
        if self.current.selected == button.option_id:
            return
        self.current.selected = button.option_id
        for other in self.query(LimitedTextArea):
            other.display = button.option_id == OTHER or bool(self.current.other.strip())
            if button.option_id == OTHER:
                # "Other" asks what it is: the next keys typed are that, so the focus goes there
                # (the screen keeps it in sight once the text is laid out).
                other.focus()
        self._post()

    @on(OptionSet.Cleared)
    def _cleared(self, event: OptionSet.Cleared) -> None:
        event.stop()
        self.current.selected = ""
        self._post()

    @on(LimitedTextArea.Changed)
    def _other_text(self, event: LimitedTextArea.Changed) -> None:
        event.stop()
        if self.current.other == event.text:
            return  # the value it was given when mounted: nothing changed
        self.current.other = event.text
        self._post()

    def typing_field(self, focused: Widget) -> Widget | None:
        """With "Other" chosen, what is typed on the options is what it is: its text takes it."""
        if self.current.selected != OTHER or self.read_only:
            return None
        return next(iter(self.query(LimitedTextArea)), None)

    def mark_fields(self, problems_by_field: dict[str, Problem]) -> set[str]:
        for limited in self.query(LimitedTextArea):
            limited.mark_invalid(limited.field in problems_by_field)
        return set()

    def focus_field(self, field: str | None) -> bool:
        if field == "other":
            for limited in self.query(LimitedTextArea):
                if limited.display:
                    limited.focus(scroll_visible=False)
                    return True
        for options in self.query(OptionSet):
            focus_now(options)
            return True
        return self.focus_first()
