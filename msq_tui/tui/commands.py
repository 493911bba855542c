"""The command palette's own entries: each screen offers its list, this provider searches it.

A screen that has entries of its own defines `palette_commands()` (the questionnaire screen: every
section and question, by number or words, and what can be done with the draft). The provider
knows no screen, so no screen module and this one import each other.
"""

from collections.abc import Callable
from typing import NamedTuple, Protocol, runtime_checkable

from textual.command import DiscoveryHit, Hit, Hits, Provider

DISCOVERED = 12  # entries shown before anything is typed


class PaletteCommand(NamedTuple):
    label: str
    help: str
    run: Callable[[], object]


@runtime_checkable
class OffersCommands(Protocol):
    def palette_commands(self) -> list[PaletteCommand]: ...


class ScreenCommands(Provider):
    """The palette's entries of the screen it was opened on."""

    def _entries(self) -> list[PaletteCommand]:
        screen = self.screen
        return screen.palette_commands() if isinstance(screen, OffersCommands) else []

    async def discover(self) -> Hits:
        for label, help_text, command in self._entries()[:DISCOVERED]:
            yield DiscoveryHit(label, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, command in self._entries():
            # "9", "q9" and "question 9" all find question 9.
            number_query = query.strip().lower().removeprefix("question ").removeprefix("q")
            score = matcher.match(label)
            if number_query and label.lower().startswith(f"question {number_query}:"):
                score = max(score, 1.0)
            if score > 0:
                yield Hit(score, matcher.highlight(label), command, help=help_text)
