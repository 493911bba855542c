"""The review screen: errors first, then unanswered questions, hidden and unmapped answers.

Enter on a line dismisses the screen with the question (and field) to jump to. A summary of
progress by section sits above the list.
"""

import json

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from msq_tui.model.assigned import others_line
from msq_tui.model.problems import Problem
from msq_tui.model.validation import progress, validate_response
from msq_tui.model.wording import plain, sentence_case
from msq_tui.store.session import DraftSession
from msq_tui.tui.screens import submission_flows
from msq_tui.tui.section_marks import section_mark
from msq_tui.tui.text_cells import ELLIPSIS, cut_to_cells
from msq_tui.tui.widgets.footer import KeyFooter

WORDING_START = 40  # cells of a question's wording that name it on the review (a Chinese character takes two)
UNMAPPED_VALUE = 60  # cells of an answer kept aside shown on its line


def wording_start(text: str) -> str:
    """The first words of a wording, up to `WORDING_START` cells, with "…" when cut."""
    text = " ".join(text.split())
    if cell_len(text) <= WORDING_START:
        return text
    start = cut_to_cells(text, WORDING_START + 1).removesuffix(ELLIPSIS)  # its first 40 cells
    space = start.rfind(" ")
    if space > 0 and cell_len(start[:space]) > WORDING_START // 2:  # whole words, when not too few
        start = start[:space]
    return start.rstrip(" ,;:") + ELLIPSIS


