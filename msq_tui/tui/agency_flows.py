"""The agencies' flows in the TUI: hand out, import an assignment, merge a part, decide a conflict,
sign off and export a part. The app calls these from a few hooks; the rules live in `agencies/`."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msq_tui.agencies.documents import ASSIGNMENT_FORMAT, PART_FORMAT, AgencyFileError, format_of
from msq_tui.tui.screens.working import Finished, Working

if TYPE_CHECKING:
    from msq_tui.tui.app import MsqApp


def is_part_draft(response: Any) -> bool:
    return response.collaboration is not None and response.collaboration.answering is not None


def _questionnaires(app: "MsqApp") -> dict:
    """The questionnaires an assignment or a part may answer: those installed, and the app's."""
    from msq_tui.store.questionnaires import known_questionnaires

    known = known_questionnaires()
    known.setdefault((app.questionnaire.id, app.questionnaire.version), app.questionnaire)
    return known


def _save_point(app: "MsqApp", response: Any, then: Callable[[], object]) -> None:
    """Write ``response`` as a history point (restore undoes it) in a worker, then put it in the open
    session and call ``then``; when the disk refuses, say so and change nothing."""
    session = app.session
    assert session is not None

    def saved(finished: Finished[Path] | None) -> None:
        if finished is None or not finished.ok:
            error = finished.error if finished else None
            reason = getattr(error, "strerror", None) or error
            app.notify(f"Not saved: {reason}. Nothing was changed.", severity="error", timeout=15)
            return
        session.replace_response(response)
        then()

    app.push_screen(
        Working("Saving…", lambda: app.store.save_history_point(response), expected=(OSError,)), saved
    )


# -- Handing out ---------------------------------------------------------------------------------


def assign(app: "MsqApp", section_id: str | None = None, review: Any = None) -> None:
    from msq_tui.agencies.assignment import (
        AssignmentError,
        coordinator_name,
        hand_out,
        questions_named,
        write_assignment,
    )
    from msq_tui.submission.export import default_export_folder
    from msq_tui.tui.screens.assign import AssignDialog

    session = app.session
    if session is None or session.read_only:
        return
    if is_part_draft(session.response):
        app.notify(
            "This draft answers an assignment: only the coordinator's draft hands questions out.",
            severity="warning",
        )
        return
    collaboration = session.response.collaboration
    out = collaboration.outstanding() if collaboration else []
    dialog = AssignDialog(section_id or "", default_export_folder(), out)

    def written(
        finished: Finished[Path] | None, updated: Any, assignment: Any, ids: list[str], folder: Path
    ) -> None:
        if finished is None or finished.value is None:
            error = finished.error if finished else None
            reason = getattr(error, "strerror", None) or error
            app.notify(f"Nothing was assigned: {folder} refuses: {reason}", severity="error", timeout=10)
            return

        def said() -> None:
            app.notify(
                f"Wrote {finished.value}: {len(ids)} question{'s' if len(ids) != 1 else ''} for {assignment.agency}."
                " Send it to them; merge their part with Import (i) on the list of drafts.",
                timeout=12,
            )
            if review is not None and review.is_attached:
                review.refresh_review()

        _save_point(app, updated, said)

    def chosen(result: tuple[str, str, Path] | None) -> None:
        if result is None or app.session is None:
            return
        agency, spec, folder = result
        questionnaire = app.questionnaire
        response = app.session.response
        try:
            ids = questions_named(questionnaire, spec)
            updated, assignment = hand_out(
                questionnaire, response, agency, ids, coordinator_name(questionnaire, response)
            )
        except AssignmentError as error:
            app.notify(f"Nothing was assigned: {error}", severity="error", timeout=10)
            return
        # The file is written off the UI thread (a slow or failing disk never freezes the screen).
        app.push_screen(
            Working(
                f"Writing the assignment for {assignment.agency}…",
                lambda: write_assignment(questionnaire, assignment, folder),
                expected=(OSError,),
            ),
            lambda finished: written(finished, updated, assignment, ids, folder),
        )

    app.push_screen(dialog, chosen)


# -- Files that come in --------------------------------------------------------------------------


def import_agency_file(app: "MsqApp", path: Path) -> bool:
    """Import an assignment (a new draft to answer it) or merge a part; False for any other file."""
    kind = format_of(path) if path.is_file() else None
    if kind == ASSIGNMENT_FORMAT:
        _import_assignment(app, path)
        return True
    if kind == PART_FORMAT:
        merge_file(app, path)
        return True
    return False


