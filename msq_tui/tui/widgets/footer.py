"""The footer: Textual's own, rebuilt only when the keys it shows have changed.

Textual's Footer rebuilds all its keys (a widget each) whenever the screen's bindings are
updated, which is on every change of focus, often twice. In a questionnaire the focus moves all
the time (Tab, Enter, a new section) and the keys shown rarely change, so each rebuild was a
wasted layout: about 30-50 ms, twice, after each section switch. This footer keeps what it
showed last and rebuilds only when that differs. It uses Footer's public hooks only
(`compose`, `bindings_changed`, `Screen.active_bindings`; checked on Textual 8.2.8).
"""

from collections.abc import Iterable
from typing import Any

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer

from msq_tui.tui.keys import StandIn


class KeyFooter(Footer):
    """A `Footer` that skips rebuilds showing the same keys."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple[Any, ...] | None = None
        # Footer shows no keys until the screen first reports its bindings; so does this one.
        self._bindings_known = False

    def _keys(self) -> tuple[Any, ...]:
        """What `Footer.compose` shows now, in a form that compares."""
        active = self.screen.active_bindings
        shown: tuple[Any, ...] = tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
            for (_, binding, enabled, tooltip) in active.values()
            if binding.show
        )
        palette = active.get(self.app.COMMAND_PALETTE_BINDING) if self.show_command_palette else None
        if palette is not None:
            _, binding, enabled, tooltip = palette
            shown += (("palette", binding.key, binding.description, enabled, tooltip),)
        return shown

    def compose(self) -> Iterable[Widget]:
        if self._bindings_known:
            self._shown = self._keys()
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if self._bindings_known and self.is_attached and screen is self.screen:
            if isinstance(screen.focused, StandIn):
                return  # it is making its field, which takes the focus and then the footer shows its keys
            if self._keys() == self._shown:
                return
        self._bindings_known = True
        super().bindings_changed(screen)