class ReviewScreen(Screen[tuple[str, str | None] | None]):
    """What is wrong or missing, each line leading to its question."""

    BINDINGS = [
        Binding("escape,ctrl+r", "back", "Back", id="review.back", tooltip="Back to the questionnaire"),
        Binding("enter", "jump", "Go to question", id="review.jump", show=True),
        Binding(
            "s",
            "sign_off",
            "Sign off",
            id="review.sign-off",
            tooltip="Sign this revision off (blocked while errors stand)",
        ),
        Binding(
            "e",
            "export",
            "Export",
            id="review.export",
            tooltip="Write the submission files and an e-mail to DPIDG",
        ),
        Binding(
            "a",
            "assign",
            "Assign",
            id="review.assign",
            tooltip="Hand questions to an agency (writes an assignment file)",
        ),
        Binding(
            "k",
            "keep_carried",
            "Keep as is",
            id="review.keep-carried",
            tooltip="Keep the carried answer on this line as it is: its 'not yet reviewed' mark goes",
        ),
        Binding(
            "o",
            "reopen",
            "Reopen",
            id="review.reopen",
            tooltip="Make a new revision to edit; it must be signed off again",
        ),
    ]

    DEFAULT_CSS = """
    ReviewScreen #review-title { height: 1; background: $panel; padding-left: 1; text-style: bold; width: 1fr; }
    ReviewScreen #review-summary { height: auto; padding: 0 1; width: 1fr; }
    ReviewScreen #review-list { height: 1fr; border: none; }
    """

    def __init__(self, session: DraftSession) -> None:
        super().__init__()
        self.session = session
        self._targets: dict[str, tuple[str, str | None]] = {}

    def compose(self) -> ComposeResult:
        yield Static("Review", id="review-title")
        with Vertical():
            yield Static(id="review-summary")
            yield OptionList(id="review-list")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_review()
        self.query_one("#review-list", OptionList).focus()

    def refresh_review(self) -> None:
        questionnaire = self.session.questionnaire
        response = self.session.response
        problems = validate_response(questionnaire, response)
        errors = [p for p in problems if p.is_error]
        unanswered = [p for p in problems if p.code == "unanswered" and not p.is_error]
        hidden = [p for p in problems if p.code == "hidden" and not p.is_error]
        carried = [p for p in problems if p.code == "carried"]
        other_warnings = [
            p for p in problems if not p.is_error and p.code not in ("unanswered", "hidden", "carried")
        ]

        answered, asked = self._progress(None)
        assigned = response.assigned_questions()
        cells = []
        for section in questionnaire.sections:
            done, total = self._progress(section.id)
            if assigned is not None and not any(question.id in assigned for question in section.questions):
                cells.append(f"{section.id:>4}   —   ")  # an agency's draft: not its section
                continue
            has_errors = any(
                questionnaire.section_of(p.question_id).id == section.id
                for p in errors
                if p.question_id in questionnaire.questions_by_id
            )
            has_carried = any(questionnaire.section_of(p.question_id).id == section.id for p in carried)
            has_conflict = any(
                questionnaire.section_of(p.question_id).id == section.id
                for p in errors
                if p.code == "conflict" and p.question_id in questionnaire.questions_by_id
            )
            mark = section_mark(has_errors, done, total, has_carried, has_conflict)
            cells.append(f"{section.id:>4} {done:>2}/{total:<2}{mark}")
        rows = ["   ".join(cells[i : i + 5]) for i in range(0, len(cells), 5)]
        verdict = (
            f"{len(errors)} error{'s' if len(errors) != 1 else ''} to fix before sign-off"
            if errors
            else "No errors: ready for sign-off"
        )
        if carried and not response.is_signed:
            verdict += f"; {len(carried)} carried answer{'s' if len(carried) != 1 else ''} not yet reviewed"
        if response.is_signed:
            verdict = f"Revision {response.revision} is signed off and read-only: e to export, o to reopen"
        elif not errors:
            verdict += " (s)"
        summary = f"{answered} of {asked} questions answered. {verdict}."
        others = others_line(questionnaire, response)  # an agency's draft: the coordinator's questions
        summary += (f"\n{others}" if others else "") + "\n" + "\n".join(rows)
        self.query_one("#review-summary", Static).update(Content(summary))

        options: list[Option | None] = []
        self._targets = {}

        def add_group(title: str, group: list[Problem]) -> None:
            if not group:
                return
            if options:
                options.append(None)
            options.append(Option(Content.styled(f"{title} ({len(group)})", "bold"), disabled=True))
            for index, problem in enumerate(group):
                key = f"{title}-{index}"
                self._targets[key] = (problem.question_id, problem.field)
                marker = "✗" if problem.is_error else "·"
                options.append(Option(Content(f" {marker} {self._line(problem)}"), id=key))

        add_group("Errors", errors)
        add_group(
            f"From {response.carried_from or 'an earlier response'}, not yet reviewed: k keeps one as is",
            carried,
        )
        add_group("Not answered", unanswered)
        add_group("Hidden answers, kept", hidden)
        add_group("Other notes", other_warnings)
        if response.unmapped:
            if options:
                options.append(None)
            options.append(
                Option(
                    Content.styled(
                        f"Answers kept aside, not submitted: the form has no place for them ({len(response.unmapped)})",
                        "bold",
                    ),
                    disabled=True,
                )
            )
            for item in response.unmapped:
                value = json.dumps(item.value, ensure_ascii=False)
                value = cut_to_cells(value, UNMAPPED_VALUE)
                options.append(
                    Option(Content(f" · '{item.question_id}' ({item.reason}): {value}"), disabled=True)
                )
        self._add_provenance(options)
        if not options:
            options.append(Option("Every question is answered and nothing is wrong.", disabled=True))
        review_list = self.query_one("#review-list", OptionList)
        review_list.clear_options()
        review_list.add_options(options)  # None draws a separator line
        # The cursor on the first line that leads somewhere: Enter works without an arrow first.
        for index in range(review_list.option_count):
            if not review_list.get_option_at_index(index).disabled:
                review_list.highlighted = index
                break

    def _progress(self, section_id: str | None) -> tuple[int, int]:
        """(answered, asked), as `msq list` and the start screen count (an agency's draft: its own)."""
        return progress(self.session.questionnaire, self.session.response, section_id)

    def _add_provenance(self, options: list[Option | None]) -> None:
        """Answers that came from agencies: from whom, signed by whom, which part, when merged."""
        from msq_tui.model.contributions import provenance_of

        response = self.session.response
        collaboration = response.collaboration
        if collaboration is None or not collaboration.provenance:
            return
        questionnaire = self.session.questionnaire
        lines = []
        for question in questionnaire.questions():
            said = provenance_of(collaboration, question.id, response.answers.get(question.id))
            if said:
                name = questionnaire.name_of(question)
                lines.append((question.id, f"{sentence_case(name)}: {said}"))
        if options:
            options.append(None)
        options.append(Option(Content.styled(f"Answers from agencies ({len(lines)})", "bold"), disabled=True))
        for index, (question_id, line) in enumerate(lines):
            key = f"provenance-{index}"
            self._targets[key] = (question_id, None)
            options.append(Option(Content(f" · {line}"), id=key))

    def _line(self, problem: Problem) -> str:
        """The message, the question named by its number and the start of its wording:
        "Question 5f (Environment) is not answered"."""
        questionnaire = self.session.questionnaire
        question = questionnaire.questions_by_id.get(problem.question_id)
        if question is None:
            return problem.message
        start = wording_start(plain(question.text))
        name = questionnaire.name_of(question)
        name = sentence_case(name)
        if not start or not problem.message.startswith(name):
            return problem.message
        return f"{name} ({start}){problem.message[len(name) :]}"

    @on(OptionList.OptionSelected, "#review-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        target = self._targets.get(event.option.id or "")
        if target is not None:
            self.dismiss(target)

    def action_jump(self) -> None:
        review_list = self.query_one("#review-list", OptionList)
        if review_list.highlighted is not None:
            option = review_list.get_option_at_index(review_list.highlighted)
            target = self._targets.get(option.id or "")
            if target is not None:
                self.dismiss(target)

    def action_keep_carried(self) -> None:
        from msq_tui.tui.carried import keep_carried

        review_list = self.query_one("#review-list", OptionList)
        if review_list.highlighted is None:
            return
        option = review_list.get_option_at_index(review_list.highlighted)
        target = self._targets.get(option.id or "")
        if target is None or target[0] not in self.session.response.carried:
            self.notify(
                "k keeps a carried answer as is: move to one of the lines marked 'not yet reviewed'.",
                timeout=5,
            )
            return
        if keep_carried(self, target[0]):
            position = review_list.highlighted
            self.refresh_review()
            if review_list.option_count:
                review_list.highlighted = min(position, review_list.option_count - 1)
                if review_list.get_option_at_index(review_list.highlighted).disabled:
                    review_list.action_cursor_down()

    def action_back(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        signed = self.session.response.is_signed
        if action == "sign_off":
            return not signed and not self.session.read_only
        if action == "assign":  # the coordinator hands out; an agency's part does not
            part = (
                self.session.response.collaboration is not None
                and self.session.response.collaboration.answering
            )
            return not signed and not self.session.read_only and not part
        if action == "keep_carried":
            return bool(self.session.response.carried) and not signed and not self.session.read_only
        if action in ("export", "reopen"):
            return signed and (action == "export" or not self.session.read_only)
        return True

    def action_sign_off(self) -> None:
        submission_flows.sign_off(self)

    def action_export(self) -> None:
        submission_flows.export(self)

    def action_assign(self) -> None:
        from msq_tui.tui.agency_flows import assign

        assign(self.app, None, self)  # type: ignore[arg-type]

    def action_reopen(self) -> None:
        submission_flows.reopen(self)