def _import_assignment(app: "MsqApp", path: Path) -> None:
    from msq_tui.agencies.assignment import agency_draft, read_assignment

    known = _questionnaires(app)

    def make_draft() -> tuple[Any, Any]:  # in a worker: reading the file, writing the new draft
        assignment, questionnaire = read_assignment(path, known)
        response = agency_draft(questionnaire, assignment)
        app.store.prepare()
        app.store.save(response)
        return assignment, response

    def made(finished: Finished[tuple[Any, Any]] | None) -> None:
        if finished is None or finished.value is None:
            error = finished.error if finished else None
            if isinstance(error, AgencyFileError):
                app.notify(f"{error}. Nothing was imported.", severity="error", timeout=15)
            else:
                reason = getattr(error, "strerror", None) or error
                app.notify(f"The draft could not be written: {reason}", severity="error", timeout=15)
            return
        assignment, response = finished.value
        app.notify(
            f"Imported the assignment for {assignment.agency} from {assignment.coordinator}:"
            f" {len(assignment.questions)} questions to answer. Open it with Enter.",
            timeout=10,
        )
        app.show_start(str(response.response_id))

    app.push_screen(
        Working(f"Importing the assignment {path}…", make_draft, expected=(AgencyFileError, OSError)), made
    )


def merge_file(app: "MsqApp", path: Path) -> None:
    """Merge a part file into its draft: the open one, or the one on the list it belongs to.

    Reading the part, merging and writing the history point run in a worker behind a dialog (the
    open draft cannot change meanwhile); the open session takes the merged response after."""
    from msq_tui.agencies.merge import MergeRefused, merge_part
    from msq_tui.agencies.part import read_part
    from msq_tui.store.errors import DraftError

    known = _questionnaires(app)
    session = app.session
    open_response = session.response if session is not None and not session.read_only else None
    open_id = session.response_id if session is not None else None

    def merge() -> tuple[Any, Any, str]:
        part = read_part(path, known)
        target = str(part.content.response_id)
        if open_response is not None and open_id == target:
            outcome = merge_part(app.questionnaire, open_response, part.content)
            if not outcome.no_op:
                app.store.save_history_point(outcome.response)
            return part, outcome, target
        if target not in app.store.ids():
            raise MergeRefused(f"{path.name} answers response {target[:8]}, which is not among your drafts")
        with app.store.lock(target):
            questionnaire = app.store.draft_questionnaire(target, app.questionnaire)
            response = app.store.load(target, questionnaire)
            outcome = merge_part(questionnaire, response, part.content)
            if not outcome.no_op:
                app.store.save_history_point(outcome.response)
        return part, outcome, target

    def merged(finished: Finished[tuple[Any, Any, str]] | None) -> None:
        if finished is None or finished.value is None:
            error = finished.error if finished else None
            reason = (
                error
                if isinstance(error, (AgencyFileError, MergeRefused))
                else getattr(error, "strerror", None) or error
            )
            app.notify(f"Not merged: {reason}", severity="error", timeout=15)
            return
        part, outcome, target = finished.value
        if session is not None and open_id == target and not outcome.no_op:
            session.replace_response(outcome.response)
        _said_merged(app, path, part, outcome, target, session)

    app.push_screen(
        Working(
            f"Merging {path.name}…", merge, expected=(AgencyFileError, MergeRefused, DraftError, OSError)
        ),
        merged,
    )


def _said_merged(app: "MsqApp", path: Path, part: Any, outcome: Any, target: str, session: Any) -> None:
    """Say what the merge did (or why it did nothing), and show the draft it went into."""
    if outcome.no_op:
        app.notify(f"{path.name}: {outcome.no_op}.", timeout=8)
        return
    conflicts = len(outcome.conflicts)
    text = f"Merged {path.name} ({part.content.agency}, r{part.content.revision}): applied {len(outcome.applied)}, conflicts {conflicts}."
    if conflicts:
        text += " Conflicts are listed first on the review (ctrl+r); Enter on one shows both sides."
    from msq_tui.agencies.provenance import collective_proposal

    proposal = collective_proposal(app.questionnaire, outcome.response)
    if proposal:
        text += f"\nProposal: {proposal} (palette: Tick X.1 collectively)."
    app.notify(text, severity="warning" if conflicts else "information", timeout=15)
    if session is not None and session.response_id == target:
        app.show_draft_again()
    else:
        app.show_start(target)


def tick_collective(app: "MsqApp") -> None:
    from msq_tui.agencies.provenance import tick_collective as ticked

    if app.session is None or app.session.read_only or app.session.response.is_signed:
        return
    _save_point(app, ticked(app.questionnaire, app.session.response), app.show_draft_again)


# -- Conflicts -------------------------------------------------------------------------------------


