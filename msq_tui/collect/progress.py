"""What a collection says while it runs: a progress line on a terminal once the run has taken a
second (files done, refused, rate), a line per file only when asked; nothing on a pipe or a log."""

import sys
import time
from typing import TextIO

from msq_tui.collect.collector import Tally
from msq_tui.files.terminal_text import visible

SHOW_AFTER_SECONDS = 1.0
REDRAW_SECONDS = 0.1
WIDTH = 24


class Progress:
    """A Listener for `collect`: draws on ``stream`` (stderr), which must be a terminal for the bar."""

    def __init__(self, stream: TextIO | None = None, each_file: bool = False, bar: bool | None = None):
        self.stream = stream or sys.stderr
        self.each_file = each_file
        self.bar = self.stream.isatty() if bar is None else bar
        self._drawn_at = 0.0
        self._shown = False

    def __call__(self, tally: Tally, name: str, status: str, message: str) -> None:
        if self.each_file:
            self._clear()
            word = {"added": "added", "copy": "copy", "known": "known", "refused": "REFUSED"}[status]
            self.stream.write(
                visible(f"{word}: {name}" + (f": {message}" if message and status != "refused" else ""))
                + "\n"
            )
            if status == "refused":
                self.stream.write(visible(f"  {message}") + "\n")
        if not self.bar:
            return
        now = time.monotonic()
        if tally.seconds < SHOW_AFTER_SECONDS or now - self._drawn_at < REDRAW_SECONDS:
            return
        self._drawn_at = now
        self._shown = True
        self.stream.write("\r" + self.line(tally) + "\x1b[K")
        self.stream.flush()

    def line(self, tally: Tally) -> str:
        rate = tally.read / tally.seconds if tally.seconds > 0 else 0.0
        filled = min(WIDTH, WIDTH * tally.read // max(tally.found, 1))
        bar = "█" * filled + "░" * (WIDTH - filled)
        return f"Collecting {bar} {tally.read:,}/{tally.found:,} files, {len(tally.refused):,} refused, {rate:,.0f} files/s"

    def _clear(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self._shown = False

    def finish(self) -> None:
        """Take the bar away, so the summary starts on a clean line."""
        self._clear()
        self.stream.flush()
