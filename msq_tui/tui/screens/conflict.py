"""The conflict view: base, coordinator and agency side by side, and keys to take one, the other, or edit.

Dismissed with the choice ("coordinator", "agency", "edited") or None; the app applies it (see
`tui/agency_flows`). "Edit" takes both answers combined into the draft and goes to the question,
where the combination is edited like any answer.
"""

import json
from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from msq_tui.model.answers import answer_of, is_answered
from msq_tui.model.contributions import Conflict
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds import kind_of
from msq_tui.model.kinds.base import Question
from msq_tui.model.wording import plain, sentence_case
from msq_tui.tui.text_cells import cut_to_cells
from msq_tui.tui.widgets.footer import KeyFooter

WORDING_CELLS = 150  # of the question's wording above the sides: two lines of the screen


def readable(question: Question, value: Any) -> str:
    """An answer as lines to read side by side: as its kind says it to an assessor (what was
    given, nothing about what was not); an answer that does not fit its question, as stored."""
    if not is_answered(question, value):
        return "(not answered)"
    try:
        answer = answer_of(question, value)
    except ValidationError:
        return json.dumps(value, ensure_ascii=False)
    return kind_of(question).assessor_text(question, answer) or "(not answered)"


class ConflictScreen(ModalScreen[str | None]):
    """One conflict: what the assignment carried, what you have now, what the agency sent."""

    BINDINGS = [
        Binding("m", "choose('coordinator')", "Keep mine", id="conflict.mine"),
        Binding("a", "choose('agency')", "Take agency's", id="conflict.agency"),
        Binding("e", "choose('edited')", "Edit both", id="conflict.edit", tooltip="Both combined, to edit"),
        Binding("escape", "cancel", "Later", id="conflict.cancel"),
    ]

    DEFAULT_CSS = """
    ConflictScreen { align: center middle; }
    ConflictScreen #conflict { width: 100%; height: 100%; background: $surface; }
    ConflictScreen #conflict-title { height: auto; text-style: bold; padding: 0 1; background: $panel; width: 1fr; }
    ConflictScreen #conflict-note { height: auto; padding: 0 1; width: 1fr; color: $text-muted; }
    ConflictScreen #sides { height: 1fr; }
    ConflictScreen .side { width: 1fr; height: 1fr; border: round $primary; padding: 0 1; }
    ConflictScreen .side > Static { width: 1fr; height: auto; }
    """

    def __init__(self, questionnaire: Questionnaire, conflict: Conflict, current: Any) -> None:
        super().__init__()
        self.questionnaire = questionnaire
        self.conflict = conflict
        self.current = current  # the coordinator's answer as the draft holds it now

    def compose(self) -> ComposeResult:
        question = self.questionnaire.question(self.conflict.question_id)
        name = self.questionnaire.name_of(question)
        with Vertical(id="conflict"):
            yield Static(Content(f"Conflict: {sentence_case(name)}"), id="conflict-title")
            yield Static(
                Content(
                    f"{cut_to_cells(plain(question.text), WORDING_CELLS)}\nYou and {self.conflict.agency_name} (part r{self.conflict.part_revision},"
                    f" signed by {self.conflict.signer}) both changed it."
                ),
                id="conflict-note",
            )
            with Horizontal(id="sides"):
                for side_id, title, value in (
                    ("base", "Base (handed out)", self.conflict.base),
                    ("mine", "Mine (m)", self.current),
                    ("agency", "Agency's (a)", self.conflict.agency),
                ):
                    with VerticalScroll(classes="side", id=f"side-{side_id}") as box:
                        box.border_title = title
                        box.can_focus = True
                        yield Static(Content(readable(question, value)))
            yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#side-agency").focus()

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)

    def action_cancel(self) -> None:
        self.dismiss(None)
