"""Alt+letter keys that come together with others: Textual's parser typed them as '^' and the letter.

A terminal sends alt+n as ESC n. Textual 8.2.8's parser (`textual._xterm_parser.XTermParser`,
private) reads ESC n as the start of a longer escape sequence and waits; when the next byte is
another ESC (alt+p, an arrow key, Escape: keys that a slow SSH link delivers in one read), it
gives up and re-issues ESC n as the keys '^' and 'n', which were typed into the answer and the
second key's meaning lost. Here ESC followed by one printable character that starts no longer
sequence is alt+that character at once, as Textual makes of it when no other byte follows.
"""

from collections.abc import Iterable

from textual import events
from textual._xterm_parser import XTermParser

ESC = "\x1b"
# After ESC, these begin longer sequences that the parser must go on reading: CSI, SS3, OSC,
# DCS, APC, PM and the string terminator.
SEQUENCE_STARTS = frozenset("[O]P_^\\")


class AltKeysParser(XTermParser):
    """Textual's parser, with ESC and one printable character read as an alt key at once."""

    def _sequence_to_key_events(self, sequence: str, alt: bool = False) -> Iterable[events.Key]:
        # Overrides a private method of Textual 8.2.8 (covered by tests/test_fresh_user_walk.py).
        if (
            len(sequence) == 2
            and sequence[0] == ESC
            and sequence[1] not in SEQUENCE_STARTS
            and sequence[1].isprintable()
        ):
            return super()._sequence_to_key_events(sequence[1], alt=True)
        return super()._sequence_to_key_events(sequence, alt)


def install_alt_keys_parser() -> None:
    """Make the terminal drivers of Linux and macOS read keys with `AltKeysParser`."""
    from textual.drivers import linux_driver

    # The driver names the parser it builds in its module (Textual 8.2.8, private).
    linux_driver.XTermParser = AltKeysParser  # type: ignore[misc]
