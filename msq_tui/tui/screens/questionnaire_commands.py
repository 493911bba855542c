"""The questionnaire screen's commands: the review (ctrl+r), a question's notes (F1), the palette.

The base of the questionnaire screen for what it offers beyond answering: the review screen and
its jumps back, the notes dialog of the focused question, and the palette's entries (every section
and question, sign-off, export, reopening, the agencies' part files, closing).
"""

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, cast

from msq_tui.model.kinds.base import Question
from msq_tui.model.wording import plain, sentence_case
from msq_tui.tui.screens.navigation import SectionNavigation
from msq_tui.tui.screens.sections import SectionIndex
from msq_tui.tui.widgets import QuestionWidget

if TYPE_CHECKING:
    from msq_tui.tui.app import MsqApp
    from msq_tui.tui.commands import PaletteCommand


class QuestionnaireCommands(SectionNavigation):
    """The review, the notes and the palette of a draft being answered."""

    action_save: Callable[[], None]  # the screen's own (saving), offered in the palette

    @property
    def msq(self) -> "MsqApp":
        return cast("MsqApp", self.app)

    # -- Review, notes, the palette, closing -----------------------------------------------------------

    def action_review(self) -> None:
        from msq_tui.tui.screens.review import ReviewScreen

        def jump(target: tuple[str, str | None] | None) -> None:
            field = target[1] if target is not None else None
            if field is not None and field.startswith("conflict:"):
                from msq_tui.tui.agency_flows import show_conflict

                show_conflict(self.msq, field.removeprefix("conflict:"))
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
        from msq_tui.tui.screens.dialogs import NotesDialog
        from msq_tui.tui.screens.notes import question_notes

        question = self._focused_question()
        widget = self.widgets.get(question.id) if question is not None else None
        title, text = question_notes(
            self.session.questionnaire, question, widget, in_index=isinstance(self.focused, SectionIndex)
        )
        self.app.push_screen(NotesDialog(title, text))

    def palette_commands(self) -> "list[PaletteCommand]":
        """The palette's entries here: every section and question, then what can be done with the draft."""
        from msq_tui.tui.commands import PaletteCommand
        from msq_tui.tui.screens import submission_flows

        questionnaire = self.session.questionnaire
        commands: list[PaletteCommand] = []
        for section in questionnaire.sections:
            commands.append(
                PaletteCommand(
                    f"Section {section.heading}",
                    "Go to the section",
                    partial(self.show_section, section.id, focus=True),
                )
            )
            for question in section.questions:
                if not question.number and not question.text:
                    continue
                name = questionnaire.name_of(question)
                label = f"{sentence_case(name)}: {plain(question.text)}"
                commands.append(
                    PaletteCommand(
                        label, f"Section {section.heading}", partial(self.jump_to, question.id, None)
                    )
                )
        commands.append(
            PaletteCommand(
                "Review: errors and unanswered questions", "Open the review (ctrl+r)", self.action_review
            )
        )
        commands.append(PaletteCommand("Save now", "Write the draft to disk now (ctrl+s)", self.action_save))
        if self.session.response.is_signed:
            commands.append(
                PaletteCommand(
                    "Export the submission",
                    "JSON and TOML files for DPIDG, and an e-mail file",
                    lambda: submission_flows.export(self),
                )
            )
            commands.append(
                PaletteCommand(
                    "Reopen: a new revision",
                    "Edit again; the new revision must be signed off again",
                    lambda: submission_flows.reopen(self),
                )
            )
        else:
            commands.append(
                PaletteCommand(
                    "Sign off",
                    "Sign this revision off (blocked while errors stand)",
                    lambda: submission_flows.sign_off(self),
                )
            )
        commands += self._agency_commands()
        commands.append(
            PaletteCommand(
                "Close this draft", "Save, and go back to the list of drafts", self.msq.close_draft
            )
        )
        return commands

    def _agency_commands(self) -> "list[PaletteCommand]":
        """Handing questions out, merging parts back, deciding conflicts (agencies/; tui/agency_flows)."""
        from msq_tui.tui import agency_flows
        from msq_tui.tui.commands import PaletteCommand
        from msq_tui.tui.screens.dialogs import PathDialog

        app, response = self.msq, self.session.response
        if self.read_only or agency_flows.is_part_draft(response):
            return []

        def merge_chosen(path: Path | None) -> None:
            if path is not None:
                agency_flows.merge_file(app, path)

        commands = [
            PaletteCommand(
                "Hand questions to an agency",
                "Write an assignment file for an agency to answer; merge its part back later",
                lambda: agency_flows.assign(app, self.current_section),
            ),
            PaletteCommand(
                "Merge an agency's part file",
                "Question by question; conflicts kept for you to decide",
                lambda: app.push_screen(
                    PathDialog("Merge a part", "The path of the part file an agency sent:"), merge_chosen
                ),
            ),
        ]
        collaboration = response.collaboration
        for key in collaboration.conflicts if collaboration else []:
            commands.append(
                PaletteCommand(
                    f"Decide the conflict on {key}",
                    "Base, yours and the agency's side by side",
                    partial(agency_flows.show_conflict, app, key),
                )
            )
        if collaboration and collaboration.merged:
            commands.append(
                PaletteCommand(
                    "Tick X.1 collectively",
                    "A group of agencies responded collectively",
                    partial(agency_flows.tick_collective, app),
                )
            )
        return commands
