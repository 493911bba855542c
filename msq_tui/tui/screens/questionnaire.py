"""The questionnaire screen: the section index, the section on screen, the save state, the keys.

Sections are built the first time they are shown and kept, so switching is a matter of showing
another container. The screen routes: a widget posts `AnswerChanged`, the screen records it in
the session, asks the validation module about that question (and the questions that depend on
it), hands each widget its problems, and updates the index.
"""

import asyncio
from typing import Any

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.events import DescendantFocus
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, OptionList, Static
from textual.widgets.option_list import Option

from msq_tui.model.countries import country_by_iso3
from msq_tui.model.definitions import Section
from msq_tui.model.kinds.base import Question
from msq_tui.model.problems import Problem
from msq_tui.model.validation import carried_problems, progress, validate_answer, validate_response
from msq_tui.model.wording import plain
from msq_tui.store.session import DraftSession, SaveState
from msq_tui.submission.submitted import visible_answer
from msq_tui.tui.messages import AnswerChanged
from msq_tui.tui.section_marks import CARRIED_MARK, COMPLETE_MARK, CONFLICT_MARK, ERRORS_MARK, section_mark
from msq_tui.tui.widgets import QuestionWidget, question_widget
from msq_tui.tui.widgets.base import keep_in_sight, wording
from msq_tui.tui.widgets.footer import KeyFooter
from msq_tui.tui.widgets.line_text import LineText

INDEX_WIDTH = 28
SAVE_STATE_WIDTH = 30  # "Saved 10:30:12", "Not saved: the disk is full" ...


class SectionView(VerticalScroll):
    """One section's questions, in the order of the form.

    The questions down to the one to be focused (and a screenful more) are built first, so the
    section shows at once; the rest follow right after the first frame.
    """

    DEFAULT_CSS = """
    SectionView { padding: 0 1 0 1; }
    SectionView > .section-title { text-style: bold; color: $text-primary; margin-bottom: 1; width: 1fr; }
    SectionView > .group-stem { width: 1fr; }
    """

    FIRST_QUESTIONS = 4  # enough to fill an 80x24 screen

    def __init__(
        self, screen: "QuestionnaireScreen", section: Section, focus_question: str | None = None
    ) -> None:
        super().__init__(id=f"section-{section.id}", classes="section-view")
        self.section = section
        self.owner = screen
        self.focus_question = focus_question
        self.complete = asyncio.Event()  # set once every question of the section is mounted
        self._later: list[Widget] = []

    def _items(self) -> list[tuple[Widget, str | None]]:
        """Group stems and question widgets in order, each with its question id (None for a stem)."""
        session = self.owner.session
        questionnaire = session.questionnaire
        answers = session.response.answers
        items: list[tuple[Widget, str | None]] = []
        shown_groups: set[str] = set()
        for question in self.section.questions:
            if question.group and question.group not in shown_groups:
                group = questionnaire.group(question.group)
                if group:
                    stem = Content.styled(f"{group.number}. ", "bold") + Content(wording(group.text))
                    items.append((Static(stem, classes="group-stem"), None))
                shown_groups.add(question.group)
            widget = question_widget(
                questionnaire,
                question,
                session.response.answer(question),
                read_only=self.owner.read_only or not self.owner.may_change(question.id),
            )
            widget.display = questionnaire.applies(question, answers)
            self.owner.widgets[question.id] = widget
            items.append((widget, question.id))
        return items

    def compose(self) -> ComposeResult:
        yield Static(Content(f"{self.section.id}. {wording(self.section.title)}"), classes="section-title")
        items = self._items()
        ids = [question_id for _, question_id in items if question_id]
        target = ids.index(self.focus_question) if self.focus_question in ids else 0
        wanted = set(ids[: target + self.FIRST_QUESTIONS])
        split = len(items)
        for index, (_, question_id) in enumerate(items):
            if question_id is not None and question_id not in wanted:
                split = index
                break
        self._later = [widget for widget, _ in items[split:]]
        # Each question is judged as it is built, so its problems are in the frame that shows it
        # (a message appearing later would push the question in focus down the screen).
        self.owner.judge([question_id for _, question_id in items[:split] if question_id])
        for widget, _ in items[:split]:
            yield widget

    def on_mount(self) -> None:
        self._show_problems()
        if self._later:
            self.call_after_refresh(self._mount_later)
        else:
            self._completed()

    async def _mount_later(self) -> None:
        later, self._later = self._later, []
        self.owner.judge([widget.question_id for widget in later if isinstance(widget, QuestionWidget)])
        await self.mount_all(later)
        self._show_problems()
        self._completed()

    def _completed(self) -> None:
        self.complete.set()
        self.owner.section_completed(self)

    def _show_problems(self) -> None:
        if not self.is_attached:  # the draft was shown again (signed off, a merge) while this mounted
            return
        for widget in self.query(QuestionWidget):
            widget.show_problems(self.owner.problems.get(widget.question_id, []))


class SectionIndex(OptionList):
    """Sections I to X with answered / asked and a mark where errors stand.

    In the index, one key goes to a section: 1 to 9 for sections I to IX, 0 for X. (alt+digit
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


def _commands() -> type:
    """The palette's provider, imported when the palette first opens (textual.command is slow to import)."""
    from msq_tui.tui.commands import QuestionnaireCommands

    return QuestionnaireCommands


class QuestionnaireScreen(Screen[None]):
    """A draft being answered, section by section."""

    COMMANDS = {_commands}
    BINDINGS = [
        # Saving is automatic: ctrl+s is in F1's key help, and the footer keeps room for the field's keys.
        Binding(
            "ctrl+s",
            "save",
            "Save",
            show=False,
            id="questionnaire.save",
            tooltip="Save the draft now (it also saves by itself)",
        ),
        Binding(
            "ctrl+r",
            "review",
            "Review",
            id="questionnaire.review",
            tooltip="Errors, unanswered questions and progress",
        ),
        Binding(
            "ctrl+g", "sections", "Sections", id="questionnaire.sections", tooltip="Move to the section index"
        ),
        Binding(
            "f1",
            "notes",
            "Help",
            id="questionnaire.notes",
            tooltip="The footnotes of this question, and the keys of its field",
        ),
        # Priority: before any field, so that no field ever takes alt+n for the letter n.
        Binding(
            "alt+n,ctrl+pagedown",
            "next_section",
            "Next section",
            show=False,
            priority=True,
            id="questionnaire.next-section",
        ),
        Binding(
            "alt+p,ctrl+pageup",
            "previous_section",
            "Previous section",
            show=False,
            priority=True,
            id="questionnaire.previous-section",
        ),
        # Priority, as alt+n: no field takes it for the letter k.
        Binding(
            "alt+k",
            "keep_carried",
            "Keep as is",
            show=False,
            priority=True,
            id="questionnaire.keep-carried",
            tooltip="Keep the answer carried from the earlier response as it is: its 'not yet reviewed' mark goes",
        ),
        Binding("tab", "next_field", "Next field", show=False, id="questionnaire.next-field"),
        Binding(
            "shift+tab", "previous_field", "Previous field", show=False, id="questionnaire.previous-field"
        ),
    ]

    DEFAULT_CSS = """
    QuestionnaireScreen #status-bar { height: 1; background: $panel; }
    QuestionnaireScreen #status-title { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; padding-left: 1; }
    QuestionnaireScreen #status-revision { width: auto; text-wrap: nowrap; }
    QuestionnaireScreen #save-state { width: 30; padding: 0 1; text-align: right; }
    QuestionnaireScreen #save-state.-failed { background: $error; color: $text; text-style: bold; }
    QuestionnaireScreen #save-state.-read-only { background: $warning; color: $text; }
    QuestionnaireScreen #body { height: 1fr; }
    QuestionnaireScreen #sections { width: 1fr; height: 1fr; }
    """

    def __init__(self, session: DraftSession) -> None:
        super().__init__()
        self.session = session
        # A signed-off revision is read-only too: reopening it makes a new revision to edit.
        self.read_only = session.read_only or session.response.is_signed
        self.problems: dict[str, list[Problem]] = {}
        self.current_section: str | None = None
        self._index_prompts: dict[str, Content] = {}
        self._pending_focus: tuple[str, str | None] | None = None
        self._focus_landed = asyncio.Event()  # cleared while a focus asked for is on its way
        self._focus_landed.set()
        self._refused_notice_for: Widget | None = None  # see text_refused
        self._save_label: LineText | None = None
        self._mounting: dict[str, Any] = {}
        self._validated = False  # the whole response judged once, after the first section is drawn
        self._focused_backwards: Widget | None = None  # see focused_backwards
        self._left_at: dict[str, Widget] = {}  # by section: the widget that last had the focus there
        self._when_complete: dict[str, Any] = {}  # by section: to do once all its questions are there
        # The question widgets built so far, by question id (a dictionary, not a DOM query per key).
        self.widgets: dict[str, QuestionWidget] = {}
        self.views: dict[str, SectionView] = {}  # the sections built so far
        self._index = SectionIndex(id="section-index")
        self._switcher = ContentSwitcher(id="sections")
        # An agency's draft: only the questions assigned to it are its own; the rest read-only.
        collaboration = session.response.collaboration
        answering = collaboration.answering if collaboration is not None else None
        self._assigned: set[str] | None = set(answering.questions) if answering is not None else None

    def may_change(self, question_id: str) -> bool:
        return self._assigned is None or question_id in self._assigned

    # -- Building -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        response = self.session.response
        country = country_by_iso3(response.country)
        title = f"{self.session.questionnaire.questionnaire.short_title} · {country.name if country else response.country}"
        revision = ""
        if response.is_signed:
            revision = f" · signed off r{response.revision}"
        elif response.revision > 1:
            revision = f" · revision {response.revision}"
        if self._assigned is not None:  # an agency's part: said where it is never cut
            revision = f" · agency part r{response.revision}" + (" signed off" if response.is_signed else "")
        # The country's name gives way (with an ellipsis); the revision's state and the save
        # state are never cut.
        with Horizontal(id="status-bar"):
            yield Static(Content(title), id="status-title")
            if revision:
                yield Static(Content(revision), id="status-revision")
            yield LineText(self.session.state.describe(), id="save-state")
        with Horizontal(id="body"):
            yield self._index
            yield self._switcher
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        questionnaire = self.session.questionnaire
        section_id, question_id = self._starting_point()
        index = self._index
        self._index_prompts = {section.id: self._index_prompt(section) for section in questionnaire.sections}
        index.add_options(
            [Option(self._index_prompts[section.id], id=section.id) for section in questionnaire.sections]
        )
        self._show_save_state(self.session.state)
        self.show_section(section_id, focus_question=question_id)
        if question_id is not None:
            self._schedule_focus(question_id, None)

    def judge(self, question_ids: list[str]) -> None:
        """Find the problems of these questions, for their widgets to show when mounted."""
        questionnaire = self.session.questionnaire
        answers = self.session.response.answers
        for question_id in question_ids:
            question = questionnaire.question(question_id)
            self.problems[question_id] = validate_answer(
                questionnaire, question, answers.get(question_id), answers
            ) + carried_problems(questionnaire, self.session.response, question_id)
            collaboration = self.session.response.collaboration
            if collaboration is not None:  # a conflict to decide; an agency's other questions
                from msq_tui.model.contributions import collaboration_problems

                self.problems[question_id] = collaboration_problems(
                    questionnaire, collaboration, self.problems[question_id], only=question_id
                )

    def section_completed(self, view: SectionView) -> None:
        """The first section shown is all there: judge the whole response, after that frame.

        The index's marks appear a moment after the questions do, and the questions come
        sooner (checking an e-mail address loads a library, for one).
        """
        if not self._validated:
            self._validated = True
            self.call_after_refresh(self._validate_all)
        waiting = self._when_complete.pop(view.section.id, None)
        if waiting is not None:
            self.call_after_refresh(waiting)

    def _validate_all(self) -> None:
        problems: dict[str, list[Problem]] = {}
        for problem in validate_response(self.session.questionnaire, self.session.response):
            problems.setdefault(problem.question_id, []).append(problem)
        self.problems = problems
        for question_id, widget in self.widgets.items():
            if widget.is_mounted:
                widget.show_problems(problems.get(question_id, []))
        for section in self.session.questionnaire.sections:
            self._refresh_index(section.id)

    def _starting_point(self) -> tuple[str, str | None]:
        """Where the respondent left off; otherwise the first question not yet answered."""
        questionnaire = self.session.questionnaire
        response = self.session.response
        position = response.position
        if position.question and position.question in questionnaire.questions_by_id:
            question = questionnaire.question(position.question)
            if questionnaire.applies(question, response.answers):
                return questionnaire.section_of(question.id).id, question.id
        for question in questionnaire.questions():
            if (
                questionnaire.applies(question, response.answers)
                and self.may_change(question.id)
                and visible_answer(question, response.answers.get(question.id)) is None
            ):
                return questionnaire.section_of(question.id).id, question.id
        if self._assigned:  # an agency's draft, all answered: its first question
            own = next(question for question in questionnaire.questions() if question.id in self._assigned)
            return questionnaire.section_of(own.id).id, own.id
        first = questionnaire.sections[0]
        return first.id, first.questions[0].id

    def _index_prompt(self, section: Section) -> Content:
        answered, asked = progress(self.session.questionnaire, self.session.response, section.id)
        errors = sum(
            1
            for question in section.questions
            for problem in self.problems.get(question.id, [])
            if problem.is_error
        )
        title_width = INDEX_WIDTH - 5 - 6 - 2 - 4  # numeral, counts, mark, border and scrollbar
        title = plain(section.title)
        if len(title) > title_width:
            title = title[: title_width - 1] + "…"
        counts = f"{answered}/{asked}"
        if self._assigned is not None and not any(q.id in self._assigned for q in section.questions):
            counts = "—"  # an agency's draft: not its section
        prompt = Content(f"{section.id:<5}{title:<{title_width}}{counts:>6}")
        carried = any(
            problem.code == "carried" for q in section.questions for problem in self.problems.get(q.id, [])
        )  # answers carried from an earlier edition, not yet reviewed
        in_conflict = any(  # both sides changed a question: decide it (review, Enter)
            problem.code == "conflict" for q in section.questions for problem in self.problems.get(q.id, [])
        )
        mark = section_mark(errors > 0, answered, asked, carried, in_conflict)
        if mark in (CONFLICT_MARK, ERRORS_MARK):
            return prompt + Content.styled(f" {mark}", "bold $text-error")
        if mark == CARRIED_MARK:
            return prompt + Content.styled(f" {mark}", "bold $text-warning")
        if mark == COMPLETE_MARK:
            return prompt + Content.styled(f" {mark}", "$text-success")
        return prompt + Content(f" {mark}")

    def _refresh_index(self, section_id: str) -> None:
        section = self.session.questionnaire.section(section_id)
        prompt = self._index_prompt(section)
        if self._index_prompts.get(section_id) == prompt:
            return
        self._index_prompts[section_id] = prompt
        position = self.session.questionnaire.sections.index(section)
        self._index.replace_option_prompt_at_index(position, prompt)

    # -- Moving between sections ------------------------------------------------------------------

    def section_view(self, section_id: str, focus_question: str | None = None) -> SectionView:
        """The section's view, built the first time it is asked for."""
        existing = self.views.get(section_id)
        if existing is not None:
            return existing
        view = SectionView(self, self.session.questionnaire.section(section_id), focus_question)
        self.views[section_id] = view
        self._mounting[section_id] = self._switcher.mount(view)
        return view

    def show_section(
        self, section_id: str, focus: bool = False, focus_question: str | None = None, refocus: bool = True
    ) -> None:
        """Show a section; with ``focus``, put the focus where the respondent left it (unless not
        ``refocus``), else in its first question."""
        self.section_view(section_id, focus_question)
        self._switcher.current = f"section-{section_id}"
        self.current_section = section_id
        index = self._index
        position = [section.id for section in self.session.questionnaire.sections].index(section_id)
        if index.highlighted != position:
            index.highlighted = position
        if focus:
            if refocus and self._refocus(section_id):
                return  # back where the respondent left this section
            first = self.session.questionnaire.section(section_id).questions[0].id
            widget = self.widgets.get(first)
            if widget is not None and widget.is_mounted and self.app.screen is self:
                self._focus_question(first, None)  # built already: focus in the same frame
            else:
                self._schedule_focus(first, None)

    def _refocus(self, section_id: str) -> bool:
        """Put the focus back where it was when the respondent left the section, if it still can be."""
        left = self._left_at.get(section_id)
        if left is None or not left.is_attached or self.app.screen is not self:
            return False
        question = next((node for node in left.ancestors if isinstance(node, QuestionWidget)), None)
        return question is not None and question.display and question.refocus(left)

    def _focus_question(self, question_id: str | None, field: str | None) -> None:
        if question_id is None:
            return
        widget = self.widgets.get(question_id)
        if widget is not None and widget.display and widget.is_mounted:
            if widget.focus_field(field):
                # After the focus has moved: show the whole question, from its number (and, for
                # a section's first question, the section title), then the field itself if the
                # question is taller than the screen.
                section = self.session.questionnaire.section_of(question_id)
                view = self.section_view(section.id)
                first = section.questions[0].id == question_id

                def show_question(tries: int = 5) -> None:
                    if not view.complete.is_set():
                        # The questions below are still to come: scrolled now, the view would
                        # stop short of the question (it cannot scroll past what is there yet).
                        self._when_complete[section.id] = show_question
                        return
                    shown = [child for child in view.children if child.display]
                    if tries and shown and not shown[-1].virtual_region.size:
                        self.call_after_refresh(show_question, tries - 1)  # not laid out yet
                        return
                    if first:
                        view.scroll_home(animate=False, immediate=True)
                    else:
                        view.scroll_to_widget(widget, top=True, animate=False, immediate=True)
                    if (
                        widget.has_focus_within
                    ):  # else the focus, still on its way, is kept in sight when it lands
                        keep_in_sight(self.focused)

                self.call_after_refresh(show_question)
            return
        # A hidden question (the skip logic): put the focus on the question it depends on.
        question = self.session.questionnaire.questions_by_id.get(question_id)
        if question is not None and question.applies_when is not None:
            self._focus_question(question.applies_when.question, None)

    def jump_to(self, question_id: str, field: str | None) -> None:
        """Show a question's section and put the focus in the question (or the named field)."""
        questionnaire = self.session.questionnaire
        if question_id not in questionnaire.questions_by_id:
            return
        self.show_section(questionnaire.section_of(question_id).id, focus_question=question_id)
        self._schedule_focus(question_id, field)

    def _schedule_focus(self, question_id: str, field: str | None) -> None:
        """Focus a question once its section is built; the keys typed meanwhile wait (settle_focus)."""
        self._pending_focus = (question_id, field)
        self._focus_landed.clear()
        self.call_after_refresh(self._apply_pending_focus)

    async def _apply_pending_focus(self) -> None:
        # From the palette or the review, this screen is not yet on top: wait for it to resume,
        # or the focus it restores would undo ours.
        if self._pending_focus is None or self.app.screen is not self:
            return
        question_id, field = self._pending_focus
        self._pending_focus = None
        try:
            section_id = self.session.questionnaire.section_of(question_id).id
            mounting = self._mounting.pop(section_id, None)
            if mounting is not None:
                await mounting  # a section built just now: its widgets must exist before one is focused
            widget = self.widgets.get(question_id)
            if widget is not None and not widget.is_mounted:
                await self.section_view(section_id).complete.wait()
            self._focus_question(question_id, field)
        finally:
            if self._pending_focus is None:
                self._focus_landed.set()

    @property
    def focus_pending(self) -> bool:
        """A focus asked for has not landed yet (see settle_focus)."""
        return not self._focus_landed.is_set() and self.app.screen is self

    async def settle_focus(self) -> None:
        """Wait until a focus asked for has landed: the app holds the next key until then (keys.py)."""
        if self.app.screen is not self:
            return
        if self._pending_focus is not None:
            await self._apply_pending_focus()
        await self._focus_landed.wait()

    def on_screen_resume(self) -> None:
        if self._pending_focus is not None:
            self.call_after_refresh(self._apply_pending_focus)

    @on(OptionList.OptionSelected, "#section-index")
    def _section_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.show_section(event.option.id, focus=True)

    @on(OptionList.OptionHighlighted, "#section-index")
    def _section_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # Moving through the index shows each section at once, without leaving the index.
        if event.option.id and event.option.id != self.current_section and self._index.has_focus:
            self.show_section(event.option.id)

    def focus_previous(self, selector="*"):
        self._focused_backwards = super().focus_previous(selector)
        return self._focused_backwards

    async def action_next_field(self) -> None:
        """Tab: the next field; from a section's last field, the next section's first question."""
        await self._tab(1)

    async def action_previous_field(self) -> None:
        """shift+tab: the field before; from a section's first field, the last of the section before."""
        await self._tab(-1)

    async def _tab(self, direction: int) -> None:
        view = self.views.get(self.current_section or "")
        focused = self.focused
        if view is None or focused is None or view not in focused.ancestors:
            self.focus_next() if direction > 0 else self.focus_previous()
            return
        if not view.complete.is_set():
            await view.complete.wait()  # the section's last questions are still being built
        fields = [widget for widget in self.focus_chain if view in widget.ancestors]
        if any(widget.virtual_region.area == 0 for widget in fields):
            # Textual orders the focus by place on screen: a field shown just now (an option's
            # detail after Space) has none until the next layout, and would be skipped.
            await self.wait_for_refresh()
            fields = [widget for widget in self.focus_chain if view in widget.ancestors]
        edge = fields[-1] if direction > 0 else fields[0]
        if focused is not edge:
            self.focus_next() if direction > 0 else self.focus_previous()
            return
        ids = [section.id for section in self.session.questionnaire.sections]
        target = ids.index(view.section.id) + direction
        if not 0 <= target < len(ids):
            # Past the end (or the start) of the questionnaire: the index, which shows it has the focus.
            self.set_focus(self._index, scroll_visible=False)
            where = "last" if direction > 0 else "first"
            self.notify(
                f"That was the {where} field of the questionnaire: the focus is in the section index. Enter or Tab goes back in; ctrl+r reviews.",
                timeout=6,
            )
            return
        if direction > 0:
            # On through the form: the next section from its start, wherever it was left before.
            self.show_section(ids[target], focus=True, refocus=False)
            return
        # Back into the section before, at its last field.
        self.show_section(ids[target])
        previous = self.section_view(ids[target])
        mounting = self._mounting.pop(ids[target], None)
        if mounting is not None:
            await mounting
        await previous.complete.wait()
        last = [widget for widget in self.focus_chain if previous in widget.ancestors]
        if last:
            self._focused_backwards = last[-1]  # a URL entry at rest opens on its label
            self.set_focus(last[-1])  # and scrolled to, at the end of the section

    def text_refused(self, widget: Widget | None, text: str) -> None:
        """Text was typed where none is taken: say so (once per field), never swallow it unseen."""
        if widget is self._refused_notice_for:
            return
        self._refused_notice_for = widget
        from textual.widgets import Checkbox, RadioSet

        # A question's widget may say how it is answered instead (a choice's options).
        note = ""
        for node in (widget, *widget.ancestors) if widget is not None else ():
            note = note or getattr(node, "TYPING_NOTE", "")
        if note:
            message = note
        elif isinstance(widget, SectionIndex):
            message = "The section index takes no typing: 1 to 9 and 0 open sections I to X; Enter or Tab goes into the section."
        elif widget is not None and any(isinstance(node, RadioSet) for node in (widget, *widget.ancestors)):
            message = "A yes/no question takes no typing: ← Yes, → No, then Space or Enter sets the answer; Tab goes on."
        elif isinstance(widget, Checkbox):
            message = "An option takes no typing: Space ticks or unticks it, Tab goes on to the next field."
        else:
            message = "Nothing here takes typing: Tab goes to the next field."
        self.notify(message, severity="warning", timeout=5)

    def focused_backwards(self, widget: Widget) -> bool:
        """Whether ``widget`` got the focus from shift+tab (a URL entry then opens on its label)."""
        return widget is self._focused_backwards

    def action_sections(self) -> None:
        self.set_focus(self._index)

    async def _move_section(self, delta: int) -> None:
        ids = [section.id for section in self.session.questionnaire.sections]
        position = ids.index(self.current_section) if self.current_section in ids else 0
        target = max(0, min(len(ids) - 1, position + delta))
        self.show_section(ids[target], focus=True)
        await self.settle_focus()  # the keys typed after alt+n go to the new section

    async def action_next_section(self) -> None:
        await self._move_section(1)

    async def action_previous_section(self) -> None:
        await self._move_section(-1)

    def action_show_section_number(self, index: int) -> None:
        sections = self.session.questionnaire.sections
        if 0 <= index < len(sections):
            self.show_section(sections[index].id, focus=True)

    # -- Answers ------------------------------------------------------------------------------------

    @on(AnswerChanged)
    def _answer_changed(self, event: AnswerChanged) -> None:
        event.stop()
        questionnaire = self.session.questionnaire
        question = questionnaire.question(event.question_id)
        before = self._index_state(question)
        self.session.change(question, event.answer)
        self._revalidate(question)
        dependents = questionnaire.dependents(question.id)
        for dependent in dependents:
            self._revalidate(dependent)
            self._refresh_visibility(dependent)
        # Most keystrokes change neither whether the question is answered nor its errors: the
        # index line stays as it is.
        if dependents or self._index_state(question) != before:
            self._refresh_index(questionnaire.section_of(question.id).id)

    def _index_state(self, question: Question) -> tuple[bool, int, bool]:
        answered = (
            visible_answer(question, self.session.response.answers.get(question.id)) is not None
        )  # as `progress` counts
        problems = self.problems.get(question.id, [])
        errors = sum(1 for problem in problems if problem.is_error)
        return answered, errors, any(problem.code == "carried" for problem in problems)

    def action_keep_carried(self) -> None:
        """Keep the focused question's carried answer as it is (see carried_problems)."""
        from msq_tui.tui.carried import keep_carried

        question = self._focused_question()
        if question is not None:
            keep_carried(self, question.id)
        else:
            self.notify("Move to a question first: alt+k keeps its carried answer as it is.", timeout=5)

    def reviewed(self, question_id: str) -> None:
        """A carried answer was kept as is (here or on the review screen): its marks go."""
        question = self.session.questionnaire.question(question_id)
        self._revalidate(question)
        self._refresh_index(self.session.questionnaire.section_of(question_id).id)

    def _revalidate(self, question: Question) -> None:
        self.judge([question.id])
        widget = self.widgets.get(question.id)
        if widget is not None:
            widget.show_problems(self.problems[question.id])

    def _refresh_visibility(self, question: Question) -> None:
        applies = self.session.questionnaire.applies(question, self.session.response.answers)
        widget = self.widgets.get(question.id)
        if widget is not None:
            widget.display = applies
        for dependent in self.session.questionnaire.dependents(question.id):
            self._refresh_visibility(dependent)

    @on(DescendantFocus)
    def _focus_moved(self, event: DescendantFocus) -> None:
        widget = event.widget
        self._refused_notice_for = None
        view = self.views.get(self.current_section or "")
        if view is not None and view in widget.ancestors:
            self._left_at[view.section.id] = widget
            # After the frame that lays the field out (a URL entry opening, a text's box).
            self.call_after_refresh(self._keep_focus_in_sight)
        for ancestor in (widget, *widget.ancestors):
            if isinstance(ancestor, QuestionWidget):
                self.session.set_position(self.current_section, ancestor.question_id)
                return

    def _keep_focus_in_sight(self) -> None:
        keep_in_sight(self.focused)

    # -- Saving ---------------------------------------------------------------------------------------

    def show_save_state(self, state: SaveState) -> None:
        self._show_save_state(state)

    def _show_save_state(self, state: SaveState) -> None:
        label = self._save_label
        if label is None:
            found = self.query("#save-state")  # once: a DOM query per save costs milliseconds
            if not found:
                return  # not composed yet; on_mount shows the state
            label = self._save_label = found.first(LineText)
        text = label.text = state.describe()
        # Wider than its usual 30 cells only for a long reason why it could not save.
        width = max(SAVE_STATE_WIDTH, cell_len(text) + 2)
        if label.styles.width is None or label.styles.width.value != width:
            label.styles.width = width
        label.set_class(state.kind == "failed", "-failed")
        label.set_class(state.kind == "read-only", "-read-only")

    def action_save(self) -> None:
        if self.session.read_only:
            self.notify("This draft is open read-only: another msq is writing it.", severity="warning")
            return
        self.session.save_soon()

    # -- Review, notes, closing ----------------------------------------------------------------------------

    def action_review(self) -> None:
        from msq_tui.tui.screens.review import ReviewScreen

        def jump(target: tuple[str, str | None] | None) -> None:
            field = target[1] if target is not None else None
            if field is not None and field.startswith("conflict:"):
                from msq_tui.tui.agency_flows import show_conflict

                show_conflict(self.app, field.removeprefix("conflict:"))  # type: ignore[arg-type]
            elif target is not None:
                self.jump_to(*target)

        self.app.push_screen(ReviewScreen(self.session), jump)

    def _focused_question(self) -> Question | None:
        focused = self.focused
        if focused is None:
            return None
        for ancestor in (focused, *focused.ancestors):
            if isinstance(ancestor, QuestionWidget):
                return ancestor.question
        return None

    def action_notes(self) -> None:
        questionnaire = self.session.questionnaire
        question = self._focused_question()
        lines: list[str] = []
        if question is not None:
            title = f"Notes for {questionnaire.name_of(question)}"
            widget = self.widgets.get(question.id)
            numbers = widget.footnotes() if widget else []
            if question.text:
                lines.append(wording(question.text))
            for number in numbers:
                lines.append(f"\n{wording(f'[^{number}]')} {questionnaire.footnote(number)}")
            if question.applies_when is not None:
                lines.append(f"\nAsked only when {question.applies_when.describe(questionnaire)}.")
            limit = getattr(question, "max_words", None)
            if limit:
                lines.append(
                    f"\nAt most {limit} words. Going over is allowed while you work, but blocks sign-off."
                )
            if not numbers and question.applies_when is None and not limit:
                lines.append("\nThis question has no footnotes.")
            if widget is not None and widget.KEY_HELP:
                lines.append(f"\nKeys here: {widget.KEY_HELP}")
        else:
            title = "Notes"
            lines.append("Move to a question to read its footnotes here.")
            if isinstance(self.focused, SectionIndex):
                lines.append(
                    "\nKeys here: 1 … 9 and 0 open sections I to X; ↑ and ↓ show a section; Enter or Tab goes into it."
                )
        lines.append(
            "\nKeys everywhere: Tab and shift+Tab the next and previous field (on to the next section after a"
            " section's last field); alt+n / alt+p (or ctrl+PageDown / ctrl+PageUp) the next and previous section;"
            " ctrl+g the section index; ctrl+p find a question or a command; ctrl+r review; ctrl+s save now"
            " (it also saves by itself); ctrl+q save and quit."
        )
        from msq_tui.tui.screens.dialogs import NotesDialog

        self.app.push_screen(NotesDialog(title, "\n".join(lines)))

    def action_close_draft(self) -> None:
        closer = getattr(self.app, "close_draft", None)
        if closer is not None:
            closer()
