"""The questionnaire as data: pydantic models of a definitions file and the questions it holds.

A definitions file (TOML) describes one edition of the MSQ: its introduction, footnotes, sections
and questions. Each question has a kind (urls, text, yes_no, checklist, contact) that decides the
shape of its answer. Loading and checking a file lives in `definitions_check`; this module only
says what a valid file is and how to read one that is.
"""

import re
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

DEFINITIONS_FORMAT = "msq-definitions"
DEFINITIONS_FORMAT_VERSION = 1

FOOTNOTE_MARK = re.compile(r"\[\^(\d+)\]")
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
SectionId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=16)]
WordLimit = Annotated[int, Field(gt=0, le=100_000)]
Wording = Annotated[str, Field(max_length=20_000)]

ContactField = Literal["name", "title", "organization", "email", "phone"]
CONTACT_FIELDS: tuple[ContactField, ...] = ("name", "title", "organization", "email", "phone")
CONTACT_FIELD_LABELS: dict[str, str] = {
    "name": "Name",
    "title": "Title",
    "organization": "Organization",
    "email": "E-mail",
    "phone": "Phone",
}

# The id an answer uses in `selected` for a checklist's "Other" field.
OTHER_OPTION = "other"


def footnote_numbers(text: str) -> list[int]:
    """The footnotes that ``text`` refers to, in order of their markers ``[^N]``."""
    return [int(number) for number in FOOTNOTE_MARK.findall(text)]


def plain(text: str) -> str:
    """``text`` without its footnote markers, as a sentence to read or search."""
    return FOOTNOTE_MARK.sub("", text)


def with_superscripts(text: str) -> str:
    """``text`` with its footnote markers shown as superscript numbers (for terminals, plain text)."""
    return FOOTNOTE_MARK.sub(lambda match: match.group(1).translate(SUPERSCRIPT_DIGITS), text)


class _Definition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Condition(_Definition):
    """Skip logic: the question applies only when another question has this answer."""

    question: Identifier
    equals: Literal["yes", "no"] | None = None
    selected: Identifier | None = None

    @model_validator(mode="after")
    def _one_test(self) -> "Condition":
        if (self.equals is None) == (self.selected is None):
            raise ValueError(
                "give exactly one of `equals` (a yes/no answer) or `selected` (a checklist option)"
            )
        return self

    def describe(self, questionnaire: "Questionnaire") -> str:
        """How a person reads the condition: "question 10 is answered yes"."""
        target = questionnaire.questions_by_id.get(self.question)
        name = questionnaire.name_of(target) if target else self.question
        if self.equals is not None:
            return f"{name} is answered {self.equals}"
        option = self.selected
        if target is not None and isinstance(target, ChecklistQuestion):
            option = plain(target.option_text(self.selected or ""))
        return f"'{option}' is checked in {name}"


class Earlier(_Definition):
    """Where a question's answer comes from in the earlier edition (`earlier_edition`), for carrying it forward.

    ``question``: the earlier question's id when it was renamed (by default, the same id).
    ``options``: for a checklist, this question's option id -> the earlier option it takes its
    check and detail from: ``"old_option"`` (renamed) or ``"old_question.old_option"`` (moved here
    from another question).
    """

    question: Identifier | None = None
    options: dict[Identifier, Annotated[str, Field(pattern=r"^([a-z][a-z0-9_]*\.)?[a-z][a-z0-9_]*$")]] = {}


class _Question(_Definition):
    id: Identifier
    number: Annotated[str, Field(max_length=16)] = ""  # as printed: "2a", "X.1"; empty when unnumbered
    text: Wording = ""  # the printed wording, footnote markers included
    group: Identifier | None = None  # a group of the section whose stem this question continues
    part_of: Identifier | None = None  # shown as a continuation of another question
    applies_when: Condition | None = None
    earlier: Earlier | None = None  # where its answer comes from in the earlier edition (carry.py)

    def wording_texts(self) -> Iterator[tuple[str, str]]:
        """Every wording of the question, as (where, text), for checks and searches."""
        yield "text", self.text


