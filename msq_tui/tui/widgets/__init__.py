"""One widget per question kind, and the widget that picks the right one.

Each kind's module is imported the first time a question of that kind is built: a section of
URL lists never loads Textual's TextArea, checkboxes or radio buttons (start-up time).
"""

from importlib import import_module

from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds.base import Question
from msq_tui.tui.widgets.base import QuestionWidget

# kind -> (module in this package, widget class)
WIDGET_MODULES: dict[str, tuple[str, str]] = {
    "urls": ("urls", "UrlListEditor"),
    "text": ("text", "WordLimitedText"),
    "yes_no": ("yes_no", "YesNoChoice"),
    "checklist": ("checklist", "ChecklistEditor"),
    "contact": ("contact", "ContactCard"),
    "choice": ("choice", "ChoiceEditor"),
}


def widget_class(kind: str) -> type[QuestionWidget]:
    """The widget class for questions of ``kind``."""
    module, name = WIDGET_MODULES[kind]
    return getattr(import_module(f".{module}", __name__), name)


def question_widget(
    questionnaire: Questionnaire, question: Question, answer, read_only: bool = False
) -> QuestionWidget:
    """The widget for ``question``, showing ``answer`` (a model of its kind, or None)."""
    return widget_class(question.kind)(questionnaire, question, answer, read_only=read_only)


__all__ = ["WIDGET_MODULES", "QuestionWidget", "question_widget", "widget_class"]
