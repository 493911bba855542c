"""Reading and verifying a submission file: its format, its digest, its questionnaire, and the response it holds."""

import json
import tomllib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from msq_tui.files import strict_json, strict_toml
from msq_tui.files.input_files import InputFileError, read_input_file
from msq_tui.model.answers import Response, answer_of, answers_read_once, dump_answer, utc_now
from msq_tui.model.countries import country_by_iso3
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds import kind_of
from msq_tui.model.kinds.base import Question
from msq_tui.model.submitted import left_out
from msq_tui.model.validation import errors, validate_response
from msq_tui.submission.document import (
    SUBMISSION_FORMAT,
    SUBMISSION_FORMAT_VERSION,
    SealedSubmission,
    digest,
)

MAX_SUBMISSION_BYTES = 20_000_000


Cause = Literal[
    "unreadable",
    "not-submission",
    "damaged",
    "changed",
    "unknown-version",
    "unknown-questionnaire",
    "does-not-fit",
    "not-signed",
]


class SubmissionError(Exception):
    """Why a file is not an intact submission; `cause` is one of `Cause`."""

    def __init__(self, cause: Cause, message: str):
        super().__init__(message)
        self.cause = cause


@dataclass(frozen=True)
class Submission:
    """A submission read from a file, its integrity checked."""

    document: dict[str, Any]
    fingerprint: str
    questionnaire: Questionnaire
    response: Response  # the answers as a response (signed when the file is)
    path: Path | None = None

    @property
    def country_name(self) -> str:
        return self.document["country"]["name"]


def parse_file(data: bytes, name: str = "the file") -> dict[str, Any]:
    """The document in a JSON or TOML file; SubmissionError when it cannot be read as either."""
    if len(data) > MAX_SUBMISSION_BYTES:
        raise SubmissionError(
            "unreadable", f"{name} is {len(data):,} bytes; a submission is a few hundred KB at most"
        )
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise SubmissionError(
            "unreadable", f"{name} is not UTF-8 text: it is not a submission (a binary file?)"
        ) from None
    stripped = text.lstrip()
    if not stripped:
        raise SubmissionError(
            "damaged", f"{name} is empty: it was not saved or downloaded whole; ask the sender for it again"
        )
    try:
        if stripped.startswith("{") or stripped.startswith("["):
            document = _json_or_toml_table(text)
        else:
            document = strict_toml.loads(text)
    except RecursionError:
        raise SubmissionError("damaged", f"{name} is nested too deeply to be a submission") from None
    except json.JSONDecodeError as error:
        raise SubmissionError(
            "damaged",
            f"{name} is damaged: not valid JSON (line {error.lineno}: {error.msg}); it may have been cut short",
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise SubmissionError("damaged", f"{name} is damaged: not valid TOML or JSON ({error})") from None
    except ValueError as error:
        raise SubmissionError("damaged", f"{name} is damaged: {error}") from None
    if not isinstance(document, dict):
        raise SubmissionError("not-submission", f"{name} is not an msq submission")
    return document


def _json_or_toml_table(text: str) -> Any:
    """JSON, or a TOML file that opens with a table ("[editor]"): read as JSON alone, such a file
    was called "not valid JSON ... cut short". A damaged JSON still says what is wrong as JSON."""
    try:
        return strict_json.loads(text)
    except json.JSONDecodeError:
        if text.lstrip().startswith("["):
            try:
                return strict_toml.loads(text)
            except (tomllib.TOMLDecodeError, ValueError):
                pass
        raise


# The other files msq writes, by their "format", with what to do with one instead (a coordinator
# sends an agency's part to DPIDG by mistake; an assessor drops a draft into the inbox).
OTHER_MSQ_FILES = {
    "msq-response": "it looks like an msq draft: import it with `msq import`",
    "msq-part": "it is an agency's part of a response: the coordinator merges it into the draft with"
    " `msq merge`, signs off, and sends the exported submission",
    "msq-assignment": "it is an assignment of questions to an agency: the agency opens it with `msq import`",
    "msq-definitions": "it is a questionnaire's definitions: install it with `msq questionnaires add`",
}


def read_submission(
    data: bytes,
    questionnaires: dict[tuple[str, str], Questionnaire],
    name: str = "the file",
    require_signoff: bool = True,
) -> Submission:
    """Check a submission's bytes completely; SubmissionError names the first cause found."""
    document = parse_file(data, name)
    if document.get("format") != SUBMISSION_FORMAT:
        hint = OTHER_MSQ_FILES.get(str(document.get("format")))
        raise SubmissionError(
            "not-submission", f"{name} is not an msq submission" + (f" ({hint})" if hint else "")
        )
    version = document.get("format_version")
    if version != SUBMISSION_FORMAT_VERSION:
        raise SubmissionError(
            "unknown-version",
            f"{name} has submission format version {version!r}; this msq reads version {SUBMISSION_FORMAT_VERSION}. Update msq-tui to read it",
        )
    try:
        parsed = SealedSubmission.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(step) for step in first["loc"])
        raise SubmissionError(
            "damaged", f"{name} is damaged: its field '{where}' is wrong ({first['msg']})"
        ) from None
    key = (parsed.questionnaire.id, parsed.questionnaire.version)
    questionnaire = questionnaires.get(key)
    if questionnaire is None:
        known = ", ".join(f"{i} {v}" for i, v in questionnaires)
        raise SubmissionError(
            "unknown-questionnaire",
            f"{name} answers questionnaire {key[0]} {key[1]}, which this msq does not know (it knows {known})",
        )
    try:
        expected = digest(document)
    except Exception as error:  # a value canonical JSON cannot hold (a TOML float nan, a date)
        raise SubmissionError(
            "damaged", f"{name} is damaged: it holds a value a submission cannot ({error})"
        ) from None
    if expected != parsed.integrity.digest:
        raise SubmissionError(
            "changed",
            f"{name} was changed after it was exported: its content does not match its integrity digest."
            " Ask the sender for the original file",
        )
    if require_signoff and parsed.signoff is None:
        raise SubmissionError("not-signed", f"{name} is not signed off")
    with answers_read_once():  # judged in many ways, each answer is read once
        response = _response_from(parsed, document, questionnaire, name)
    return Submission(document, parsed.integrity.digest, questionnaire, response)


