"""The three-way merge, question by question: a part from an agency into the coordinator's draft.

Each assigned question is decided against the base the assignment carried, by its kind's rule
(`kind_of(question).merge`, model/kinds: the one rule): changed only by the agency, the agency's
answer; changed only by the coordinator (or by nobody), the coordinator's; changed by both, the
same way, that answer; changed by both differently, a conflict that keeps all three answers and
overwrites nothing (a kind may settle more: a contact card merges field by field). Not answered,
an empty list and a blank text are the same answer (`same_answer`). This module only says which
of those happened, keeps the answers as stored, and records parts, conflicts and provenance.
"""

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic import JsonValue, ValidationError

from msq_tui.model.answers import Response, answer_of, is_answered, utc_now
from msq_tui.model.contributions import (
    Collaboration,
    Conflict,
    MergedPart,
    Provenance,
    Signatory,
    answer_digest,
)
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds import Merged, kind_of
from msq_tui.model.kinds.base import Question

# "combined": the kind settled both sides' changes in one answer (a contact card, field by field).
Outcome = Literal["unchanged", "coordinator", "agency", "same", "combined", "conflict"]


@dataclass(frozen=True)
class Decision:
    """What the merge does with one question; ``value`` is the answer the draft holds after it
    (None: not answered). In a conflict it is the coordinator's, kept in place until decided."""

    outcome: Outcome
    value: JsonValue | None


def _read(question: Question, value: Any) -> Any:
    """A stored answer as its kind's model (None for none); ValidationError when it does not fit."""
    return answer_of(question, value)


def same_answer(question: Question, a: Any, b: Any) -> bool:
    """Whether two stored answers say the same, by their kind (not answered, [] and a blank text
    are alike). An answer that does not fit its question is the same only as itself."""
    try:
        return kind_of(question).same_answer(_read(question, a), _read(question, b))
    except ValidationError:
        return bool(a == b)


def three_way(question: Question, base: Any, coordinator: Any, agency: Any) -> Decision:
    """The merge of one question by its kind's rule (see the module's docstring)."""
    kind = kind_of(question)
    try:
        settled = kind.merge(_read(question, base), _read(question, coordinator), _read(question, agency))
    except ValidationError:
        # An answer that does not fit its question (a draft of an older edition) has no kind's
        # rule to go by: unless nothing changed, it is a conflict, so nothing is overwritten.
        if coordinator == agency:
            return Decision("unchanged" if base == coordinator else "same", coordinator)
        if base == agency:
            return Decision("coordinator", coordinator)
        return Decision("conflict", coordinator)
    if not isinstance(settled, Merged):
        return Decision("conflict", coordinator)
    if same_answer(question, coordinator, agency):
        changed = not same_answer(question, base, coordinator)
        return Decision("same" if changed else "unchanged", coordinator)
    if kind.same_answer(settled.answer, _read(question, coordinator)):
        return Decision("coordinator", coordinator)
    if kind.same_answer(settled.answer, _read(question, agency)):
        return Decision("agency", agency)
    answer = settled.answer
    return Decision("combined", None if answer is None or kind.is_empty(answer) else kind.dump(answer))


def combination(question: Question, coordinator: Any, agency: Any) -> JsonValue | None:
    """Both sides in one answer, for the person deciding a conflict to edit: nothing of either left
    out (the kind's `combine`: texts one after the other, entries and options together, card
    fields side by side; yes or no cannot hold both: the coordinator's, to change by hand)."""
    try:
        ours, theirs = _read(question, coordinator), _read(question, agency)
    except ValidationError:
        return coordinator
    kind = kind_of(question)
    combined = kind.combine(ours, theirs)
    if combined is ours:
        return coordinator
    if combined is theirs:
        return agency
    return kind.dump(combined)


# -- A part into a draft ------------------------------------------------------------------------


@dataclass
class MergeOutcome:
    """What merging one part did: the draft after it, the questions applied and in conflict."""

    response: Response
    applied: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    no_op: str = ""  # why nothing was done (the same part merged before)


class MergeRefused(Exception):
    """A part that must not be merged, in one line that says why and what to do."""


