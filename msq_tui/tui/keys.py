"""Keys in the order they were typed, each to the field that has the focus after the keys before it.

Textual hands a key to the focused widget's own queue, and runs a binding (Enter in a field,
Tab) only once the key has bubbled back up to the app through each container's queue; a
widget's `focus()` is itself queued behind the keys already waiting. In a burst (a slow SSH
link delivers keys together, as does a paste-by-typing tool) the keys behind an Enter or a Tab
reached the old field. Here the app applies each key itself, in order:

- text typed into a field that takes text goes straight to that field, as in Textual;
- any other key first waits until the field has taken the text typed before it, then runs its
  binding, and waits until what the binding set off has settled (the messages it posted up the
  tree, a field made where the focus landed, a section being built) before the next key.

Text is any character a person can type. Textual's `Key.is_printable` is `str.isprintable()`,
which refuses format characters (ZWNJ, the Persian half-space; ZWJ; LRM and RLM; the soft
hyphen), spaces other than U+0020 and characters newer than Python's Unicode tables; here
they are text, for every field, in this one place.
"""

import asyncio
import unicodedata
from collections.abc import Awaitable
from typing import Protocol, TypeVar, runtime_checkable

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.widget import Widget

ReturnType = TypeVar("ReturnType")

# Categories that are not text: control characters, lone surrogates, and the line and paragraph
# separators (a field stores lines with "\n").
NOT_TEXT = frozenset({"Cc", "Cs", "Zl", "Zp"})
MODIFIERS = ("ctrl+", "alt+", "super+", "meta+", "hyper+")
# A widget that never answers (a bug) must not freeze the keyboard: after this, keys go on.
SETTLE_TIMEOUT = 1.0


def is_text(character: str | None) -> bool:
    """Whether ``character`` is something typed to be kept as text (format characters included)."""
    return (
        character is not None
        and character != ""
        and all(unicodedata.category(c) not in NOT_TEXT for c in character)
    )


def typed_text(event: events.Key) -> str | None:
    """The text a key types, or None: a key with ctrl or alt held (alt+n) types nothing."""
    if any(modifier in event.key for modifier in MODIFIERS):
        return None
    return event.character if is_text(event.character) else None


class TextKey(events.Key):
    """A key typing a character that `str.isprintable` refuses; Input and TextArea take it as typed."""

    @property
    def is_printable(self) -> bool:
        return True


# Handled wherever a Key is (`_on_key`, `on_key`): Textual names a message's handler after its class.
TextKey.handler_name = events.Key.handler_name


def takes_text(widget: Widget | None) -> bool:
    """Whether the focused ``widget`` takes typed text (an Input or a TextArea that may be edited)."""
    return widget is not None and widget.check_consume_key("a", "a")


class StandIn:
    """A light widget drawing a field at rest, which makes the real field when it gets the focus.

    The key order needs the field made before the next key is applied, so the app calls
    `make_field` itself when a key leaves the focus on a stand-in.
    """

    async def make_field(self) -> None:
        raise NotImplementedError


@runtime_checkable
class SettlesFocus(Protocol):
    """A screen that moves the focus later than a key asks (a section built first): keys wait for it."""

    @property
    def focus_pending(self) -> bool: ...

    async def settle_focus(self) -> None: ...

    def text_refused(self, widget: Widget | None, text: str) -> None: ...

    def type_elsewhere(self, widget: Widget) -> bool: ...


