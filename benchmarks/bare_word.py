"""The floor for start-up and memory: a bare Textual app showing one word."""

from textual.app import App, ComposeResult
from textual.widgets import Static


class OneWord(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Hello")


if __name__ == "__main__":
    OneWord().run()