class UrlsQuestion(_Question):
    """A list of entries, each a label and a URL, with companies or offices nested one level."""

    kind: Literal["urls"]
    nested: bool = True


class TextQuestion(_Question):
    """Free text with a word limit."""

    kind: Literal["text"]
    max_words: WordLimit


class YesNoQuestion(_Question):
    """A yes or no answer; other questions may depend on it."""

    kind: Literal["yes_no"]


class Option(_Definition):
    id: Identifier
    text: Annotated[str, Field(min_length=1, max_length=2_000)]
    detail: bool = False  # a checked option invites a detail text next to it


class OtherOption(_Definition):
    label: Annotated[str, Field(min_length=1, max_length=200)] = "Other:"
    text: Wording = ""  # the printed note after the label, such as "(Max. 250 words)"
    max_words: WordLimit | None = None


class Explanation(_Definition):
    text: Wording  # the printed prompt, such as "(If any checked, please explain further ...)"
    max_words: WordLimit


class ChecklistQuestion(_Question):
    """Options to check, each with an optional detail; "Other" and an explanation when the form has them."""

    kind: Literal["checklist"]
    lead: Wording = ""  # a line between the question and its options
    options: Annotated[list[Option], Field(min_length=1)]
    other: OtherOption | None = None
    explanation: Explanation | None = None

    def option_text(self, option_id: str) -> str:
        if option_id == OTHER_OPTION and self.other is not None:
            return self.other.label.rstrip(":")
        for option in self.options:
            if option.id == option_id:
                return option.text
        return option_id

    @property
    def option_ids(self) -> list[str]:
        ids = [option.id for option in self.options]
        if self.other is not None:
            ids.append(OTHER_OPTION)
        return ids

    def wording_texts(self) -> Iterator[tuple[str, str]]:
        yield "text", self.text
        if self.lead:
            yield "lead", self.lead
        for option in self.options:
            yield f"option {option.id}", option.text
        if self.other is not None:
            yield "other", f"{self.other.label} {self.other.text}".strip()
        if self.explanation is not None:
            yield "explanation", self.explanation.text


class ContactQuestion(_Question):
    """A contact card: name, title, organization, e-mail and phone (or the fields the form asks)."""

    kind: Literal["contact"]
    fields: Annotated[list[ContactField], Field(min_length=1)] = list(CONTACT_FIELDS)


Question = Annotated[
    UrlsQuestion | TextQuestion | YesNoQuestion | ChecklistQuestion | ContactQuestion,
    Field(discriminator="kind"),
]
QUESTION_KINDS = ("urls", "text", "yes_no", "checklist", "contact")


class Group(_Definition):
    """A printed stem shared by lettered questions, such as question 2 over 2a to 2e."""

    id: Identifier
    number: Annotated[str, Field(min_length=1, max_length=16)]
    text: Annotated[str, Field(min_length=1, max_length=20_000)]


class Section(_Definition):
    id: SectionId  # the printed numeral: "I" to "X"
    title: Annotated[str, Field(min_length=1, max_length=500)]
    groups: list[Group] = []
    questions: Annotated[list[Question], Field(min_length=1)]

    @property
    def heading(self) -> str:
        """ "I. Institutional Framework", without footnote markers."""
        return f"{self.id}. {plain(self.title)}"


class QuestionnaireInfo(_Definition):
    id: Identifier
    version: Annotated[str, Field(min_length=1, max_length=64)]
    short_title: Annotated[str, Field(min_length=1, max_length=100)]
    title: Annotated[str, Field(min_length=1, max_length=500)]
    introduction: Wording = ""
    contact_email: Annotated[str, Field(max_length=200)] = ""
    authorisation: Wording = ""
    closing: Wording = ""
    year: Annotated[int, Field(ge=1900, le=2999)] | None = None  # the survey's year; orders editions
    earlier_edition: Identifier | None = None  # the questionnaire id its questions' `earlier` fields name


