"""A respondent's answers: one pydantic model per question kind, and the response that holds them.

A response stores its answers as plain JSON values by question id, so that an answer which no
longer fits its question (a foreign file, an older edition) is kept and reported rather than
lost. `answer_of` reads an answer as the model of its question's kind.
"""

import uuid
from datetime import UTC, datetime
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, TypeAdapter, ValidationError, field_validator

from msq_tui.model.countries import country_by_iso3
from msq_tui.model.definitions import AnyQuestion, Questionnaire

RESPONSE_FORMAT = "msq-response"
RESPONSE_FORMAT_VERSION = 1

# Generous bounds so that a pasted book does not sink the app, while no real answer meets them.
MAX_TEXT_CHARACTERS = 10_000_000  # a 5 MB paste is kept, never refused
Text = Annotated[str, Field(max_length=MAX_TEXT_CHARACTERS)]


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UrlEntry(_Answer):
    """One line of a URL list: a label (an agency's name, or a sentence) and its address."""

    label: Text = ""
    url: Text = ""
    children: list["UrlEntry"] = []

    def is_empty(self) -> bool:
        return (
            not self.label.strip()
            and not self.url.strip()
            and not any(not c.is_empty() for c in self.children)
        )


class ChecklistAnswer(_Answer):
    """Checked option ids (with "other" for the Other field), their details, Other's text, the explanation."""

    selected: list[str] = []
    details: dict[str, Text] = {}
    other: Text = ""
    explanation: Text = ""

    def is_empty(self) -> bool:
        return (
            not self.selected
            and not self.other.strip()
            and not self.explanation.strip()
            and not any(text.strip() for text in self.details.values())
        )

    def is_checked(self, option_id: str) -> bool:
        return option_id in self.selected


class ContactAnswer(_Answer):
    """A contact card's fields, each as typed."""

    name: Text = ""
    title: Text = ""
    organization: Text = ""
    email: Text = ""
    phone: Text = ""

    def is_empty(self) -> bool:
        return not any(value.strip() for value in self.model_dump().values())


YesNo = Literal["yes", "no"]

ANSWER_TYPES: dict[str, Any] = {
    "urls": list[UrlEntry],
    "text": Text,
    "yes_no": YesNo,
    "checklist": ChecklistAnswer,
    "contact": ContactAnswer,
}
ANSWER_DESCRIPTIONS = {
    "urls": "a list of entries, each with a label, a URL and nested entries",
    "text": "a text",
    "yes_no": '"yes" or "no"',
    "checklist": "a table of selected options, details, other and explanation",
    "contact": "a table of name, title, organization, email and phone",
}


@cache
def answer_adapter(kind: str) -> TypeAdapter[Any]:
    """The pydantic adapter that reads an answer of this question kind."""
    return TypeAdapter(ANSWER_TYPES[kind])


def answer_of(question: AnyQuestion, value: Any) -> Any:
    """``value`` read as an answer to ``question``; None when absent; ValidationError when it does not fit."""
    if value is None:
        return None
    return answer_adapter(question.kind).validate_python(value)


def answer_fits(question: AnyQuestion, value: Any) -> bool:
    try:
        answer_of(question, value)
    except ValidationError:
        return False
    return True


def dump_answer(question: AnyQuestion, answer: Any) -> JsonValue:
    """An answer model as the plain JSON value a response stores."""
    return answer_adapter(question.kind).dump_python(answer, mode="json")


def is_answered(question: AnyQuestion, value: Any) -> bool:
    """Whether a stored value counts as an answer (a blank text or an empty list does not)."""
    if value is None:
        return False
    try:
        answer = answer_of(question, value)
    except ValidationError:
        return True  # something is there; validation reports that it does not fit
    return not is_empty_answer(question, answer)


def is_empty_answer(question: AnyQuestion, answer: Any) -> bool:
    """Whether an answer model holds nothing (blank texts, empty entries, nothing checked)."""
    if question.kind == "urls":
        return all(entry.is_empty() for entry in answer)
    if question.kind == "text":
        return not answer.strip()
    if question.kind == "yes_no":
        return False
    return answer.is_empty()


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

    def answer(self, question: AnyQuestion) -> Any:
        """The answer to ``question`` as its kind's model, or None when absent or not fitting."""
        try:
            return answer_of(question, self.answers.get(question.id))
        except ValidationError:
            return None

    def set_answer(self, question: AnyQuestion, answer: Any) -> None:
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
