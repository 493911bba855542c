"""The widget for a `checklist` question: options to check, their details, "Other", an explanation.

A checked option that invites detail shows a detail field under it; unchecking hides the field
but keeps its text (the review says it is kept). Space or Enter checks an option; the arrows move
between the options.
"""

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Checkbox, Static

from msq_tui.model.kinds.checklist import OTHER_OPTION, ChecklistAnswer, ChecklistQuestion
from msq_tui.model.problems import Problem
from msq_tui.tui.widgets.base import QuestionWidget, focus_now, wording
from msq_tui.tui.widgets.fields import CompactCheckbox
from msq_tui.tui.widgets.limited_text import LimitedTextArea


class OptionBox(CompactCheckbox):
    """A checkbox whose label wraps: an option's full wording is always on screen."""

    BINDINGS = [
        Binding(
            "space",
            "toggle_button",
            "Tick",
            id="checklist.tick",
            tooltip="Tick or untick the option (Enter too)",
        ),
        # As in a single choice, the arrows move between the options (a detail open under one is
        # passed over: Tab goes into it).
        Binding("down", "next_option(1)", "Next option", show=False, id="checklist.next"),
        Binding("up", "next_option(-1)", "Previous option", show=False, id="checklist.previous"),
    ]

    DEFAULT_CSS = """
    OptionBox { text-wrap: wrap; text-overflow: fold; }
    """

    def __init__(self, option_id: str, label: str, value: bool, read_only: bool) -> None:
        super().__init__(Content(label), value=value, disabled=read_only)
        self.option_id = option_id

    def action_next_option(self, step: int) -> None:
        boxes = [box for box in self.parent.children if isinstance(box, OptionBox)] if self.parent else []
        index = boxes.index(self) + step
        if 0 <= index < len(boxes):
            focus_now(boxes[index])

    def get_content_height(self, container, viewport, width: int) -> int:
        # Textual passes a widget's styles as the rules itself (Widget.get_content_height, 8.2.8).
        return max(1, self.render().get_height(self.styles, width))  # type: ignore[arg-type]


class OptionDetail(LimitedTextArea):
    """The detail of a checked option: lines of text (a reference, a list of documents), counted."""

    def __init__(self, option_id: str, value: str, limit: int | None, read_only: bool) -> None:
        super().__init__(
            value,
            limit,
            field=f"detail:{option_id}",
            read_only=read_only,
            placeholder="Details, names of documents, links (optional)",
        )
        self.add_class("option-detail")
        self.option_id = option_id


