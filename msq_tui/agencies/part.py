"""An agency's part: signed off, written as a sealed file (and signed with a key), read back to merge.

The part file `MSQ2020_<ISO3>_<agency-slug>_part_r<n>.json` (and .toml) holds the assigned
questions' answers as the agency's draft keeps them, the agency's sign-off, the response and
assignment it answers, and an integrity block made as a submission's is (submission/document);
with a signing key, the same signature as a submission's (submission/signed). Reopening the
agency's draft and signing it off again makes revision n+1.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field

from msq_tui.agencies.assignment import _AgencyFile, _Integrity, _Strict
from msq_tui.agencies.documents import (
    FORMAT_VERSION,
    PART_FORMAT,
    AgencyFileError,
    checked,
    file_prefix,
    parse_document,
    read_bytes,
    slug,
    write_new,
)
from msq_tui.agencies.merge import PartContent
from msq_tui.model.answers import answer_of, is_answered
from msq_tui.model.contributions import Assignment, Signatory
from msq_tui.model.countries import country_by_iso3
from msq_tui.model.definitions import Questionnaire
from msq_tui.submission.document import rfc3339, sealed, to_json, to_toml
from msq_tui.submission.signoff import Signer, sign_off

FORMATS = ("json", "toml")


class PartRefused(Exception):
    """A part that cannot be signed off or written; the message says why and what to do."""


def answering(response: Any) -> Assignment:
    collaboration = response.collaboration
    if collaboration is None or collaboration.answering is None:
        raise PartRefused(
            "this draft answers no assignment: it is a whole response (use msq sign / msq export)"
        )
    return collaboration.answering


def sign_part(
    questionnaire: Questionnaire, response: Any, signer: Signer, now: datetime | None = None
) -> Any:
    """The agency's draft signed off as a part (read-only). SignOffBlocked while errors stand in the
    assigned questions; ValueError for the signer's details."""
    answering(response)
    if response.is_signed:
        raise ValueError(
            f"revision {response.revision} of this part is signed off already; reopen it to make a new one"
        )
    # The national sign-off's rules (validation judges the assigned questions only); a part is not
    # published: the national sign-off decides that, and the part file has no such field.
    return sign_off(questionnaire, response, signer, publish=False, now=now)


def part_document(questionnaire: Questionnaire, response: Any) -> dict[str, Any]:
    """The sealed part of a signed-off agency draft."""
    assignment = answering(response)
    if not response.is_signed:
        raise PartRefused(
            "the part is not signed off: sign it off first (`msq sign DRAFT`, or s on the review screen)"
        )
    signoff = response.signoff
    country = country_by_iso3(assignment.country)
    answers = {}
    for question_id in assignment.questions:
        question = questionnaire.questions_by_id.get(question_id)
        value = response.answers.get(question_id)
        if question is not None and is_answered(question, value):
            answers[question_id] = value
    return sealed(
        {
            "format": PART_FORMAT,
            "format_version": FORMAT_VERSION,
            "questionnaire": {
                "id": questionnaire.id,
                "version": questionnaire.version,
                "title": questionnaire.title,
            },
            "response_id": str(assignment.response_id),
            "assignment_id": str(assignment.assignment_id),
            "country": {"iso3": assignment.country, "name": country.name if country else assignment.country},
            "coordinator": assignment.coordinator,
            "agency": assignment.agency,
            "questions": assignment.questions,
            "revision": response.revision,
            "answers": answers,
            "signoff": {
                "name": signoff.name,
                "title": signoff.title,
                "organization": signoff.organization,
                "email": signoff.email,
                "signed_at": rfc3339(signoff.signed_at),
                "revision": signoff.revision,
            },
        }
    )


def part_stem(questionnaire: Questionnaire, response: Any) -> str:
    assignment = answering(response)
    agency = slug(assignment.agency, f"agency-{assignment.short_id}")
    return f"{file_prefix(questionnaire)}_{assignment.country}_{agency}_part_r{response.revision}"


def part_files(document: dict[str, Any]) -> dict[str, bytes]:
    return {"json": to_json(document), "toml": to_toml(document)}


def sign_part_files(document: dict[str, Any], key: Any) -> str:
    """Sign both files of a sealed part with the agency's key, for export to write; the key id."""
    from msq_tui.store.keys import KeyStore
    from msq_tui.submission.signed import sign_submission

    return sign_submission(
        document, key, KeyStore()
    )  # the same bytes export writes, the same trusted comment


