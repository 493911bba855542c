"""Sign-off, export with its e-mail file, and reopening: run by the questionnaire and the review screens.

Each flow asks with a typed dialog on the screen that runs it, then does its disk work (signing
and saving the signed draft, writing the submission files, the e-mail file, saving a reopened
revision) in a worker behind a `Working` dialog; the result comes back as a `Finished` and the
flow says what happened. Nothing is written on the UI thread.
"""

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual.screen import Screen

from msq_tui.model.answers import Response
from msq_tui.store.session import DraftSession, SaveState
from msq_tui.tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from msq_tui.tui.screens.signoff_dialog import SignOffChoice, SignOffDialog
from msq_tui.tui.screens.working import Finished, Working

if TYPE_CHECKING:
    from msq_tui.tui.app import MsqApp


def _app(screen: Screen) -> "MsqApp":
    return cast("MsqApp", screen.app)


def sign_off_refusal(app: "MsqApp", session: DraftSession) -> str | None:
    """Why this draft cannot be signed off now (errors stand), or None."""
    from msq_tui.model.validation import errors, validate_response

    blocking = errors(validate_response(app.questionnaire, session.response))
    if not blocking:
        return None
    count = len(blocking)
    return (
        f"Sign-off is blocked by {count} error{'s' if count != 1 else ''}, listed first on the review screen"
        " (ctrl+r); Enter on one goes to it."
    )


def sign_off(screen: Screen) -> None:
    """The sign-off dialog; then the signed revision is signed with the key (if any) and saved, in a worker."""
    from msq_tui.model.validation import validate_response
    from msq_tui.store.keys import KeyStore
    from msq_tui.submission.signing import SigningError
    from msq_tui.submission.signoff import SignOffBlocked, signer_from_contact
    from msq_tui.submission.signoff import sign_off as signed_off_response

    app, session = _app(screen), _app(screen).session
    if session is None or session.read_only or session.response.is_signed:
        return
    from msq_tui.tui.agency_flows import is_part_draft, sign_off_part

    if is_part_draft(session.response):  # an agency's part: no authorisation to publish
        sign_off_part(app)
        return
    refusal = sign_off_refusal(app, session)
    if refusal is not None:
        app.notify(refusal, severity="warning", timeout=8)
        return
    questionnaire = app.questionnaire
    problems = validate_response(questionnaire, session.response)
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

    def chosen(choice: SignOffChoice | None) -> None:
        if choice is None or app.session is not session:
            return
        try:
            signed = signed_off_response(questionnaire, session.response, choice.signer, choice.publish)
        except (SignOffBlocked, ValueError) as error:
            app.notify(str(error), severity="error", timeout=10)
            return

        def sign_and_save() -> SaveState:
            if choice.secret_key is not None:
                # The files export will write, signed now; the signatures wait in the msq home.
                from msq_tui.submission.document import sealed, submission_document
                from msq_tui.submission.signed import sign_submission

                sign_submission(sealed(submission_document(questionnaire, signed)), choice.secret_key, keys)
            return session.replace_response(signed)

        screen.app.push_screen(
            Working(
                f"Signing off revision {signed.revision}…", sign_and_save, expected=(OSError, SigningError)
            ),
            lambda finished: _signed_off(app, finished, signed),
        )

    keys = KeyStore()
    dialog = SignOffDialog(
        session.response.revision,
        signer_from_contact(questionnaire, session.response),
        questionnaire.questionnaire.authorisation,
        unanswered,
        keys if keys.has_key() else None,
        warning=warning,
    )
    screen.app.push_screen(dialog, chosen)


def _signed_off(app: "MsqApp", finished: Finished[SaveState] | None, signed: Response) -> None:
    if finished is None or finished.value is None:
        error = finished.error if finished else None
        app.notify(
            f"Not signed off: the signature could not be stored ({error}).", severity="error", timeout=15
        )
        return
    if finished.value.kind == "failed":
        app.notify(
            f"Signed off, but not saved yet: {finished.value.reason}. msq keeps retrying.",
            severity="error",
            timeout=15,
        )
    shown = app.show_draft_again()
    if shown is not None:
        # From the app, not from the screen that ran the sign-off: that screen has just closed.
        app.call_later(_offer_export, shown, signed)


def _offer_export(screen: Screen, signed: Response) -> None:
    def chosen(choice: str | None) -> None:
        if choice == "export":
            export(screen)

    screen.app.push_screen(
        ChoiceDialog(
            "Signed off",
            f"Revision {signed.revision} is signed off and read-only. Write the submission files (JSON and TOML) for DPIDG now?",
            [("export", "Export"), ("later", "Later")],
            cancel="later",
        ),
        chosen,
    )


