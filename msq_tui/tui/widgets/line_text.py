"""A one-line text that changes often (a word count, the save state) without a layout pass.

`Static.update` lays out the whole screen unless told the size does not change
(`layout=False`); a line whose size never changes only needs repainting.
"""

from textual.content import Content
from textual.widgets import Static


class LineText(Static):
    DEFAULT_CSS = """
    LineText { height: 1; width: 1fr; }
    """

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(Content(text), id=id, classes=classes)
        self._text = text

    @property
    def text(self) -> str:
        return self._text

    @text.setter
    def text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.update(Content(text), layout=False)
