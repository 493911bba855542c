"""Sign-off and the submission file: what DPIDG receives, and how anyone checks it.

A submission is one document, written as JSON and as TOML with the same content: the format, the
questionnaire, the response id and revision, the country, the answers as `submitted` decides
(what applies and shows; empty answers left out, since TOML has no null), the sign-off, and an integrity block
holding the SHA-256 of the RFC 8785 canonical JSON of everything else. The fingerprint is
therefore the same whichever of the two files is checked; it shows an accidental change, not a
deliberate one (anyone can recompute it): the signature (signed_submission.py) shows that.
"""

import hashlib
import json
import re
import tomllib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import strict_json, strict_toml
from .answers import SIGNER_FIELD_LIMIT, Response, SignOff, answer_adapter, answer_of, utc_now
from .countries import country_by_iso3
from .definitions import Questionnaire
from .input_files import InputFileError, read_input_file
from .submitted import left_out, submission_answers
from .validation import Problem, errors, validate_response

SUBMISSION_FORMAT = "msq-submission"
SUBMISSION_FORMAT_VERSION = 1
MAX_SUBMISSION_BYTES = 20_000_000
DIGEST_ALGORITHM = "sha256"
CANONICALIZATION = "RFC 8785"


# -- Sign-off ----------------------------------------------------------------------------------


class SignOffBlocked(Exception):
    """Sign-off refused while errors stand; `problems` lists them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        lines = "\n".join(f"  - {problem.message}" for problem in problems)
        super().__init__(f"Sign-off is blocked by {count} error{'s' if count != 1 else ''}; fix {'it' if count == 1 else 'them'} first:\n{lines}")


@dataclass(frozen=True)
class Signer:
    name: str
    title: str
    organization: str
    email: str


def signer_from_contact(questionnaire: Questionnaire, response: Response) -> Signer:
    """The signer's details as the contact section gives them (for pre-filling)."""
    question = questionnaire.questions_by_id.get("contact")
    card = response.answer(question) if question is not None else None
    if card is None:
        return Signer("", "", "", "")
    return Signer(card.name.strip(), card.title.strip(), card.organization.strip(), card.email.strip())


# Characters that break a line or control a terminal: a sign-off holding one would split the
# From line of the e-mail, or print differently from what was signed.
_CONTROL_CATEGORIES = ("Cc", "Zl", "Zp")
_CONTROL_NAMES = {"\r": "a line break (CR)", "\n": "a line break (LF)", "\t": "a tab", "\x1b": "an escape character (ESC)"}


def control_character(text: str) -> str | None:
    """The first line break or other control character in ``text``, named for a message; None when none."""
    import unicodedata

    for character in text:
        if unicodedata.category(character) in _CONTROL_CATEGORIES:
            return _CONTROL_NAMES.get(character, f"a control character (U+{ord(character):04X})")
    return None


def one_line(text: str) -> str:
    """``text`` with line breaks and control characters as single spaces (for a mail header)."""
    import unicodedata

    return " ".join("".join(" " if unicodedata.category(c) in _CONTROL_CATEGORIES else c for c in text).split())


def signer_problems(signer: Signer) -> list[str]:
    """What is missing or wrong in the signer's details."""
    from .contact_checks import email_problem

    fields = (("name", signer.name), ("title", signer.title), ("organization", signer.organization), ("e-mail", signer.email))
    messages = [f"the signer's {label} is missing" for label, value in fields if not value.strip()]
    for label, value in fields:
        found = control_character(value.strip())  # a line break at either end is trimmed anyway
        if found:
            messages.append(f"the signer's {label} holds {found}: give it on one line, without control characters")
        if len(value.strip()) > SIGNER_FIELD_LIMIT:
            messages.append(f"the signer's {label} is {len(value.strip()):,} characters long: {SIGNER_FIELD_LIMIT} at most")
    if signer.email.strip() and not control_character(signer.email.strip()):
        reason = email_problem(signer.email)
        if reason:
            messages.append(f"the signer's e-mail: {reason}")
    return messages


