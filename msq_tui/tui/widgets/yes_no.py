"""The widget for a `yes_no` question: two radio buttons; the questions that depend on it follow."""

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import RadioButton, RadioSet

from msq_tui.tui.widgets.base import QuestionWidget
from msq_tui.tui.widgets.fields import MarkedToggle


class ChoiceButton(MarkedToggle, RadioButton):
    """Yes or No, marked (•) when chosen and ( ) when not, in any colours or none."""

    MARKS = ("(", "•", ")")


class YesNoRadioSet(RadioSet):
    BINDINGS = [
        Binding(
            "left",
            "cursor_to(0)",
            "Choose",
            key_display="←→",
            id="yes-no.yes",
            tooltip="Yes on the left, No on the right",
        ),
        Binding("up", "cursor_to(0)", "Yes", show=False),
        Binding("right,down", "cursor_to(-1)", "No", show=False, id="yes-no.no"),
        Binding(
            "space",
            "toggle_button",
            "Set",
            id="yes-no.set",
            tooltip="Set the answer to the one under the cursor (Enter too)",
        ),
        Binding(
            "delete,backspace",
            "clear",
            "Clear",
            id="yes-no.clear",
            tooltip="Clear the answer: neither yes nor no",
        ),
    ]

    class Cleared(Message):
        """The answer was cleared (neither yes nor no)."""

    def action_cursor_to(self, index: int) -> None:
        # Left is Yes and Right is No, wherever the cursor was: RadioSet's own actions wrap
        # around, so a first Left from Yes went to No. `_selected` is RadioSet's cursor (private;
        # Textual 8.2.8, covered by test_left_and_right_are_yes_and_no_from_the_first_key).
        self._selected = index % len(self.children)

    def action_clear(self) -> None:
        # Without its Changed message: RadioSet turns a button switched off straight back on, which
        # left "No" marked on the screen while the draft held no answer.
        with self.prevent(RadioButton.Changed):
            for button in self.query(RadioButton):
                button.value = False
        self.post_message(self.Cleared())


class YesNoChoice(QuestionWidget):
    """Yes or No, chosen with the arrows and Enter or Space; Delete clears the answer."""

    KEY_HELP = (
        "← and → move between Yes and No; Space or Enter sets the answer; Delete or Backspace clears it."
    )

    DEFAULT_CSS = """
    YesNoChoice YesNoRadioSet { layout: horizontal; width: auto; height: auto; }
    YesNoChoice RadioButton { width: auto; margin-right: 2; }
    /* The button under the cursor, underlined as well as coloured: it shows without colour too. */
    YesNoChoice YesNoRadioSet:focus > RadioButton.-selected > .toggle--label { text-style: bold underline; }
    """

    def compose_editor(self) -> ComposeResult:
        with YesNoRadioSet(disabled=self.read_only):
            yield ChoiceButton("Yes", value=self.answer == "yes", name="yes", compact=True)
            yield ChoiceButton("No", value=self.answer == "no", name="no", compact=True)

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.post_answer(event.pressed.name)

    @on(YesNoRadioSet.Cleared)
    def _cleared(self, event: YesNoRadioSet.Cleared) -> None:
        event.stop()
        self.post_answer(None)
