"""The `text` kind: free text with a word limit."""

from collections.abc import Iterator
from typing import Literal

from msq_tui.model.kinds.base import Kind, Question, Text, WordLimit
from msq_tui.model.kinds.reading import h, md_block
from msq_tui.model.problems import Problem, problem
from msq_tui.model.words import count_words


class TextQuestion(Question):
    """Free text with a word limit."""

    kind: Literal["text"]
    max_words: WordLimit


def word_limit_problem(text: str, limit: int | None) -> str | None:
    """The reason a text is over its limit, or None. Used for every limited text of every kind."""
    if limit is None:
        return None
    count = count_words(text)
    if count <= limit:
        return None
    return f"{count} words, {count - limit} over the limit of {limit}: shorten it before signing off"


class TextKind(Kind[TextQuestion, str]):
    name = "text"
    question_model = TextQuestion
    answer_type = Text
    answer_description = "a text"

    def is_empty(self, answer: str) -> bool:
        return not answer.strip()

    def problems(self, question: TextQuestion, answer: str, name: str, applies: bool) -> list[Problem]:
        reason = word_limit_problem(answer, question.max_words)
        if reason is None:
            return []
        return [problem(question.id, name, "error", "words", reason, part="text")]

    def text_lines(self, question: TextQuestion, answer: str) -> list[str]:
        return ["", *answer.split("\n")]

    def markdown(self, question: TextQuestion, answer: str | None, blank: bool) -> list[str]:
        return [md_block(answer), ""] if answer is not None and answer.strip() else []

    def html(self, question: TextQuestion, answer: str | None, blank: bool) -> list[str]:
        if answer is None or not answer.strip():
            return []
        return [f'<div class="answer">{h(answer.strip())}</div>']

    def word_limits(self, question: TextQuestion) -> Iterator[tuple[str, int | None, str, str]]:
        yield question.text, question.max_words, "text", "max_words"


KIND = TextKind()
