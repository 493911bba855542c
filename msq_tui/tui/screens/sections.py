"""The questionnaire screen's parts: a section's questions (SectionView) and the section index.

The screen builds each section's widgets and judges their answers (it owns them, by question
id); the view is given them (attributes down), mounts them, and says when all are there with a
`SectionView.Completed` message (messages up).
"""

import asyncio
from collections.abc import Mapping

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static

from msq_tui.model.answers import Response
from msq_tui.model.definitions import Questionnaire, Section
from msq_tui.model.problems import Problem
from msq_tui.model.validation import progress
from msq_tui.model.wording import plain
from msq_tui.tui.section_marks import CARRIED_MARK, COMPLETE_MARK, CONFLICT_MARK, ERRORS_MARK, section_mark
from msq_tui.tui.text_cells import fit_to_cells
from msq_tui.tui.widgets import QuestionWidget
from msq_tui.tui.widgets.base import wording

INDEX_WIDTH = 28


class SectionView(VerticalScroll):
    """One section's questions, in the order of the form.

    The first ``shown_first`` items (the questions down to the one to be focused, and a screenful
    more) are mounted with the view, so the section shows at once; the rest follow right after
    the first frame.
    """

    DEFAULT_CSS = """
    SectionView { padding: 0 1 0 1; }
    SectionView > .section-title { text-style: bold; color: $text-primary; margin-bottom: 1; width: 1fr; }
    SectionView > .group-stem { width: 1fr; }
    """

    class Completed(Message):
        """Every question of the section is mounted."""

        def __init__(self, view: "SectionView") -> None:
            super().__init__()
            self.view = view

    def __init__(
        self,
        section: Section,
        items: list[Widget],
        shown_first: int,
        problems: Mapping[str, list[Problem]],
    ) -> None:
        super().__init__(id=f"section-{section.id}", classes="section-view")
        self.section = section
        self.problems = problems  # by question id, kept by the screen; read here
        self.complete = asyncio.Event()  # set once every question of the section is mounted
        self._first = items[:shown_first]
        self._later = items[shown_first:]

    def compose(self) -> ComposeResult:
        yield Static(Content(f"{self.section.id}. {wording(self.section.title)}"), classes="section-title")
        yield from self._first

    def on_mount(self) -> None:
        self._show_problems()
        if self._later:
            self.call_after_refresh(self._mount_later)
        else:
            self._completed()

    async def _mount_later(self) -> None:
        later, self._later = self._later, []
        await self.mount_all(later)
        self._show_problems()
        self._completed()

    def _completed(self) -> None:
        self.complete.set()
        self.post_message(self.Completed(self))

    def _show_problems(self) -> None:
        if not self.is_attached:  # the draft was shown again (signed off, a merge) while this mounted
            return
        for widget in self.query(QuestionWidget):
            widget.show_problems(self.problems.get(widget.question_id, []))


class SectionIndex(OptionList):
    """The sections with answered / asked and a mark where errors stand.

    In the index, one key goes to a section: 1 to 9 for the first nine, 0 for the tenth. (alt+digit
    cannot serve: terminals send it as ESC and the digit, which Textual reads as ¡, ™, £ ...)
    """

    BINDINGS = [
        Binding(
            str((index + 1) % 10),
            f"go_to({index})",
            "Section",
            key_display="1…9,0",
            show=index == 0,
            id=f"index.section-{index + 1}",
        )
        for index in range(10)
    ]

    DEFAULT_CSS = f"""
    SectionIndex {{ width: {INDEX_WIDTH}; height: 1fr; border: none; border-right: vkey $panel-lighten-2; }}
    """

    def action_go_to(self, index: int) -> None:
        if 0 <= index < self.option_count:
            self.highlighted = index
            self.action_select()


def section_keys(questionnaire: Questionnaire) -> str:
    """What the index's digit keys do, said for this questionnaire's sections ("1 to 9 and 0 go
    into sections I to X"; "1 to 4 go into sections A to D")."""
    sections = questionnaire.sections[:10]  # 1 to 9, then 0: ten keys
    if not sections:
        return "↑ and ↓ show a section"
    keys = (
        "1"
        if len(sections) == 1
        else f"1 to {min(len(sections), 9)}" + (" and 0" if len(sections) == 10 else "")
    )
    opened = (
        f"section {sections[0].id}"
        if len(sections) == 1
        else f"sections {sections[0].id} to {sections[-1].id}"
    )
    others = " (the others by ↑ and ↓)" if len(questionnaire.sections) > 10 else ""
    # A digit goes into the section (its first field has the focus): no Enter is needed after it.
    return f"{keys} {'goes' if len(sections) == 1 else 'go'} into {opened}{others}"


def index_prompt(
    questionnaire: Questionnaire, response: Response, section: Section, problems: Mapping[str, list[Problem]]
) -> Content:
    """A section's line in the index: numeral, title, answered/asked, and its mark (section_marks.py)."""
    answered, asked = progress(questionnaire, response, section.id)
    errors = sum(
        1 for question in section.questions for problem in problems.get(question.id, []) if problem.is_error
    )
    title_width = INDEX_WIDTH - 5 - 6 - 2 - 4  # numeral, counts, mark, border and scrollbar
    title = fit_to_cells(plain(section.title), title_width)  # by cells: a Chinese title's take two
    counts = f"{answered}/{asked}"
    collaboration = response.collaboration
    answering = collaboration.answering if collaboration is not None else None
    if answering is not None and not any(q.id in answering.questions for q in section.questions):
        counts = "—"  # an agency's draft (agencies/): not its section
    prompt = Content(f"{fit_to_cells(section.id, 5)}{title}{fit_to_cells(counts, 6, align='right')}")
    if counts == "—":  # nothing of its own to answer: no ✓ as if it were done (nor on the review)
        return prompt + Content(" ")
    carried = any(
        problem.code == "carried" for q in section.questions for problem in problems.get(q.id, [])
    )  # answers carried from an earlier edition, not yet reviewed
    in_conflict = any(  # an agency and the coordinator changed a question differently: decide it
        problem.code == "conflict" for q in section.questions for problem in problems.get(q.id, [])
    )
    mark = section_mark(errors > 0, answered, asked, carried, in_conflict)
    if mark in (CONFLICT_MARK, ERRORS_MARK):
        return prompt + Content.styled(f" {mark}", "bold $text-error")
    if mark == CARRIED_MARK:
        return prompt + Content.styled(f" {mark}", "bold $text-warning")
    if mark == COMPLETE_MARK:
        return prompt + Content.styled(f" {mark}", "$text-success")
    return prompt + Content(f" {mark}")
