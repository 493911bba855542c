"""The widget for a `checklist` question: options to check, their details, "Other", an explanation.

A checked option that invites detail shows a detail field under it; unchecking hides the field
but keeps its text (the review says it is kept). Space or Enter checks an option.
"""

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Checkbox, Input, Static

from ...answers import ChecklistAnswer
from ...definitions import OTHER_OPTION, ChecklistQuestion
from ...validation import Problem
from .base import QuestionWidget, wording
from .fields import CompactCheckbox, CompactInput
from .limited_text import LimitedTextArea


class OptionBox(CompactCheckbox):
    """A checkbox whose label wraps: an option's full wording is always on screen."""

    DEFAULT_CSS = """
    OptionBox { text-wrap: wrap; text-overflow: fold; }
    """

    def __init__(self, option_id: str, label: str, value: bool, read_only: bool) -> None:
        super().__init__(Content(label), value=value, disabled=read_only)
        self.option_id = option_id

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(1, self.render().get_height(self.styles, width))


class DetailInput(CompactInput):
    def __init__(self, option_id: str, value: str, read_only: bool, placeholder: str) -> None:
        super().__init__(value=value, placeholder=placeholder, disabled=read_only)
        self.option_id = option_id


class ChecklistEditor(QuestionWidget):
    """Check options; each checked option with room for detail shows its detail field."""

    # The options' container takes the height of its options: a plain Vertical is `1fr` with
    # `overflow: hidden`, which inside the scrolling section cut off the options below the fold.
    DEFAULT_CSS = """
    ChecklistEditor > .checklist-options { height: auto; }
    ChecklistEditor OptionBox { width: 1fr; height: auto; }
    ChecklistEditor DetailInput { margin-left: 4; width: 1fr; }
    ChecklistEditor .checklist-lead, ChecklistEditor .explanation-prompt { width: 1fr; }
    ChecklistEditor .explanation-prompt { margin-top: 1; }
    ChecklistEditor LimitedTextArea.other-text { margin-left: 4; }
    """

    question: ChecklistQuestion

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.current = self.answer.model_copy(deep=True) if isinstance(self.answer, ChecklistAnswer) else ChecklistAnswer()

    def compose_editor(self) -> ComposeResult:
        question, current = self.question, self.current
        if question.lead:
            yield Static(Content(wording(question.lead)), classes="checklist-lead")
        with Vertical(classes="checklist-options"):
            for option in question.options:
                checked = current.is_checked(option.id)
                yield OptionBox(option.id, wording(option.text), checked, self.read_only)
                if option.detail:
                    detail = DetailInput(option.id, current.details.get(option.id, ""), self.read_only, "Details, names of documents, links (optional)")
                    detail.display = checked
                    yield detail
            if question.other is not None:
                other_checked = current.is_checked(OTHER_OPTION)
                label = f"{question.other.label} {question.other.text}".strip()
                yield OptionBox(OTHER_OPTION, label, other_checked, self.read_only)
                other = LimitedTextArea(current.other, question.other.max_words, field="other", read_only=self.read_only, placeholder="Say what")
                other.add_class("other-text")
                other.display = other_checked or bool(current.other.strip())
                yield other
        if question.explanation is not None:
            yield Static(Content(wording(question.explanation.text)), classes="explanation-prompt")
            yield LimitedTextArea(current.explanation, question.explanation.max_words, field="explanation", read_only=self.read_only, placeholder="Explain further")

    def _post(self) -> None:
        self.post_answer(None if self.current.is_empty() else self.current.model_copy(deep=True))

    @on(Checkbox.Changed, "OptionBox")
    def _checked(self, event: Checkbox.Changed) -> None:
        event.stop()
        box = event.checkbox
        assert isinstance(box, OptionBox)
        if self.current.is_checked(box.option_id) == event.value:
            return
        selected = [option for option in self.current.selected if option != box.option_id]
        if event.value:
            # Keep the form's order of options, whatever order they were checked in.
            order = self.question.option_ids
            selected = sorted({*selected, box.option_id}, key=lambda o: order.index(o) if o in order else len(order))
        self.current.selected = selected
        for detail in self.query(DetailInput):
            if detail.option_id == box.option_id:
                detail.display = event.value
        if box.option_id == OTHER_OPTION:
            for other in self.query(LimitedTextArea).filter(".other-text"):
                other.display = event.value or bool(self.current.other.strip())
        self._post()

    @on(Input.Changed, "DetailInput")
    def _detail(self, event: Input.Changed) -> None:
        event.stop()
        detail = event.input
        assert isinstance(detail, DetailInput)
        if self.current.details.get(detail.option_id, "") == event.value:
            return  # the value it was given when mounted: nothing changed
        details = dict(self.current.details)
        if event.value:
            details[detail.option_id] = event.value
        else:
            details.pop(detail.option_id, None)
        self.current.details = details
        self._post()

    @on(Input.Submitted, "DetailInput")
    def _detail_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    @on(LimitedTextArea.Changed)
    def _text(self, event: LimitedTextArea.Changed) -> None:
        event.stop()
        if getattr(self.current, event.limited.field) == event.text:
            return
        if event.limited.field == "other":
            self.current.other = event.text
        else:
            self.current.explanation = event.text
        self._post()

    def mark_fields(self, problems_by_field: dict[str, Problem]) -> set[str]:
        for detail in self.query(DetailInput):
            detail.set_class(f"detail:{detail.option_id}" in problems_by_field, "-invalid")
        for limited in self.query(LimitedTextArea):
            limited.mark_invalid(limited.field in problems_by_field)
        return set()

    def focus_field(self, field: str | None) -> bool:
        if field:
            part, _, key = field.partition(":")
            if part in ("other", "explanation"):
                for limited in self.query(LimitedTextArea):
                    if limited.field == part and limited.display:
                        limited.focus(scroll_visible=False)
                        return True
            for box in self.query(OptionBox):
                if box.option_id == key or (part == "other" and box.option_id == OTHER_OPTION):
                    box.focus(scroll_visible=False)
                    return True
        return self.focus_first()
