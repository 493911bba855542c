"""A text area with a live word count against its limit; going over is allowed, and marked."""

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import TextArea

from ...words import count_words
from .line_text import LineText


class LimitedTextArea(Vertical):
    """Free text with "n / 250 words" under it. Never truncates, never refuses a paste."""

    DEFAULT_CSS = """
    LimitedTextArea { height: auto; }
    LimitedTextArea > TextArea {
        height: auto;
        min-height: 3;
        max-height: 12;
        background: $boost;
    }
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
        self._initial = text
        self._last_text = text
        self._shown_label = ""
        self._read_only = read_only
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        yield TextArea(
            self._initial,
            soft_wrap=True,
            compact=True,
            tab_behavior="focus",
            read_only=self._read_only,
            placeholder=self._placeholder,
        )
        yield LineText(classes="word-count")

    @property
    def text_area(self) -> TextArea:
        return self.query_one(TextArea)

    @property
    def text(self) -> str:
        return self.text_area.text

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
        self._update_count(self._initial)

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = event.text_area.text
        if text == self._last_text:
            return  # loading the initial text is no change
        self._last_text = text
        self._update_count(text)
        self.post_message(self.Changed(self, text))

    def focus(self, scroll_visible: bool = True) -> "LimitedTextArea":
        self.text_area.focus(scroll_visible)
        return self
