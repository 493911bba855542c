"""The `choice` kind: one option among several, and optionally "Other, please specify" with a text.

In a definitions file::

    [[sections.questions]]
    id = "portal_hosting"
    kind = "choice"
    number = "11"
    text = "Where is the national portal hosted?"
    options = [
      { id = "government", text = "In a government data centre" },
      { id = "cloud", text = "With a commercial cloud provider" },
    ]
    other = { label = "Other, please specify:", max_words = 50 }

The answer is ``{selected = "cloud"}``, or ``{selected = "other", other = "..."}``. Skip logic may
test it with ``applies_when = { question = "portal_hosting", selected = "cloud" }``.
"""

from collections import Counter
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field, JsonValue

from msq_tui.model.kinds.base import (
    AnswerModel,
    Condition,
    Definition,
    Identifier,
    Kind,
    Question,
    Text,
    Wording,
    WordLimit,
    joined_texts,
    option_id_problems,
)
from msq_tui.model.kinds.reading import h, h_wording, mark, md_escape
from msq_tui.model.kinds.text import word_limit_problem
from msq_tui.model.problems import Problem, problem
from msq_tui.model.wording import plain

OTHER = "other"  # the option id of "Other, please specify"


class ChoiceOption(Definition):
    id: Identifier
    text: Annotated[str, Field(min_length=1, max_length=2_000)]


class ChoiceOther(Definition):
    label: Annotated[str, Field(min_length=1, max_length=200)] = "Other, please specify:"
    text: Wording = ""  # a printed note after the label, such as "(Max. 50 words)"
    max_words: WordLimit | None = None


class ChoiceQuestion(Question):
    """One option among several (radio buttons); "Other" with a text when the form has it."""

    kind: Literal["choice"]
    options: Annotated[list[ChoiceOption], Field(min_length=2)]
    other: ChoiceOther | None = None

    @property
    def option_ids(self) -> list[str]:
        return [option.id for option in self.options] + ([OTHER] if self.other is not None else [])

    def option_text(self, option_id: str) -> str:
        if option_id == OTHER and self.other is not None:
            return self.other.label.rstrip(":")
        return next((option.text for option in self.options if option.id == option_id), option_id)

    def wording_texts(self) -> Iterator[tuple[str, str]]:
        yield "text", self.text
        for option in self.options:
            yield f"option {option.id}", option.text
        if self.other is not None:
            yield "other", f"{self.other.label} {self.other.text}".strip()


class ChoiceAnswer(AnswerModel):
    """The chosen option's id ("" for none) and the text of "Other"."""

    selected: Text = ""
    other: Text = ""


