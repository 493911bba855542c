"""What the start screen does with drafts: new, import, delete and undelete, history, emergency copies;
and what opening a draft offers when it is locked or damaged.

Each flow is a function of the start screen that runs it: it asks with a typed dialog, does the
disk work in a worker (importing, deleting, undeleting, restoring, bringing back an emergency
copy; see working.py), says what happened, and the list then shows the drafts as they are on disk.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from msq_tui.model.answers import Response
from msq_tui.model.countries import Country
from msq_tui.model.definitions import Questionnaire
from msq_tui.store.drafts import DraftSummary
from msq_tui.store.emergency import EmergencyCopy
from msq_tui.store.errors import DamagedDraft, DraftError, DraftLocked
from msq_tui.store.imported import ImportedDraft
from msq_tui.tui.screens.dialogs import ChoiceDialog, ConfirmDialog, CountryPicker, PathDialog
from msq_tui.tui.screens.working import Finished, Working

if TYPE_CHECKING:
    from msq_tui.tui.app import MsqApp
    from msq_tui.tui.screens.start import StartScreen

DISK_ERRORS = (DraftError, OSError)


def _reason(error: BaseException | None) -> str:
    return str(getattr(error, "strerror", None) or error)


def new_response(screen: "StartScreen") -> None:
    """Pick the edition (when several are installed) and the country, then make the draft and open it."""
    app = screen.msq

    def ask_country(questionnaire: Questionnaire | None) -> None:
        def chosen(country: Country | None) -> None:
            if country is not None and questionnaire is not None:
                app.create_and_open(country.iso3, questionnaire)

        if questionnaire is not None:
            screen.app.push_screen(CountryPicker(), chosen)

    library = app.store.questionnaires
    if len(library.entries()) > 1:  # several editions installed: which one first
        from msq_tui.tui.screens.questionnaire_picker import QuestionnairePicker

        screen.app.push_screen(QuestionnairePicker(library.entries(), library.default()), ask_country)
    else:
        ask_country(app.questionnaire)


def import_draft(screen: "StartScreen") -> None:
    """Ask for a file and make a draft of it (never overwriting one), in a worker."""
    app = screen.msq

    def imported(finished: Finished[ImportedDraft] | None, path: Path) -> None:
        if finished is None or finished.value is None:
            app.notify(str(finished.error if finished else "Not imported."), severity="error", timeout=15)
            return
        draft = finished.value
        notes = "".join(f"\n{note}" for note in draft.notes)  # a sign-off dropped, answers kept aside
        app.notify(f"Imported {path} as a draft.{notes}", timeout=15 if notes else 5)
        app.refresh_drafts(str(draft.response.response_id))

    def chosen(path: Path | None) -> None:
        if path is None:
            return
        from msq_tui.tui.agency_flows import import_agency_file

        if import_agency_file(app, path):  # an assignment to answer, or a part to merge
            return
        screen.app.push_screen(
            Working(
                f"Importing {path}…",
                lambda: app.store.import_file(path, app.questionnaire),
                expected=DISK_ERRORS,
            ),
            lambda finished: imported(finished, path),
        )

    screen.app.push_screen(
        PathDialog(
            "Import a draft",
            "The path of a draft file (JSON), for example one a colleague sent you; an assignment to answer;"
            " or an agency's part to merge:",
        ),
        chosen,
    )


def delete_draft(screen: "StartScreen", summary: DraftSummary) -> None:
    """Ask, then move the draft to the trash (from where u brings it back)."""
    app = screen.msq

    def remove() -> Path:
        with app.store.lock(summary.response_id):
            return app.store.delete(summary.response_id)

    def removed(finished: Finished[Path] | None) -> None:
        if finished is None or finished.value is None:
            error = finished.error if finished else None
            locked = isinstance(error, DraftLocked)  # open in another msq: nothing wrong with the disk
            app.notify(f"Not deleted: {error}", severity="warning" if locked else "error", timeout=10)
            return
        screen.last_deleted = summary.response_id
        app.notify(f"Moved to {finished.value.parent}. Press u to bring it back.", timeout=8)
        app.refresh_drafts()

    def confirmed(choice: str | None) -> None:
        if choice == "yes":
            screen.app.push_screen(
                Working("Moving the draft to the trash…", remove, expected=DISK_ERRORS), removed
            )

    screen.app.push_screen(
        ConfirmDialog(
            "Delete this draft?",
            f"{summary.country_name}, {summary.answered}/{summary.asked} answered.\nIt goes to the trash folder, from where u brings it back.",
            confirm="Delete",
            refuse="Keep",
            dangerous=True,
        ),
        confirmed,
    )


def undelete_draft(screen: "StartScreen") -> None:
    """Bring back the draft deleted last here (else the newest in the trash)."""
    app = screen.msq
    deleted = app.store.deleted()
    if not deleted:
        app.notify("There is no deleted draft to bring back.", timeout=4)
        return
    response_id = screen.last_deleted or deleted[0][0]

    def brought_back(finished: Finished[Path] | None) -> None:
        if finished is None or finished.value is None:
            app.notify(str(finished.error if finished else "Not brought back."), severity="error", timeout=10)
            return
        screen.last_deleted = None
        app.notify("The draft is back.", timeout=4)
        app.refresh_drafts(response_id)

    screen.app.push_screen(
        Working(
            "Bringing the draft back from the trash…",
            lambda: app.store.undelete(response_id),
            expected=DISK_ERRORS,
        ),
        brought_back,
    )


def show_history(screen: "StartScreen", summary: DraftSummary) -> None:
    """Offer the draft's earlier saved states; the one chosen is restored in a worker."""
    app = screen.msq
    entries = app.store.history(summary.response_id, app.questionnaire)
    if not entries:
        app.notify("This draft has no earlier saved states yet.", timeout=4)
        return
    choices = [
        (
            str(entry.number),
            f"{entry.number}: {entry.saved.astimezone().strftime('%Y-%m-%d %H:%M')} ({entry.answered} answered)",
        )
        for entry in entries[:6]
    ]

    def restore(number: int) -> Response:
        with app.store.lock(summary.response_id):
            return app.store.restore(summary.response_id, number, app.questionnaire)

    def restored(finished: Finished[Response] | None) -> None:
        if finished is None or not finished.ok:
            app.notify(f"Not restored: {finished.error if finished else ''}", severity="error", timeout=10)
            return
        app.notify("Restored. The state it replaced is in the history, so this can be undone.", timeout=8)
        app.refresh_drafts(summary.response_id)

    def chosen(choice: str | None) -> None:
        if not choice or not choice.isdigit():
            return
        number = int(choice)
        screen.app.push_screen(
            Working(f"Restoring state {number}…", lambda: restore(number), expected=DISK_ERRORS), restored
        )

    screen.app.push_screen(
        ChoiceDialog(
            "Bring back an earlier state",
            f"{summary.country_name}: choose a saved state. The current state is kept in the history.\n"
            f"All {len(entries)} states: msq history {summary.response_id[:8]}",
            [*choices, ("cancel", "Cancel")],
            cancel="cancel",
        ),
        chosen,
    )


