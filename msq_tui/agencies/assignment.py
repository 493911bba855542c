"""Handing questions out: the assignment file an agency receives, and the draft it answers them in.

`msq assign DRAFT --to AGENCY --questions III,q16` records the assignment in the coordinator's
draft (with the assigned questions' answers as the base of the merge later) and writes
`MSQ2020_<ISO3>_<agency-slug>_assignment.json`. `msq import` of that file on the agency's machine
makes a draft holding the assigned questions (the ones their skip logic reads come along,
read-only), with every widget, check, autosave and history of a normal draft.
"""

import uuid
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from msq_tui.agencies.documents import (
    ASSIGNMENT_FORMAT,
    FORMAT_VERSION,
    AgencyFileError,
    checked,
    file_prefix,
    parse_document,
    read_bytes,
    slug,
    write_new,
)
from msq_tui.model.answers import Response, answer_of, utc_now
from msq_tui.model.contributions import Assignment, Collaboration
from msq_tui.model.countries import country_by_iso3
from msq_tui.model.definitions import Questionnaire
from msq_tui.submission.document import rfc3339, sealed, to_json

AGENCY_NAME_LIMIT = 200


class AssignmentError(ValueError):
    """An assignment that cannot be made as asked; the message says what to give instead."""


def questions_named(questionnaire: Questionnaire, spec: str) -> list[str]:
    """The question ids ``spec`` names ("III,q16,VIII": sections by numeral, questions by id or
    printed number), in the order of the form; a question's details (q4_cio with q4) come along."""
    wanted: set[str] = set()
    unknown = []
    numbers = {
        question.number.lower(): question.id for question in questionnaire.questions() if question.number
    }
    for token in (part.strip() for part in spec.split(",")):
        if not token:
            continue
        section = next((s for s in questionnaire.sections if s.id.lower() == token.lower()), None)
        if section is not None:
            wanted.update(question.id for question in section.questions)
        elif token in questionnaire.questions_by_id:
            wanted.add(token)
        elif token.lower() in numbers:
            wanted.add(numbers[token.lower()])
        else:
            unknown.append(token)
    if unknown:
        raise AssignmentError(
            f"{', '.join(repr(t) for t in unknown)}: not a section numeral (I to {questionnaire.sections[-1].id})"
            " or a question id (q16) or number (16, X.1) of this questionnaire"
        )
    if not wanted:
        raise AssignmentError(
            "no questions given: name sections (III) or questions (q16), separated by commas"
        )
    for question in questionnaire.questions():
        if question.part_of in wanted:
            wanted.add(question.id)
    return [question.id for question in questionnaire.questions() if question.id in wanted]


def _context_ids(questionnaire: Questionnaire, question_ids: list[str]) -> list[str]:
    """The questions the skip logic of the assigned ones reads, followed up, not assigned themselves."""
    found: list[str] = []
    for question_id in question_ids:
        current = questionnaire.question(question_id)
        while current.applies_when is not None:
            target = current.applies_when.question
            if target in found or target in question_ids or target not in questionnaire.questions_by_id:
                break
            found.append(target)
            current = questionnaire.question(target)
    return found


def hand_out(
    questionnaire: Questionnaire, response: Response, agency: str, question_ids: list[str], coordinator: str
) -> tuple[Response, Assignment]:
    """The draft with a new assignment recorded, and the assignment (its base: the answers now)."""
    agency = " ".join(agency.split())
    if not agency:
        raise AssignmentError("the agency's name is missing: give it with --to")
    if len(agency) > AGENCY_NAME_LIMIT:
        raise AssignmentError(f"the agency's name is {len(agency)} characters: {AGENCY_NAME_LIMIT} at most")
    if response.is_signed:
        raise AssignmentError(
            f"revision {response.revision} is signed off: reopen it (`msq reopen`) before handing questions out"
        )
    collaboration = response.collaboration or Collaboration()
    if collaboration.answering is not None:
        raise AssignmentError(
            "this draft answers an assignment itself: only the coordinator's draft hands questions out"
        )
    assignment = Assignment(
        response_id=response.response_id,
        country=response.country,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        coordinator=" ".join(coordinator.split()) or "the national focal point",
        agency=agency,
        questions=question_ids,
        base={qid: response.answers[qid] for qid in question_ids if qid in response.answers},
        context={
            qid: response.answers[qid]
            for qid in _context_ids(questionnaire, question_ids)
            if qid in response.answers
        },
        created=utc_now(),
    )
    updated = collaboration.model_copy(update={"assignments": [*collaboration.assignments, assignment]})
    return response.model_copy(update={"collaboration": updated}), assignment


def coordinator_name(questionnaire: Questionnaire, response: Response) -> str:
    """Who hands out, as the agency reads it: the contact card's organization and name."""
    from msq_tui.submission.signoff import signer_from_contact

    contact = signer_from_contact(questionnaire, response)
    parts = [part for part in (contact.name, contact.organization) if part]
    return ", ".join(parts) or "the national focal point"


