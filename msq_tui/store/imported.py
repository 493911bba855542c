"""The rules an imported file passes on its way in: it becomes an editable draft, judged like any other.

A sign-off is made only by `submission.sign_off`, which judges the answers and the signer first. A
file can claim one without that judgement (a draft file saying `"status": "signed"` with a made-up
signer and answers that break the rules), so an import never keeps one: it comes in as the next
revision, to check and sign off again, with a line saying so. What the form does not ask for is
kept aside as unmapped answers (`fitting`), and the errors to fix are counted.
"""

from dataclasses import dataclass

from msq_tui.model.answers import Response
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.fitting import fit_response
from msq_tui.model.validation import errors, validate_response


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
