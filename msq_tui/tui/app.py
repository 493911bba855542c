"""The msq application: opens drafts, runs the autosave clock, and saves on every way out.

Ways out: ctrl+q (saves, warns when saving failed, says so while the disk keeps it waiting),
SIGTERM and SIGHUP (the terminal closed or the SSH link dropped; Textual does not catch them, so
msq does, on a thread of its own), and any crash (the caller closes the session in a `finally`).
A signal ends msq within EXIT_SECONDS whatever the disk does: what cannot be saved in time goes
to an emergency copy (emergency.py), and the command line says where.
"""

import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.binding import Binding
from textual.filter import LineFilter
from textual.notifications import SeverityLevel

from msq_tui.model.countries import Country
from msq_tui.model.definitions import Questionnaire
from msq_tui.store.drafts import DraftStore, DraftSummary
from msq_tui.store.errors import DamagedDraft, DraftError, DraftLocked
from msq_tui.store.session import Closing, DraftSession, SaveState
from msq_tui.tui.keys import KeysInOrder
from msq_tui.tui.safe_output import DropControlCharacters
from msq_tui.tui.screens.questionnaire import QuestionnaireScreen

if TYPE_CHECKING:
    import asyncio

    from msq_tui.store.exit_signals import ExitSignalWatcher

TICK_SECONDS = 0.1
# A signal ends the process this long after it arrived, whatever happens meanwhile.
EXIT_SECONDS = 4.5
# Of which closing the draft (its save, else an emergency copy) may take this much.
CLOSE_SECONDS = 3.5
# How long the UI thread has to take up a signal before the signal's own thread closes the draft.
UI_GRACE_SECONDS = 1.0
# ctrl+q waits this long for a save in silence, then says it is waiting.
QUIT_QUIET_SECONDS = 1.0


