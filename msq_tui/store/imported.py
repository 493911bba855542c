"""The rules an imported file passes on its way in: it becomes an editable draft, judged like any other.

A sign-off is made only by `submission.sign_off`, which judges the answers and the signer first. A
file can claim one without that judgement (a draft file saying `"status": "signed"` with a made-up
signer and answers that break the rules), so an import never keeps one: it comes in as the next
revision, to check and sign off again, with a line saying so. What the form does not ask for is
kept aside as unmapped answers (`fitting`), and the errors to fix are counted. `import_file` is
the way in: a submission (JSON or TOML, signed or not) or a draft file, read and saved as a draft.
"""

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from msq_tui.model.answers import Position, Response, utc_now
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.fitting import fit_response
from msq_tui.model.validation import errors, validate_response
from msq_tui.store.draft_files import MAX_DRAFT_BYTES, parse_draft
from msq_tui.store.errors import DraftError, DraftNotFound

if TYPE_CHECKING:
    from msq_tui.store.drafts import DraftStore


@dataclass(frozen=True)
class ImportedDraft:
    """The draft an import made, and what the person importing it should know (one line each)."""

    response: Response
    notes: tuple[str, ...] = ()


def admit(response: Response, questionnaire: Questionnaire, from_submission: bool) -> ImportedDraft:
    """``response``, read from an imported file, as the editable draft it becomes."""
    notes: list[str] = []
    if response.status == "signed" or response.signoff is not None:
        revision = response.revision
        response = response.model_copy(update={"status": "draft", "signoff": None, "revision": revision + 1})
        if from_submission:
            notes.append(
                f"Its sign-off (revision {revision}) stays with the file; the draft is revision {revision + 1}, to edit and sign off again."
            )
        else:
            notes.append(
                f"Its sign-off (revision {revision}) was dropped, as a draft file's sign-off is not taken on trust:"
                f" it is an editable draft, revision {revision + 1}, to check and sign off again."
            )
    before = len(response.unmapped)
    response = fit_response(response, questionnaire)
    aside = response.unmapped[before:]
    if aside:
        count = len(aside)
        reasons = "; ".join(item.reason for item in aside[:3]) + ("; ..." if count > 3 else "")
        notes.append(
            f"{count} answer{'s' if count != 1 else ''} the form does not ask for {'are' if count != 1 else 'is'} kept aside"
            f" as unmapped, listed on the review screen: {reasons}."
        )
    blocking = errors(validate_response(questionnaire, response))
    if blocking:
        count = len(blocking)
        notes.append(
            f"It has {count} error{'s' if count != 1 else ''} to fix before sign-off, listed first on the review screen (ctrl+r)."
        )
    return ImportedDraft(response, tuple(notes))


def import_file(store: "DraftStore", source: Path, questionnaire: Questionnaire) -> ImportedDraft:
    """Make a draft from a submission (JSON or TOML, signed or not) or a draft file; never overwrites.

    The imported draft keeps its response id unless a draft with that id is here already, in
    which case it gets a new one. It is always an editable draft (see `admit`).
    """
    from msq_tui.files.input_files import InputFileError, read_input_file

    try:
        data = read_input_file(source, MAX_DRAFT_BYTES, "a draft or submission file")
    except InputFileError as error:
        raise (DraftNotFound if error.kind == "missing" else DraftError)(
            f"{error}. Nothing was imported"
        ) from None
    from msq_tui.submission.document import SUBMISSION_FORMAT
    from msq_tui.submission.verify import SubmissionError, parse_file, read_submission

    try:
        document = parse_file(data, str(source))
    except SubmissionError as error:
        raise DraftError(f"{error}. Nothing was imported") from None
    if document.get("format") == SUBMISSION_FORMAT:
        try:
            submission = read_submission(
                data,
                {(questionnaire.id, questionnaire.version): questionnaire, **store.questionnaires.known()},
                str(source),
                require_signoff=False,
            )
        except SubmissionError as error:
            raise DraftError(f"{error}. Nothing was imported") from None
        # A signed file comes in as the next revision, to continue; the file stays valid.
        imported = admit(submission.response, submission.questionnaire, from_submission=True)
    else:
        try:
            draft = parse_draft(data)
            imported = admit(draft, store.questionnaire_for(draft, questionnaire), from_submission=False)
        except DraftError as error:
            raise DraftError(f"{source} cannot be imported: {error}. Nothing was imported") from None
        except ValueError as error:
            raise DraftError(f"{source} cannot be imported: {error}. Nothing was imported") from None
    response = imported.response
    if store.path(str(response.response_id)).exists():
        response = response.model_copy(update={"response_id": uuid.uuid4()})
    store.prepare()
    response = response.model_copy(update={"updated": utc_now(), "position": Position()})
    store.save(response)
    return ImportedDraft(response, imported.notes)
