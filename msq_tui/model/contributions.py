"""What a draft remembers of the agencies that answer parts of it (issue 14).

The coordinator's draft keeps the assignments it handed out (each with the answers it carried as
the base), the parts merged back, the conflicts still to decide and, for every answer that came
from an agency, where it came from. An agency's draft keeps the assignment it answers. These are
records only: handing out, reading parts and merging live in `msq_tui.agencies`. They sit here,
on the model's floor, because the draft itself holds them (so `msq restore` undoes a merge).
"""

import hashlib
import json
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from msq_tui.model.problems import Problem
from msq_tui.model.wording import sentence_case

if TYPE_CHECKING:
    from msq_tui.model.definitions import Questionnaire


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Signatory(_Record):
    """Who signed a part off for an agency."""

    name: str
    title: str = ""
    organization: str = ""
    email: str = ""


class Assignment(_Record):
    """Questions handed to an agency, with their answers at that moment (the base of the merge)."""

    assignment_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    response_id: uuid.UUID  # the national response (the coordinator's draft)
    country: str
    questionnaire_id: str
    questionnaire_version: str
    coordinator: str  # who handed it out, as the agency should read it
    agency: str
    questions: list[str]
    base: dict[str, JsonValue] = {}  # the assigned questions' answers when handed out (absent: none)
    context: dict[str, JsonValue] = {}  # answers the assigned questions' skip logic reads, read-only
    created: datetime

    @property
    def short_id(self) -> str:
        return str(self.assignment_id)[:8]


class MergedPart(_Record):
    """A part file merged into the coordinator's draft (or found to change nothing)."""

    assignment_id: uuid.UUID
    agency: str
    revision: int
    digest: str  # the part's integrity digest: the same part twice is a no-op
    signer: Signatory
    merged_at: datetime
    applied: list[str] = []
    conflicts: list[str] = []
    # What the part said, by question: the base of the next revision of the same part (what the
    # coordinator has already seen from this agency), so a revision is judged on what it changes.
    answers: dict[str, JsonValue] = {}


class Provenance(_Record):
    """Where an answer came from: the agency, its signer, the part's revision, when it was merged."""

    agency: str
    signer: str
    assignment_id: uuid.UUID
    part_revision: int
    merged_at: datetime
    answer_digest: str = ""  # of the answer as merged: a later edit by the coordinator shows

    def describe(self) -> str:
        return f"from {self.agency} (signed by {self.signer}, part r{self.part_revision}, merged {self.merged_at:%Y-%m-%d %H:%M} UTC)"


class Conflict(_Record):
    """A question the coordinator and an agency both changed, differently: all three answers kept."""

    question_id: str
    base: JsonValue = None
    coordinator: JsonValue = None
    agency: JsonValue = None
    agency_name: str
    signer: str
    assignment_id: uuid.UUID
    part_revision: int
    found_at: datetime


class Collaboration(_Record):
    """The agencies' side of a draft: assignments out, parts back, conflicts, provenance."""

    assignments: list[Assignment] = []
    merged: list[MergedPart] = []
    conflicts: dict[str, Conflict] = {}
    provenance: dict[str, Provenance] = {}
    answering: Assignment | None = None  # set in an agency's draft: the assignment it answers

    def assignment(self, assignment_id: uuid.UUID) -> Assignment | None:
        return next((a for a in self.assignments if a.assignment_id == assignment_id), None)

    def merged_revision(self, assignment_id: uuid.UUID) -> int:
        """The newest revision of this assignment's part merged so far (0: none)."""
        return max((part.revision for part in self.merged if part.assignment_id == assignment_id), default=0)

    def outstanding(self) -> list[str]:
        """One line per assignment: with whom, what, and what came back."""
        lines = []
        for assignment in self.assignments:
            merged = self.merged_revision(assignment.assignment_id)
            back = f"part r{merged} merged" if merged else "nothing back yet"
            lines.append(f"{assignment.agency}: {describe_questions(assignment.questions)}; {back}")
        return lines

    def summary(self) -> str:
        """A short line for the list of drafts: "2 out (Ministry of Justice, ...), 1 back, 1 conflict"."""
        if self.answering is not None:
            return f"a part for {self.answering.coordinator}, answered by {self.answering.agency}"
        if not self.assignments:
            return ""
        back = sum(1 for a in self.assignments if self.merged_revision(a.assignment_id))
        agencies = ", ".join(dict.fromkeys(a.agency for a in self.assignments))
        text = f"{len(self.assignments)} out ({agencies}), {back} back"
        if self.conflicts:
            text += f", {len(self.conflicts)} conflict{'s' if len(self.conflicts) != 1 else ''} to decide"
        return text


