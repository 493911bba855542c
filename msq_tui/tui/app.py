"""The msq application: opens drafts, runs the autosave clock, and saves on every way out.

Ways out: ctrl+q (saves, warns when saving failed, says so while the disk keeps it waiting),
SIGTERM and SIGHUP (the terminal closed or the SSH link dropped; Textual does not catch them, so
msq does, on a thread of its own), and any crash (the caller closes the session in a `finally`).
A signal ends msq within EXIT_SECONDS whatever the disk does: what cannot be saved in time goes
to an emergency copy (emergency.py), and the command line says where.
"""

import asyncio
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.filter import LineFilter
from textual.notifications import SeverityLevel

from msq_tui.model.definitions import Questionnaire
from msq_tui.store.drafts import DraftStore
from msq_tui.store.errors import DamagedDraft, DraftError, DraftLocked
from msq_tui.store.session import Closing, DraftSession, SaveState
from msq_tui.tui.keys import KeysInOrder
from msq_tui.tui.quitting import Quitting
from msq_tui.tui.safe_output import DropControlCharacters
from msq_tui.tui.screens.questionnaire import QuestionnaireScreen

if TYPE_CHECKING:
    from msq_tui.store.exit_signals import ExitSignalWatcher

TICK_SECONDS = 0.1
# A signal ends the process this long after it arrived, whatever happens meanwhile.
EXIT_SECONDS = 4.5
# Of which closing the draft (its save, else an emergency copy) may take this much.
CLOSE_SECONDS = 3.5
# How long the UI thread has to take up a signal before the signal's own thread closes the draft.
UI_GRACE_SECONDS = 1.0