class ChecklistEditor(QuestionWidget):
    """Check options; each checked option with room for detail shows its detail field."""

    KEY_HELP = (
        "Space or Enter ticks or unticks an option; ↑ and ↓ move between the options; Tab goes on. "
        "A ticked option that asks for details opens a text under it, where Enter starts a new line; "
        "what is typed on the ticked option goes there. Ticking Other puts the cursor in its text. "
        "Unticking keeps the text."
    )

    # The options' container takes the height of its options: a plain Vertical is `1fr` with
    # `overflow: hidden`, which inside the scrolling section cut off the options below the fold.
    DEFAULT_CSS = """
    ChecklistEditor > .checklist-options { height: auto; }
    ChecklistEditor OptionBox { width: 1fr; height: auto; }
    ChecklistEditor OptionDetail { margin-left: 4; width: 1fr; }
    ChecklistEditor OptionDetail > TextArea, ChecklistEditor OptionDetail > .text-at-rest { min-height: 1; }
    ChecklistEditor .checklist-lead, ChecklistEditor .explanation-prompt { width: 1fr; }
    ChecklistEditor .explanation-prompt { margin-top: 1; }
    ChecklistEditor LimitedTextArea.other-text { margin-left: 4; }
    """

    question: ChecklistQuestion

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.current = (
            self.answer.model_copy(deep=True)
            if isinstance(self.answer, ChecklistAnswer)
            else ChecklistAnswer()
        )

    def compose_editor(self) -> ComposeResult:
        question, current = self.question, self.current
        if question.lead:
            yield Static(Content(wording(question.lead)), classes="checklist-lead")
        with Vertical(classes="checklist-options"):
            for option in question.options:
                checked = current.is_checked(option.id)
                yield OptionBox(option.id, wording(option.text), checked, self.read_only)
                if option.detail:
                    # The explanation's word limit, where the form sets one, holds for each detail too.
                    limit = question.explanation.max_words if question.explanation is not None else None
                    detail = OptionDetail(
                        option.id, current.details.get(option.id, ""), limit, self.read_only
                    )
                    detail.display = checked
                    yield detail
            if question.other is not None:
                other_checked = current.is_checked(OTHER_OPTION)
                label = f"{question.other.label} {question.other.text}".strip()
                yield OptionBox(OTHER_OPTION, label, other_checked, self.read_only)
                other = LimitedTextArea(
                    current.other,
                    question.other.max_words,
                    field="other",
                    read_only=self.read_only,
                    placeholder="Say what",
                )
                other.add_class("other-text")
                other.display = other_checked or bool(current.other.strip())
                yield other
        if question.explanation is not None:
            yield Static(Content(wording(question.explanation.text)), classes="explanation-prompt")
            yield LimitedTextArea(
                current.explanation,
                question.explanation.max_words,
                field="explanation",
                read_only=self.read_only,
                placeholder="Explain further",
            )

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
            selected = sorted(
                {*selected, box.option_id}, key=lambda o: order.index(o) if o in order else len(order)
            )
        self.current.selected = selected
        for detail in self.query(OptionDetail):
            if detail.option_id == box.option_id:
                detail.display = event.value
        if box.option_id == OTHER_OPTION:
            for other in self.query(LimitedTextArea).filter(".other-text"):
                other.display = event.value or bool(self.current.other.strip())
                if event.value:
                    # "Other" ticked asks what it is: the focus goes to its text (unticked, it stays).
                    other.focus()
        self._post()

    def _detail(self, detail: OptionDetail, text: str) -> None:
        if self.current.details.get(detail.option_id, "") == text:
            return  # the value it was given when mounted: nothing changed
        details = dict(self.current.details)
        if text:
            details[detail.option_id] = text
        else:
            details.pop(detail.option_id, None)
        self.current.details = details
        self._post()

    @on(LimitedTextArea.Changed)
    def _text(self, event: LimitedTextArea.Changed) -> None:
        event.stop()
        if isinstance(event.limited, OptionDetail):
            self._detail(event.limited, event.text)
            return
        if getattr(self.current, event.limited.field) == event.text:
            return
        if event.limited.field == "other":
            self.current.other = event.text
        else:
            self.current.explanation = event.text
        self._post()

    def typing_field(self, focused: Widget) -> Widget | None:
        """Typing on a ticked option goes to the text under it: "Other"'s, or the option's detail."""
        if not isinstance(focused, OptionBox) or not focused.value or self.read_only:
            return None
        for limited in self.query(LimitedTextArea):
            if limited.display and (
                (isinstance(limited, OptionDetail) and limited.option_id == focused.option_id)
                or (focused.option_id == OTHER_OPTION and limited.field == "other")
            ):
                return limited
        return None

    def mark_fields(self, problems_by_field: dict[str, Problem]) -> set[str]:
        for limited in self.query(LimitedTextArea):
            limited.mark_invalid(limited.field in problems_by_field)
        return set()

    def focus_field(self, field: str | None) -> bool:
        if field:
            part, _, key = field.partition(":")
            if part in ("other", "explanation", "detail"):
                for limited in self.query(LimitedTextArea):
                    if limited.field == field and limited.display:
                        limited.focus(scroll_visible=False)
                        return True
            for box in self.query(OptionBox):
                if box.option_id == key or (part == "other" and box.option_id == OTHER_OPTION):
                    focus_now(box)
                    return True
        return self.focus_first()
