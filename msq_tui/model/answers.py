"""A respondent's answers: the response that holds them, and reading an answer as its kind's model.

A response stores its answers as plain JSON values by question id, so that an answer which no
longer fits its question (a foreign file, an older edition) is kept and reported rather than
lost. `answer_of` reads an answer as the model of its question's kind (the models are in `kinds`).
"""

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError, field_validator

from msq_tui.model.contributions import Collaboration
from msq_tui.model.countries import country_by_iso3
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds import kind_of
from msq_tui.model.kinds.base import Question

RESPONSE_FORMAT: Literal["msq-response"] = "msq-response"
RESPONSE_FORMAT_VERSION = 1


def answer_of(question: Question, value: Any) -> Any:
    """``value`` read as an answer to ``question``; None when absent; ValidationError when it does not fit."""
    if value is None:
        return None
    return read_once("answer", question, value, kind_of(question).read)


# Reading a stored answer as its kind's model is asked for many times while one response is
# judged (is it answered, does it fit, what shows, what is left out, what it counts as): ten
# readings of every answer of every file when thousands of submissions are collected. Inside
# `answers_read_once`, each reading is done once per stored value; outside it, every call reads.
_readings: ContextVar[dict[tuple[str, int, int], tuple[Any, Any]] | None] = ContextVar(
    "_readings", default=None
)


@contextmanager
def answers_read_once() -> Iterator[None]:
    """Within this block, each stored value is read once per question and purpose: for judging
    values that do not change in it (a submission being verified), never for a draft being edited."""
    if _readings.get() is not None:  # already inside one: its readings stand
        yield
        return
    token = _readings.set({})
    try:
        yield
    finally:
        _readings.reset(token)


def read_once(purpose: str, question: Question, value: Any, read: Callable[[Any], Any]) -> Any:
    """``read(value)``, remembered inside `answers_read_once` (by the value's identity, which the
    memo holds on to so it cannot be reused); a reading that raises is not remembered."""
    readings = _readings.get()
    if readings is None:
        return read(value)
    key = (purpose, id(question), id(value))
    found = readings.get(key)
    if found is not None and found[0] is value:
        return found[1]
    result = read(value)
    readings[key] = (value, result)
    return result


def answer_fits(question: Question, value: Any) -> bool:
    try:
        answer_of(question, value)
    except ValidationError:
        return False
    return True


def dump_answer(question: Question, answer: Any) -> JsonValue:
    """An answer model as the plain JSON value a response stores."""
    return kind_of(question).dump(answer)


def is_answered(question: Question, value: Any) -> bool:
    """Whether a stored value counts as an answer (a blank text or an empty list does not)."""
    if value is None:
        return False
    try:
        answer = answer_of(question, value)
    except ValidationError:
        return True  # something is there; validation reports that it does not fit
    return not kind_of(question).is_empty(answer)


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Position(BaseModel):
    """Where the respondent was, so that opening a draft resumes there."""

    model_config = ConfigDict(extra="forbid")
    section: str | None = None
    question: str | None = None


class UnmappedAnswer(BaseModel):
    """An answer kept from an older edition or another file that fits no question of this one."""

    model_config = ConfigDict(extra="forbid")
    question_id: str
    value: JsonValue
    reason: str
    questionnaire_version: str = ""


SIGNER_FIELD_LIMIT = 500  # characters in each of the signer's details


@dataclass(frozen=True)
class Signer:
    """The signer's four details as given, before they are checked (`signoff.signer_problems`)."""

    name: str
    title: str
    organization: str
    email: str

    def stripped(self) -> "Signer":
        return Signer(self.name.strip(), self.title.strip(), self.organization.strip(), self.email.strip())


