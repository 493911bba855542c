"""A text area with a live word count against its limit; going over is allowed, and marked.

While it does not have the focus the text is drawn by a light widget of the same size and look,
from its beginning, saying how much more follows; Textual's TextArea is made when the text first
takes the focus, and kept (hidden, with its cursor and undo) while the focus is elsewhere. A
section holds up to a dozen texts of 250 words, and a TextArea costs many times a block of text
to create, wrap, style and keep.
"""

import asyncio
from functools import cache
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from msq_tui.model.words import count_words, describe_count
from msq_tui.tui.keys import StandIn
from msq_tui.tui.widgets.base import focus_now
from msq_tui.tui.widgets.line_text import LineText

if TYPE_CHECKING:
    from textual.widgets import TextArea


@cache
def _text_area_class():
    """The TextArea of an answer, made when the first text is edited (start-up time)."""
    from textual.binding import Binding
    from textual.widgets import TextArea

    class AnswerTextArea(TextArea):
        BINDINGS = [
            Binding("ctrl+z", "undo", "Undo", id="text.undo", tooltip="Undo the last change to this text")
        ]

        def focus(self, scroll_visible: bool = True):
            # TextArea focuses itself after every paste; queued behind the keys that follow the
            # paste, that pulled the focus back from where a Tab after it had taken it.
            if self.has_focus:
                return self
            return super().focus(scroll_visible)

    return AnswerTextArea


AT_REST_LINES = 12  # the box's max-height
AT_REST_CHARACTERS = 2_000  # more than 12 lines of the widest terminal this box gets


def _beginning(text: str) -> str:
    """As much of ``text`` as the box can show: wrapping a whole 5 MB paste would take seconds."""
    end = min(len(text), AT_REST_CHARACTERS)
    line_end = -1
    for _ in range(AT_REST_LINES + 1):
        line_end = text.find("\n", line_end + 1, end)
        if line_end == -1:
            break
    else:
        end = line_end
    return text[:end] + ("…" if end < len(text) else "")


class TextAtRest(StandIn, Static):
    """The text as it will look in the TextArea: same box, same wrapping, same colours.

    A text longer than the box shows its first lines and, on the last, how many words follow.
    """

    COMPONENT_CLASSES = {"text-at-rest--more"}

    can_focus = True
    ALLOW_SELECT = False
    FOCUS_ON_CLICK = False  # a click makes the TextArea, which then takes the focus

    def __init__(self, limited: "LimitedTextArea") -> None:
        text = limited.text
        super().__init__(
            Content(_beginning(text) or limited.placeholder),
            classes="text-at-rest" if text else "text-at-rest -placeholder",
        )
        self.limited = limited
        self._lines: tuple[int, str, list[Content]] | None = None  # (width, text, lines) last drawn

    def show_text(self) -> None:
        text = self.limited.text
        self.set_class(not text, "-placeholder")
        self.update(Content(_beginning(text) or self.limited.placeholder))

    def render(self) -> Content:
        return Content("\n").join(self._shown_lines(self.content_size.width))

    def notify_style_update(self) -> None:
        self._lines = None  # the sign's colours come from the theme, which may have changed
        super().notify_style_update()

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._shown_lines(width))

    def _shown_lines(self, width: int) -> list[Content]:
        text = self.limited.text
        if self._lines is not None and self._lines[:2] == (width, text):
            return self._lines[2]
        content = (
            self.visual if isinstance(self.visual, Content) else Content(text or self.limited.placeholder)
        )
        lines = content.wrap(max(1, width))
        if len(lines) > AT_REST_LINES:
            shown = lines[: AT_REST_LINES - 1]
            more = count_words(text) - count_words("\n".join(line.plain for line in shown))
            sign = f"… {more} more word{'s' if more != 1 else ''}" if more > 0 else "… more"
            lines = [*shown, Content(sign).stylize(self.get_visual_style("text-at-rest--more"))]
        self._lines = (width, text, lines)
        return lines

    async def make_field(self) -> None:
        await self.limited.activate()

    async def on_focus(self) -> None:
        await self.limited.activate()

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        await self.limited.activate()


