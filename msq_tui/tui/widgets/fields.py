"""One-line fields styled like Textual's compact ones, without its per-widget cost.

Textual's `compact=True` toggles a class in the constructor, which restyles the widget there and
then; with a hundred fields on a section that is most of the time it takes to show. A CSS class
given at construction costs nothing, so the fields here carry the same look as plain CSS.
"""

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.style import Style
from textual.widgets import Checkbox, Input
from textual.widgets.input import Selection

from msq_tui.tui.text_cells import cut_to_cells

if TYPE_CHECKING:
    from textual.widgets._toggle_button import ToggleButton

    # For the type checker the mixin is the toggle button it is mixed into.
    _MixedIntoToggle = ToggleButton
else:
    _MixedIntoToggle = object


class CompactInput(Input):
    """A one-line field; given its value before it is mounted, without Input's per-value work.

    Assigning `Input.value` runs watchers that clear the app's text selection (a walk over the
    screen) for every field; a field that is being created has no selection to clear.

    At rest (not focused) a value or placeholder wider than the field shows its start and ends
    in "…", so a cut text reads as cut; focused, the field is Input's own (cursor, scrolling).
    """

    def __init__(self, value: str = "", **kwargs) -> None:
        # Textual selects a field's whole text when it gets the focus, so the first key typed
        # replaces it: resuming a draft would wipe an answer. The cursor goes to the end instead.
        kwargs.setdefault("select_on_focus", False)
        super().__init__(**kwargs)
        if value:
            self.set_reactive(Input.value, value)
            self.set_reactive(Input.selection, Selection.cursor(len(value)))
            # Input scrolls to its cursor only once its value watcher has run (it clears this
            # private flag, checked on Textual 8.2.8); skipped above, the first key typed into a
            # long value would be drawn out of sight (tests/test_tui_textual_api.py).
            self._initial_value = False

    # How the lines of a paste are joined in this one-line field.
    LINE_SEPARATOR = " "

    def on_paste(self, event: events.Paste) -> None:
        """Several lines pasted are kept, joined on one line, and the field says so (Input keeps the first)."""
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        if len(lines) < 2:
            return  # Input's own paste
        event.prevent_default()  # not Input's, which keeps the first line only
        event.stop()
        joined = self.LINE_SEPARATOR.join(lines)
        if self.selection.is_empty:
            self.insert_text_at_cursor(joined)
        else:
            self.replace(joined, *self.selection)
        self.notify(
            f"The {len(lines)} pasted lines are joined on one line: this field holds one line.", timeout=5
        )

    def on_mount(self) -> None:
        # Not `_on_mount` calling super(): Textual calls each class's handler in turn, so that
        # ran Input's twice and left a second cursor-blink timer running, never stopped.
        if self.value:
            # Input sizes its scrolling width only in its (private) value watcher, skipped above
            # with the public `set_reactive`; no public call sizes it (checked on Textual 8.2.8).
            # Without it the cursor of a long value could not be scrolled to
            # (tests/test_tui_textual_api.py).
            self.virtual_size = Size(self.content_width, 1)

    def on_blur(self) -> None:
        # A field not being edited shows its start: its end alone reads like a typo.
        self.scroll_to(x=0, animate=False, force=True, immediate=True)

    def on_focus(self) -> None:
        # And back to the cursor (where it was left) when the field is edited again.
        # Where Input draws the cursor: one cell on at the end of the value (as Input._cursor_offset).
        cursor = cell_len(self._drawn_value[: self.cursor_position]) + (1 if self.cursor_at_end else 0)
        self.scroll_to_region(Region(cursor, 0, 1, 1), animate=False, force=True, immediate=True)

    @property
    def _drawn_value(self) -> str:
        # A passphrase is drawn as Input draws it, one dot a character, at rest as well.
        return "•" * len(self.value) if self.password else self.value

    def render_line(self, y: int) -> Strip:
        # A placeholder is cut with "…" focused too: it has no cursor to scroll to but its first cell.
        if (self.has_focus and self.value) or y != 0:
            return super().render_line(y)
        text = self._drawn_value or self.placeholder
        width = self.scrollable_content_region.width
        if self.scroll_x == 0 and cell_len(text) <= width:
            return super().render_line(y)
        shown = Text(cut_to_cells(text, width), no_wrap=True, overflow="ignore", end="")
        if not self.value:
            shown.stylize(self.get_component_rich_style("input--placeholder"))
            # Input's own blinking state (private; checked on Textual 8.2.8; tests/test_tui_at_rest.py).
            if self.has_focus and self._cursor_visible:
                shown.stylize(self.get_component_rich_style("input--cursor"), 0, 1)
        segments = self.app.console.render(shown, self.app.console_options.update_width(width))
        return Strip(segments).adjust_cell_length(width).apply_style(self.rich_style)

    DEFAULT_CSS = """
    CompactInput {
        border: none !important;
        height: 1;
        padding: 0;
    }
    CompactInput:focus { background-tint: $foreground 5%; }
    CompactInput > .input--placeholder { text-style: italic; }
    CompactInput.-invalid { background-tint: $error 20%; }
    """


class MarkedToggle(_MixedIntoToggle):
    """A checkbox or radio button whose state is a character, not a colour: [x] / [ ], (•) / ( ).

    Textual draws ▐X▌ in both states and tells them apart by colour only, which NO_COLOR, a
    monochrome terminal or a printed screenshot loses.
    """

    MARKS = ("[", "x", "]")

    @property
    def _button(self) -> Content:
        # Overrides ToggleButton._button (private; checked on Textual 8.2.8, covered by the NO_COLOR
        # snapshot test and test_tui_keys' marks test).
        left, mark, right = self.MARKS
        style = self.get_visual_style("toggle--button")
        return Content.assemble(
            left, (mark if self.value else " ", Style(foreground=style.foreground, bold=True)), right
        )


class CompactCheckbox(MarkedToggle, Checkbox):
    DEFAULT_CSS = """
    CompactCheckbox {
        border: none !important;
        padding: 0;
    }
    CompactCheckbox:focus {
        background-tint: $foreground 5%;
        /* Underlined as well as coloured: the focus shows without colour too. */
        & > .toggle--label {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: bold underline;
        }
    }
    """
