"""One-line fields styled like Textual's compact ones, without its per-widget cost.

Textual's `compact=True` toggles a class in the constructor, which restyles the widget there and
then; with a hundred fields on a section that is most of the time it takes to show. A CSS class
given at construction costs nothing, so the fields here carry the same look as plain CSS.
"""

from textual.widgets import Checkbox, Input


class CompactInput(Input):
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
