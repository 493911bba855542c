"""What every question kind shares: the question's common fields, skip logic, and the `Kind` base.

A kind's module subclasses `Kind` once and overrides what differs; the defaults here are the rules
of a kind with a single value and no parts (yes/no, a text). See the package's docstring for the
contract, and for `merge`.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, JsonValue, TypeAdapter, model_validator

from msq_tui.model.problems import Problem
from msq_tui.model.wording import plain

if TYPE_CHECKING:
    from msq_tui.model.definitions import Questionnaire

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
WordLimit = Annotated[int, Field(gt=0, le=100_000)]
Wording = Annotated[str, Field(max_length=20_000)]

# Generous bounds so that a pasted book does not sink the app, while no real answer meets them.
MAX_TEXT_CHARACTERS = 10_000_000  # a 5 MB paste is kept, never refused
Text = Annotated[str, Field(max_length=MAX_TEXT_CHARACTERS)]


class Definition(BaseModel):
    """A part of a definitions file: nothing unknown, never changed once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class AnswerModel(BaseModel):
    """A part of an answer: nothing unknown (an unknown key is a sign of another file's shape)."""

    model_config = ConfigDict(extra="forbid")


class Condition(Definition):
    """Skip logic: the question applies only when another question has this answer."""

    question: Identifier
    equals: Literal["yes", "no"] | None = None
    selected: Identifier | None = None

    @model_validator(mode="after")
    def _one_test(self) -> "Condition":
        if (self.equals is None) == (self.selected is None):
            raise ValueError(
                "give exactly one of `equals` (a yes/no answer) or `selected` (an option checked or chosen)"
            )
        return self

    @property
    def test(self) -> str:
        """Which test this is: "equals" or "selected"."""
        return "equals" if self.equals is not None else "selected"

    def describe(self, questionnaire: "Questionnaire") -> str:
        """How a person reads the condition: "question 10 is answered yes"."""
        from msq_tui.model.kinds import kind_of  # the registry imports this module

        target = questionnaire.questions_by_id.get(self.question)
        if target is None:
            if self.equals is not None:
                return f"{self.question} is answered {self.equals}"
            return f"'{self.selected}' is checked in {self.question}"
        return kind_of(target).describe_condition(target, self, questionnaire.name_of(target))


class Earlier(Definition):
    """Where a question's answer comes from in the earlier edition (`earlier_edition`), for carrying it forward.

    ``question``: the earlier question's id when it was renamed (by default, the same id).
    ``options``: for a checklist, this question's option id -> the earlier option it takes its
    check and detail from: ``"old_option"`` (renamed) or ``"old_question.old_option"`` (moved here
    from another question).
    """

    question: Identifier | None = None
    options: dict[Identifier, Annotated[str, Field(pattern=r"^([a-z][a-z0-9_]*\.)?[a-z][a-z0-9_]*$")]] = {}


class Question(Definition):
    """What every question has; each kind adds its own fields and a literal `kind`."""

    kind: str
    id: Identifier
    number: Annotated[str, Field(max_length=16)] = ""  # as printed: "2a", "X.1"; empty when unnumbered
    text: Wording = ""  # the printed wording, footnote markers included
    group: Identifier | None = None  # a group of the section whose stem this question continues
    part_of: Identifier | None = None  # shown as a continuation of another question
    applies_when: Condition | None = None
    earlier: Earlier | None = None  # where its answer comes from in the earlier edition (model/carry.py)

    def wording_texts(self) -> Iterator[tuple[str, str]]:
        """Every wording of the question, as (where, text), for checks and searches."""
        yield "text", self.text


@dataclass(frozen=True)
class Merged:
    """A three-way merge that settled: ``answer`` (a model of the kind, or None for no answer)."""

    answer: Any


@dataclass(frozen=True)
class Conflict:
    """A three-way merge that did not settle: both sides changed the answer, differently."""

    base: Any
    ours: Any
    theirs: Any


