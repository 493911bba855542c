"""The `yes_no` kind: a yes or no answer, which other questions' skip logic may test (`equals`)."""

from typing import Any, Literal

from msq_tui.model.kinds.base import Kind, Question
from msq_tui.model.kinds.reading import mark

YesNo = Literal["yes", "no"]


class YesNoQuestion(Question):
    """A yes or no answer; other questions may depend on it."""

    kind: Literal["yes_no"]


class YesNoKind(Kind[YesNoQuestion, str]):
    name = "yes_no"
    question_model = YesNoQuestion
    answer_type = YesNo
    answer_description = '"yes" or "no"'
    condition_tests = frozenset({"equals"})

    def assessor_text(self, question: YesNoQuestion, answer: str) -> str:
        return "Yes" if answer == "yes" else "No"

    def coverage_counts(self, question: YesNoQuestion, given: list[Any]) -> list[tuple[str, int]]:
        return [
            ("Yes", sum(value == "yes" for value in given)),
            ("No", sum(value == "no" for value in given)),
        ]

    def markdown(self, question: YesNoQuestion, answer: str | None, blank: bool) -> list[str]:
        return [f"{mark(answer == 'yes')} Yes {mark(answer == 'no')} No", ""]

    def html(self, question: YesNoQuestion, answer: str | None, blank: bool) -> list[str]:
        yes, no = mark(answer == "yes"), mark(answer == "no")
        return [f'<p><span class="box">{yes}</span> Yes &nbsp; <span class="box">{no}</span> No</p>']


KIND = YesNoKind()