@dataclass(frozen=True)
class PartContent:
    """What the merge needs from a part file, already read and checked (see `part.read_part`)."""

    response_id: uuid.UUID
    assignment_id: uuid.UUID
    agency: str
    revision: int
    questions: list[str]
    answers: dict[str, JsonValue]
    signer: Signatory
    digest: str
    name: str = "the part"


def merge_part(
    questionnaire: Questionnaire, response: Response, part: PartContent, now: datetime | None = None
) -> MergeOutcome:
    """Merge ``part`` into ``response`` (a copy is returned; ``response`` is not changed).

    Refuses (MergeRefused) a part for another response, for an assignment this draft did not hand
    out, holding questions not assigned, or older than a revision already merged; the same part
    again is a no-op.
    """
    name = part.name
    if response.is_signed:
        raise MergeRefused(
            f"{name} was not merged: revision {response.revision} is signed off; reopen it first (`msq reopen`)"
        )
    if part.response_id != response.response_id:
        raise MergeRefused(
            f"{name} answers another response ({str(part.response_id)[:8]}), not this draft"
            f" ({str(response.response_id)[:8]}): merge it into the draft it was assigned from"
        )
    collaboration = response.collaboration or Collaboration()
    assignment = collaboration.assignment(part.assignment_id)
    if assignment is None:
        raise MergeRefused(
            f"{name} answers assignment {str(part.assignment_id)[:8]}, which this draft did not hand out"
            " (or whose hand-out was undone): nothing was merged"
        )
    if part.agency != assignment.agency:
        raise MergeRefused(
            f"{name} says it is from {part.agency!r}, but assignment {assignment.short_id} went to {assignment.agency!r}"
        )
    outside = [question_id for question_id in part.questions if question_id not in assignment.questions]
    outside += [
        question_id
        for question_id in part.answers
        if question_id not in assignment.questions and question_id not in outside
    ]
    if outside:
        raise MergeRefused(
            f"{name} holds questions not assigned to {assignment.agency} ({', '.join(outside[:5])}): nothing was merged"
        )
    for earlier in collaboration.merged:
        if earlier.assignment_id != part.assignment_id:
            continue
        if earlier.revision == part.revision and earlier.digest == part.digest:
            return MergeOutcome(
                response, no_op=f"revision {part.revision} of this part was merged already: nothing to do"
            )
        if earlier.revision == part.revision:
            raise MergeRefused(
                f"{name} is revision {part.revision} of {assignment.agency}'s part, but a different revision"
                f" {part.revision} was merged already: ask {assignment.agency} to send it again as a new revision"
            )
    newest = collaboration.merged_revision(part.assignment_id)
    if part.revision < newest:
        raise MergeRefused(
            f"{name} is revision {part.revision}, older than revision {newest} of {assignment.agency}'s part"
            " merged already: nothing was merged"
        )
    previous = max(
        (earlier for earlier in collaboration.merged if earlier.assignment_id == part.assignment_id),
        key=lambda earlier: earlier.revision,
        default=None,
    )
    moment = (now or utc_now()).replace(microsecond=0)
    answers = dict(response.answers)
    conflicts = dict(collaboration.conflicts)
    provenance = dict(collaboration.provenance)
    outcome = MergeOutcome(response)
    for question_id in assignment.questions:
        question = questionnaire.questions_by_id.get(question_id)
        if question is None:
            continue
        # The base: what the assignment carried, or, after a revision of this part was merged,
        # what that revision said (a new revision is judged on what it changes since).
        base = previous.answers.get(question_id) if previous is not None else assignment.base.get(question_id)
        # A newer revision of the same part: its conflicts are judged again from its new answers.
        for key in [k for k, c in conflicts.items() if _is(c, question_id, part.assignment_id)]:
            del conflicts[key]
        coordinator = answers.get(question_id)
        agency = part.answers.get(question_id)
        decision = three_way(question, base, coordinator, agency)
        # Another agency's conflict on this question is still open: a change from this part
        # is kept beside it, never applied over the answer that conflict holds in place.
        others_open = any(c.question_id == question_id for c in conflicts.values())
        if decision.outcome in ("agency", "combined") and others_open:
            decision = Decision("conflict", coordinator)
        if decision.outcome in ("agency", "combined"):
            _set(answers, question_id, decision.value)
            provenance[question_id] = _provenance(part, assignment.agency, moment, decision.value)
            outcome.applied.append(question_id)
        elif decision.outcome == "conflict":
            key = question_id if question_id not in conflicts else f"{question_id}/{assignment.short_id}"
            conflicts[key] = Conflict(
                question_id=question_id,
                base=base,
                coordinator=coordinator,
                agency=agency,
                agency_name=assignment.agency,
                signer=part.signer.name,
                assignment_id=part.assignment_id,
                part_revision=part.revision,
                found_at=moment,
            )
            outcome.conflicts.append(question_id)
        else:
            if decision.outcome == "same" and question_id not in provenance:
                provenance[question_id] = _provenance(part, assignment.agency, moment, decision.value)
            outcome.unchanged.append(question_id)
    merged = MergedPart(
        assignment_id=part.assignment_id,
        agency=assignment.agency,
        revision=part.revision,
        digest=part.digest,
        signer=part.signer,
        merged_at=moment,
        applied=outcome.applied,
        conflicts=outcome.conflicts,
        answers={qid: value for qid, value in part.answers.items() if qid in assignment.questions},
    )
    updated = collaboration.model_copy(
        update={
            "merged": [*collaboration.merged, merged],
            "conflicts": conflicts,
            "provenance": provenance,
        }
    )
    outcome.response = response.model_copy(
        update={"answers": answers, "collaboration": updated, "updated": utc_now()}
    )
    return outcome