class ChoiceKind(Kind[ChoiceQuestion, ChoiceAnswer]):
    name = "choice"
    question_model = ChoiceQuestion
    answer_type = ChoiceAnswer
    answer_description = "a table of the selected option and the text of other"
    condition_tests = frozenset({"selected"})
    maps_options = True

    def is_empty(self, answer: ChoiceAnswer) -> bool:
        return not answer.selected and not answer.other.strip()

    def visible(self, question: ChoiceQuestion, answer: ChoiceAnswer) -> ChoiceAnswer:
        other = answer.other if answer.selected == OTHER and answer.other.strip() else ""
        return ChoiceAnswer(selected=answer.selected, other=other)

    def carried(
        self, question: ChoiceQuestion, source: str, leftover: dict[str, JsonValue]
    ) -> JsonValue | None:
        """The earlier choice, its option renamed or moved here from another choice question by
        `earlier.options`; an option the new edition does not have stays chosen for `fit` to put aside."""
        mapping = question.earlier.options if question.earlier is not None else {}
        if not mapping:
            return super().carried(question, source, leftover)
        base = leftover.pop(source, None)
        if base is not None and not isinstance(base, dict):
            leftover[source] = base  # not a choice answer: it goes aside as it is
        value: dict[str, JsonValue] = dict(base) if isinstance(base, dict) else {}
        earlier_choice = value.get("selected")
        # Where each option comes from, the options `earlier.options` names first (an explicit
        # rename wins over an option keeping its id).
        sources = [
            (option_id, *mapping.get(option_id, option_id).rpartition(".")[::2])
            for option_id in sorted(question.option_ids, key=lambda option_id: option_id not in mapping)
        ]
        chosen = next(
            (
                option_id
                for option_id, where, earlier in sources
                if where in ("", source) and earlier == earlier_choice
            ),
            None,
        )
        for option_id, where, earlier in sources if chosen is None else ():
            moved = leftover.get(where)
            if where in ("", source) or not isinstance(moved, dict) or moved.get("selected") != earlier:
                continue
            rest = {key: item for key, item in moved.items() if key != "selected"}
            if earlier_choice:  # this question's own earlier choice has no option here: kept aside
                aside = {key: value.pop(key, "") for key in ("selected", "other")}
                leftover[source] = {key: text for key, text in aside.items() if text}
            if earlier == OTHER:  # the text of "Other" goes with it
                value["other"] = rest.pop("other", "")
            leftover[where] = rest
            chosen = option_id
            break
        if chosen is not None:
            value["selected"] = chosen
        return value or None

    def fit(
        self, question: ChoiceQuestion, answer: ChoiceAnswer, name: str
    ) -> tuple[ChoiceAnswer, JsonValue | None, str]:
        """An option the question does not have, or the text of an "Other" it does not have, goes aside."""
        aside: dict[str, JsonValue] = {}
        reasons = []
        if answer.selected and answer.selected not in question.option_ids:
            aside["selected"] = answer.selected
            reasons.append(f"an option it does not have ({answer.selected})")
        if question.other is None and answer.other.strip():
            aside["other"] = answer.other
            reasons.append('no "Other" field')
        if not aside:
            return answer, None, ""
        kept = ChoiceAnswer(
            selected="" if "selected" in aside else answer.selected,
            other="" if "other" in aside else answer.other,
        )
        return kept, aside, f"{name} has {' and '.join(reasons)}"

    def joined(self, ours: ChoiceAnswer, theirs: ChoiceAnswer) -> ChoiceAnswer:
        """One option cannot be both: ours, with both texts of "Other"."""
        return ours.model_copy(update={"other": joined_texts(ours.other, theirs.other)})

    def left_out(self, question: ChoiceQuestion, answer: ChoiceAnswer) -> list[str]:
        typed = question.other is not None and answer.other.strip()
        return ["other"] if typed and answer.selected != OTHER else []

    def describe_left_out(self, question: ChoiceQuestion, part: str, name: str) -> str:
        return f'the "Other" text of {name}, which is not chosen'

    def problems(
        self, question: ChoiceQuestion, answer: ChoiceAnswer, name: str, applies: bool
    ) -> list[Problem]:
        qid, problems = question.id, []
        if answer.selected and answer.selected not in question.option_ids:
            said = f"option '{answer.selected}' is not one of its options"
            problems.append(
                problem(qid, name, "error", "unknown-option", said, part="option", option=answer.selected)
            )
        if answer.selected == OTHER and question.other is not None:
            if not answer.other.strip():
                said = f'"{self.option_text(question, OTHER)}" is chosen: say what it is'
                problems.append(problem(qid, name, "warning", "other-empty", said, part="other"))
            reason = word_limit_problem(answer.other, question.other.max_words)
            if reason:
                problems.append(problem(qid, name, "error", "words", reason, where="Other", part="other"))
        elif answer.other.strip() and question.other is None:
            problems.append(
                problem(qid, name, "error", "unknown-option", 'it has no "Other" field', part="other")
            )
        if self.left_out(question, answer):
            said = 'the "Other" text is kept but "Other" is not chosen'
            problems.append(problem(qid, name, "warning", "hidden", said, part="other"))
        return problems

    def text_lines(self, question: ChoiceQuestion, answer: ChoiceAnswer) -> list[str]:
        if not answer.selected:
            return ["(none chosen)"]
        chosen = plain(self.option_text(question, answer.selected))
        return [f"{chosen}: {answer.other.strip()}" if answer.other.strip() else chosen]

    def assessor_text(self, question: ChoiceQuestion, answer: ChoiceAnswer) -> str:
        return "" if not answer.selected else self.text_lines(question, answer)[0]

    def coverage_counts(self, question: ChoiceQuestion, given: list[Any]) -> list[tuple[str, int]]:
        chosen = Counter(value.get("selected") for value in given if isinstance(value, dict))
        return [
            (self.option_text(question, option_id), chosen.get(option_id, 0))
            for option_id in self.option_ids(question)
        ]

    def _marked(
        self, question: ChoiceQuestion, answer: ChoiceAnswer | None
    ) -> Iterator[tuple[str, str, str]]:
        """(mark, option wording, typed text) for each option, in the form's order."""
        chosen = answer.selected if answer is not None else ""
        for option in question.options:
            yield mark(chosen == option.id), option.text, ""
        if question.other is not None:
            typed = answer.other.strip() if answer is not None and chosen == OTHER else ""
            label = f"{question.other.label} {question.other.text}".strip()
            yield mark(chosen == OTHER), label, typed

    def markdown(self, question: ChoiceQuestion, answer: ChoiceAnswer | None, blank: bool) -> list[str]:
        lines = [
            f"- {box} {wording}" + (f" {md_escape(typed)}" if typed else "")
            for box, wording, typed in self._marked(question, answer)
        ]
        return [*lines, ""]

    def html(self, question: ChoiceQuestion, answer: ChoiceAnswer | None, blank: bool) -> list[str]:
        items = [
            f'<li><span class="box">{box}</span> {h_wording(wording)}'
            + (f' <span class="answer">{h(typed)}</span>' if typed else "")
            + "</li>"
            for box, wording, typed in self._marked(question, answer)
        ]
        return ['<ul class="options">', *items, "</ul>"]

    # -- Answering line by line (plain mode) -------------------------------------------------

    def line_prompt(self, question: ChoiceQuestion, answer: ChoiceAnswer | None) -> list[str]:
        chosen = answer.selected if answer is not None else ""
        lines = [
            f"{number} {'(x)' if option_id == chosen else '( )'} {plain(self.option_text(question, option_id))}"
            for number, option_id in enumerate(question.option_ids, 1)
        ]
        other = f"; for {len(question.option_ids)}, its text after the number" if question.other else ""
        return [*lines, f"Type the number of your choice{other}. An empty line keeps the current answer."]

    def line_answer(self, question: ChoiceQuestion, line: str) -> ChoiceAnswer:
        number, _, rest = line.strip().partition(" ")
        ids = question.option_ids
        if not number.isdigit() or not 1 <= int(number) <= len(ids):
            raise ValueError(f"Type a number from 1 to {len(ids)}.")
        option_id = ids[int(number) - 1]
        return ChoiceAnswer(selected=option_id, other=rest.strip() if option_id == OTHER else "")

    # -- Skip logic and the definitions check -------------------------------------------------

    def option_ids(self, question: ChoiceQuestion) -> list[str]:
        return question.option_ids

    def option_text(self, question: ChoiceQuestion, option_id: str) -> str:
        return question.option_text(option_id)

    def meets(self, condition: Condition, value: Any) -> bool:
        return isinstance(value, dict) and value.get("selected") == condition.selected

    def describe_condition(self, question: ChoiceQuestion, condition: Condition, name: str) -> str:
        return f"'{plain(question.option_text(condition.selected or ''))}' is chosen in {name}"

    def word_limits(self, question: ChoiceQuestion) -> Iterator[tuple[str, int | None, str, str]]:
        if question.other is not None:
            yield question.other.text, question.other.max_words, "other", "other.max_words"

    def definition_problems(self, question: ChoiceQuestion) -> Iterator[tuple[str, str | None]]:
        ids = [option.id for option in question.options]
        yield from option_id_problems(ids, OTHER, "choice", "Other, please specify:")


KIND = ChoiceKind()
