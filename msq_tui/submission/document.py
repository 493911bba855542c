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
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from msq_tui.model.answers import Response, SignOff
from msq_tui.model.contributions import contributors
from msq_tui.model.countries import country_by_iso3
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.submitted import submission_answers

SUBMISSION_FORMAT: Literal["msq-submission"] = "msq-submission"
SUBMISSION_FORMAT_VERSION = 1
DIGEST_ALGORITHM = "sha256"
CANONICALIZATION = "RFC 8785"
RFC3339_UTC = "%Y-%m-%dT%H:%M:%SZ"


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).strftime(RFC3339_UTC)


def exported_answers(questionnaire: Questionnaire, response: Response) -> dict[str, Any]:
    """The answers a submission of ``response`` holds (the rule is `submitted.submission_answers`)."""
    return submission_answers(questionnaire, response.answers)


# -- The document: one model that writes it (export) and reads it (verify) ------------------------
# Strict: a file is read as exactly what export writes (no "1" for 1, no unknown field), so the
# digest of what is read is the digest of what was written. The field order is the files' order.


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _QuestionnaireRef(_Strict):
    id: str
    version: str
    title: str


class _Country(_Strict):
    iso3: str
    name: str


# The sign-off as a submission holds it: the draft's `SignOff`, its time as RFC 3339 text (a
# comment, not a docstring: a docstring would become the JSON Schema's description).
class _SignOffBlock(_Strict):
    name: str
    title: str
    organization: str
    email: str
    publish: bool
    signed_at: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    revision: Annotated[int, Field(ge=1)]

    @classmethod
    def of(cls, signoff: SignOff) -> "_SignOffBlock":
        return cls(**signoff.model_dump(exclude={"signed_at"}), signed_at=rfc3339(signoff.signed_at))

    def signoff(self) -> SignOff:
        """The draft's sign-off (a detail left empty in a hand-made file reads as "?")."""
        return SignOff(
            name=self.name or "?",
            title=self.title or "?",
            organization=self.organization or "?",
            email=self.email or "?",
            publish=self.publish,
            signed_at=datetime.strptime(self.signed_at, RFC3339_UTC).replace(tzinfo=UTC),
            revision=self.revision,
        )


class _ContributorSigner(_Strict):
    name: str
    title: str = ""
    organization: str = ""
    email: str = ""


# An agency whose answers the submission holds (a response answered by several agencies).
class _Contributor(_Strict):
    agency: str
    signer: _ContributorSigner
    questions: list[str]


class _Integrity(_Strict):
    algorithm: Literal["sha256"]
    canonicalization: Literal["RFC 8785"]
    digest: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class SubmissionDocument(_Strict):
    """A submission: what export writes (as JSON and TOML) and verify reads."""

    format: Literal["msq-submission"]
    format_version: int
    questionnaire: _QuestionnaireRef
    response_id: Annotated[
        str, Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
    ]
    revision: Annotated[int, Field(ge=1)]
    country: _Country
    answers: dict[str, Any]
    signoff: _SignOffBlock | None = None
    # Only a response that merged agencies' parts names them; absent otherwise, so that any
    # other response's document (and digest) is what it was before agencies existed.
    contributors: list[_Contributor] | None = None
    integrity: _Integrity | None = None  # absent from what the digest covers

    @classmethod
    def of(cls, questionnaire: Questionnaire, response: Response) -> "SubmissionDocument":
        """The submission of ``response``, without its integrity block."""
        country = country_by_iso3(response.country)
        answers = exported_answers(questionnaire, response)
        listed = contributors(questionnaire, response.collaboration, set(answers))
        return cls(
            format=SUBMISSION_FORMAT,
            format_version=SUBMISSION_FORMAT_VERSION,
            questionnaire=_QuestionnaireRef(
                id=questionnaire.id, version=questionnaire.version, title=questionnaire.title
            ),
            response_id=str(response.response_id),
            revision=response.revision,
            country=_Country(iso3=response.country, name=country.name if country else response.country),
            answers=answers,
            signoff=_SignOffBlock.of(response.signoff) if response.signoff is not None else None,
            contributors=[_Contributor.model_validate(entry) for entry in listed] or None,
        )

    def dump(self) -> dict[str, Any]:
        """The document as the files hold it: a block that is not there is left out (TOML has no null)."""
        absent = {name for name in ("signoff", "contributors", "integrity") if getattr(self, name) is None}
        return self.model_dump(mode="json", exclude=absent)


class SealedSubmission(SubmissionDocument):
    """A submission file as verify reads it: its integrity block is required."""

    integrity: _Integrity


def submission_document(questionnaire: Questionnaire, response: Response) -> dict[str, Any]:
    """The submission without its integrity block (what the digest covers)."""
    return SubmissionDocument.of(questionnaire, response).dump()


def canonical(document: dict[str, Any]) -> bytes:
    """The RFC 8785 canonical JSON of ``document``.

    For a document of strings, safe integers, booleans, nulls, lists and objects whose keys are
    below U+D800, the standard library's C encoder writes exactly RFC 8785 (the same escapes; key
    order by code point is then the order by UTF-16 unit), several times faster than the
    pure-Python rfc8785, which every file of a collection would otherwise pay. Anything else (a
    float, a large integer, a key beyond U+D7FF, a TOML date) goes to rfc8785, which also refuses
    what canonical JSON cannot hold.
    """
    if _plain_json(document):
        try:
            return json.dumps(
                document, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
            ).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: rfc8785 says what is wrong
            pass
    import rfc8785

    return rfc8785.dumps(document)


_SAFE_INTEGER = 2**53 - 1  # RFC 8785 numbers are IEEE doubles: integers beyond this are refused
_FIRST_KEY_OUT_OF_ORDER = "\ud800"  # from here on, code point order and UTF-16 order differ


def _plain_json(value: Any) -> bool:
    """Whether ``value`` holds only what the standard library writes exactly as RFC 8785 does."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str or kind is bool or item is None:
            continue
        if kind is dict:
            for key in item:
                if type(key) is not str or (key and max(key) >= _FIRST_KEY_OUT_OF_ORDER):
                    return False
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
        elif kind is int:
            if not -_SAFE_INTEGER <= item <= _SAFE_INTEGER:
                return False
        else:  # a float, a tuple, a date, a subclass: rfc8785 decides
            return False
    return True


def digest(document: dict[str, Any]) -> str:
    """The SHA-256 of the RFC 8785 canonical JSON of the document without its integrity block."""
    body = {key: value for key, value in document.items() if key != "integrity"}
    return hashlib.sha256(canonical(body)).hexdigest()


def sealed(document: dict[str, Any]) -> dict[str, Any]:
    return {
        **document,
        "integrity": {
            "algorithm": DIGEST_ALGORITHM,
            "canonicalization": CANONICALIZATION,
            "digest": digest(document),
        },
    }


def submission_fingerprint(questionnaire: Questionnaire, response: Response) -> str:
    """The digest a submission of ``response`` carries: its fingerprint, read aloud to DPIDG."""
    return digest(submission_document(questionnaire, response))


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