def _is(conflict: Conflict, question_id: str, assignment_id: uuid.UUID) -> bool:
    return conflict.question_id == question_id and conflict.assignment_id == assignment_id


def _set(answers: dict[str, JsonValue], question_id: str, value: JsonValue | None) -> None:
    if value is None:
        answers.pop(question_id, None)
    else:
        answers[question_id] = value


def _provenance(part: PartContent, agency: str, moment: datetime, value: Any) -> Provenance:
    return Provenance(
        agency=agency,
        signer=part.signer.name,
        assignment_id=part.assignment_id,
        part_revision=part.revision,
        merged_at=moment,
        answer_digest=answer_digest(value),
    )


Choice = Literal["coordinator", "agency", "edited"]


def decide(
    questionnaire: Questionnaire,
    response: Response,
    key: str,
    choice: Choice,
    edited: JsonValue | None = None,
) -> Response:
    """A conflict decided (``key``: its key in the draft's conflicts, the question id for the first
    one on a question): the coordinator's answer, the agency's, or an edited combination."""
    collaboration = response.collaboration
    if collaboration is None or key not in collaboration.conflicts:
        raise MergeRefused(f"question '{key}' is not in conflict: nothing to decide")
    conflict = collaboration.conflicts[key]
    question_id = conflict.question_id
    question = questionnaire.question(question_id)
    # The coordinator's side is the answer in the draft now: edits made since the merge count.
    current = response.answers.get(question_id)
    value = {"coordinator": current, "agency": conflict.agency, "edited": edited}[choice]
    answers = dict(response.answers)
    _set(answers, question_id, value if is_answered(question, value) else None)
    conflicts = {other: item for other, item in collaboration.conflicts.items() if other != key}
    provenance = dict(collaboration.provenance)
    if choice == "coordinator":
        provenance.pop(question_id, None)
    else:
        provenance[question_id] = Provenance(
            agency=conflict.agency_name,
            signer=conflict.signer,
            assignment_id=conflict.assignment_id,
            part_revision=conflict.part_revision,
            merged_at=utc_now(),
            # an edited combination is the coordinator's work on the agency's answer: "edited since"
            answer_digest=answer_digest(conflict.agency),
        )
    updated = collaboration.model_copy(update={"conflicts": conflicts, "provenance": provenance})
    return response.model_copy(update={"answers": answers, "collaboration": updated, "updated": utc_now()})