class Questionnaire(_Definition):
    """One edition of the MSQ, as read from its definitions file."""

    format: Literal["msq-definitions"]
    format_version: int
    questionnaire: QuestionnaireInfo
    footnotes: dict[int, Annotated[str, Field(min_length=1, max_length=5_000)]] = {}
    sections: Annotated[list[Section], Field(min_length=1)]

    _questions_by_id: dict[str, Any] = PrivateAttr(default_factory=dict)
    _section_of: dict[str, Section] = PrivateAttr(default_factory=dict)
    _groups: dict[str, Group] = PrivateAttr(default_factory=dict)

    def model_post_init(self, context: Any) -> None:
        for section in self.sections:
            for group in section.groups:
                self._groups.setdefault(group.id, group)
            for question in section.questions:
                # On duplicates the first wins; the checker reports the second.
                self._questions_by_id.setdefault(question.id, question)
                self._section_of.setdefault(question.id, section)

    # -- Reading the questionnaire -------------------------------------------------------------

    @property
    def id(self) -> str:
        return self.questionnaire.id

    @property
    def version(self) -> str:
        return self.questionnaire.version

    @property
    def title(self) -> str:
        return self.questionnaire.title

    @property
    def year(self) -> int | None:
        """The survey's year: as the file gives it, else the first four digits of its id ("msq2020")."""
        if self.questionnaire.year is not None:
            return self.questionnaire.year
        found = re.search(r"(19|20|21)\d\d", self.id)
        return int(found.group(0)) if found else None

    @property
    def questions_by_id(self) -> Mapping[str, "AnyQuestion"]:
        return self._questions_by_id

    def questions(self) -> Iterator["AnyQuestion"]:
        """Every question, in the order of the form."""
        for section in self.sections:
            yield from section.questions

    def question(self, question_id: str) -> "AnyQuestion":
        return self._questions_by_id[question_id]

    def section_of(self, question_id: str) -> Section:
        return self._section_of[question_id]

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def group(self, group_id: str) -> Group | None:
        return self._groups.get(group_id)

    def applies(self, question: "AnyQuestion", answers: Mapping[str, Any]) -> bool:
        """Whether ``question`` is asked, given the answers so far (its skip logic, followed up)."""
        seen: set[str] = set()
        current = question
        while current.applies_when is not None:
            condition = current.applies_when
            if condition.question in seen:  # a cycle; the checker refuses such files
                return False
            seen.add(condition.question)
            answer = answers.get(condition.question)
            if condition.equals is not None:
                if answer != condition.equals:
                    return False
            else:
                selected = answer.get("selected", []) if isinstance(answer, dict) else []
                if not isinstance(selected, list) or condition.selected not in selected:
                    return False
            target = self._questions_by_id.get(condition.question)
            if target is None:
                return False
            current = target
        return True

    def dependents(self, question_id: str) -> list["AnyQuestion"]:
        """The questions whose skip logic names ``question_id``."""
        return [
            question
            for question in self.questions()
            if question.applies_when is not None and question.applies_when.question == question_id
        ]

    def name_of(self, question: "AnyQuestion") -> str:
        """How messages name a question: "question 2a", "question 4 (details)", "the contact card"."""
        if question.number:
            return f"question {question.number}"
        parent = self._questions_by_id.get(question.part_of or "")
        if parent is not None and parent.number:
            return f"question {parent.number} (details)"
        if question.kind == "contact":
            return f"the contact card of section {self.section_of(question.id).id}"
        return f"question '{question.id}'"

    def footnote(self, number: int) -> str:
        return self.footnotes.get(number, "")


AnyQuestion = UrlsQuestion | TextQuestion | YesNoQuestion | ChecklistQuestion | ContactQuestion