def describe_questions(question_ids: list[str], limit: int = 6) -> str:
    shown = ", ".join(question_ids[:limit])
    more = len(question_ids) - limit
    return shown + (f" and {more} more" if more > 0 else "")


def answer_digest(value: Any) -> str:
    """A short fingerprint of a stored answer (for provenance: is it still as merged?)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def provenance_of(collaboration: "Collaboration | None", question_id: str, value: Any) -> str:
    """How the review and the renders say where an answer came from ("" when it is the coordinator's)."""
    if collaboration is None:
        return ""
    found = collaboration.provenance.get(question_id)
    if found is None:
        return ""
    edited = found.answer_digest and found.answer_digest != answer_digest(value)
    return found.describe() + ("; edited since" if edited else "")


def contributors(
    questionnaire: "Questionnaire", collaboration: "Collaboration | None", submitted: set[str]
) -> list[dict[str, Any]]:
    """[{agency, signer, questions}]: the agencies whose answers a submission holds (its `contributors`)."""
    if collaboration is None or not collaboration.provenance:
        return []
    by_agency: dict[str, dict[str, Any]] = {}
    signers = _signers(collaboration)
    for question in questionnaire.questions():
        found = collaboration.provenance.get(question.id)
        if found is None or question.id not in submitted:
            continue
        entry = by_agency.setdefault(
            found.agency,
            {
                "agency": found.agency,
                "signer": signers.get((found.agency, found.signer), {"name": found.signer}),
                "questions": [],
            },
        )
        entry["questions"].append(question.id)
    return list(by_agency.values())


def _signers(collaboration: Collaboration) -> dict[tuple[str, str], dict[str, str]]:
    found = {}
    for part in collaboration.merged:
        signer = part.signer
        found[(part.agency, signer.name)] = {
            key: value
            for key, value in (
                ("name", signer.name),
                ("title", signer.title),
                ("organization", signer.organization),
                ("email", signer.email),
            )
            if value
        }
    return found


def collaboration_problems(
    questionnaire: "Questionnaire",
    collaboration: Collaboration,
    problems: list[Problem],
    only: str | None = None,
) -> list[Problem]:
    """``problems`` with the conflicts still to decide added (called by validation): each is an
    error, which blocks sign-off. With ``only``, that one question's conflicts (``problems``
    being its own), as a screen judges it again.
    """
    problems = list(problems)
    for key, conflict in collaboration.conflicts.items():
        question_id = conflict.question_id
        if only is not None and question_id != only:  # one question judged again (as it is typed)
            continue
        question = questionnaire.questions_by_id.get(question_id)
        name = questionnaire.name_of(question) if question is not None else f"question '{question_id}'"
        reason = (
            f"you and {conflict.agency_name} (part r{conflict.part_revision}) changed it differently;"
            " decide which to keep (Enter on the review, or `msq resolve`)"
        )
        # The part is "conflict" and the key its "option", so the problem's field reads
        # "conflict:<key>": the review opens that conflict from it.
        problems.append(
            Problem(
                question_id,
                "error",
                "conflict",
                f"{sentence_case(name)} is in conflict: {reason}",
                in_place=f"In conflict: {reason}",
                reason=f"in conflict: {reason}",
                part="conflict",
                option=key,
            )
        )
    return problems