class SignOff(BaseModel):
    """Who signed a revision off, when, and whether UN DESA may publish the responses."""

    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(min_length=1, max_length=SIGNER_FIELD_LIMIT)]
    title: Annotated[str, Field(min_length=1, max_length=SIGNER_FIELD_LIMIT)]
    organization: Annotated[str, Field(min_length=1, max_length=SIGNER_FIELD_LIMIT)]
    email: Annotated[str, Field(min_length=3, max_length=SIGNER_FIELD_LIMIT)]
    publish: bool = Field(description="The authorisation to publish: true for yes, false for no")
    signed_at: datetime = Field(description="When, in UTC (RFC 3339)")
    revision: int = Field(ge=1)

    @property
    def signer(self) -> Signer:
        return Signer(self.name, self.title, self.organization, self.email)


class Response(BaseModel):
    """One country's response to one edition of the questionnaire."""

    # No validation on assignment: answers are stored already dumped by their kind's model, and
    # re-validating every answer on every keystroke would cost more than the keystroke.
    model_config = ConfigDict(extra="forbid")

    format: Literal["msq-response"] = RESPONSE_FORMAT
    format_version: int = RESPONSE_FORMAT_VERSION
    questionnaire_id: str
    questionnaire_version: str
    response_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    country: str = Field(description="ISO 3166-1 alpha-3 code of a UN Member State")
    status: Literal["draft", "signed"] = "draft"
    revision: int = Field(default=1, ge=1)
    created: datetime = Field(default_factory=utc_now)
    updated: datetime = Field(default_factory=utc_now)
    answers: dict[str, JsonValue] = {}
    position: Position = Position()
    unmapped: list[UnmappedAnswer] = []
    signoff: SignOff | None = None
    # Its questionnaire's short title, so that a draft whose questionnaire is not installed can name it.
    questionnaire_title: str = ""
    # Answers carried forward from an earlier response (`carry`), not yet reviewed: question id ->
    # where it came from ("question 2a"). Changing an answer or keeping it as is removes its mark.
    carried: dict[str, str] = {}
    carried_from: str = ""  # which response they came from: "the MSQ 2020 response"
    # Assignments out, parts merged, conflicts, provenance (agencies/); left out of the file
    # while None, so a draft that never took part reads and writes exactly as before.
    collaboration: Collaboration | None = Field(default=None, exclude_if=lambda value: value is None)

    @property
    def is_signed(self) -> bool:
        return self.status == "signed" and self.signoff is not None

    @field_validator("country")
    @classmethod
    def _member_state(cls, value: str) -> str:
        country = country_by_iso3(value)
        if country is None:
            raise ValueError(f"{value!r} is not the ISO3 code of a UN Member State")
        return country.iso3

    @classmethod
    def new(cls, questionnaire: Questionnaire, country_iso3: str) -> "Response":
        return cls(
            questionnaire_id=questionnaire.id,
            questionnaire_version=questionnaire.version,
            questionnaire_title=questionnaire.questionnaire.short_title,
            country=country_iso3,
        )

    def answer(self, question: Question) -> Any:
        """The answer to ``question`` as its kind's model, or None when absent or not fitting."""
        try:
            return answer_of(question, self.answers.get(question.id))
        except ValidationError:
            return None

    def assigned_questions(self) -> frozenset[str] | None:
        """The questions an agency's draft answers (those assigned to it); None for a coordinator's
        draft, which answers them all. Progress, plain mode and the TUI ask this."""
        answering = self.collaboration.answering if self.collaboration is not None else None
        return frozenset(answering.questions) if answering is not None else None

    def set_answer(self, question: Question, answer: Any) -> None:
        """Store ``answer`` (a model of the question's kind, or None to clear)."""
        answers = dict(self.answers)
        if answer is None:
            answers.pop(question.id, None)
        else:
            answers[question.id] = dump_answer(question, answer)
        self.answers = answers
        if question.id in self.carried:  # touched: the respondent has seen it
            self.keep_carried(question.id)
        self.updated = utc_now()

    def keep_carried(self, question_id: str) -> None:
        """The carried answer to ``question_id`` reviewed (kept as is, or changed): its mark goes."""
        self.carried = {key: value for key, value in self.carried.items() if key != question_id}
        self.updated = utc_now()