def export(screen: Screen) -> None:
    """Write the submission files in a worker; then offer the e-mail file."""
    from msq_tui.store.keys import KeyStore
    from msq_tui.submission.document import grouped, submission_fingerprint
    from msq_tui.submission.export import ExportRefused, default_export_folder
    from msq_tui.submission.export import export as export_files

    app, session = _app(screen), _app(screen).session
    if session is None:
        return
    from msq_tui.tui.agency_flows import export_part, is_part_draft

    if is_part_draft(session.response):  # an agency's draft writes its part file
        export_part(app)
        return
    questionnaire, response = app.questionnaire, session.response  # signed off: it changes no more
    folder = default_export_folder()

    def write() -> tuple[list[Path], str, list[Path]]:
        from msq_tui.submission.signing import signature_path_of

        paths = export_files(questionnaire, response, folder, keys=KeyStore())
        signatures = [signature_path_of(path) for path in paths]
        signatures = [path for path in signatures if path.exists()]
        return paths, submission_fingerprint(questionnaire, response), signatures

    def exported(finished: Finished[tuple[list[Path], str, list[Path]]] | None) -> None:
        if finished is None or finished.value is None:
            error = finished.error if finished else None
            if isinstance(error, ExportRefused):
                app.notify(str(error), severity="warning", timeout=10)
            else:
                reason = getattr(error, "strerror", None) or error
                app.notify(
                    f"Not exported: {folder} refused the files ({reason}).", severity="error", timeout=15
                )
            return
        paths, fingerprint, signatures = finished.value
        listing = "\n".join(f"  {path}" for path in (*paths, *signatures))
        # Two lines of eight groups, each indented: 16 groups wrapped in the dialog at 13, the
        # last three under the label, where a reader on the phone lost the place.
        groups = grouped(fingerprint).split(" ")
        read_aloud = "\n".join(
            "  " + " ".join(groups[index : index + 8]) for index in range(0, len(groups), 8)
        )
        # As `msq export` says it: the official learns it here, not first from the e-mail.
        unsigned = (
            "Unsigned: no signature was made at sign-off, so nothing in these files shows who made them.\n\n"
            if len(signatures) < len(paths)
            else ""
        )

        def chosen(choice: str | None) -> None:
            if choice == "email":
                write_email(screen, paths)

        screen.app.push_screen(
            ChoiceDialog(
                "Exported",
                f"Wrote:\n{listing}\n\n{unsigned}Fingerprint (SHA-256):\n{read_aloud}\n\n"
                f"Write an e-mail file to {questionnaire.questionnaire.contact_email} with both files attached? msq sends nothing itself.",
                [("email", "Write e-mail file"), ("done", "Done")],
                cancel="done",
            ),
            chosen,
        )

    screen.app.push_screen(
        Working(f"Writing the submission files to {folder}…", write, expected=(ExportRefused, OSError)),
        exported,
    )


def write_email(screen: Screen, paths: list[Path]) -> None:
    """Write the e-mail file (both submission files attached) next to them, in a worker."""
    from msq_tui.files.atomic import write_atomic
    from msq_tui.store.keys import KeyStore
    from msq_tui.store.questionnaires import known_questionnaires
    from msq_tui.submission.email_file import submission_email
    from msq_tui.submission.signed import signatures_to_attach
    from msq_tui.submission.signing import SigningError
    from msq_tui.submission.verify import SubmissionError, read_submission_file

    app = _app(screen)
    recipient = app.questionnaire.questionnaire.contact_email or "dpidg@un.org"

    def write() -> Path:
        submission = read_submission_file(paths[0], known_questionnaires())
        files = {path.suffix.lstrip("."): (path.name, path.read_bytes()) for path in paths}
        try:
            signatures = signatures_to_attach(paths[0].parent, submission.document, files, KeyStore())
        except SigningError:
            signatures = {}  # one that does not hold is not attached; the e-mail then says the files are unsigned
        target = paths[0].with_suffix(".eml")
        write_atomic(
            target, submission_email(submission, files, recipient, signatures=signatures), mode=0o644
        )
        return target

    def written(finished: Finished[Path] | None) -> None:
        if finished is None or finished.value is None:
            app.notify(
                f"No e-mail file written: {finished.error if finished else ''}", severity="error", timeout=15
            )
            return
        app.notify(f"Wrote {finished.value}. Open it in your mail program and send it.", timeout=15)

    screen.app.push_screen(
        Working("Writing the e-mail file…", write, expected=(SubmissionError, OSError)), written
    )


def reopen(screen: Screen) -> None:
    """Ask, then make and save a new revision to edit (in a worker), and show it."""
    from msq_tui.submission.signoff import reopen as reopened_response

    app, session = _app(screen), _app(screen).session
    if session is None or session.read_only or not session.response.is_signed:
        return

    def save_new_revision() -> Response:
        reopened = reopened_response(session.response)
        session.replace_response(reopened)
        return reopened

    def reopened(finished: Finished[Response] | None) -> None:
        if finished is None or finished.value is None:
            app.notify(f"Not reopened: {finished.error if finished else ''}", severity="error", timeout=15)
            return
        app.show_draft_again()
        app.notify(
            f"Revision {finished.value.revision} is open for editing; sign it off again when done.", timeout=8
        )

    def confirmed(choice: str | None) -> None:
        if choice != "yes" or app.session is not session:
            return
        screen.app.push_screen(Working("Reopening…", save_new_revision), reopened)

    revision = session.response.revision
    screen.app.push_screen(
        ConfirmDialog(
            "Reopen for a new revision?",
            f"Revision {revision} stays signed off in the files already exported. The new revision {revision + 1} can be edited and must be signed off again.",
            confirm="Reopen",
            refuse="Cancel",
        ),
        confirmed,
    )