class LimitedTextArea(Vertical):
    """Free text with "n / 250 words" under it. Never truncates, never refuses a paste."""

    DEFAULT_CSS = """
    LimitedTextArea { height: auto; }
    LimitedTextArea > TextArea, LimitedTextArea > .text-at-rest {
        height: auto;
        min-height: 3;
        max-height: 12;
        background: $boost;
    }
    /* TextArea's padding, and the column it keeps for the cursor: the text wraps the same. */
    LimitedTextArea > .text-at-rest { padding: 0 2 0 1; overflow: hidden hidden; }
    LimitedTextArea > .text-at-rest.-placeholder { color: $text-disabled; text-style: italic; }
    LimitedTextArea > TextArea .text-area--placeholder { text-style: italic; }
    LimitedTextArea > .text-at-rest.-invalid { background: $error 25%; }
    LimitedTextArea > .text-at-rest > .text-at-rest--more { color: $text-muted; text-style: italic; }
    LimitedTextArea > TextArea:focus { background: $surface-lighten-1; }
    LimitedTextArea > .word-count { width: 1fr; text-align: right; color: $text-muted; }
    LimitedTextArea > .word-count.-over { color: $text-error; text-style: bold; }
    """

    class Changed(Message):
        def __init__(self, limited: "LimitedTextArea", text: str) -> None:
            super().__init__()
            self.limited = limited
            self.text = text

        @property
        def control(self) -> "LimitedTextArea":
            return self.limited

    def __init__(
        self, text: str, limit: int | None, *, field: str, read_only: bool = False, placeholder: str = ""
    ) -> None:
        super().__init__(classes="limited-text")
        self.field = field
        self.limit = limit
        self.placeholder = placeholder
        self._last_text = text
        self._shown_label = ""
        self._read_only = read_only
        self._invalid = False
        self._editor: TextArea | None = None  # the TextArea, once made
        self._made: asyncio.Event | None = None  # set once the TextArea is mounted
        self._wrapped_lines = 0  # the TextArea's lines when the text last changed
        self._at_rest_box = TextAtRest(self)

    def compose(self) -> ComposeResult:
        yield self._at_rest_box
        yield LineText(classes="word-count")

    @property
    def text(self) -> str:
        return self._last_text

    @property
    def text_area(self) -> "TextArea | None":
        """The TextArea, or None while the text is drawn at rest."""
        return self._editor

    def _at_rest(self) -> TextAtRest:
        return self._at_rest_box  # kept, not queried: marking it runs on every key

    def mark_invalid(self, invalid: bool) -> None:
        self._invalid = invalid
        for box in (self._editor, self._at_rest()):
            if box is not None:
                box.set_class(invalid, "-invalid")

    async def activate(self) -> None:
        """Put the TextArea in place of the text at rest (made once, at the text's end) and focus it.

        The focus is there when this returns: the keys typed next wait for it (see keys.py).
        """
        at_rest = self._at_rest()
        if self._editor is None:
            self._made = asyncio.Event()
            editor = _text_area_class()(
                self._last_text,
                soft_wrap=True,
                compact=True,
                tab_behavior="focus",
                read_only=self._read_only,
                placeholder=self.placeholder,
            )
            editor.set_class(self._invalid, "-invalid")
            self._editor = editor
            await self.mount(editor, before=0)
            editor.move_cursor(editor.document.end)  # typing adds to the answer
            self._made.set()
        else:
            if self._made is not None:
                await self._made.wait()  # being made for another caller (its Focus event, or a key)
            self._editor.display = True
        focus_now(self._editor)
        at_rest.display = False

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self._rest_if_left)

    def _rest_if_left(self) -> None:
        """Once the focus has left the text, show it at rest again: from its start, with what follows."""
        editor, at_rest = self._editor, self._at_rest()
        if editor is None or not editor.display or not self.is_attached:
            return
        if self.app.screen is not self.screen or self.screen.focused is editor:
            return  # a dialog over the screen, or back already: the focus comes back here
        at_rest.show_text()
        at_rest.display = True
        editor.display = False

    def _label(self, count: int) -> str:
        return describe_count(count, self.limit)

    def _update_count(self, text: str) -> None:
        count = count_words(text)
        label = self._label(count)
        if label == self._shown_label:
            return
        self._shown_label = label
        counter = self.query_one(".word-count", LineText)
        counter.text = label
        counter.set_class(self.limit is not None and count > self.limit, "-over")

    def on_mount(self) -> None:
        self._update_count(self._last_text)

    def on_text_area_changed(self, event) -> None:
        event.stop()
        text = event.text_area.text
        if text == self._last_text:
            return  # loading the initial text is no change
        self._last_text = text
        self._update_count(text)
        # TextArea scrolls to its cursor before it re-wraps, so a word typed onto a new last
        # line stays out of sight until the next key; look again once it has wrapped.
        lines = event.text_area.wrapped_document.height
        if lines != self._wrapped_lines:
            self._wrapped_lines = lines
            self.call_after_refresh(event.text_area.scroll_cursor_visible)
        self.post_message(self.Changed(self, text))

    def on_text_area_selection_changed(self, event) -> None:
        # Nothing above needs the cursor's moves; each container they bubble through is a
        # message hop on every key.
        event.stop()

    def focus(self, scroll_visible: bool = True) -> "LimitedTextArea":
        # Now, not queued behind the keys waiting; the text at rest makes the TextArea (keys.py).
        if self._editor is not None and self._editor.display:
            focus_now(self._editor)
        else:
            focus_now(self._at_rest())
        return self
