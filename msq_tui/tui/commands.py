"""The command palette's own entries on the questionnaire screen: sections, questions, actions."""

from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from msq_tui.model.wording import plain, sentence_case
from msq_tui.tui.screens.dialogs import PathDialog
from msq_tui.tui.screens.questionnaire import QuestionnaireScreen

if TYPE_CHECKING:
    from msq_tui.tui.app import MsqApp


class QuestionnaireCommands(Provider):
    """The command palette's own entries: every section and question, by number or words."""

    def _entries(self) -> list[tuple[str, str, Any]]:
        screen = self.screen
        if not isinstance(screen, QuestionnaireScreen):
            return []
        questionnaire = screen.session.questionnaire
        entries: list[tuple[str, str, Any]] = []
        for section in questionnaire.sections:
            entries.append(
                (
                    f"Section {section.heading}",
                    "Go to the section",
                    lambda s=section.id: screen.show_section(s, focus=True),
                )
            )
            for question in section.questions:
                if not question.number and not question.text:
                    continue
                name = questionnaire.name_of(question)
                label = f"{sentence_case(name)}: {plain(question.text)}"
                entries.append(
                    (label, f"Section {section.heading}", lambda q=question.id: screen.jump_to(q, None))
                )
        entries.append(
            ("Review: errors and unanswered questions", "Open the review (ctrl+r)", screen.action_review)
        )
        entries.append(("Save now", "Write the draft to disk now (ctrl+s)", screen.action_save))
        app = cast("MsqApp", screen.app)
        if screen.session.response.is_signed:
            entries.append(
                (
                    "Export the submission",
                    "JSON and TOML files for DPIDG, and an e-mail file",
                    app.export_current,
                )
            )
            entries.append(
                (
                    "Reopen: a new revision",
                    "Edit again; the new revision must be signed off again",
                    lambda: app.reopen_current(None),
                )
            )
        else:
            entries.append(
                (
                    "Sign off",
                    "Sign this revision off (blocked while errors stand)",
                    lambda: app.sign_off_current(None),
                )
            )
        from msq_tui.tui import agency_flows

        if not screen.read_only and not agency_flows.is_part_draft(screen.session.response):
            entries.append(
                (
                    "Hand questions to an agency",
                    "Write an assignment file for an agency to answer; merge its part back later",
                    lambda: agency_flows.assign(app, screen.current_section),
                )
            )
            entries.append(
                (
                    "Merge an agency's part file",
                    "Question by question; conflicts kept for you to decide",
                    lambda: app.push_screen(
                        PathDialog("Merge a part", "The path of the part file an agency sent:"),
                        lambda path: agency_flows.merge_file(app, path) if path else None,
                    ),
                )
            )
            collaboration = screen.session.response.collaboration
            for key in collaboration.conflicts if collaboration else []:
                entries.append(
                    (
                        f"Decide the conflict on {key}",
                        "Base, yours and the agency's side by side",
                        lambda k=key: agency_flows.show_conflict(app, k),
                    )
                )
            if collaboration and collaboration.merged:
                entries.append(
                    (
                        "Tick X.1 collectively",
                        "A group of agencies responded collectively",
                        lambda: agency_flows.tick_collective(app),
                    )
                )
        entries.append(
            ("Close this draft", "Save, and go back to the list of drafts", screen.action_close_draft)
        )
        return entries

    async def discover(self) -> Hits:
        for label, help_text, command in self._entries()[:12]:
            yield DiscoveryHit(label, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, help_text, command in self._entries():
            # "9", "q9" and "question 9" all find question 9.
            number_query = query.strip().lower().removeprefix("question ").removeprefix("q")
            score = matcher.match(label)
            if number_query and label.lower().startswith(f"question {number_query}:"):
                score = max(score, 1.0)
            if score > 0:
                yield Hit(score, matcher.highlight(label), command, help=help_text)
