"""The `checklist` kind: options to check, each with an optional detail, "Other" and an explanation.

A draft keeps what was typed for an option that is no longer checked (its detail, the text of an
unchecked "Other"): a submission leaves it out, and the review lists it.
"""

import copy
from collections import Counter
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field, JsonValue

from msq_tui.model.kinds.base import (
    AnswerModel,
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
from msq_tui.model.kinds.reading import h, h_wording, mark, md_block, md_escape
from msq_tui.model.kinds.text import word_limit_problem
from msq_tui.model.problems import Problem, problem
from msq_tui.model.wording import plain, sentence_case, standalone

# The id an answer uses in `selected` for a checklist's "Other" field.
OTHER_OPTION = "other"


class Option(Definition):
    id: Identifier
    text: Annotated[str, Field(min_length=1, max_length=2_000)]
    detail: bool = False  # a checked option invites a detail text next to it


class OtherOption(Definition):
    label: Annotated[str, Field(min_length=1, max_length=200)] = "Other:"
    text: Wording = ""  # the printed note after the label, such as "(Max. 250 words)"
    max_words: WordLimit | None = None


class Explanation(Definition):
    text: Wording  # the printed prompt, such as "(If any checked, please explain further ...)"
    max_words: WordLimit


class ChecklistQuestion(Question):
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


class ChecklistAnswer(AnswerModel):
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


# -- Carrying into a new edition whose `earlier.options` rename or move options ----------------


def _take_option(leftover: dict[str, JsonValue], question_id: str, option_id: str) -> tuple[bool, str | None]:
    """Take option ``option_id`` of a checklist answer out of ``leftover``: (was it checked, its detail)."""
    value = leftover.get(question_id)
    if not isinstance(value, dict):
        return False, None
    selected = value.get("selected")
    details = value.get("details")
    checked = isinstance(selected, list) and option_id in selected
    detail = details.get(option_id) if isinstance(details, dict) else None
    if checked and isinstance(selected, list):
        value["selected"] = [option for option in selected if option != option_id]
    if isinstance(details, dict) and option_id in details:
        value["details"] = {key: text for key, text in details.items() if key != option_id}
    return checked, detail if isinstance(detail, str) else None


def _carried_with_options(
    question: ChecklistQuestion, source: str, leftover: dict[str, JsonValue]
) -> JsonValue | None:
    """The answer of a checklist whose `earlier.options` rename or move options, built from ``leftover``."""
    mapping = question.earlier.options if question.earlier is not None else {}
    base = leftover.pop(source, None)
    value: dict[str, Any] = copy.deepcopy(base) if isinstance(base, dict) else {}
    if base is not None and not isinstance(base, dict):
        leftover[source] = base  # not a checklist answer: it goes aside as it is
    holder = {source: value}
    selected: list[str] = []
    details: dict[str, str] = {}
    for option_id in question.option_ids:
        earlier = mapping.get(option_id, option_id)
        from_question, _, from_option = earlier.rpartition(".")
        from_question = from_question or source
        pool: dict[str, Any] = holder if from_question == source else leftover
        checked, detail = _take_option(pool, from_question, from_option)
        if checked:
            selected.append(option_id)
        if detail is not None:
            details[option_id] = detail
    if value:  # what no option took (options gone, other, explanation) stays in the answer; fitting splits it
        selected += [option for option in value.get("selected", []) if isinstance(option, str)]
        rest = value.get("details", {})
        if isinstance(rest, dict):
            details.update({key: text for key, text in rest.items() if key not in details})
    if not selected and not details and not value:
        return None
    built: dict[str, JsonValue] = {
        key: item for key, item in value.items() if key not in ("selected", "details")
    }
    built["selected"] = list(selected)
    built["details"] = dict(details)
    return built


class ChecklistKind(Kind[ChecklistQuestion, ChecklistAnswer]):
    name = "checklist"
    question_model = ChecklistQuestion
    answer_type = ChecklistAnswer
    answer_description = "a table of selected options, details, other and explanation"
    condition_tests = frozenset({"selected"})
    maps_options = True

    def is_empty(self, answer: ChecklistAnswer) -> bool:
        return answer.is_empty()

    def joined(self, ours: ChecklistAnswer, theirs: ChecklistAnswer) -> ChecklistAnswer:
        """Options checked on either side; each detail, Other and the explanation as both texts."""
        details = dict(ours.details)
        for option, text in theirs.details.items():
            details[option] = joined_texts(details.get(option, ""), text)
        return ours.model_copy(
            update={
                "selected": list(dict.fromkeys([*ours.selected, *theirs.selected])),
                "details": details,
                "other": joined_texts(ours.other, theirs.other),
                "explanation": joined_texts(ours.explanation, theirs.explanation),
            }
        )

    def visible(self, question: ChecklistQuestion, answer: ChecklistAnswer) -> ChecklistAnswer:
        checked = OTHER_OPTION in answer.selected
        return answer.model_copy(
            update={
                "details": {
                    option: text
                    for option, text in answer.details.items()
                    if option in answer.selected and text.strip()
                },
                "other": answer.other if checked and answer.other.strip() else "",
                "explanation": answer.explanation if answer.explanation.strip() else "",
            }
        )

    def left_out(self, question: ChecklistQuestion, answer: ChecklistAnswer) -> list[str]:
        known = set(question.option_ids)
        parts = [
            f"detail:{option}"
            for option, text in answer.details.items()
            if option in known and text.strip() and option not in answer.selected
        ]
        if question.other is not None and answer.other.strip() and OTHER_OPTION not in answer.selected:
            parts.append("other")
        return parts

    def describe_left_out(self, question: ChecklistQuestion, part: str, name: str) -> str:
        if part == "other":
            return f'the "Other" text of {name}, which is not checked'
        return f"the detail of option '{part.removeprefix('detail:')}' of {name}, which is not checked"

    def carried(
        self, question: ChecklistQuestion, source: str, leftover: dict[str, JsonValue]
    ) -> JsonValue | None:
        if question.earlier is None or not question.earlier.options:
            return super().carried(question, source, leftover)
        return _carried_with_options(question, source, leftover)

    def fit(
        self, question: ChecklistQuestion, answer: ChecklistAnswer, name: str
    ) -> tuple[ChecklistAnswer, JsonValue | None, str]:
        known = set(question.option_ids)
        extra: dict[str, JsonValue] = {}
        reasons = []
        unknown_selected = [option for option in answer.selected if option not in known]
        unknown_details = {option: text for option, text in answer.details.items() if option not in known}
        if unknown_selected or unknown_details:
            extra["selected"] = list(unknown_selected)
            extra["details"] = dict(unknown_details)
            names = sorted(set(unknown_selected) | set(unknown_details))
            reasons.append(f"options it does not have ({', '.join(names)})")
        if question.other is None and answer.other.strip():
            extra["other"] = answer.other
            reasons.append('no "Other" field')
        if question.explanation is None and answer.explanation.strip():
            extra["explanation"] = answer.explanation
            reasons.append("no explanation")
        if not extra:
            return answer, None, ""
        kept = answer.model_copy(
            update={
                "selected": [option for option in answer.selected if option in known],
                "details": {option: text for option, text in answer.details.items() if option in known},
                "other": answer.other if question.other is not None else "",
                "explanation": answer.explanation if question.explanation is not None else "",
            }
        )
        return kept, extra, f"{name} has {' and '.join(reasons)}"

    def problems(
        self, question: ChecklistQuestion, answer: ChecklistAnswer, name: str, applies: bool
    ) -> list[Problem]:
        qid, problems = question.id, []
        known = set(question.option_ids)
        # A detail is held to the explanation's word limit, where the form sets one.
        detail_limit = question.explanation.max_words if question.explanation is not None else None
        for option_id in answer.selected:
            if option_id not in known:
                said = f"option '{option_id}' is not one of its options"
                problems.append(
                    problem(qid, name, "error", "unknown-option", said, part="option", option=option_id)
                )
        for option_id, text in answer.details.items():
            if option_id not in known:
                said = f"a detail for option '{option_id}', which it does not have"
                problems.append(
                    problem(qid, name, "error", "unknown-option", said, part="detail", option=option_id)
                )
            elif (
                option_id in answer.selected
            ):  # an unchecked option's detail is not submitted: no limit to keep
                reason = word_limit_problem(text, detail_limit)
                if reason:
                    where = f"the detail for '{plain(question.option_text(option_id))}'"
                    problems.append(
                        problem(
                            qid, name, "error", "words", reason, where=where, part="detail", option=option_id
                        )
                    )
        if answer.other.strip():
            if question.other is None:
                said = f'{sentence_case(name)} has no "Other" field'
                problems.append(Problem(qid, "error", "unknown-option", said, part="other"))
            elif (
                OTHER_OPTION in answer.selected
            ):  # an unchecked Other's text is not submitted: no limit to keep
                reason = word_limit_problem(answer.other, question.other.max_words)
                if reason:
                    problems.append(problem(qid, name, "error", "words", reason, where="Other", part="other"))
        if answer.explanation.strip():
            if question.explanation is None:
                said = f"{sentence_case(name)} asks for no explanation"
                problems.append(Problem(qid, "error", "unknown-option", said, part="explanation"))
            else:
                reason = word_limit_problem(answer.explanation, question.explanation.max_words)
                if reason:
                    problems.append(
                        problem(qid, name, "error", "words", reason, where="explanation", part="explanation")
                    )
        for part in self.left_out(question, answer):
            if part == "other":
                said = 'the "Other" text is kept but "Other" is not checked'
                problems.append(problem(qid, name, "warning", "hidden", said, part="other"))
            else:
                option_id = part.removeprefix("detail:")
                said = f"the detail for '{plain(question.option_text(option_id))}' is kept but the option is not checked"
                problems.append(
                    problem(qid, name, "warning", "hidden", said, part="detail", option=option_id)
                )
        return problems

    def text_lines(self, question: ChecklistQuestion, answer: ChecklistAnswer) -> list[str]:
        lines = [""]
        for option_id in question.option_ids:
            line = f"{mark(answer.is_checked(option_id))} {plain(question.option_text(option_id))}"
            extra = answer.other if option_id == OTHER_OPTION else answer.details.get(option_id, "")
            lines.append(line + (f": {extra.strip()}" if extra.strip() else ""))
        if question.explanation is not None and answer.explanation.strip():
            lines.append(f"Explanation: {answer.explanation.strip()}")
        return lines

    def assessor_text(self, question: ChecklistQuestion, answer: ChecklistAnswer) -> str:
        lines = []
        for option_id in question.option_ids:  # in the form's order, whatever order the file lists them
            if not answer.is_checked(option_id):
                continue
            # Read alone, away from its question: no footnote markers, a capital.
            wording = standalone(question.option_text(option_id))
            typed = (answer.other if option_id == OTHER_OPTION else answer.details.get(option_id, "")).strip()
            separator = ": " if option_id == OTHER_OPTION else " — "
            lines.append(f"{wording}{separator}{typed}" if typed else wording)
        if answer.explanation.strip():
            lines.append(f"Explanation: {answer.explanation.strip()}")
        return "\n".join(lines)

    def coverage_counts(self, question: ChecklistQuestion, given: list[Any]) -> list[tuple[str, int]]:
        ticked = Counter(
            option for value in given if isinstance(value, dict) for option in value.get("selected", [])
        )
        return [
            (question.option_text(option_id), ticked.get(option_id, 0)) for option_id in question.option_ids
        ]

    def markdown(self, question: ChecklistQuestion, answer: ChecklistAnswer | None, blank: bool) -> list[str]:
        checked = answer if answer is not None else ChecklistAnswer()
        lines = [question.lead, ""] if question.lead else []
        for option in question.options:
            detail = checked.details.get(option.id, "").strip()
            lines.append(
                f"- {mark(checked.is_checked(option.id))} {option.text}"
                + (f" — {md_escape(detail)}" if detail else "")
            )
        if question.other is not None:
            other = f" {md_escape(checked.other.strip())}" if checked.other.strip() else ""
            note = f" {question.other.text}" if question.other.text else ""
            lines.append(f"- {mark(checked.is_checked(OTHER_OPTION))} {question.other.label}{note}{other}")
        lines.append("")
        if question.explanation is not None:
            lines += [question.explanation.text, ""]
            if checked.explanation.strip():
                lines += [md_block(checked.explanation), ""]
        return lines

    def html(self, question: ChecklistQuestion, answer: ChecklistAnswer | None, blank: bool) -> list[str]:
        checked = answer if answer is not None else ChecklistAnswer()
        parts = [f"<p>{h_wording(question.lead)}</p>"] if question.lead else []
        parts.append('<ul class="options">')
        for option in question.options:
            detail = checked.details.get(option.id, "").strip()
            detail_html = f' — <span class="answer">{h(detail)}</span>' if detail else ""
            box = f'<span class="box">{mark(checked.is_checked(option.id))}</span>'
            parts.append(f"<li>{box} {h_wording(option.text)}{detail_html}</li>")
        if question.other is not None:
            other = (
                f' <span class="answer">{h(checked.other.strip())}</span>' if checked.other.strip() else ""
            )
            note = f" {h(question.other.text)}" if question.other.text else ""
            box = f'<span class="box">{mark(checked.is_checked(OTHER_OPTION))}</span>'
            parts.append(f"<li>{box} {h(question.other.label)}{note}{other}</li>")
        parts.append("</ul>")
        if question.explanation is not None:
            parts.append(f"<p>{h_wording(question.explanation.text)}</p>")
            if checked.explanation.strip():
                parts.append(f'<div class="answer">{h(checked.explanation.strip())}</div>')
        return parts

    def option_ids(self, question: ChecklistQuestion) -> list[str]:
        return question.option_ids

    def option_text(self, question: ChecklistQuestion, option_id: str) -> str:
        return question.option_text(option_id)

    def word_limits(self, question: ChecklistQuestion) -> Iterator[tuple[str, int | None, str, str]]:
        if question.explanation is not None:
            yield (
                question.explanation.text,
                question.explanation.max_words,
                "explanation",
                "explanation.max_words",
            )
        if question.other is not None:
            yield question.other.text, question.other.max_words, "other", "other.max_words"

    def definition_problems(self, question: ChecklistQuestion) -> Iterator[tuple[str, str | None]]:
        ids = [option.id for option in question.options]
        yield from option_id_problems(ids, OTHER_OPTION, "checklist", "Other:")


KIND = ChecklistKind()