def recover_emergency_copy(screen: "StartScreen", copies: list[EmergencyCopy]) -> None:
    """Offer the newest emergency copies; the one chosen becomes its draft again, in a worker."""
    from msq_tui.store.emergency import recover_emergency_copy as recover

    app = screen.msq
    listing = "\n".join(
        f"{number}: {screen.copy_label(copy)}: {copy.path}" for number, copy in enumerate(copies, start=1)
    )
    choices = [
        (str(number), f"{number}: {screen.copy_label(copy)}") for number, copy in enumerate(copies, start=1)
    ]

    def recovered(finished: Finished[Response] | None, copy: EmergencyCopy) -> None:
        if finished is None or finished.value is None:
            error = finished.error if finished else None
            app.notify(f"Not brought back: {_reason(error)}", severity="error", timeout=15)
            return
        app.notify(
            f"Brought back the emergency copy {copy.path} as the draft. The state it replaced is in the history (h).",
            timeout=10,
        )
        app.refresh_drafts(str(finished.value.response_id))

    def chosen(choice: str | None) -> None:
        if not choice or not choice.isdigit():
            return
        copy = copies[int(choice) - 1]
        screen.app.push_screen(
            Working(
                "Bringing back the emergency copy…",
                lambda: recover(app.store, copy, app.questionnaire),
                expected=DISK_ERRORS,
            ),
            lambda finished: recovered(finished, copy),
        )

    screen.app.push_screen(
        ChoiceDialog(
            "Bring back an emergency copy",
            "Each holds the answers of a draft that could not be saved when msq ended. Brought back, it becomes"
            f" that draft again; the draft's state before goes into its history (h), so this can be undone.\n{listing}",
            [*choices, ("cancel", "Cancel")],
            cancel="cancel",
        ),
        chosen,
    )


def offer_read_only(app: "MsqApp", response_id: str, message: str) -> None:
    """The draft is open in another msq: view it read-only, go back to the list, or quit."""

    def chosen(choice: str | None) -> None:
        if choice == "read-only":
            app.open_draft(response_id, read_only=True)
        elif choice == "quit":
            app.exit()
        else:
            app.show_start()

    app.push_screen(
        ChoiceDialog(
            "This draft is open elsewhere",
            message,
            [("read-only", "View read-only"), ("back", "Back to drafts"), ("quit", "Quit")],
            cancel="back",
        ),
        chosen,
    )


def offer_backup(app: "MsqApp", response_id: str, damaged: DamagedDraft) -> None:
    """The draft is damaged: open its backup (when there is one), or go back to the list."""
    app.show_start()
    if damaged.backup is None:
        app.push_screen(ChoiceDialog("The draft could not be opened", str(damaged), [("ok", "OK")]))
        return

    def chosen(choice: str | None) -> None:
        if choice == "backup":
            try:
                app.store.recover_from_backup(response_id, app.questionnaire)
            except (DraftError, OSError) as error:
                app.notify(str(error), severity="error", timeout=15)
                return
            app.open_draft(response_id)

    app.push_screen(
        ChoiceDialog(
            "The draft could not be opened",
            str(damaged),
            [("backup", "Open the backup"), ("back", "Back to drafts")],
            cancel="back",
        ),
        chosen,
    )
