"""The questionnaire screen: the section index, the section on screen, the save state, the keys.

The screen routes: a widget posts `AnswerChanged`, the screen records it in the session, asks
the validation module about that question (and the questions that depend on it), hands each
widget its problems, and updates the index. Moving between sections and the focus are its base
class's role (navigation.py), the review, the notes and the palette its commands' base
(questionnaire_commands.py); sign-off, export and reopening are flows of their own
(submission_flows.py).
"""

from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static
from textual.widgets.option_list import Option

from msq_tui.model.countries import country_by_iso3
from msq_tui.model.kinds.base import Question
from msq_tui.model.problems import Problem
from msq_tui.model.submitted import visible_answer
from msq_tui.model.validation import question_problems, validate_response
from msq_tui.store.session import DraftSession, SaveState
from msq_tui.tui.messages import AnswerChanged
from msq_tui.tui.screens.questionnaire_commands import QuestionnaireCommands
from msq_tui.tui.screens.sections import INDEX_WIDTH, SectionView, index_prompt
from msq_tui.tui.widgets.footer import KeyFooter
from msq_tui.tui.widgets.line_text import LineText

if TYPE_CHECKING:
    from textual.command import Provider

SAVE_STATE_WIDTH = 30  # "Saved 10:30:12", "Not saved: the disk is full" ...

# Notifications never cover the field being worked on. Textual's rack spans the screen, its toasts
# at the bottom right, on the fields: here they go over the section index (but its border) while
# the focus is in a section, and over the section, as Textual places them, while it is in the index.
NOTIFICATIONS_CSS = f"""
QuestionnaireScreen ToastRack {{ width: {INDEX_WIDTH - 1}; scrollbar-size-vertical: 0; }}
QuestionnaireScreen ToastHolder {{ align-horizontal: left; }}
QuestionnaireScreen Toast {{ width: 1fr; max-width: 100%; padding: 0 1; }}
QuestionnaireScreen.-index-focused ToastRack {{ width: 1fr; }}
QuestionnaireScreen.-index-focused ToastHolder {{ align-horizontal: right; }}
QuestionnaireScreen.-index-focused Toast {{ width: 60; max-width: 50%; }}
"""


def _commands() -> "type[Provider]":
    """The palette's provider, imported when the palette first opens (textual.command is slow to import)."""
    from msq_tui.tui.commands import ScreenCommands

    return ScreenCommands


class QuestionnaireScreen(QuestionnaireCommands):
    """A draft being answered, section by section."""

    COMMANDS = {_commands}  # the palette: this screen's own entries (see palette_commands)
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

    DEFAULT_CSS = (
        """
    QuestionnaireScreen #status-bar { height: 1; background: $panel; }
    QuestionnaireScreen #status-title { width: 1fr; text-wrap: nowrap; text-overflow: ellipsis; padding-left: 1; }
    QuestionnaireScreen #status-revision { width: auto; text-wrap: nowrap; }
    QuestionnaireScreen #save-state { width: 30; padding: 0 1; text-align: right; }
    QuestionnaireScreen #save-state.-failed { background: $error; color: $text; text-style: bold; }
    QuestionnaireScreen #save-state.-read-only { background: $warning; color: $text; }
    QuestionnaireScreen #body { height: 1fr; }
    QuestionnaireScreen #sections { width: 1fr; height: 1fr; }
    """
        + NOTIFICATIONS_CSS
    )

    def __init__(self, session: DraftSession) -> None:
        super().__init__()
        self.session = session
        # A signed-off revision is read-only too: reopening it makes a new revision to edit.
        self.read_only = session.read_only or session.response.is_signed
        self._index_prompts: dict[str, Content] = {}
        self._save_label: LineText | None = None
        self._validated = False  # the whole response judged once, after the first section is drawn
        # An agency's draft: only the questions assigned to it are its own; the rest read-only.
        collaboration = session.response.collaboration
        answering = collaboration.answering if collaboration is not None else None
        self._assigned: set[str] | None = set(answering.questions) if answering is not None else None

    # -- Building -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        response = self.session.response
        country = country_by_iso3(response.country)
        title = f"{self.session.questionnaire.name} · {country.name if country else response.country}"
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
        self._index_prompts = {
            section.id: index_prompt(questionnaire, self.session.response, section, self.problems)
            for section in questionnaire.sections
        }
        index.add_options(
            [Option(self._index_prompts[section.id], id=section.id) for section in questionnaire.sections]
        )
        self.show_save_state(self.session.state)
        self.show_section(section_id, focus_question=question_id)
        if question_id is not None:
            self._schedule_focus(question_id, None)

    def judge(self, question_ids: list[str]) -> None:
        """Find the problems of these questions, for their widgets to show when mounted."""
        for question_id in question_ids:
            self.problems[question_id] = question_problems(
                self.session.questionnaire, self.session.response, question_id
            )

    @on(SectionView.Completed)
    def _section_completed(self, event: SectionView.Completed) -> None:
        """A section is all there; the first one shown: judge the whole response, after that frame.

        The index's marks appear a moment after the questions do, and the questions come
        sooner (checking an e-mail address loads a library, for one).
        """
        event.stop()
        if not self._validated:
            self._validated = True
            self.call_after_refresh(self._validate_all)
        self.section_built(event.view)

    def _validate_all(self) -> None:
        problems: dict[str, list[Problem]] = {}
        for problem in validate_response(self.session.questionnaire, self.session.response):
            problems.setdefault(problem.question_id, []).append(problem)
        # In place: the section views read this same dictionary.
        self.problems.clear()
        self.problems.update(problems)
        for question_id, widget in self.widgets.items():
            if widget.is_mounted:
                widget.show_problems(problems.get(question_id, []))
        for section in self.session.questionnaire.sections:
            self._refresh_index(section.id)

    def _starting_point(self) -> tuple[str, str | None]:
        """Where the respondent left off; otherwise the first question that asks for them: not yet
        answered, or carried from an earlier response and not yet reviewed (a draft carried
        forward opens on its first carried answer, not past them all)."""
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
                and (
                    question.id in response.carried
                    or visible_answer(question, response.answers.get(question.id)) is None
                )
            ):
                return questionnaire.section_of(question.id).id, question.id
        if self._assigned:  # an agency's draft, all answered: its first question
            own = next(question for question in questionnaire.questions() if question.id in self._assigned)
            return questionnaire.section_of(own.id).id, own.id
        first = questionnaire.sections[0]
        return first.id, first.questions[0].id

    def _refresh_index(self, section_id: str) -> None:
        section = self.session.questionnaire.section(section_id)
        prompt = index_prompt(self.session.questionnaire, self.session.response, section, self.problems)
        if self._index_prompts.get(section_id) == prompt:
            return
        self._index_prompts[section_id] = prompt
        position = self.session.questionnaire.sections.index(section)
        self._index.replace_option_prompt_at_index(position, prompt)

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

    # -- Saving ---------------------------------------------------------------------------------------

    def show_save_state(self, state: SaveState) -> None:
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
