"""Plain mode: the questionnaire as lines on standard input and output, for screen readers, braille and scripts.

No cursor movement, no colour, no redraw: every line is printed once, and every text that comes
from a file or an answer passes through `visible`, so nothing here writes an escape sequence. The
answers go through the same DraftSession as the TUI's (drafts, autosave, lock, history, signals)
and are judged by validation.py, whose messages are printed as they are.

This module opens the draft, watches the exit signals and runs the loop; the loop's parts are
console.py (lines in and out, where we are), prompts.py (each kind of question said and asked),
commands.py (the ':' commands), signoff.py (:sign, :export) and editor.py (:edit).
"""

import os
import sys
from typing import TextIO

from msq_tui.files.terminal_text import visible
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.validation import progress
from msq_tui.plain.commands import Commands
from msq_tui.plain.console import Command, EndOfInput, Leave
from msq_tui.plain.prompts import QuestionPrompts
from msq_tui.store.drafts import DraftStore
from msq_tui.store.errors import DamagedDraft, DraftError, DraftLocked
from msq_tui.store.session import DraftSession

EXIT_OK, EXIT_PROBLEM = 0, 1
EXIT_SECONDS = 4.5  # a signal ends plain mode within this, as it does the TUI


class PlainMode(QuestionPrompts, Commands):
    """One draft answered line by line: the question said, its answer or a command taken, again."""

    def run(self) -> None:
        response = self.session.response
        answered, asked = progress(self.questionnaire, response)
        self.say(
            f"{self.questionnaire.questionnaire.short_title}, draft {str(response.response_id)[:8]} ({response.country}), plain mode."
            f" {answered} of {asked} questions answered. :help lists the commands; :quit saves and leaves.",
        )
        if self.session.read_only:
            self.say("Read-only: answers typed here are not kept.")
        if not self._applies(self.question) and not self._move(1):
            self._move(-1)
        self._go(self.index)
        present = True
        while True:
            if present:
                self.present()
            command = self.ask()
            if command is None:
                present = self.run_command(Command("next"))
            else:
                present = self.run_command(command)


def run_plain(
    store: DraftStore,
    questionnaire: Questionnaire,
    *,
    open_id: str | None = None,
    new_country: str | None = None,
    read_only: bool = False,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Open (or create) a draft and answer it in plain mode; the exit code."""
    from msq_tui.store.exit_signals import ExitSignalWatcher

    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    # A byte that is not text in the terminal's encoding becomes U+FFFD (in) or an escape (out), never a crash.
    for stream, errors_mode in ((stdin, "replace"), (stdout, "backslashreplace")):
        try:
            stream.reconfigure(errors=errors_mode)  # type: ignore[union-attr]  # a TextIOWrapper's
        except (AttributeError, ValueError, OSError):
            pass
    opened: list[PlainMode] = []

    def on_signal(number: int) -> None:
        # Plain mode's main thread waits on input: the draft is closed from here, and msq ends.
        if opened:
            mode = opened[0]
            try:
                mode.keep_in_progress()
            except Exception:  # the answer typed so far could not be read: the rest is still saved
                pass
            message = mode.session.close_within(EXIT_SECONDS - 0.5).message()
            try:
                if message:
                    mode.say(f"msq: {message}")
                stdout.flush()
            except (OSError, ValueError):
                pass  # the terminal is gone
        os._exit(128 + number)

    # Watched from before any thread starts (the autosave's): a thread started earlier would take
    # the signal with its default action, ending msq without saving.
    watcher = ExitSignalWatcher(on_signal)
    watcher.start()
    try:
        return _open_and_run(store, questionnaire, open_id, new_country, read_only, stdin, stdout, opened)
    finally:
        watcher.stop()


def _open_and_run(
    store, questionnaire, open_id, new_country, read_only, stdin, stdout, opened: list[PlainMode]
) -> int:
    def tell(*lines: str) -> None:
        for line in lines:
            stdout.write(visible(line) + "\n")
        stdout.flush()

    if new_country is not None:
        try:
            response = store.create(questionnaire, new_country)
        except (OSError, DraftError) as error:
            tell(
                f"msq: the new draft could not be saved in {store.drafts_folder}: {getattr(error, 'strerror', None) or error}"
            )
            return EXIT_PROBLEM
        open_id = str(response.response_id)
    assert open_id is not None
    lock = None
    if not read_only:
        try:
            lock = store.lock(open_id)
            lock.acquire()
        except DraftLocked as locked:
            tell(f"msq: {locked}", f"To read it anyway: msq open {open_id[:8]} --read-only --plain")
            return EXIT_PROBLEM
        except (DraftError, OSError) as error:
            tell(f"msq: the draft was not opened: {getattr(error, 'strerror', None) or error}")
            return EXIT_PROBLEM
        if lock.notice:
            tell(lock.notice)
    try:
        response = store.load(open_id, questionnaire)
    except (DamagedDraft, DraftError) as error:
        if lock is not None:
            lock.release()
        tell(f"msq: {error}")
        return EXIT_PROBLEM
    said_failed: list[str] = []

    def on_state(state) -> None:
        # From the saver's thread: a save that fails is said at once (and its recovery), not at the end.
        if not opened:
            return
        if state.kind == "failed" and state.reason not in said_failed:
            said_failed.append(state.reason)
            opened[0].say(f"{state.describe()}. Your answers are kept here; :save tries again.")
        elif state.kind == "saved" and said_failed:
            said_failed.clear()
            opened[0].say("Saved again: the draft holds every answer.")

    session = DraftSession(store, questionnaire, response, lock, on_state=on_state)
    mode = PlainMode(questionnaire, session, stdin, stdout)
    opened.append(mode)
    try:
        mode.run()
    except (Leave, EndOfInput, KeyboardInterrupt):
        pass
    finally:
        closing = session.close_within(EXIT_SECONDS)
    message = closing.message()
    if message:
        mode.say(f"msq: {message}")
        return EXIT_PROBLEM
    if not session.read_only:
        mode.say(f"Saved draft {open_id[:8]}. Open it again with: msq open {open_id[:8]}")
    return EXIT_OK
