"""Judging one received file exactly as `msq verify` does: the same reading of the submission
(`submission.read_submission`) and the same signature check against the trusted keys
(`signed_submission.check_signature`), so a file the collection takes is one verify passes."""

import json
import re
from dataclasses import dataclass
from typing import Any

from msq_tui.collect.readable import answer_text, url_entries
from msq_tui.collect.sources import Source
from msq_tui.model.answers import answers_read_once
from msq_tui.model.countries import country_by_iso3
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.submitted import progress
from msq_tui.submission.signed import Checked, check_signature
from msq_tui.submission.signing import PublicKey, SigningError, parse_signature
from msq_tui.submission.verify import Submission, SubmissionError, parse_file, read_submission


@dataclass(frozen=True)
class Verified:
    """A file that verified, with what the database takes of it (plain values: a worker process
    hands it back to the one writing the database)."""

    name: str
    sha256: str
    document: dict[str, Any]  # the submission without its answers (they are in `answers`)
    fingerprint: str
    signature: Checked
    answered: int
    asked: int
    answers: list[tuple[str, str, str, str, str]]  # question id, number, kind, answer as JSON, as text
    urls: list[tuple[str, str, str, str, str, str]]  # question id, number, entry, label, URL, parent label


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
        raise Refused(source.cause, source.unreadable)
    with answers_read_once():  # verified, counted and put in rows, each answer is read once
        return _verified(source, questionnaires, trusted)


def _verified(
    source: Source, questionnaires: dict[tuple[str, str], Questionnaire], trusted: Trusted | None
) -> Verified:
    assert source.data is not None
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
    answered, asked = progress(submission.questionnaire, submission.response)
    answers, urls = _rows(submission)
    sha256 = source.sha256
    return Verified(
        source.name,
        sha256,
        # What the database takes of the document beside the rows: its answers are in the rows
        # already, and a worker would hand them back to the writing process for nothing.
        {key: value for key, value in submission.document.items() if key != "answers"},
        submission.fingerprint,
        checked,
        answered,
        asked,
        answers,
        urls,
    )


def _rows(submission: Submission) -> tuple[list, list]:
    """The answers (in the form's order) and the URL entries of a submission, as the database holds them."""
    answers, urls = [], []
    given = submission.document["answers"]
    for question in submission.questionnaire.questions():
        if question.id not in given:
            continue
        value = given[question.id]
        text = answer_text(question, value)
        answers.append(
            (question.id, question.number, question.kind, json.dumps(value, ensure_ascii=False), text)
        )
        if question.kind == "urls":
            urls += [
                (question.id, question.number, e.position, e.label, e.url, e.parent_label)
                for e in url_entries(value)
            ]
    return answers, urls


@dataclass(frozen=True)
class Judgement:
    """What `judge` found: the file verified, or refused with its cause (plain values, to pass between processes)."""

    verified: Verified | None
    cause: str = ""
    message: str = ""
    iso3: str = ""


def judge(
    source: Source, questionnaires: dict[tuple[str, str], Questionnaire], trusted: Trusted | None
) -> Judgement:
    try:
        return Judgement(verify_source(source, questionnaires, trusted))
    except Refused as refusal:
        return Judgement(None, refusal.cause, str(refusal), refusal.iso3)
    except Exception as error:  # a fault of msq's on one file must not stop the other 192
        message = f"{source.name} could not be checked: msq failed on it ({type(error).__name__}); send the file to the msq team"
        return Judgement(None, "error", message)


# The country's code as export writes it, in JSON ("iso3": "ZWE") and in TOML (iso3 = "ZWE").
_ISO3_IN_TEXT = re.compile(r'^\s*"?iso3"?\s*[:=]\s*"([A-Z]{3})"', re.MULTILINE)


def _claimed_country(data: bytes) -> str:
    """The Member State a refused file says it is from, when it says one (for the report's map).
    A file cut short (a download that stopped) still names it near its start, before the answers."""
    try:
        document: Any = parse_file(data)
        iso3 = document["country"]["iso3"]
    except Exception:  # whatever is wrong with the file was said already; this is a courtesy
        found = _ISO3_IN_TEXT.search(data[:4096].decode("utf-8", "replace"))
        iso3 = found.group(1) if found else ""
    country = country_by_iso3(iso3) if isinstance(iso3, str) and len(iso3) == 3 else None
    return country.iso3 if country is not None else ""
