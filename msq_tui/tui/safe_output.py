"""What the app draws never carries control characters to the terminal, and text is never markup.

An answer or a file may hold ESC, BEL or C1 codes (an imported answer that sets the window title,
a pasted colour code). Textual writes a string's characters as they are, so such a code would reach
the terminal. Rich counts every C0/C1 control character as zero cells wide, so removing them from
the drawn lines keeps every widget's geometry: this filter runs on the final lines of every widget,
the one place nothing can bypass. The answer itself keeps them (we never change what was typed);
what is drawn at rest shows them visibly where msq builds the text itself.
"""

import re
from typing import TYPE_CHECKING

from rich.segment import Segment
from textual.filter import LineFilter

if TYPE_CHECKING:
    from textual.color import Color

# C0 (tab and newline included: by the time a line is drawn they have been laid out), DEL and C1.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")


class DropControlCharacters(LineFilter):
    """Remove control characters from drawn segments (zero cells wide, so nothing moves)."""

    def apply(self, segments: list[Segment], background: "Color") -> list[Segment]:
        if not any(CONTROL_CHARACTERS.search(segment.text) for segment in segments if not segment.control):
            return segments
        return [
            segment if segment.control else Segment(CONTROL_CHARACTERS.sub("", segment.text), segment.style)
            for segment in segments
        ]
