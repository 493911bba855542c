"""What every question widget shares: the printed number and wording, footnotes, problems.

A question widget takes its definition and its answer (attributes down) and posts one
`AnswerChanged` when the answer changes (messages up). It never judges the answer itself: the
screen asks the validation module and hands the problems back with `show_problems`.
"""

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import ScrollableContainer, Vertical
from textual.content import Content
from textual.dom import NoScreen
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Static

from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds.base import Question
from msq_tui.model.problems import Problem
from msq_tui.model.wording import footnote_numbers, with_superscripts
from msq_tui.tui.messages import AnswerChanged


def wording(text: str) -> str:
    """A wording of the form for the terminal: footnote markers as superscripts."""
    return with_superscripts(text)


def focus_now(widget: Widget) -> None:
    """Give ``widget`` the focus now: `Widget.focus()` is queued behind the keys already waiting,
    which then went to the field the focus was leaving."""
    try:
        widget.screen.set_focus(widget, scroll_visible=False)
    except NoScreen:
        pass


# A field inside one of these is kept in sight with all of it: a text with its word count, a
# URL entry or a contact field with the line that says what is wrong with it.
SIGHT_UNITS = ("limited-text", "url-row", "contact-row")


def keep_in_sight(focused: Widget | None) -> None:
    """Scroll the section so that what the respondent works on is on screen, all at once.

    That is the focused field (for a text, the box and its word count; for a field, the line
    under it saying what is wrong), and the question's own problems when there is room. When
    even the field does not fit, the line with the cursor does.
    """
    if focused is None or not focused.is_attached:
        return
    question = next((node for node in focused.ancestors_with_self if isinstance(node, QuestionWidget)), None)
    if question is None:
        return
    container = next((node for node in question.ancestors if isinstance(node, ScrollableContainer)), None)
    if container is None:
        return
    widgets = [widget for widget in question.in_sight(focused) if widget.is_attached and widget.display]
    regions = [region for region in (_region_in(widget, container) for widget in widgets) if region.size]
    if not regions:
        return
    window = container.scrollable_content_region
    area = regions[0]
    if area.height > window.height:
        cursor = getattr(focused, "cursor_screen_offset", None)
        if cursor is not None:  # the cursor's row within the field, from the same layout
            row = _region_in(focused, container).y + cursor.y - focused.region.y
            area = Region(area.x, row, area.width, 1)
    for extra in regions[1:]:
        wider = area.union(extra)
        if wider.height <= window.height:
            area = wider
    container.scroll_to_region(area, animate=False, immediate=True)


def _region_in(widget: Widget, container: Widget) -> Region:
    """``widget``'s region in ``container``'s scrolled space, whatever the container's scroll now.

    (Screen regions come from the last layout, which may predate a scroll made since.)
    """
    region = widget.virtual_region
    node = widget.parent
    while isinstance(node, Widget) and node is not container:
        region = region.translate(node.virtual_region.offset + node.styles.gutter.top_left)
        node = node.parent
    return region