class MsqApp(KeysInOrder, App[None]):
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
        self._last_deleted: str | None = None  # the draft that undo brings back
        self._quit_waiting: dict | None = None  # ctrl+q waiting for a save: since when, and its dialog
        self._drop_control_characters = DropControlCharacters()

    # -- What reaches the terminal ------------------------------------------------------------------

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
            self._refresh_start(select)
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
        import asyncio

        self._event_loop = asyncio.get_running_loop()  # where a signal's thread hands the signal to

    def _signal_arrived(self, signal_number: int) -> None:
        """On the signal's own thread: the terminal is gone or we were asked to stop."""
        # First the timer, so that msq ends in time even if saving or drawing the way out hangs.
        timer = threading.Timer(EXIT_SECONDS, self._hard_exit, (128 + signal_number,))
        timer.daemon = True
        timer.start()
        taken_up = threading.Event()
        try:
            self._event_loop.call_soon_threadsafe(self._end_on_signal, signal_number, taken_up)  # type: ignore[union-attr]
        except (AttributeError, RuntimeError):
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

    def new_response(self) -> None:
        from msq_tui.tui.screens.dialogs import CountryPicker

        def ask_country(questionnaire: Questionnaire | None) -> None:
            def chosen(country: Country | None) -> None:
                if country is not None and questionnaire is not None:
                    self.create_and_open(country.iso3, questionnaire)

            if questionnaire is not None:
                self.push_screen(CountryPicker(), chosen)

        library = self.store.questionnaires
        if len(library.entries()) > 1:  # several editions installed: which one first
            from msq_tui.tui.screens.questionnaire_picker import QuestionnairePicker

            self.push_screen(QuestionnairePicker(library.entries(), library.default()), ask_country)
        else:
            ask_country(self.questionnaire)

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
                self._offer_read_only(response_id, str(locked))
                return
            except (DraftError, OSError) as error:  # no lock can be taken there: say why, open nothing
                self.notify(
                    f"The draft was not opened: {getattr(error, 'strerror', None) or error}",
                    severity="error",
                    timeout=15,
                    markup=False,
                )
                self.show_start()
                return
            if lock.notice:
                self.notify(lock.notice, severity="warning", timeout=20, markup=False)
        try:
            response = self.store.load(response_id, self.questionnaire)
        except DamagedDraft as damaged:
            if lock is not None:
                lock.release()
            self._offer_backup(response_id, damaged)
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
        self.push_screen(QuestionnaireScreen(self.session))
        from msq_tui.tui.carried import announce_carried

        announce_carried(self, response)

    def _offer_read_only(self, response_id: str, message: str) -> None:
        from msq_tui.tui.screens.dialogs import ChoiceDialog

        def chosen(choice: str | None) -> None:
            if choice == "read-only":
                self.open_draft(response_id, read_only=True)
            elif choice == "quit":
                self.exit()
            else:
                self.show_start()

        self.push_screen(
            ChoiceDialog(
                "This draft is open elsewhere",
                message,
                [("read-only", "View read-only"), ("back", "Back to drafts"), ("quit", "Quit")],
                cancel="back",
            ),
            chosen,
        )

    def _offer_backup(self, response_id: str, damaged: DamagedDraft) -> None:
        from msq_tui.tui.screens.dialogs import ChoiceDialog

        self.show_start()
        if damaged.backup is None:
            self.push_screen(ChoiceDialog("The draft could not be opened", str(damaged), [("ok", "OK")]))
            return

        def chosen(choice: str | None) -> None:
            if choice == "backup":
                try:
                    self.store.recover_from_backup(response_id, self.questionnaire)
                except (DraftError, OSError) as error:
                    self.notify(str(error), severity="error", timeout=15)
                    return
                self.open_draft(response_id)

        self.push_screen(
            ChoiceDialog(
                "The draft could not be opened",
                str(damaged),
                [("backup", "Open the backup"), ("back", "Back to drafts")],
                cancel="back",
            ),
            chosen,
        )

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
                markup=False,
            )
        self.session = None
        from msq_tui.tui.screens.start import StartScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, StartScreen):
            self.pop_screen()
        self.show_start()

    def _refresh_start(self, select: str | None = None) -> None:
        from msq_tui.tui.screens.start import StartScreen

        for screen in self.screen_stack:
            if isinstance(screen, StartScreen):
                screen.refresh_drafts(select)

    def import_draft(self) -> None:
        from msq_tui.tui.screens.dialogs import PathDialog

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            from msq_tui.tui.agency_flows import import_agency_file

            if import_agency_file(self, path):  # an assignment to answer, or a part to merge
                return
            try:
                imported = self.store.import_file(path, self.questionnaire)
            except (DraftError, OSError) as error:
                self.notify(str(error), severity="error", timeout=15)
                return
            notes = "".join(f"\n{note}" for note in imported.notes)  # a sign-off dropped, answers kept aside
            self.notify(f"Imported {path} as a draft.{notes}", timeout=15 if notes else 5)
            self._refresh_start(str(imported.response.response_id))

        self.push_screen(
            PathDialog(
                "Import a draft",
                "The path of a draft file (JSON), for example one a colleague sent you; an assignment to answer;"
                " or an agency's part to merge:",
            ),
            chosen,
        )

    def delete_draft(self, summary: DraftSummary) -> None:
        from msq_tui.tui.screens.dialogs import ConfirmDialog

        def confirmed(choice: str | None) -> None:
            if choice != "yes":
                return
            try:
                lock = self.store.lock(summary.response_id)
                with lock:
                    target = self.store.delete(summary.response_id)
            except DraftLocked as locked:
                self.notify(f"Not deleted: {locked}", severity="warning", timeout=10)
                return
            except (DraftError, OSError) as error:
                self.notify(f"Not deleted: {error}", severity="error", timeout=10)
                return
            self._last_deleted = summary.response_id
            self.notify(f"Moved to {target.parent}. Press u to bring it back.", timeout=8)
            self._refresh_start()

        self.push_screen(
            ConfirmDialog(
                "Delete this draft?",
                f"{summary.country_name}, {summary.answered}/{summary.asked} answered.\nIt goes to the trash folder, from where u brings it back.",
                confirm="Delete",
                refuse="Keep",
                dangerous=True,
            ),
            confirmed,
        )

    def undelete_draft(self) -> None:
        deleted = self.store.deleted()
        if not deleted:
            self.notify("There is no deleted draft to bring back.", timeout=4)
            return
        response_id = getattr(self, "_last_deleted", None) or deleted[0][0]
        try:
            self.store.undelete(response_id)
        except (DraftError, OSError) as error:
            self.notify(str(error), severity="error", timeout=10)
            return
        self._last_deleted = None
        self.notify("The draft is back.", timeout=4)
        self._refresh_start(response_id)

    def show_history(self, summary: DraftSummary) -> None:
        from msq_tui.tui.screens.dialogs import ChoiceDialog

        entries = self.store.history(summary.response_id, self.questionnaire)
        if not entries:
            self.notify("This draft has no earlier saved states yet.", timeout=4)
            return
        choices = [
            (
                str(entry.number),
                f"{entry.number}: {entry.saved.astimezone().strftime('%Y-%m-%d %H:%M')} ({entry.answered} answered)",
            )
            for entry in entries[:6]
        ]

        def chosen(choice: str | None) -> None:
            if not choice or not choice.isdigit():
                return
            try:
                with self.store.lock(summary.response_id):
                    self.store.restore(summary.response_id, int(choice), self.questionnaire)
            except (DraftError, OSError) as error:
                self.notify(f"Not restored: {error}", severity="error", timeout=10)
                return
            self.notify(
                "Restored. The state it replaced is in the history, so this can be undone.", timeout=8
            )
            self._refresh_start(summary.response_id)

        self.push_screen(
            ChoiceDialog(
                "Bring back an earlier state",
                f"{summary.country_name}: choose a saved state. The current state is kept in the history.\n"
                f"All {len(entries)} states: msq history {summary.response_id[:8]}",
                [*choices, ("cancel", "Cancel")],
                cancel="cancel",
            ),
            chosen,
        )

    # -- Sign-off, export, reopen -------------------------------------------------------------------

    def _reshow(self) -> None:
        """Show the open draft again (after sign-off or reopening changed what may be edited)."""
        if self.session is None:
            return
        response_id = self.session.response_id
        self.close_draft()
        self.open_draft(response_id)

    def sign_off_current(self, review=None) -> None:
        from msq_tui.model.validation import errors, validate_response
        from msq_tui.submission.document import sealed, submission_document
        from msq_tui.submission.signed import sign_submission
        from msq_tui.submission.signing import KeyStore, SigningError
        from msq_tui.submission.signoff import SignOffBlocked, sign_off, signer_from_contact
        from msq_tui.tui.screens.dialogs import ChoiceDialog, SignOffDialog

        session = self.session
        if session is None or session.read_only or session.response.is_signed:
            return
        from msq_tui.tui.agency_flows import is_part_draft, sign_off_part

        if is_part_draft(session.response):  # an agency's part: no authorisation to publish
            sign_off_part(self, review)
            return
        problems = validate_response(self.questionnaire, session.response)
        blocking = errors(problems)
        if blocking:
            self.notify(
                f"Sign-off is blocked by {len(blocking)} error{'s' if len(blocking) != 1 else ''}, listed first on the review screen (ctrl+r); Enter on one goes to it.",
                severity="warning",
                timeout=8,
            )
            return
        unanswered = sum(1 for problem in problems if problem.code == "unanswered")
        carried = sum(1 for problem in problems if problem.code == "carried")
        # A warning, not a block: the signer may have read them elsewhere.
        warning = (
            f"Warning: {carried} answer{'s' if carried != 1 else ''} carried from"
            f" {session.response.carried_from or 'an earlier response'} {'are' if carried != 1 else 'is'}"
            " not yet reviewed (the review lists them); signing off sends them as they are."
            if carried
            else ""
        )

        def chosen(result) -> None:
            if result is None or self.session is None:
                return
            signer, publish, secret_key = result
            try:
                signed = sign_off(self.questionnaire, self.session.response, signer, publish)
                if (
                    secret_key is not None
                ):  # the files export will write, signed now; the signatures wait in the msq home
                    sign_submission(sealed(submission_document(self.questionnaire, signed)), secret_key)
            except (SignOffBlocked, ValueError) as error:
                self.notify(str(error), severity="error", timeout=10)
                return
            except (OSError, SigningError) as error:
                self.notify(
                    f"Not signed off: the signature could not be stored ({error}).",
                    severity="error",
                    timeout=15,
                )
                return
            state = self.session.replace_response(signed)
            if state.kind == "failed":
                self.notify(
                    f"Signed off, but not saved yet: {state.reason}. msq keeps retrying.",
                    severity="error",
                    timeout=15,
                )
            if review is not None and review.is_attached:
                review.dismiss(None)
            self._reshow()
            self.push_screen(
                ChoiceDialog(
                    "Signed off",
                    f"Revision {signed.revision} is signed off and read-only. Write the submission files (JSON and TOML) for DPIDG now?",
                    [("export", "Export"), ("later", "Later")],
                    cancel="later",
                ),
                lambda choice: self.export_current() if choice == "export" else None,
            )

        signer = signer_from_contact(self.questionnaire, session.response)
        keys = KeyStore()
        dialog = SignOffDialog(
            session.response.revision,
            signer,
            self.questionnaire.questionnaire.authorisation,
            unanswered,
            keys if keys.has_key() else None,
            warning=warning,
        )
        self.push_screen(dialog, chosen)

    def export_current(self) -> None:
        from msq_tui.submission.document import grouped, submission_fingerprint
        from msq_tui.submission.export import ExportRefused, default_export_folder, export
        from msq_tui.tui.screens.dialogs import ChoiceDialog

        session = self.session
        if session is None:
            return
        from msq_tui.tui.agency_flows import export_part, is_part_draft

        if is_part_draft(session.response):  # an agency's draft writes its part file
            export_part(self)
            return
        folder = default_export_folder()
        try:
            paths = export(self.questionnaire, session.response, folder)
        except ExportRefused as refused:
            self.notify(str(refused), severity="warning", timeout=10)
            return
        except OSError as error:
            self.notify(
                f"Not exported: {folder} refused the files ({error.strerror or error}).",
                severity="error",
                timeout=15,
            )
            return
        fingerprint = submission_fingerprint(self.questionnaire, session.response)
        listing = "\n".join(f"  {path}" for path in paths)

        def chosen(choice: str | None) -> None:
            if choice == "email":
                self._write_email(paths)

        self.push_screen(
            ChoiceDialog(
                "Exported",
                f"Wrote:\n{listing}\n\nFingerprint (SHA-256):\n  {grouped(fingerprint)}\n\n"
                f"Write an e-mail file to {self.questionnaire.questionnaire.contact_email} with both files attached? msq sends nothing itself.",
                [("email", "Write e-mail file"), ("done", "Done")],
                cancel="done",
            ),
            chosen,
        )

    def _write_email(self, paths: list[Path]) -> None:
        from msq_tui.files.atomic import write_atomic
        from msq_tui.store.questionnaires import known_questionnaires
        from msq_tui.submission.email_file import submission_email
        from msq_tui.submission.verify import SubmissionError, read_submission_file

        try:
            submission = read_submission_file(paths[0], known_questionnaires())
            files = {path.suffix.lstrip("."): (path.name, path.read_bytes()) for path in paths}
            target = paths[0].with_suffix(".eml")
            write_atomic(
                target,
                submission_email(
                    submission, files, self.questionnaire.questionnaire.contact_email or "dpidg@un.org"
                ),
                mode=0o644,
            )
        except (SubmissionError, OSError) as error:
            self.notify(f"No e-mail file written: {error}", severity="error", timeout=15)
            return
        self.notify(f"Wrote {target}. Open it in your mail program and send it.", timeout=15)

    def reopen_current(self, review=None) -> None:
        from msq_tui.submission.signoff import reopen
        from msq_tui.tui.screens.dialogs import ConfirmDialog

        session = self.session
        if session is None or session.read_only or not session.response.is_signed:
            return

        def confirmed(choice: str | None) -> None:
            if choice != "yes" or self.session is None:
                return
            reopened = reopen(self.session.response)
            self.session.replace_response(reopened)
            if review is not None and review.is_attached:
                review.dismiss(None)
            self._reshow()
            self.notify(
                f"Revision {reopened.revision} is open for editing; sign it off again when done.", timeout=8
            )

        revision = session.response.revision
        self.push_screen(
            ConfirmDialog(
                "Reopen for a new revision?",
                f"Revision {revision} stays signed off in the files already exported. The new revision {revision + 1} can be edited and must be signed off again.",
                confirm="Reopen",
                refuse="Cancel",
            ),
            confirmed,
        )

    # -- Ways out ---------------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Save, then quit; while the disk keeps the save waiting, say so; when saving fails, offer another place.

        The save runs on the autosave thread: the screen stays alive however long the disk takes.
        """
        if self.session is None:
            self.exit()
            return
        if self._quit_waiting is not None:
            return  # already waiting for the save
        if self.session.has_unsaved_work:
            self.session.save_soon()
        self._quit_waiting = {"since": time.monotonic(), "dialog": None}
        self._check_quit()

    def _check_quit(self) -> None:
        """Quitting: go once the save has ended; after a moment of waiting, show that msq is waiting."""
        from msq_tui.tui.screens.dialogs import ChoiceDialog

        waiting, session = self._quit_waiting, self.session
        if waiting is None:
            return
        if session is None:
            self._quit_waiting = None
            self.exit()
            return
        if session.saving:
            if waiting["dialog"] is None and time.monotonic() - waiting["since"] >= QUIT_QUIET_SECONDS:
                dialog = ChoiceDialog(
                    "Waiting for the disk",
                    f"Saving the draft is taking long: {self.store.drafts_folder} does not answer (a network drive,"
                    " a failing disk?). msq quits as soon as the draft is saved.\n"
                    "Save a copy elsewhere meanwhile, quit now (what is not saved goes to an emergency copy),"
                    " or go back to the draft.",
                    [("elsewhere", "Save elsewhere…"), ("now", "Quit now"), ("back", "Back")],
                    cancel="back",
                )
                waiting["dialog"] = dialog
                self.push_screen(dialog, self._waiting_chosen)
            self.set_timer(0.1, self._check_quit)
            return
        dialog = waiting["dialog"]
        self._quit_waiting = None
        if dialog is not None and self.screen is dialog:
            dialog.dismiss(None)
        if not session.has_unsaved_work:
            self.close_for_exit()
            self.exit()
            return
        self._offer_failed_quit(session.state)

    def _waiting_chosen(self, choice: str | None) -> None:
        if choice is None:
            return  # the save ended and closed the dialog
        self._quit_waiting = None
        if choice == "now":
            self.close_for_exit()
            self.exit()
        elif choice == "elsewhere":
            self._save_elsewhere()

    def _offer_failed_quit(self, state: SaveState) -> None:
        from msq_tui.tui.screens.dialogs import ChoiceDialog

        def chosen(choice: str | None) -> None:
            if choice == "quit":
                self.close_for_exit()  # one more try, else an emergency copy; the command line says where
                self.exit()
            elif choice == "elsewhere":
                self._save_elsewhere()

        self.push_screen(
            ChoiceDialog(
                "Your latest answers are not saved",
                f"Saving failed: {state.reason}.\nThe answers are still here. Save a copy elsewhere (another disk, a USB stick), or stay and free some space; msq keeps retrying."
                " Quitting now leaves an emergency copy in the first place that takes it.",
                [("elsewhere", "Save elsewhere…"), ("stay", "Stay"), ("quit", "Quit without saving")],
                cancel="stay",
            ),
            chosen,
        )

    def _save_elsewhere(self) -> None:
        from msq_tui.tui.screens.dialogs import PathDialog

        session = self.session
        if session is None:
            return
        default = str(Path.home() / f"msq-draft-{session.response_id[:8]}.json")

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            try:
                session.save_copy(path)
            except OSError as error:
                self.notify(f"Not saved to {path}: {error.strerror or error}", severity="error", timeout=15)
                return
            self.notify(
                f"Saved a copy to {path}. Import it with `msq import` or i on the start screen.", timeout=10
            )

        self.push_screen(
            PathDialog("Save a copy elsewhere", "Where to write the draft (a JSON file):", default), chosen
        )

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