def export_part(
    questionnaire: Questionnaire, response: Any, folder: Path, formats: tuple[str, ...] = FORMATS
) -> list[Path]:
    """Write the part files (and a signature beside each, when one was made at sign-off)."""
    from msq_tui.files.atomic import write_atomic
    from msq_tui.store.keys import KeyStore
    from msq_tui.submission.signing import signature_path_of

    document = part_document(questionnaire, response)
    files = part_files(document)
    stem = part_stem(questionnaire, response)
    written = []
    for fmt in formats:
        target = write_new(folder, stem, fmt, files[fmt])
        signature = KeyStore().signature_for(files[fmt])
        if signature is not None:
            write_atomic(signature_path_of(target), signature, mode=0o644)
        written.append(target)
    return written


# -- Reading a part back ------------------------------------------------------------------------


class _SignOff(_Strict):
    name: Annotated[str, Field(min_length=1, max_length=500)]
    title: Annotated[str, Field(max_length=500)]
    organization: Annotated[str, Field(max_length=500)]
    email: Annotated[str, Field(max_length=500)]
    signed_at: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    revision: Annotated[int, Field(ge=1)]


class _PartFile(_AgencyFile):
    revision: Annotated[int, Field(ge=1, le=100_000)]
    answers: dict[str, Any]
    signoff: _SignOff
    integrity: _Integrity


@dataclass(frozen=True)
class ReadPart:
    content: PartContent
    document: dict[str, Any]
    questionnaire: Questionnaire
    signature: str  # what was found of a signature: "signed by key ...", "unsigned", "present, not checked"


def read_part(
    path: Path,
    questionnaires: dict[tuple[str, str], Questionnaire],
    trusted: dict[bytes, Any] | None = None,
) -> ReadPart:
    """A part file read and checked: its seal, its questionnaire, answers that fit their questions,
    and, given trusted keys, its signature (refused when it does not hold)."""
    name = str(path)
    data = read_bytes(path, "a part file")
    document = parse_document(data, name)
    if document.get("format") == "msq-assignment":
        raise AgencyFileError(
            f"{name} is an assignment, not a part: import it on the agency's side (`msq import`)"
        )
    parsed, questionnaire = checked(document, _PartFile, PART_FORMAT, "an msq part", name, questionnaires)
    if parsed.signoff.revision != parsed.revision:
        raise AgencyFileError(
            f"{name} is damaged: its sign-off is for revision {parsed.signoff.revision}, the part is revision {parsed.revision}"
        )
    if country_by_iso3(parsed.country.iso3) is None:
        raise AgencyFileError(f"{name} names a country that is not a UN Member State: {parsed.country.iso3}")
    for question_id, value in parsed.answers.items():
        question = questionnaire.questions_by_id.get(question_id)
        if question is None:
            raise AgencyFileError(f"{name} holds an answer to '{question_id}', which is not a question of it")
        try:
            answer_of(question, value)
        except ValueError:
            raise AgencyFileError(
                f"{name} is damaged: its answer to {questionnaire.name_of(question)} does not fit it"
            ) from None
    signature = _signature(path, document, data, trusted)
    content = PartContent(
        response_id=uuid.UUID(parsed.response_id),
        assignment_id=uuid.UUID(parsed.assignment_id),
        agency=" ".join(parsed.agency.split()),
        revision=parsed.revision,
        questions=list(parsed.questions),
        answers=dict(parsed.answers),
        signer=Signatory(
            name=parsed.signoff.name,
            title=parsed.signoff.title,
            organization=parsed.signoff.organization,
            email=parsed.signoff.email,
        ),
        digest=parsed.integrity.digest,
        name=path.name,
    )
    return ReadPart(content, document, questionnaire, signature)


def _signature(path: Path, document: dict[str, Any], data: bytes, trusted: dict[bytes, Any] | None) -> str:
    from msq_tui.submission.signed import check_signature
    from msq_tui.submission.signing import SigningError, read_signature_file

    try:
        signature = read_signature_file(path)
    except SigningError as error:
        raise AgencyFileError(str(error)) from None
    result = check_signature(document, data, signature, trusted)
    if result.status == "refused":
        raise AgencyFileError(f"{path} is not merged: its signature: {result.message}")
    return result.message
