"""Messages that widgets post up to their screen."""

from typing import Any

from textual.message import Message


class AnswerChanged(Message):
    """A question widget's answer changed; the screen records it, validates it and saves it."""

    def __init__(self, question_id: str, answer: Any) -> None:
        super().__init__()
        self.question_id = question_id
        self.answer = answer