def sign_off(questionnaire: Questionnaire, response: Response, signer: Signer, publish: bool, now: datetime | None = None) -> Response:
    """The response signed off: read-only, with its signer and time. Raises SignOffBlocked or ValueError."""
    if response.is_signed:
        raise ValueError(f"revision {response.revision} is signed off already; reopen it to make a new revision")
    blocking = errors(validate_response(questionnaire, response))
    if blocking:
        raise SignOffBlocked(blocking)
    wrong = signer_problems(signer)
    if wrong:
        text = "; ".join(wrong)
        raise ValueError(text[:1].upper() + text[1:])
    moment = (now or utc_now()).astimezone(UTC).replace(microsecond=0)
    signoff = SignOff(
        name=signer.name.strip(),
        title=signer.title.strip(),
        organization=signer.organization.strip(),
        email=signer.email.strip(),
        publish=publish,
        signed_at=moment,
        revision=response.revision,
    )
    return response.model_copy(update={"status": "signed", "signoff": signoff, "updated": moment})


def signed_response_problems(questionnaire: Questionnaire, response: Response) -> list[str]:
    """Why a response marked signed off may not be sealed, judged again from scratch (an imported
    or hand-edited draft may claim a sign-off that `sign_off` would have refused)."""
    if response.signoff is None:
        return ["it has no sign-off"]
    signoff = response.signoff
    reasons = [problem.message for problem in errors(validate_response(questionnaire, response))]
    reasons += [reason[:1].upper() + reason[1:] for reason in signer_problems(Signer(signoff.name, signoff.title, signoff.organization, signoff.email))]
    if signoff.revision != response.revision:
        reasons.append(f"The sign-off is for revision {signoff.revision}, the draft is revision {response.revision}")
    return reasons


def reopen(response: Response) -> Response:
    """A new revision to edit; it must be signed off again. Earlier exports stay valid."""
    if not response.is_signed:
        return response
    return response.model_copy(update={"status": "draft", "signoff": None, "revision": response.revision + 1, "updated": utc_now()})


# -- The document --------------------------------------------------------------------------------


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def exported_answers(questionnaire: Questionnaire, response: Response) -> dict[str, Any]:
    """The answers a submission of ``response`` holds (the rule is `submitted.submission_answers`)."""
    return submission_answers(questionnaire, response.answers)


def submission_document(questionnaire: Questionnaire, response: Response) -> dict[str, Any]:
    """The submission without its integrity block (what the digest covers)."""
    country = country_by_iso3(response.country)
    document: dict[str, Any] = {
        "format": SUBMISSION_FORMAT,
        "format_version": SUBMISSION_FORMAT_VERSION,
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version, "title": questionnaire.title},
        "response_id": str(response.response_id),
        "revision": response.revision,
        "country": {"iso3": response.country, "name": country.name if country else response.country},
        "answers": exported_answers(questionnaire, response),
    }
    if response.signoff is not None:
        signoff = response.signoff
        document["signoff"] = {
            "name": signoff.name,
            "title": signoff.title,
            "organization": signoff.organization,
            "email": signoff.email,
            "publish": signoff.publish,
            "signed_at": rfc3339(signoff.signed_at),
            "revision": signoff.revision,
        }
    return document


def canonical(document: dict[str, Any]) -> bytes:
    import rfc8785

    return rfc8785.dumps(document)


def digest(document: dict[str, Any]) -> str:
    """The SHA-256 of the RFC 8785 canonical JSON of the document without its integrity block."""
    body = {key: value for key, value in document.items() if key != "integrity"}
    return hashlib.sha256(canonical(body)).hexdigest()


def sealed(document: dict[str, Any]) -> dict[str, Any]:
    return {**document, "integrity": {"algorithm": DIGEST_ALGORITHM, "canonicalization": CANONICALIZATION, "digest": digest(document)}}


