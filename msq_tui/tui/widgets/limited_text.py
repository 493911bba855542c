"""A text area with a live word count against its limit; going over is allowed, and marked.

Until it first takes the focus the text is drawn by a light widget of the same size and look;
then Textual's TextArea takes its place, and stays. A section holds up to a dozen texts of 250
words, and a TextArea costs many times a block of text to create, wrap, style and keep.
"""

import asyncio
from functools import cache

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from ...words import count_words
from ..keys import StandIn
from .base import focus_now
from .line_text import LineText


@cache
def _text_area_class():
    """The TextArea of an answer, made when the first text is edited (start-up time)."""
    from textual.binding import Binding
    from textual.widgets import TextArea

    class AnswerTextArea(TextArea):
        BINDINGS = [Binding("ctrl+z", "undo", "Undo", id="text.undo", tooltip="Undo the last change to this text")]

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
    """The text as it will look in the TextArea: same box, same wrapping, same colours."""

    can_focus = True
    ALLOW_SELECT = False
    FOCUS_ON_CLICK = False  # a click makes the TextArea, which then takes the focus

    def __init__(self, limited: "LimitedTextArea") -> None:
        text = limited.text
        super().__init__(Content(_beginning(text) or limited.placeholder), classes="text-at-rest" if text else "text-at-rest -placeholder")
        self.limited = limited

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

    def __init__(self, text: str, limit: int | None, *, field: str, read_only: bool = False, placeholder: str = "") -> None:
        super().__init__(classes="limited-text")
        self.field = field
        self.limit = limit
        self.placeholder = placeholder
        self._last_text = text
        self._shown_label = ""
        self._read_only = read_only
        self._invalid = False
        self._editor = None  # the TextArea, once made
        self._made: asyncio.Event | None = None  # set once the TextArea is mounted
        self._wrapped_lines = 0  # the TextArea's lines when the text last changed

    def compose(self) -> ComposeResult:
        yield TextAtRest(self)
        yield LineText(classes="word-count")

    @property
    def text(self) -> str:
        return self._last_text

    @property
    def text_area(self):
        """The TextArea, or None while the text is drawn at rest."""
        return self._editor

    def _box(self) -> Widget | None:
        """What shows the text now: the TextArea, or the text at rest."""
        if self._editor is not None:
            return self._editor
        return next(iter(self.query(TextAtRest)), None)

    def mark_invalid(self, invalid: bool) -> None:
        self._invalid = invalid
        box = self._box()
        if box is not None:
            box.set_class(invalid, "-invalid")

    async def activate(self) -> None:
        """Put the TextArea in place of the text at rest (once), with the focus at its end.

        The focus is there when this returns: the keys typed next wait for it (see keys.py).
        """
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
            at_rest = self.query(TextAtRest)
            await self.mount(editor, before=0)
            editor.move_cursor(editor.document.end)  # typing adds to the answer
            focus_now(editor)
            self._made.set()
            await at_rest.remove()
        else:
            if self._made is not None:
                await self._made.wait()  # being made for another caller (its Focus event, or a key)
            focus_now(self._editor)

    def _label(self, count: int) -> str:
        if self.limit is None:
            return f"{count} word{'s' if count != 1 else ''}"
        label = f"{count} / {self.limit} words"
        if count > self.limit:
            label += f" ({count - self.limit} over)"
        return label

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
        box = self._box()
        if box is not None:
            focus_now(box)
        return self