def without_blanks(value: Any) -> Any:
    """A stored (plain JSON) answer as comparing sees it: texts of spaces only as None, and empty
    entries, blank fields and empty lists or tables left out of lists and tables."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, list):
        kept = [without_blanks(item) for item in value]
        return [item for item in kept if item not in (None, [], {})]
    if isinstance(value, dict):
        kept_items = {key: without_blanks(item) for key, item in value.items()}
        return {key: item for key, item in kept_items.items() if item not in (None, [], {})}
    return value


def joined_texts(a: str, b: str, separator: str = "\n\n") -> str:
    """Two texts in one, ``a`` first (one of them alone when the other is blank or the same)."""
    if not b.strip() or b.strip() == a.strip():
        return a
    if not a.strip():
        return b
    return f"{a.rstrip()}{separator}{b.strip()}"


Q = TypeVar("Q", bound=Question)
A = TypeVar("A")


class Kind(Generic[Q, A]):
    """The rules of one kind of question. Subclasses set the class attributes and override what differs."""

    name: ClassVar[str]  # the `kind` of a definitions file: "urls", "text", ...
    question_model: ClassVar[type[Question]]
    answer_type: ClassVar[Any]  # what pydantic reads an answer as: a model, `str`, `list[UrlEntry]`
    answer_description: ClassVar[str]  # for "it should be ...": "a text", '"yes" or "no"'
    # Skip logic this kind can be tested by: "equals" (a yes/no value) and "selected" (an option).
    condition_tests: ClassVar[frozenset[str]] = frozenset()
    needs_number: ClassVar[bool] = True  # False: the form prints no number for it (the contact card)
    # Whether `earlier.options` may rename or move this kind's options from the earlier edition.
    maps_options: ClassVar[bool] = False

    # -- Reading and storing -----------------------------------------------------------------

    @cached_property
    def adapter(self) -> TypeAdapter[Any]:
        return TypeAdapter(self.answer_type)

    def read(self, value: Any) -> A:
        """A stored value as this kind's answer; pydantic's ValidationError when it does not fit."""
        return self.adapter.validate_python(value)

    def dump(self, answer: A, submitted: bool = False) -> JsonValue:
        """The plain JSON value a draft stores (a submission leaves defaults out: TOML has no null)."""
        return self.adapter.dump_python(answer, mode="json", exclude_defaults=submitted)

    # -- What counts, what is submitted -----------------------------------------------------

    def is_empty(self, answer: A) -> bool:
        """Whether the answer holds nothing: such an answer is no answer (not counted, not submitted)."""
        return False

    def visible(self, question: Q, answer: A) -> A:
        """The answer reduced to what the form shows and a submission holds (before `is_empty`)."""
        return answer

    def left_out(self, question: Q, answer: A) -> list[str]:
        """Parts the draft keeps but a submission leaves out ("detail:<option>", "other")."""
        return []

    def describe_left_out(self, question: Q, part: str, name: str) -> str:
        return f"a part of the answer to {name} ({part})"

    def carried(self, question: Q, source: str, leftover: dict[str, JsonValue]) -> JsonValue | None:
        """The stored value this question takes when a response is carried into a new edition,
        taken out of ``leftover`` (the earlier answers not carried yet; ``source`` is the earlier
        question's id). By default the earlier answer as it is; a kind with options follows
        `earlier.options`. Whatever it does not take stays in ``leftover`` (kept aside as unmapped)."""
        return leftover.pop(source, None)

    def fit(self, question: Q, answer: A, name: str) -> tuple[A, JsonValue | None, str]:
        """(what the question asks, what it does not ask as a value or None, why): see model.fitting."""
        return answer, None, ""

    # -- Judging -----------------------------------------------------------------------------

    def problems(self, question: Q, answer: A, name: str, applies: bool) -> list[Problem]:
        """The problems of an answer that is submitted (not empty, its question applying)."""
        return []

    # -- Reading it --------------------------------------------------------------------------

    def text_lines(self, question: Q, answer: A) -> list[str]:
        """The answer as plain lines (plain mode's "Current answer"): a summary to follow "Current
        answer:" on its line ("" for none, "yes", "2 entries:"), then the lines under it."""
        return [str(answer)]

    def assessor_text(self, question: Q, answer: A) -> str:
        """The answer as an assessor reads it (the collector's database and report): what was given,
        lines apart; nothing about what was not (a checklist's unticked options)."""
        return str(answer)

    def coverage_counts(self, question: Q, given: list[Any]) -> list[tuple[str, int]]:
        """How many of ``given`` (the submitted values of many responses) chose each of the question's
        options, in the form's order, for the collector's coverage ("Yes": 120, "No": 40); none for
        a kind without options."""
        return []

    def markdown(self, question: Q, answer: A | None, blank: bool) -> list[str]:
        """The lines after the question's wording: its options and the answer (None: none given).
        ``blank``: the blank form, with room to write by hand."""
        return []

    def html(self, question: Q, answer: A | None, blank: bool) -> list[str]:
        return []

    # -- Answering line by line (plain mode, for a kind it has no dialogue of its own for) -----

    def line_prompt(self, question: Q, answer: A | None) -> list[str]:
        """What to show before reading one line: the options as they stand, then how to answer."""
        return [
            f"Type the answer ({self.answer_description}) on one line. An empty line keeps the current answer."
        ]

    def line_answer(self, question: Q, line: str) -> A:
        """The answer a line gives; ValueError saying what to type instead."""
        try:
            return self.read(line)
        except ValueError:
            raise ValueError(f"That is not {self.answer_description}.") from None

    # -- Comparing and merging ---------------------------------------------------------------

    def same_answer(self, a: A | None, b: A | None) -> bool:
        """Whether two answers (models, or None for none) say the same; every empty form is alike,
        and so are answers that differ only in blanks (an empty entry left at the end, a detail of
        spaces beside a ticked option: `compared`)."""
        if a is None or self.is_empty(a) or b is None or self.is_empty(b):
            return (a is None or self.is_empty(a)) and (b is None or self.is_empty(b))
        return bool(a == b) or self.compared(a) == self.compared(b)

    def compared(self, answer: A) -> JsonValue:
        """What `same_answer` compares: the stored form, without blanks (`without_blanks`)."""
        return without_blanks(self.dump(answer))

    def merge(self, base: A | None, ours: A | None, theirs: A | None) -> Merged | Conflict:
        """Three-way: one side changed it → that side; both alike → it; both differently → Conflict."""
        if self.same_answer(ours, theirs):
            return Merged(ours)
        if self.same_answer(base, ours):
            return Merged(theirs)
        if self.same_answer(base, theirs):
            return Merged(ours)
        return Conflict(base, ours, theirs)

    def combine(self, ours: A | None, theirs: A | None) -> A | None:
        """Both sides of a conflict in one answer, for the person deciding it to edit: nothing of
        either left out (one side alone when the other holds nothing or says the same)."""
        if ours is None or self.is_empty(ours):
            return theirs
        if theirs is None or self.is_empty(theirs) or self.same_answer(ours, theirs):
            return ours
        return self.joined(ours, theirs)

    def joined(self, ours: A, theirs: A) -> A:
        """Two answers, both given and different, in one (`combine`). A single value (yes or no, one
        choice) cannot hold both: ours, to change by hand with theirs beside it."""
        return ours

    # -- Skip logic, options, the definitions check ------------------------------------------

    def option_ids(self, question: Q) -> list[str]:
        """The options a `selected` condition may name."""
        return []

    def option_text(self, question: Q, option_id: str) -> str:
        return option_id

    def meets(self, condition: Condition, value: Any) -> bool:
        """Whether a stored value (plain JSON) passes ``condition``, one of `condition_tests`."""
        if condition.equals is not None:
            return bool(value == condition.equals)
        selected = value.get("selected", []) if isinstance(value, dict) else []
        return isinstance(selected, list) and condition.selected in selected

    def describe_condition(self, question: Q, condition: Condition, name: str) -> str:
        if condition.equals is not None:
            return f"{name} is answered {condition.equals}"
        return f"'{plain(self.option_text(question, condition.selected or ''))}' is checked in {name}"

    def unnumbered_name(self, section_id: str) -> str | None:
        """How messages name a question of this kind without a number, or None for the default."""
        return None

    def word_limits(self, question: Q) -> Iterator[tuple[str, int | None, str, str]]:
        """(printed wording, enforced limit, where, key) for each wording that may print a limit."""
        return iter(())

    def definition_problems(self, question: Q) -> Iterator[tuple[str, str | None]]:
        """What a definitions file gets wrong in this question beyond its model: (message, option id)."""
        return iter(())


def option_id_problems(
    option_ids: list[str], reserved: str, question_noun: str, other_label: str
) -> Iterator[tuple[str, str | None]]:
    """What a definitions file can get wrong in a question's option ids: one used twice, or the id
    kept for the "Other" field (``reserved``) used for an option. For kinds with options."""
    seen: set[str] = set()
    for option_id in option_ids:
        if option_id in seen:
            yield f"option id {option_id!r} is used twice in this {question_noun}", option_id
        if option_id == reserved:
            yield (
                f'option id {reserved!r} is kept for the "Other" field: describe it with'
                f' other = {{ label = "{other_label}" }} instead',
                option_id,
            )
        seen.add(option_id)