def grouped(fingerprint: str) -> str:
    """64 hex digits in groups of four, to read aloud on the phone."""
    return " ".join(fingerprint[index : index + 4] for index in range(0, len(fingerprint), 4))


def to_json(document: dict[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def to_toml(document: dict[str, Any]) -> bytes:
    import tomli_w

    header = (
        f"# {document['questionnaire']['title']}\n"
        f"# Response of {document['country']['name']}, revision {document['revision']}.\n"
        "# `msq verify` checks it against its integrity digest (which shows accidental changes only)\n"
        "# and, given the sender's public key, against its signature FILE.minisig (which shows who made it).\n\n"
    )
    # Long answers read best as multi-line strings, but a TOML reader turns a CR LF inside one
    # into LF: then the TOML would no longer hold what the JSON holds. Texts with a CR are
    # written escaped, on one line, so both files always carry the same characters.
    multiline = not _holds_carriage_return(document)
    return (header + tomli_w.dumps(document, multiline_strings=multiline)).encode("utf-8")


def _holds_carriage_return(value: Any) -> bool:
    if isinstance(value, str):
        return "\r" in value
    if isinstance(value, dict):
        return any(_holds_carriage_return(item) for item in value.values())
    if isinstance(value, list):
        return any(_holds_carriage_return(item) for item in value)
    return False


# -- Export ----------------------------------------------------------------------------------------

FORMATS = ("json", "toml")


class ExportRefused(Exception):
    """Only a signed-off response exports; the message says why this one does not."""


def export_stem(questionnaire: Questionnaire, response: Response) -> str:
    assert response.signoff is not None
    prefix = re.sub(r"[^A-Za-z0-9]", "", questionnaire.questionnaire.short_title) or questionnaire.id.upper()
    return f"{prefix}_{response.country}_{response.signoff.signed_at.astimezone(UTC).date().isoformat()}_r{response.revision}"


def default_export_folder() -> Path:
    from platformdirs import user_documents_path

    return user_documents_path()


def export(questionnaire: Questionnaire, response: Response, folder: Path, formats: tuple[str, ...] = FORMATS) -> list[Path]:
    """Write the submission files; return their paths. Raises ExportRefused or OSError."""
    from .atomic import write_atomic

    if not response.is_signed:
        blocking = errors(validate_response(questionnaire, response))
        reasons = ["it is not signed off: sign it off first (`msq sign`, or s on the review screen)"]
        reasons += [problem.message for problem in blocking]
        raise ExportRefused("Only a signed-off response exports; " + reasons[0] + (":\n" + "\n".join(f"  - {r}" for r in reasons[1:]) if len(reasons) > 1 else ""))
    wrong = signed_response_problems(questionnaire, response)
    if wrong:
        count = len(wrong)
        raise ExportRefused(
            f"Not exported: revision {response.revision} is marked signed off but fails {count} check{'s' if count != 1 else ''}"
            " a submission must pass; reopen it (`msq reopen`, or o on the review screen), fix"
            f" {'it' if count == 1 else 'them'} and sign it off again:\n" + "\n".join(f"  - {reason}" for reason in wrong)
        )
    document = sealed(submission_document(questionnaire, response))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    stem = export_stem(questionnaire, response)
    for fmt in formats:
        data = to_json(document) if fmt == "json" else to_toml(document)
        target = folder / f"{stem}.{fmt}"
        counter = 2
        while target.exists() and target.read_bytes() != data:
            target = folder / f"{stem}-{counter}.{fmt}"  # never overwrite a different file
            counter += 1
        if not target.exists():
            write_atomic(target, data, mode=0o644)
        _write_signature(target, data)
        written.append(target)
    return written


def _write_signature(target: Path, data: bytes) -> None:
    """Write beside ``target`` the signature made at sign-off for ``data``, when there is one
    (see signed_submission); without one the file stays unsigned, as before keys existed."""
    from .atomic import write_atomic
    from .signing import KeyStore, signature_path_of

    signature = KeyStore().signature_for(data)
    if signature is not None:
        write_atomic(signature_path_of(target), signature, mode=0o644)


# -- Reading and verifying a submission -------------------------------------------------------------

Cause = Literal["unreadable", "not-submission", "damaged", "changed", "unknown-version", "unknown-questionnaire", "does-not-fit", "not-signed"]


class SubmissionError(Exception):
    """Why a file is not an intact submission; `cause` is one of `Cause`."""

    def __init__(self, cause: Cause, message: str):
        super().__init__(message)
        self.cause = cause


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _QuestionnaireRef(_Strict):
    id: str
    version: str
    title: str


class _Country(_Strict):
    iso3: str
    name: str


class _SignOffBlock(_Strict):
    name: str
    title: str
    organization: str
    email: str
    publish: bool
    signed_at: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    revision: Annotated[int, Field(ge=1)]


class _Integrity(_Strict):
    algorithm: Literal["sha256"]
    canonicalization: Literal["RFC 8785"]
    digest: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class _Submission(_Strict):
    format: Literal["msq-submission"]
    format_version: int
    questionnaire: _QuestionnaireRef
    response_id: Annotated[str, Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    revision: Annotated[int, Field(ge=1)]
    country: _Country
    answers: dict[str, Any]
    signoff: _SignOffBlock | None = None
    integrity: _Integrity


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
        raise SubmissionError("unreadable", f"{name} is {len(data):,} bytes; a submission is a few hundred KB at most")
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise SubmissionError("unreadable", f"{name} is not UTF-8 text: it is not a submission (a binary file?)") from None
    stripped = text.lstrip()
    if not stripped:
        raise SubmissionError("damaged", f"{name} is empty")
    try:
        if stripped.startswith("{") or stripped.startswith("["):
            document = strict_json.loads(text)
        else:
            document = strict_toml.loads(text)
    except RecursionError:
        raise SubmissionError("damaged", f"{name} is nested too deeply to be a submission") from None
    except json.JSONDecodeError as error:
        raise SubmissionError("damaged", f"{name} is damaged: not valid JSON (line {error.lineno}: {error.msg}); it may have been cut short") from None
    except tomllib.TOMLDecodeError as error:
        raise SubmissionError("damaged", f"{name} is damaged: not valid TOML or JSON ({error})") from None
    except ValueError as error:
        raise SubmissionError("damaged", f"{name} is damaged: {error}") from None
    if not isinstance(document, dict):
        raise SubmissionError("not-submission", f"{name} is not an msq submission")
    return document


def read_submission(data: bytes, questionnaires: dict[tuple[str, str], Questionnaire], name: str = "the file", require_signoff: bool = True) -> Submission:
    """Check a submission's bytes completely; SubmissionError names the first cause found."""
    document = parse_file(data, name)
    if document.get("format") != SUBMISSION_FORMAT:
        hint = " (it looks like an msq draft: import it with `msq import`)" if document.get("format") == "msq-response" else ""
        raise SubmissionError("not-submission", f"{name} is not an msq submission{hint}")
    version = document.get("format_version")
    if version != SUBMISSION_FORMAT_VERSION:
        raise SubmissionError("unknown-version", f"{name} has submission format version {version!r}; this msq reads version {SUBMISSION_FORMAT_VERSION}. Update msq-tui to read it")
    try:
        parsed = _Submission.model_validate(document)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(step) for step in first["loc"])
        raise SubmissionError("damaged", f"{name} is damaged: its field '{where}' is wrong ({first['msg']})") from None
    key = (parsed.questionnaire.id, parsed.questionnaire.version)
    questionnaire = questionnaires.get(key)
    if questionnaire is None:
        known = ", ".join(f"{i} {v}" for i, v in questionnaires)
        raise SubmissionError("unknown-questionnaire", f"{name} answers questionnaire {key[0]} {key[1]}, which this msq does not know (it knows {known})")
    try:
        expected = digest(document)
    except Exception as error:  # a value canonical JSON cannot hold (a TOML float nan, a date)
        raise SubmissionError("damaged", f"{name} is damaged: it holds a value a submission cannot ({error})") from None
    if expected != parsed.integrity.digest:
        raise SubmissionError(
            "changed",
            f"{name} was changed after it was exported: its content does not match its integrity digest."
            " Ask the sender for the original file",
        )
    if require_signoff and parsed.signoff is None:
        raise SubmissionError("not-signed", f"{name} is not signed off")
    response = _response_from(parsed, document, questionnaire, name)
    return Submission(document, parsed.integrity.digest, questionnaire, response)


def _response_from(parsed: _Submission, document: dict[str, Any], questionnaire: Questionnaire, name: str) -> Response:
    country = country_by_iso3(parsed.country.iso3)
    if country is None or country.iso3 != parsed.country.iso3 or country.name != parsed.country.name:
        raise SubmissionError("does-not-fit", f"{name} names a country that is not a UN Member State as the table has it: {parsed.country.iso3} {parsed.country.name!r}")
    problems: list[str] = []
    answers: dict[str, Any] = {}
    for question_id, value in parsed.answers.items():
        question = questionnaire.questions_by_id.get(question_id)
        if question is None:
            problems.append(f"an answer to '{question_id}', which is not a question of {questionnaire.questionnaire.short_title}")
            continue
        try:
            answers[question_id] = answer_adapter(question.kind).dump_python(answer_of(question, value), mode="json")
        except ValidationError:
            problems.append(f"the answer to {questionnaire.name_of(question)} does not fit it")
    signoff = None
    if parsed.signoff is not None:
        block = parsed.signoff
        if block.revision != parsed.revision:
            problems.append(f"the sign-off is for revision {block.revision}, the file is revision {parsed.revision}")
        signoff = SignOff(
            name=block.name or "?",
            title=block.title or "?",
            organization=block.organization or "?",
            email=block.email or "?",
            publish=block.publish,
            signed_at=datetime.strptime(block.signed_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC),
            revision=block.revision,
        )
    if problems:
        raise SubmissionError("does-not-fit", f"{name} has answers that do not fit the definitions: " + "; ".join(problems))
    response = Response(
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
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
        raise SubmissionError("does-not-fit", f"{name} has answers that do not fit the definitions: " + "; ".join(p.message for p in blocking[:5]))
    if signoff is not None:
        # A signed submission holds no more than the export's rule submits.
        extra = [_describe_left_out(questionnaire, question, part) for question in questionnaire.questions() for part in left_out(questionnaire, question, answers)]
        if extra:
            raise SubmissionError(
                "does-not-fit",
                f"{name} holds what a submission leaves out, so msq's export did not write it: {'; '.join(extra[:5])}{'; ...' if len(extra) > 5 else ''}",
            )
    return response


def _describe_left_out(questionnaire: Questionnaire, question: Any, part: str | None) -> str:
    name = questionnaire.name_of(question)
    if part is None:
        return f"the answer to {name}, which its skip logic hides"
    if part == "other":
        return f'the "Other" text of {name}, which is not checked'
    return f"the detail of option '{part.removeprefix('detail:')}' of {name}, which is not checked"


def read_submission_file(path: Path, questionnaires: dict[tuple[str, str], Questionnaire], require_signoff: bool = True) -> Submission:
    name = str(path)
    try:
        data = read_input_file(path, MAX_SUBMISSION_BYTES, "a submission file")
    except InputFileError as error:
        raise SubmissionError("unreadable", str(error)) from None
    submission = read_submission(data, questionnaires, name, require_signoff)
    return Submission(submission.document, submission.fingerprint, submission.questionnaire, submission.response, path)


def known_questionnaires() -> dict[tuple[str, str], Questionnaire]:
    from .definitions_check import builtin_questionnaire

    questionnaire = builtin_questionnaire()
    return {(questionnaire.id, questionnaire.version): questionnaire}