def _response_from(
    parsed: SealedSubmission, document: dict[str, Any], questionnaire: Questionnaire, name: str
) -> Response:
    country = country_by_iso3(parsed.country.iso3)
    if country is None or country.iso3 != parsed.country.iso3 or country.name != parsed.country.name:
        raise SubmissionError(
            "does-not-fit",
            f"{name} names a country that is not a UN Member State as the table has it: {parsed.country.iso3} {parsed.country.name!r}",
        )
    problems: list[str] = []
    answers: dict[str, Any] = {}
    for question_id, value in parsed.answers.items():
        question = questionnaire.questions_by_id.get(question_id)
        if question is None:
            problems.append(
                f"an answer to '{question_id}', which is not a question of {questionnaire.questionnaire.short_title}"
            )
            continue
        try:
            answers[question_id] = dump_answer(question, answer_of(question, value))
        except ValidationError:
            problems.append(f"the answer to {questionnaire.name_of(question)} does not fit it")
    signoff = None
    if parsed.signoff is not None:
        block = parsed.signoff
        if block.revision != parsed.revision:
            problems.append(
                f"the sign-off is for revision {block.revision}, the file is revision {parsed.revision}"
            )
        signoff = block.signoff()
    if problems:
        raise SubmissionError(
            "does-not-fit", f"{name} has answers that do not fit the definitions: " + "; ".join(problems)
        )
    response = Response(
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        questionnaire_title=questionnaire.questionnaire.short_title,
        response_id=uuid.UUID(parsed.response_id),
        country=parsed.country.iso3,
        status="signed" if signoff is not None else "draft",
        revision=parsed.revision,
        answers=answers,
        signoff=signoff,
        created=signoff.signed_at if signoff else utc_now(),
        updated=signoff.signed_at if signoff else utc_now(),
    )
    blocking = errors(validate_response(questionnaire, response))
    if blocking and signoff is not None:
        raise SubmissionError(
            "does-not-fit",
            f"{name} has answers that do not fit the definitions: "
            + "; ".join(p.message for p in blocking[:5]),
        )
    if signoff is not None:
        # A signed submission holds no more than the export's rule submits.
        extra = [
            _describe_left_out(questionnaire, question, part)
            for question in questionnaire.questions()
            for part in left_out(questionnaire, question, response.answers)
        ]
        if extra:
            raise SubmissionError(
                "does-not-fit",
                f"{name} holds what a submission leaves out, so msq's export did not write it: {'; '.join(extra[:5])}{'; ...' if len(extra) > 5 else ''}",
            )
    return response


def _describe_left_out(questionnaire: Questionnaire, question: Question, part: str | None) -> str:
    name = questionnaire.name_of(question)
    if part is None:
        return f"the answer to {name}, which its skip logic hides"
    return kind_of(question).describe_left_out(question, part, name)


def read_submission_file(
    path: Path, questionnaires: dict[tuple[str, str], Questionnaire], require_signoff: bool = True
) -> Submission:
    name = str(path)
    try:
        data = read_input_file(path, MAX_SUBMISSION_BYTES, "a submission file")
    except InputFileError as error:
        raise SubmissionError("unreadable", str(error)) from None
    if path.suffix.lower() == ".eml":  # read as TOML, a mail was called "damaged"
        raise SubmissionError(
            "not-submission",
            f"{name} is a saved e-mail, not a submission file: save its .json attachment (with the"
            " .minisig beside it) and give that; `msq collect` reads the attachments of saved mails",
        )
    submission = read_submission(data, questionnaires, name, require_signoff)
    return Submission(
        submission.document, submission.fingerprint, submission.questionnaire, submission.response, path
    )