class KeysInOrder(App[ReturnType]):
    """The App's keys applied in order, each to what has the focus after the keys before it.

    Two private names of Textual are used, checked on Textual 8.2.8, because no public API
    does what is needed here: `App._check_bindings` (run a key's bindings as Textual would,
    priority ones first) and `Widget._forward_event` (put the key in the widget's own queue,
    marked as forwarded, as the App does). tests/test_tui_keys.py fails if either changes.
    """

    _text_sent_to: Widget | None = None  # the field typed into since the last key that was not text
    _typing_refused_on: Widget | None = None  # where the last key typed text that was not taken

    async def on_event(self, event: events.Event) -> None:
        # Escape minimizes a maximized widget: Textual's own path for that one case.
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and not (event.key == "escape" and self.screen.maximized is not None)
        ):
            await self._apply_key(event)
        elif isinstance(event, events.Paste) and not event.is_forwarded:
            # A paste is applied whole (a URL list makes entries of its lines) before the next key.
            typed_into, self._text_sent_to = self._text_sent_to, None
            if typed_into is not None:
                await settle(self, typed_into)
            target = self.screen.focused or self.screen
            await super().on_event(event)
            await settle(self, target)
            await self._settle_focus()
        else:
            await super().on_event(event)

    async def on_key(self, event: events.Key) -> None:
        # A key that bubbled back up from a widget had its bindings checked when it arrived (see
        # _apply_key); checking them again now would run the binding of whatever has the focus
        # by then (a yes/no answered by a letter typed before Tab).
        if event.is_forwarded:
            event.prevent_default()

    async def _apply_key(self, event: events.Key) -> None:
        if not self.app_focus:
            self.app_focus = True
        screen = self.screen
        if isinstance(screen, SettlesFocus) and screen.focus_pending:
            await self._settle_focus()  # keys typed while a section opens go into it
        focused = screen.focused
        text = typed_text(event)
        if focused is not None and text is not None and takes_text(focused):
            # Private, Textual 8.2.8: the priority bindings (ctrl+q), as Textual checks them first.
            if await self._check_bindings(event.key, priority=True):
                return
            key = event if event.is_printable else TextKey(event.key, text)
            focused._forward_event(key)  # private, 8.2.8: posts the key marked as forwarded
            self._text_sent_to = focused
            return

        typed_into, self._text_sent_to = self._text_sent_to, None
        if typed_into is not None:
            await settle(self, typed_into)  # the text typed before this key is in its field
        if text == " " and focused is not None and focused is self._typing_refused_on:
            # A space among words typed where no text is taken is part of the words: it must not
            # tick a box or answer a yes/no ("Published yearly" typed at a yes/no). A second Space
            # (or any other key) does what Space does there.
            self._refuse(focused, text)
            self._typing_refused_on = None
            return
        self._typing_refused_on = None
        handled = await self._check_bindings(event.key, priority=True) or await self._check_bindings(
            event.key
        )
        if not handled:
            if (
                text is not None
                and focused is not None
                and not takes_text(focused)
                and await self._type_elsewhere(screen, focused, event, text)
            ):
                return
            target = focused or screen
            # A modified key that no binding wants types nothing (alt+x is not "x").
            forwarded = event if text is not None or event.character is None else events.Key(event.key, None)
            target._forward_event(forwarded)
            if text is not None and not takes_text(focused):
                self._refuse(focused, text)
        await settle(self, focused or screen)
        await self._settle_focus()

    async def _type_elsewhere(self, screen: object, focused: Widget, event: events.Key, text: str) -> bool:
        """Text typed on an option with a text of its own (a chosen "Other"): the focus goes to that
        text and the key is typed there, as are the keys after it."""
        if not isinstance(screen, SettlesFocus) or not screen.type_elsewhere(focused):
            return False
        await self._settle_focus()  # the field is made where the focus landed
        field = self.screen.focused
        if not takes_text(field):
            return False
        assert field is not None
        field._forward_event(event if event.is_printable else TextKey(event.key, text))  # private, 8.2.8
        self._text_sent_to = field
        return True

    def _refuse(self, widget: Widget | None, text: str) -> None:
        """Text typed where none is taken: the screen says so; the spaces between the words stay refused."""
        self._typing_refused_on = widget if text != " " else None
        if isinstance(self.screen, SettlesFocus):
            self.screen.text_refused(widget, text)

    async def _settle_focus(self) -> None:
        """Wait until the focus has landed: a section being built, a field being made."""
        for _ in range(3):  # a stand-in's field, in a section that was being built
            screen = self.screen
            if isinstance(screen, SettlesFocus):
                await _bounded(screen.settle_focus())
            focused = screen.focused
            if not isinstance(focused, StandIn):
                return
            await _bounded(focused.make_field())


async def _bounded(awaitable: Awaitable[object]) -> None:
    try:
        await asyncio.wait_for(awaitable, SETTLE_TIMEOUT)
    except TimeoutError:
        pass


async def _drained(node: DOMNode) -> None:
    """Wait until ``node`` has handled every message queued to it so far."""
    done = asyncio.get_running_loop().create_future()

    def mark() -> None:
        if not done.done():
            done.set_result(None)

    if node.call_later(mark):  # False when the node is closed (removed): nothing to wait for
        await _bounded(done)


async def settle(app: App, widget: Widget) -> None:
    """Wait until ``widget`` and its containers have handled what a key set off.

    Twice up the tree: a field posts its own messages (Input.Changed) while it handles a key,
    behind the first mark; they then bubble to the containers, whose marks come after them.
    """
    path = [node for node in (widget, *widget.ancestors) if node is not app]
    for _ in range(2):
        for node in path:
            await _drained(node)