class MsqApp(KeysInOrder[None]):
    """Answer the MSQ by keyboard, in any terminal, with no network."""

    TITLE = "msq"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True, tooltip="Save and quit"),
        Binding(
            "ctrl+t",
            "toggle_theme",
            "Theme",
            show=False,
            id="app.theme",
            tooltip="Switch between the dark and the light theme",
        ),
    ]

    def __init__(
        self,
        questionnaire: Questionnaire,
        store: DraftStore,
        open_id: str | None = None,
        new_country: str | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.store = store
        self._open_id = open_id
        self._new_country = new_country
        self._read_only_start = read_only
        self.session: DraftSession | None = None
        self._ui_thread: int | None = None
        self.theme = "textual-dark"
        self.exit_message: str | None = None
        self.crash: tuple[BaseException, Path | None] | None = None  # an unexpected error, and its report
        self.closed_state: SaveState | None = None  # how the draft open at the end was saved
        self.closing: Closing | None = None  # how it was closed, with any emergency copy
        self._exit_message_lock = threading.Lock()
        self._exit_message_taken = False
        self._signal_watcher: ExitSignalWatcher | None = None
        self._event_loop: asyncio.AbstractEventLoop | None = None
        self.quitting = Quitting(self)  # ctrl+q, and what it waits for
        self._drop_control_characters = DropControlCharacters()

    # -- What reaches the terminal ------------------------------------------------------------------

    def get_driver_class(self):
        # Alt keys typed together with others (alt+n, then an arrow) read as keys, not as '^n'.
        from msq_tui.tui.terminal_input import install_alt_keys_parser

        install_alt_keys_parser()
        return super().get_driver_class()

    def get_line_filters(self) -> list[LineFilter]:
        """Textual's filters (NO_COLOR and the like), then ours: no control character is drawn."""
        return [*super().get_line_filters(), self._drop_control_characters]

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is plain text: messages quote paths, answers and errors, never markup.

        Widgets' and screens' `notify` pass Textual's default (markup on) through here, so it is
        turned off whatever they pass; msq writes no markup in a notification.
        """
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- Start-up ---------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._ui_thread = threading.get_ident()
        self._install_signal_handlers()
        try:
            self.store.prepare()
        except OSError as error:
            self.notify(
                f"The drafts folder {self.store.home} cannot be prepared: {error.strerror or error}",
                severity="error",
                timeout=15,
            )
        self.set_interval(TICK_SECONDS, self._tick, name="autosave")
        # Opening a draft straight away does not build the list of drafts first (start-up time);
        # the list is built when the draft is closed.
        if self._new_country:
            self.create_and_open(self._new_country)
        elif self._open_id:
            self.open_draft(self._open_id, read_only=self._read_only_start)
        else:
            self.show_start()

    def show_start(self, select: str | None = None) -> None:
        """The list of drafts: refreshed when it is there, built when it is not."""
        from msq_tui.tui.screens.start import StartScreen  # only when it is shown: start-up time

        if any(isinstance(screen, StartScreen) for screen in self.screen_stack):
            self.refresh_drafts(select)
        else:
            self.push_screen(StartScreen())

    def run(self, *args, **kwargs):
        """Run in a terminal, the exit signals watched from before Textual starts its own threads.

        Signals are blocked in the main thread and so in every thread started after it; a thread
        started before would take them with their default action (ending msq on the spot).
        """
        from msq_tui.store.exit_signals import ExitSignalWatcher

        self._signal_watcher = ExitSignalWatcher(self._signal_arrived)
        self._signal_watcher.start()
        try:
            return super().run(*args, **kwargs)
        finally:
            if self._signal_watcher is not None:
                self._signal_watcher.stop()
                self._signal_watcher = None

    def _install_signal_handlers(self) -> None:
        self._event_loop = asyncio.get_running_loop()  # where a signal's thread hands the signal to

    def _signal_arrived(self, signal_number: int) -> None:
        """On the signal's own thread: the terminal is gone or we were asked to stop."""
        # First the timer, so that msq ends in time even if saving or drawing the way out hangs.
        timer = threading.Timer(EXIT_SECONDS, self._hard_exit, (128 + signal_number,))
        timer.daemon = True
        timer.start()
        taken_up = threading.Event()
        loop = self._event_loop
        try:
            if loop is not None:
                loop.call_soon_threadsafe(self._end_on_signal, signal_number, taken_up)
        except RuntimeError:
            pass  # the loop has ended
        if not taken_up.wait(UI_GRACE_SECONDS):
            # The UI thread does not answer (waiting for the disk, most likely), so it is not
            # changing the answers either: close the draft from here, in the time left.
            self.close_for_exit(EXIT_SECONDS - UI_GRACE_SECONDS - 0.4)

    def _end_on_signal(self, signal_number: int, taken_up: threading.Event | None = None) -> None:
        """On the UI thread: save what was typed (or an emergency copy), then leave."""
        if taken_up is not None:
            taken_up.set()
        self.close_for_exit()
        self.exit(return_code=128 + signal_number)

    def close_for_exit(self, seconds: float = CLOSE_SECONDS) -> Closing | None:
        """Close the open draft within ``seconds`` whatever the disk does (from any thread); how it went."""
        session = self.session
        if session is not None:
            self.closing = session.close_within(seconds)
            self.closed_state = self.closing.state
            self.session = None
        return self.closing

    def take_exit_message(self) -> str | None:
        """What the way out must say about the draft (an emergency copy, a failed save), given once."""
        with self._exit_message_lock:
            if self._exit_message_taken or self.closing is None:
                return None
            message = self.closing.message()
            if message is not None:
                self._exit_message_taken = True
            return message

    def _hard_exit(self, return_code: int) -> None:
        """The way out did not end in time: say what must be said about the draft, and end."""
        import sys

        message = self.take_exit_message()
        try:
            stream = sys.__stderr__
            if stream is not None:
                if stream.isatty():
                    # Leave the alternate screen, show the cursor, stop mouse reports: the driver had no time to.
                    stream.write("\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?25h\x1b[?1049l")
                if message:
                    stream.write(f"msq: {message}\n")
                stream.flush()
        except (OSError, ValueError):
            pass  # the terminal is gone
        os._exit(return_code)

    def _tick(self) -> None:
        if self.session is not None:
            self.session.tick()

    # -- Save state, from any thread -------------------------------------------------------------

    def _state_changed(self, state: SaveState) -> None:
        if threading.get_ident() == self._ui_thread:
            self._show_state(state)
        else:
            try:
                self.call_from_thread(self._show_state, state)
            except RuntimeError:
                pass  # the app is closing

    def _show_state(self, state: SaveState) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, QuestionnaireScreen):
                screen.show_save_state(state)

    # -- Drafts -----------------------------------------------------------------------------------

    def create_and_open(self, iso3: str, questionnaire: Questionnaire | None = None) -> None:
        try:
            response = self.store.create(questionnaire or self.questionnaire, iso3)
        except (OSError, DraftError) as error:
            self.notify(
                f"The new draft could not be saved in {self.store.drafts_folder}: {getattr(error, 'strerror', None) or error}",
                severity="error",
                timeout=15,
            )
            return
        self.open_draft(str(response.response_id))

    def open_draft(self, response_id: str, read_only: bool = False) -> None:
        """Open a draft: take its lock, load it, show it. Problems become dialogs, never crashes."""
        if self.session is not None:
            self.close_draft()
        lock = None
        if not read_only:
            try:
                lock = self.store.lock(response_id)
                lock.acquire()
            except DraftLocked as locked:
                from msq_tui.tui.screens import draft_flows  # only when needed: start-up time

                draft_flows.offer_read_only(self, response_id, str(locked))
                return
            except (DraftError, OSError) as error:  # no lock can be taken there: say why, open nothing
                self.notify(
                    f"The draft was not opened: {getattr(error, 'strerror', None) or error}",
                    severity="error",
                    timeout=15,
                )
                self.show_start()
                return
            if lock.notice:
                self.notify(lock.notice, severity="warning", timeout=20)
        try:
            response = self.store.load(response_id, self.questionnaire)
        except DamagedDraft as damaged:
            if lock is not None:
                lock.release()
            from msq_tui.tui.screens import draft_flows

            draft_flows.offer_backup(self, response_id, damaged)
            return
        except DraftError as error:
            if lock is not None:
                lock.release()
            self.notify(str(error), severity="error", timeout=15)
            self.show_start()
            return
        # The draft's own questionnaire, whatever the last one was: it opens with nothing else.
        self.questionnaire = self.store.questionnaire_for(response, self.questionnaire)
        self.session = DraftSession(
            self.store, self.questionnaire, response, lock, on_state=self._state_changed
        )
        from msq_tui.tui.carried import announce_carried

        # Before the screen is shown: its first focus sets the position that says the draft was opened.
        announce_carried(self, response, read_only=self.session.read_only)
        self.push_screen(QuestionnaireScreen(self.session))

    def close_draft(self) -> None:
        """Save and close the open draft, back to the list."""
        if self.session is None:
            return
        # Bounded, as at exit: a disk that does not answer cannot hold the screen, and what it
        # refuses goes to an emergency copy, listed on the start screen.
        closing = self.session.close_within(CLOSE_SECONDS)
        if closing.state.kind == "failed":
            kept = (
                f" Everything typed is in the emergency copy {closing.emergency}: r brings it back."
                if closing.emergency
                else ""
            )
            self.notify(
                f"The draft could not be saved: {closing.state.reason}.{kept}",
                severity="error",
                timeout=15,
            )
        self.session = None
        from msq_tui.tui.screens.start import StartScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, StartScreen):
            self.pop_screen()
        self.show_start()

    def refresh_drafts(self, select: str | None = None) -> None:
        """The list of drafts shows what is on disk now (and the cursor on ``select``)."""
        from msq_tui.tui.screens.start import StartScreen

        for screen in self.screen_stack:
            if isinstance(screen, StartScreen):
                screen.refresh_drafts(select)

    def show_draft_again(self) -> QuestionnaireScreen | None:
        """The open draft, shown anew (sign-off and reopening change what may be edited).

        The session stays open (no disk work): the screens over the draft close, and a new
        questionnaire screen takes the old one's place. Returns it, for a flow to go on there.
        """
        if self.session is None:
            return None
        while len(self.screen_stack) > 1 and not isinstance(self.screen, QuestionnaireScreen):
            self.pop_screen()
        screen = QuestionnaireScreen(self.session)
        if isinstance(self.screen, QuestionnaireScreen):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        return screen

    # -- Ways out ---------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Save, then quit; while the disk keeps the save waiting, say so; when saving fails, offer another place."""
        await self.quitting.start()

    def _fatal_error(self) -> None:
        # Textual's own handling prints the traceback, with local variables (pieces of answers
        # among them), when the app ends. Instead: a report file, and a message from the
        # command line once the draft is saved (see cli._run_app).
        from msq_tui.store.crash import write_crash_report

        error = self._exception
        if error is None:
            super()._fatal_error()
            return
        self.crash = (error, write_crash_report(error, self.store.home))
        self.bell()
        self._close_messages_no_wait()

    def get_system_commands(self, screen):
        """The palette's commands on every screen: msq's own, not Textual's developer tools.

        Textual offers screenshots, maximizing, a key panel and "quit as soon as possible"
        (which does not save); a respondent needs none of them.
        """
        from textual.app import SystemCommand

        yield SystemCommand(
            "Theme: dark or light",
            "Switch between the dark and the light theme (ctrl+t)",
            self.action_toggle_theme,
        )
        yield SystemCommand("Quit, saving first", "Save the draft and leave msq (ctrl+q)", self.action_quit)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def on_unmount(self) -> None:
        self.close_for_exit()  # for the command line to report; bounded, whatever the disk does
