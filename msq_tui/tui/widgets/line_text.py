"""A one-line text that changes often (a word count, the save state) without a layout pass.

`Static.update` asks for a new layout of the whole screen every time, which costs several
milliseconds on a full section; a line whose size never changes only needs repainting.
"""

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget


class LineText(Widget):
    DEFAULT_CSS = """
    LineText { height: 1; width: 1fr; }
    """

    text: reactive[str] = reactive("", layout=False)

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(LineText.text, text)

    def render(self) -> Content:
        return Content(self.text)