class QuestionWidget(Vertical):
    """The frame of one question; subclasses compose the editor of their kind."""

    DEFAULT_CSS = """
    QuestionWidget {
        height: auto;
        padding: 0 1 1 0;
    }
    QuestionWidget > .question-heading { width: 1fr; }
    QuestionWidget > .question-notes {
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        width: 1fr;
    }
    QuestionWidget > .question-problems { color: $text-error; width: 1fr; }
    QuestionWidget > .question-problems.-warning { color: $text-warning; }
    QuestionWidget .-invalid { background: $error 25%; }
    QuestionWidget .field-problem { color: $text-error; padding-left: 2; }
    """

    def __init__(
        self, questionnaire: Questionnaire, question: Question, answer: Any, read_only: bool = False
    ) -> None:
        super().__init__(classes=f"question kind-{question.kind}")
        self.questionnaire = questionnaire
        self.question = question
        self.answer = answer
        self.read_only = read_only
        self._problems_text: str | None = None

    @property
    def question_id(self) -> str:
        return self.question.id

    # The keys of this kind of question, for F1's help.
    KEY_HELP = ""

    def compose(self) -> ComposeResult:
        question = self.question
        if question.number or question.text:
            number = Content.styled(f"{question.number}. ", "bold") if question.number else Content("")
            yield Static(number + Content(wording(question.text)), classes="question-heading")
        notes = self.footnotes()
        if notes:
            first = notes[0]
            more = f" (+{len(notes) - 1} more)" if len(notes) > 1 else ""
            hint = f"{wording(f'[^{first}]')} {self.questionnaire.footnote(first)}"
            yield Static(Content(f"{hint}{more}"), classes="question-notes")
        yield from self.compose_editor()
        yield Static("", classes="question-problems")

    def compose_editor(self) -> ComposeResult:
        raise NotImplementedError

    def in_sight(self, focused: Widget) -> list[Widget]:
        """What must be on screen with ``focused``, the most needed first (see `keep_in_sight`)."""
        unit = focused
        for node in focused.ancestors:
            if node is self:
                break
            if isinstance(node, Widget) and any(node.has_class(name) for name in SIGHT_UNITS):
                unit = node
                break
        widgets = [unit]
        parent = unit.parent
        if isinstance(parent, Widget) and parent is not self:
            siblings = parent.children
            position = siblings.index(unit)
            if position + 1 < len(siblings) and siblings[position + 1].has_class("field-problem"):
                widgets.append(siblings[position + 1])
        widgets.extend(self.query_children(".question-problems"))
        return widgets

    def on_resize(self, event: events.Resize) -> None:
        # A question that grows while being worked on (a text gaining a line, a new entry, a
        # message under a field) keeps the focus and its messages in sight, without a key; so
        # does one above it that changes height once left (an entry going back to rest on two
        # lines pushed the field just tabbed to below the foot of the screen).
        focused = self.screen.focused
        if self.has_focus_within or (focused is not None and self.parent in focused.ancestors):
            keep_in_sight(focused)

    def footnotes(self) -> list[int]:
        numbers: list[int] = []
        for _, text in self.question.wording_texts():
            for number in footnote_numbers(text):
                if number not in numbers:
                    numbers.append(number)
        return numbers

    # -- Attributes down, messages up ------------------------------------------------------

    def post_answer(self, answer: Any) -> None:
        self.answer = answer
        message = AnswerChanged(self.question.id, answer)
        # Straight to the screen, which is the one to handle it: bubbling up through the
        # section, the switcher and the body is a message hop each, on every keystroke.
        try:
            screen = self.screen
        except NoScreen:
            self.post_message(message)
        else:
            screen.post_message(message)

    def show_problems(self, problems: list[Problem]) -> None:
        """Show the model's verdict: the question's messages, and marks on the fields concerned."""
        placed = self.mark_fields(
            {problem.field: problem for problem in problems if problem.field and problem.is_error}
        )
        shown = [
            problem
            for problem in problems
            if problem.code != "unanswered" and not (problem.is_error and problem.field in placed)
        ]
        text = "\n".join(("✗ " if p.is_error else "! ") + p.shown_in_place for p in shown)
        if text == self._problems_text:
            return  # nothing new to say: no update, so no layout pass while typing
        self._problems_text = text
        box = self.query_one(".question-problems", Static)
        box.set_class(bool(shown) and not any(p.is_error for p in shown), "-warning")
        box.update(Content(text))
        box.display = bool(shown)

    def mark_fields(self, problems_by_field: dict[str, Problem]) -> set[str]:
        """Mark the fields that the problems name; return the fields whose message is shown in place."""
        return set()

    def focus_first(self) -> bool:
        """Put the focus in the first field; False when there is nothing to focus."""
        for widget in self.query("*"):
            if isinstance(widget, Widget) and widget.focusable and self._shown(widget):
                focus_now(widget)
                return True
        return False

    def _shown(self, widget: Widget) -> bool:
        """Whether ``widget`` is displayed, and every container of it in this question: a text's
        TextArea kept hidden while it rests is `focusable` all the same (it ignores `display`)."""
        for node in widget.ancestors_with_self:
            if node is self:
                return True
            if not node.display:
                return False
        return True

    def typing_field(self, focused: Widget) -> Widget | None:
        """The field that takes what is typed on ``focused``, which takes no text itself (None: no field).

        A chosen "Other" takes the words typed on the options; a kind without such a field says
        how it is answered instead (the screen's `text_refused`).
        """
        return None

    def focus_field(self, field: str | None) -> bool:
        """Put the focus on the field a problem names (or the first field)."""
        return self.focus_first()

    def refocus(self, widget: Widget) -> bool:
        """Put the focus back on ``widget``, which had it; a text gone to rest is opened again."""
        if widget.focusable and self._shown(widget):
            focus_now(widget)
            return True
        for node in widget.ancestors:
            if node is self:
                break
            if isinstance(node, Widget) and node.has_class("limited-text"):
                node.focus(scroll_visible=False)  # now: on the TextArea, or the text at rest that makes it
                return True
        return False
