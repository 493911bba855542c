"""Judging one received file exactly as `msq verify` does: the same reading of the submission
(`submission.read_submission`) and the same signature check against the trusted keys
(`signed_submission.check_signature`), so a file the collection takes is one verify passes."""

import hashlib
from dataclasses import dataclass
from typing import Any

from msq_tui.collect.sources import Source
from msq_tui.model.countries import country_by_iso3
from msq_tui.model.definitions import Questionnaire
from msq_tui.submission.signed import Checked, check_signature
from msq_tui.submission.signing import PublicKey, SigningError, parse_signature
from msq_tui.submission.verify import Submission, SubmissionError, parse_file, read_submission


@dataclass(frozen=True)
class Verified:
    source: Source
    sha256: str
    submission: Submission
    signature: Checked


class Refused(Exception):
    """A file the collection does not take: ``cause`` is a short code, the message says why in words."""

    def __init__(self, cause: str, message: str, iso3: str = ""):
        super().__init__(message)
        self.cause = cause
        self.iso3 = iso3


Trusted = dict[bytes, tuple[PublicKey, str]]


def verify_source(
    source: Source, questionnaires: dict[tuple[str, str], Questionnaire], trusted: Trusted | None
) -> Verified:
    """The file verified, or Refused with its cause. ``trusted`` is None when no keys were given
    (then a signature is reported present but not checked, as `msq verify` without --keys does)."""
    if source.data is None:
        raise Refused("unreadable", source.unreadable)
    try:
        submission = read_submission(source.data, questionnaires, source.name)
    except SubmissionError as error:
        raise Refused(error.cause, str(error), _claimed_country(source.data)) from None
    iso3 = submission.document["country"]["iso3"]
    try:
        if source.signature_unreadable:
            raise SigningError(source.signature_unreadable)
        signature = (
            parse_signature(source.signature, source.signature_name) if source.signature is not None else None
        )
    except SigningError as error:
        raise Refused("signature", f"{source.name}: its signature cannot be read: {error}", iso3) from None
    checked = check_signature(submission.document, source.data, signature, trusted)
    if checked.status == "refused":
        raise Refused("signature", f"{source.name} is NOT VERIFIED: {checked.message}", iso3)
    return Verified(source, hashlib.sha256(source.data).hexdigest(), submission, checked)


def _claimed_country(data: bytes) -> str:
    """The Member State a refused file says it is from, when it says one (for the report's map)."""
    try:
        document: Any = parse_file(data)
        iso3 = document["country"]["iso3"]
        country = country_by_iso3(iso3) if isinstance(iso3, str) and len(iso3) == 3 else None
    except Exception:  # whatever is wrong with the file was said already; this is a courtesy
        return ""
    return country.iso3 if country is not None else ""
