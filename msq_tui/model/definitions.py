"""The questionnaire as data: pydantic models of a definitions file and the questions it holds.

A definitions file (TOML) describes one edition of the MSQ: its introduction, footnotes, sections
and questions. Each question has a kind (see `model.kinds`) that decides the
shape of its answer. Loading and checking a file lives in `definitions_check`; this module only
says what a valid file is and how to read one that is.
"""

import re
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr

from msq_tui.model.kinds import kind_of, question_union
from msq_tui.model.kinds.base import Definition, Identifier, Question, Wording
from msq_tui.model.wording import plain

DEFINITIONS_FORMAT = "msq-definitions"
DEFINITIONS_FORMAT_VERSION = 1

SectionId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=16)]


class Group(Definition):
    """A printed stem shared by lettered questions, such as question 2 over 2a to 2e."""

    id: Identifier
    number: Annotated[str, Field(min_length=1, max_length=16)]
    text: Annotated[str, Field(min_length=1, max_length=20_000)]


class Section(Definition):
    id: SectionId  # the printed numeral: "I" to "X"
    title: Annotated[str, Field(min_length=1, max_length=500)]
    groups: list[Group] = []
    questions: Annotated[list[question_union()], Field(min_length=1)]  # type: ignore[valid-type]

    @property
    def heading(self) -> str:
        """ "I. Institutional Framework", without footnote markers."""
        return f"{self.id}. {plain(self.title)}"


class QuestionnaireInfo(Definition):
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


class Questionnaire(Definition):
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
    def name(self) -> str:
        """How people call this questionnaire ("MSQ 2020"): its short title. The start screen, the
        questionnaire's header, `msq list` and the questionnaire picker all name it so; its id and
        version ("msq2020 2020.1") are for files and commands."""
        return self.questionnaire.short_title

    @property
    def year(self) -> int | None:
        """The survey's year: as the file gives it, else the first four digits of its id ("msq2020")."""
        if self.questionnaire.year is not None:
            return self.questionnaire.year
        found = re.search(r"(19|20|21)\d\d", self.id)
        return int(found.group(0)) if found else None

    @property
    def questions_by_id(self) -> Mapping[str, Question]:
        return self._questions_by_id

    def questions(self) -> Iterator[Question]:
        """Every question, in the order of the form."""
        for section in self.sections:
            yield from section.questions

    def question(self, question_id: str) -> Question:
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

    def applies(self, question: Question, answers: Mapping[str, Any]) -> bool:
        """Whether ``question`` is asked, given the answers so far (its skip logic, followed up)."""
        seen: set[str] = set()
        current = question
        while current.applies_when is not None:
            condition = current.applies_when
            if condition.question in seen:  # a cycle; the checker refuses such files
                return False
            seen.add(condition.question)
            target = self._questions_by_id.get(condition.question)
            if target is None or not kind_of(target).meets(condition, answers.get(condition.question)):
                return False
            current = target
        return True

    def dependents(self, question_id: str) -> list[Question]:
        """The questions whose skip logic names ``question_id``."""
        return [
            question
            for question in self.questions()
            if question.applies_when is not None and question.applies_when.question == question_id
        ]

    def name_of(self, question: Question) -> str:
        """How messages name a question: "question 2a", "question 4 (details)", "the contact card"."""
        if question.number:
            return f"question {question.number}"
        parent = self._questions_by_id.get(question.part_of or "")
        if parent is not None and parent.number:
            return f"question {parent.number} (details)"
        name = kind_of(question).unnumbered_name(self.section_of(question.id).id)
        if name is not None:
            return name
        return f"question '{question.id}'"

    def footnote(self, number: int) -> str:
        return self.footnotes.get(number, "")
