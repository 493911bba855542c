"""ctrl+q: save, then quit; while the disk keeps the save waiting, say so; when saving fails, offer another place.

The save runs on the autosave thread: the screen stays alive however long the disk takes, and
the respondent may save a copy elsewhere, quit at once (what is not saved goes to an emergency
copy) or go back to the draft.
"""

import time
from pathlib import Path
from typing import TYPE_CHECKING

from msq_tui.store.session import SaveState
from msq_tui.tui.screens.dialogs import ChoiceDialog, PathDialog
from msq_tui.tui.screens.working import Finished, Working

if TYPE_CHECKING:
    from msq_tui.tui.app import MsqApp

# ctrl+q waits this long for a save in silence, then says it is waiting.
QUIT_QUIET_SECONDS = 1.0
CHECK_SECONDS = 0.1


class Quitting:
    """The app's way out by ctrl+q, with what it waits for."""

    def __init__(self, app: "MsqApp") -> None:
        self.app = app
        self._since: float | None = None  # when ctrl+q began waiting for a save
        self._dialog: ChoiceDialog | None = None  # "Waiting for the disk", once shown

    async def start(self) -> None:
        app = self.app
        if app.session is None:
            app.exit()
            return
        if self._since is not None:
            return  # already waiting for the save
        if app.session.has_unsaved_work:
            app.session.save_soon()
        self._since = time.monotonic()
        self._dialog = None
        self._check()

    def _check(self) -> None:
        """Go once the save has ended; after a moment of waiting, show that msq is waiting."""
        app, since = self.app, self._since
        if since is None:
            return
        session = app.session
        if session is None:
            self._since = None
            app.exit()
            return
        if session.saving:
            if self._dialog is None and time.monotonic() - since >= QUIT_QUIET_SECONDS:
                self._dialog = ChoiceDialog(
                    "Waiting for the disk",
                    f"Saving the draft is taking long: {app.store.drafts_folder} does not answer (a network drive,"
                    " a failing disk?). msq quits as soon as the draft is saved.\n"
                    "Save a copy elsewhere meanwhile, quit now (what is not saved goes to an emergency copy),"
                    " or go back to the draft.",
                    [("elsewhere", "Save elsewhere…"), ("now", "Quit now"), ("back", "Back")],
                    cancel="back",
                )
                app.push_screen(self._dialog, self._waiting_chosen)
            app.set_timer(CHECK_SECONDS, self._check)
            return
        dialog, self._dialog, self._since = self._dialog, None, None
        if dialog is not None and app.screen is dialog:
            dialog.dismiss(None)
        if not session.has_unsaved_work:
            app.close_for_exit()
            app.exit()
            return
        self._offer_failed_quit(session.state)

    def _waiting_chosen(self, choice: str | None) -> None:
        if choice is None:
            return  # the save ended and closed the dialog
        self._since = None
        if choice == "now":
            self.app.close_for_exit()
            self.app.exit()
        elif choice == "elsewhere":
            self.save_elsewhere()

    def _offer_failed_quit(self, state: SaveState) -> None:
        def chosen(choice: str | None) -> None:
            if choice == "quit":
                self.app.close_for_exit()  # one more try, else an emergency copy; the command line says where
                self.app.exit()
            elif choice == "elsewhere":
                self.save_elsewhere()

        self.app.push_screen(
            ChoiceDialog(
                "Your latest answers are not saved",
                f"Saving failed: {state.reason}.\nThe answers are still here. Save a copy elsewhere (another disk, a USB stick), or stay and free some space; msq keeps retrying."
                " Quitting now leaves an emergency copy in the first place that takes it.",
                [("elsewhere", "Save elsewhere…"), ("stay", "Stay"), ("quit", "Quit without saving")],
                cancel="stay",
            ),
            chosen,
        )

    def save_elsewhere(self) -> None:
        """Ask for a path and write a copy of the draft there (when its own folder refuses)."""
        app, session = self.app, self.app.session
        if session is None:
            return
        default = str(Path.home() / f"msq-draft-{session.response_id[:8]}.json")

        def saved(finished: Finished[None] | None, path: Path) -> None:
            if finished is None or not finished.ok:
                error = finished.error if finished else None
                reason = getattr(error, "strerror", None) or error
                app.notify(f"Not saved to {path}: {reason}", severity="error", timeout=15)
                return
            app.notify(
                f"Saved a copy to {path}. Import it with `msq import` or i on the start screen.", timeout=10
            )

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            # Another disk may be slow too (a USB stick, a network share): written off the UI thread.
            app.push_screen(
                Working(f"Saving a copy to {path}…", lambda: session.save_copy(path), expected=(OSError,)),
                lambda finished: saved(finished, path),
            )

        app.push_screen(
            PathDialog("Save a copy elsewhere", "Where to write the draft (a JSON file):", default), chosen
        )
