"""One-line fields styled like Textual's compact ones, without its per-widget cost.

Textual's `compact=True` toggles a class in the constructor, which restyles the widget there and
then; with a hundred fields on a section that is most of the time it takes to show. A CSS class
given at construction costs nothing, so the fields here carry the same look as plain CSS.
"""

from rich.cells import cell_len
from textual.geometry import Region, Size
from textual.widgets import Checkbox, Input
from textual.widgets.input import Selection


class CompactInput(Input):
    """A one-line field; given its value before it is mounted, without Input's per-value work.

    Assigning `Input.value` runs watchers that clear the app's text selection (a walk over the
    screen) for every field; a field that is being created has no selection to clear.
    """

    def __init__(self, value: str = "", **kwargs) -> None:
        # Textual selects a field's whole text when it gets the focus, so the first key typed
        # replaces it: resuming a draft would wipe an answer. The cursor goes to the end instead.
        kwargs.setdefault("select_on_focus", False)
        super().__init__(**kwargs)
        if value:
            self.set_reactive(Input.value, value)
            self.set_reactive(Input.selection, Selection.cursor(len(value)))

    def on_mount(self) -> None:
        # Not `_on_mount` calling super(): Textual calls each class's handler in turn, so that
        # ran Input's twice and left a second cursor-blink timer running, never stopped.
        if self.value:
            self.virtual_size = Size(self.content_width, 1)  # what the value watcher would have set

    def on_blur(self) -> None:
        # A field not being edited shows its start: its end alone reads like a typo.
        self.scroll_to(x=0, animate=False, force=True, immediate=True)

    def on_focus(self) -> None:
        # And back to the cursor (where it was left) when the field is edited again.
        cursor = cell_len(self.value[: self.cursor_position])
        self.scroll_to_region(Region(cursor, 0, 1, 1), animate=False, force=True, immediate=True)

    DEFAULT_CSS = """
    CompactInput {
        border: none !important;
        height: 1;
        padding: 0;
    }
    CompactInput:focus { background-tint: $foreground 5%; }
    CompactInput.-invalid { background-tint: $error 20%; }
    """


class CompactCheckbox(Checkbox):
    DEFAULT_CSS = """
    CompactCheckbox {
        border: none !important;
        padding: 0;
    }
    CompactCheckbox:focus {
        background-tint: $foreground 5%;
        & > .toggle--label {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """
