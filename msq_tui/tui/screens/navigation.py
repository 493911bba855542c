"""Moving through the questionnaire: showing sections, and putting the focus where it belongs.

The base of the questionnaire screen, for its navigation role: sections are built the first time
they are shown and kept, so switching is a matter of showing another container; Tab and
shift+Tab go on into the next or previous section; a jump (from the review, the palette, or the
starting point) focuses a question once its section is built, and the keys typed meanwhile wait
for it (keys.py asks `settle_focus`).
"""

import asyncio
from typing import Any

from textual import on
from textual.events import DescendantFocus
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, OptionList

from msq_tui.model.problems import Problem
from msq_tui.store.session import DraftSession
from msq_tui.tui.screens.sections import SectionIndex, SectionView, section_keys
from msq_tui.tui.widgets import QuestionWidget, question_widget
from msq_tui.tui.widgets.base import keep_in_sight, wording


class SectionNavigation(Screen[None]):
    """Sections shown and built on demand, and the focus within and across them."""

    FIRST_QUESTIONS = 4  # questions mounted with a section beyond the one focused: enough to fill 80x24

    session: DraftSession
    read_only: bool

    def __init__(self) -> None:
        super().__init__()
        self.current_section: str | None = None
        # The question widgets built so far, by question id (a dictionary, not a DOM query per key).
        self.widgets: dict[str, QuestionWidget] = {}
        self.views: dict[str, SectionView] = {}  # the sections built so far
        self.problems: dict[str, list[Problem]] = {}  # by question id, as last judged
        self._index = SectionIndex(id="section-index")
        self._switcher = ContentSwitcher(id="sections")
        self._pending_focus: tuple[str, str | None] | None = None
        self._focus_landed = asyncio.Event()  # cleared while a focus asked for is on its way
        self._focus_landed.set()
        self._mounting: dict[str, Any] = {}
        self._focused_backwards: Widget | None = None  # see focused_backwards
        self._left_at: dict[str, Widget] = {}  # by section: the widget that last had the focus there
        self._when_complete: dict[str, Any] = {}  # by section: to do once all its questions are there
        self._refused_notice_for: Widget | None = None  # see text_refused

    def judge(self, question_ids: list[str]) -> None:
        """Find the problems of these questions (the screen's answers role)."""
        raise NotImplementedError

    def may_change(self, question_id: str) -> bool:
        """Whether the question may be answered here: in an agency's draft (agencies/), only the
        questions assigned to it; the rest are shown read-only."""
        assigned = self.session.response.assigned_questions()
        return assigned is None or question_id in assigned

    # -- Building -------------------------------------------------------------------------------

    def section_view(self, section_id: str, focus_question: str | None = None) -> SectionView:
        """The section's view, built the first time it is asked for."""
        existing = self.views.get(section_id)
        if existing is not None:
            return existing
        view = self._build_section(section_id, focus_question)
        self.views[section_id] = view
        self._mounting[section_id] = self._switcher.mount(view)
        return view

    def _build_section(self, section_id: str, focus_question: str | None) -> SectionView:
        """The section's group stems and question widgets, judged, in a view that mounts them."""
        from textual.content import Content
        from textual.widgets import Static

        session = self.session
        questionnaire = session.questionnaire
        section = questionnaire.section(section_id)
        answers = session.response.answers
        items: list[Widget] = []
        ids: list[str] = []
        shown_groups: set[str] = set()
        for question in section.questions:
            if question.group and question.group not in shown_groups:
                group = questionnaire.group(question.group)
                if group:
                    stem = Content.styled(f"{group.number}. ", "bold") + Content(wording(group.text))
                    items.append(Static(stem, classes="group-stem"))
                shown_groups.add(question.group)
            widget = question_widget(
                questionnaire,
                question,
                session.response.answer(question),
                read_only=self.read_only or not self.may_change(question.id),
            )
            widget.display = questionnaire.applies(question, answers)
            self.widgets[question.id] = widget
            items.append(widget)
            ids.append(question.id)
        # Mounted first: down to the question to be focused, and a screenful more.
        target = ids.index(focus_question) if focus_question in ids else 0
        wanted = set(ids[: target + self.FIRST_QUESTIONS])
        shown_first = next(
            (
                index
                for index, item in enumerate(items)
                if isinstance(item, QuestionWidget) and item.question_id not in wanted
            ),
            len(items),
        )
        # Each question is judged before it is built, so its problems are in the frame that shows
        # it (a message appearing later would push the question in focus down the screen).
        self.judge(ids)
        return SectionView(section, items, shown_first, self.problems)

    def section_built(self, view: SectionView) -> None:
        """All of a section's questions are there: what waited for them runs after the next frame."""
        waiting = self._when_complete.pop(view.section.id, None)
        if waiting is not None:
            self.call_after_refresh(waiting)

    # -- Moving between sections ------------------------------------------------------------------
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
                # A section built just now: its first widgets must exist before one is focused.
                # Its mount, not its completion: this runs in the screen's own task, and the rest
                # of the section is mounted after a refresh of this screen (waiting for it here
                # would hold the screen's messages for good).
                await mounting
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

    @on(DescendantFocus)
    def _focus_moved(self, event: DescendantFocus) -> None:
        widget = event.widget
        self._refused_notice_for = None
        self.set_class(isinstance(widget, SectionIndex), "-index-focused")  # where notifications go
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

    def type_elsewhere(self, widget: Widget) -> bool:
        """Text typed on ``widget``, which takes none: move the focus to the field that takes it there
        (a chosen "Other" option's text); False when there is none, and the text is refused."""
        question = next(
            (node for node in widget.ancestors_with_self if isinstance(node, QuestionWidget)), None
        )
        field = question.typing_field(widget) if question is not None else None
        if field is None:
            return False
        if field.focusable:
            self.set_focus(field, scroll_visible=False)
        else:
            field.focus(scroll_visible=False)  # a field's container (a text) focuses its field now
        return True

    def text_refused(self, widget: Widget | None, text: str) -> None:
        """Text was typed where none is taken: say so (once per field), never swallow it unseen."""
        if widget is self._refused_notice_for:
            return
        self._refused_notice_for = widget
        from textual.widgets import Checkbox, RadioSet

        # A question's widget may say how it is answered instead (a choice's options).
        note = ""
        question_id = None
        for node in (widget, *widget.ancestors) if widget is not None else ():
            note = note or getattr(node, "TYPING_NOTE", "")
            if question_id is None and isinstance(node, QuestionWidget):
                question_id = node.question_id
        if question_id is not None and not self.may_change(question_id):  # an agency's: the coordinator's
            from msq_tui.model.assigned import not_assigned

            questionnaire = self.session.questionnaire
            message = not_assigned(questionnaire, self.session.response, questionnaire.question(question_id))
        elif note:
            message = note
        elif isinstance(widget, SectionIndex):
            keys = section_keys(self.session.questionnaire)
            message = f"The section index takes no typing: {keys}; ↑ and ↓ show a section, Enter or Tab goes into the one shown."
        elif widget is not None and any(isinstance(node, RadioSet) for node in (widget, *widget.ancestors)):
            message = "A yes/no question takes no typing: ← Yes, → No, then Space or Enter sets the answer; Tab goes on."
        elif isinstance(widget, Checkbox):
            message = "An option takes no typing: Space ticks or unticks it, Tab goes on to the next field."
        else:
            message = "Nothing here takes typing: Tab goes to the next field."
        self.notify(message, severity="warning", timeout=5)