def assignment_document(questionnaire: Questionnaire, assignment: Assignment) -> dict[str, Any]:
    country = country_by_iso3(assignment.country)
    return sealed(
        {
            "format": ASSIGNMENT_FORMAT,
            "format_version": FORMAT_VERSION,
            "questionnaire": {
                "id": questionnaire.id,
                "version": questionnaire.version,
                "title": questionnaire.title,
            },
            "assignment_id": str(assignment.assignment_id),
            "response_id": str(assignment.response_id),
            "country": {"iso3": assignment.country, "name": country.name if country else assignment.country},
            "coordinator": assignment.coordinator,
            "agency": assignment.agency,
            "questions": assignment.questions,
            "base": assignment.base,
            "context": assignment.context,
            "created": rfc3339(assignment.created),
        }
    )


def assignment_stem(questionnaire: Questionnaire, assignment: Assignment) -> str:
    agency = slug(assignment.agency, f"agency-{assignment.short_id}")
    return f"{file_prefix(questionnaire)}_{assignment.country}_{agency}_assignment"


def write_assignment(questionnaire: Questionnaire, assignment: Assignment, folder: Path) -> Path:
    """Write the assignment file (JSON) in ``folder``; OSError when the folder refuses."""
    data = to_json(assignment_document(questionnaire, assignment))
    return write_new(folder, assignment_stem(questionnaire, assignment), "json", data)


# -- On the agency's side ----------------------------------------------------------------------

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _Reference(_Strict):
    id: str
    version: str
    title: str


class _Country(_Strict):
    iso3: str
    name: str


class _Integrity(_Strict):
    algorithm: str
    canonicalization: str
    digest: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class _AgencyFile(_Strict):
    """What an assignment and a part both carry: whose response, which agency, which questions."""

    format: str
    format_version: int
    questionnaire: _Reference
    assignment_id: Annotated[str, Field(pattern=UUID_PATTERN)]
    response_id: Annotated[str, Field(pattern=UUID_PATTERN)]
    country: _Country
    coordinator: Annotated[str, Field(max_length=1000)]
    agency: Annotated[str, Field(min_length=1, max_length=AGENCY_NAME_LIMIT)]
    questions: Annotated[list[str], Field(min_length=1, max_length=1000)]


class _AssignmentFile(_AgencyFile):
    base: dict[str, Any]
    context: dict[str, Any]
    created: Annotated[str, Field(pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")]
    integrity: _Integrity


def read_assignment(
    path: Path, questionnaires: dict[tuple[str, str], Questionnaire]
) -> tuple[Assignment, Questionnaire]:
    """The assignment in a file, checked (seal, questionnaire, country, questions, answers that fit)."""
    from datetime import UTC, datetime

    name = str(path)
    document = parse_document(read_bytes(path, "an assignment file"), name)
    parsed, questionnaire = checked(
        document, _AssignmentFile, ASSIGNMENT_FORMAT, "an msq assignment", name, questionnaires
    )
    country = country_by_iso3(parsed.country.iso3)
    if country is None or country.iso3 != parsed.country.iso3:
        raise AgencyFileError(f"{name} names a country that is not a UN Member State: {parsed.country.iso3}")
    unknown = [qid for qid in parsed.questions if qid not in questionnaire.questions_by_id]
    if unknown:
        raise AgencyFileError(
            f"{name} assigns questions this questionnaire does not have: {', '.join(unknown[:5])}"
        )
    for field_name, answers in (("base", parsed.base), ("context", parsed.context)):
        for qid, value in answers.items():
            question = questionnaire.questions_by_id.get(qid)
            if question is None:
                raise AgencyFileError(f"{name} holds an answer to '{qid}', which is not a question of it")
            try:
                answer_of(question, value)
            except ValueError:
                raise AgencyFileError(
                    f"{name} is damaged: its {field_name} answer to {questionnaire.name_of(question)} does not fit it"
                ) from None
    stray = [qid for qid in parsed.base if qid not in parsed.questions]
    if stray:
        raise AgencyFileError(
            f"{name} holds a base answer to questions it does not assign: {', '.join(stray[:5])}"
        )
    assignment = Assignment(
        assignment_id=uuid.UUID(parsed.assignment_id),
        response_id=uuid.UUID(parsed.response_id),
        country=country.iso3,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        coordinator=parsed.coordinator,
        agency=" ".join(parsed.agency.split()),
        questions=list(dict.fromkeys(parsed.questions)),
        base=parsed.base,
        context=parsed.context,
        created=datetime.strptime(parsed.created, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC),
    )
    return assignment, questionnaire


def agency_draft(questionnaire: Questionnaire, assignment: Assignment) -> Response:
    """A new draft answering ``assignment``: its questions' base answers, and their context read-only."""
    response = Response.new(questionnaire, assignment.country)
    return response.model_copy(
        update={
            "answers": {**assignment.context, **assignment.base},
            "collaboration": Collaboration(answering=assignment),
        }
    )
