"""One widget per question kind, and the widget that picks the right one."""

from ...definitions import AnyQuestion, Questionnaire
from .base import QuestionWidget
from .checklist import ChecklistEditor
from .contact import ContactCard
from .text import WordLimitedText
from .urls import UrlListEditor
from .yes_no import YesNoChoice

WIDGETS_BY_KIND: dict[str, type[QuestionWidget]] = {
    "urls": UrlListEditor,
    "text": WordLimitedText,
    "yes_no": YesNoChoice,
    "checklist": ChecklistEditor,
    "contact": ContactCard,
}


def question_widget(questionnaire: Questionnaire, question: AnyQuestion, answer, read_only: bool = False) -> QuestionWidget:
    """The widget for ``question``, showing ``answer`` (a model of its kind, or None)."""
    return WIDGETS_BY_KIND[question.kind](questionnaire, question, answer, read_only=read_only)


__all__ = ["QuestionWidget", "question_widget", "WIDGETS_BY_KIND"]