def show_conflict(app: "MsqApp", key: str) -> None:
    from msq_tui.agencies.merge import combination, decide
    from msq_tui.model.answers import Position
    from msq_tui.tui.screens.conflict import ConflictScreen

    session = app.session
    if session is None:
        return
    collaboration = session.response.collaboration
    conflict = collaboration.conflicts.get(key) if collaboration else None
    if conflict is None:
        return
    question = app.questionnaire.question(conflict.question_id)

    def chosen(choice: str | None) -> None:
        if choice is None or app.session is None or app.session.read_only:
            return
        response = app.session.response
        edited = (
            combination(question, response.answers.get(question.id), conflict.agency)
            if choice == "edited"
            else None
        )
        decided = decide(app.questionnaire, response, key, choice, edited)  # type: ignore[arg-type]
        # Shown again at the question decided (the draft opens where its position is).
        section = app.questionnaire.section_of(question.id).id
        decided = decided.model_copy(update={"position": Position(section=section, question=question.id)})

        def shown() -> None:
            app.show_draft_again()
            left = len(decided.collaboration.conflicts) if decided.collaboration else 0
            app.notify(f"Decided. {left} conflict{'s' if left != 1 else ''} left.", timeout=5)

        _save_point(app, decided, shown)

    app.push_screen(
        ConflictScreen(app.questionnaire, conflict, session.response.answers.get(question.id)), chosen
    )


# -- The agency's part -------------------------------------------------------------------------------


def sign_off_part(app: "MsqApp") -> None:
    from msq_tui.agencies.part import part_document, sign_part, sign_part_files
    from msq_tui.model.validation import errors, validate_response
    from msq_tui.store.keys import KeyStore
    from msq_tui.submission.signing import SigningError
    from msq_tui.submission.signoff import SignOffBlocked, signer_from_contact
    from msq_tui.tui.screens.signoff_dialog import SignOffDialog

    session = app.session
    if session is None or session.read_only or session.response.is_signed:
        return
    problems = validate_response(app.questionnaire, session.response)  # its assigned questions only
    blocking = errors(problems)
    if blocking:
        app.notify(
            f"Sign-off is blocked by {len(blocking)} error(s), listed on the review (ctrl+r).",
            severity="warning",
        )
        return
    unanswered = sum(1 for problem in problems if problem.code == "unanswered")  # as the review counts
    from msq_tui.agencies.part import answering as assignment_of

    answering = assignment_of(session.response)

    def chosen(result: Any) -> None:
        if result is None or app.session is None:
            return
        signer, secret_key = result.signer, result.secret_key  # no authorisation to publish asked
        try:
            signed = sign_part(app.questionnaire, app.session.response, signer)
            if secret_key is not None:
                sign_part_files(part_document(app.questionnaire, signed), secret_key)
        except (SignOffBlocked, ValueError) as error:
            app.notify(str(error), severity="error", timeout=10)
            return
        except (OSError, SigningError) as error:
            app.notify(f"Not signed off: the signature could not be stored ({error}).", severity="error")
            return
        app.session.replace_response(signed)
        app.show_draft_again()  # the review, if open, closes with the screens over the draft
        export_part(app)

    keys = KeyStore()
    dialog = SignOffDialog(
        session.response.revision,
        signer_from_contact(app.questionnaire, session.response),
        f"Your part for {answering.coordinator}: {len(answering.questions)} questions. It is not published;"
        " the national sign-off decides that.",
        unanswered,
        keys if keys.has_key() else None,
        ask_publish=False,
    )
    app.push_screen(dialog, chosen)


def export_part(app: "MsqApp") -> None:
    from msq_tui.agencies.part import PartRefused, answering
    from msq_tui.agencies.part import export_part as write_part
    from msq_tui.submission.export import default_export_folder

    session = app.session
    if session is None:
        return
    folder = default_export_folder()
    questionnaire, response = app.questionnaire, session.response
    coordinator = answering(response).coordinator

    def written(finished: Finished[list[Path]] | None) -> None:
        if finished is None or finished.value is None:
            error = finished.error if finished else None
            if isinstance(error, PartRefused):
                app.notify(f"Not exported: {error}", severity="warning", timeout=10)
            else:
                reason = getattr(error, "strerror", None) or error
                app.notify(f"Not exported: {folder} refuses: {reason}", severity="error", timeout=15)
            return
        app.notify(f"Wrote {finished.value[0]} (and .toml). Send it to {coordinator}.", timeout=15)

    app.push_screen(
        Working(
            "Writing the part files…",
            lambda: write_part(questionnaire, response, folder),
            expected=(PartRefused, OSError),
        ),
        written,
    )
