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
from typing import Any

from msq_tui.model.answers import Response
from msq_tui.model.countries import country_by_iso3
from msq_tui.model.definitions import Questionnaire
from msq_tui.submission.submitted import submission_answers

SUBMISSION_FORMAT = "msq-submission"
SUBMISSION_FORMAT_VERSION = 1
DIGEST_ALGORITHM = "sha256"
CANONICALIZATION = "RFC 8785"


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
        "questionnaire": {
            "id": questionnaire.id,
            "version": questionnaire.version,
            "title": questionnaire.title,
        },
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
    return {
        **document,
        "integrity": {
            "algorithm": DIGEST_ALGORITHM,
            "canonicalization": CANONICALIZATION,
            "digest": digest(document),
        },
    }


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
