"""Which questionnaire a new response answers, when msq knows several (the built-in and installed ones)."""

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from msq_tui.model.definitions import Questionnaire
from msq_tui.store.questionnaires import KnownQuestionnaire
from msq_tui.tui.screens.dialogs import DIALOG_CSS


class QuestionnairePicker(ModalScreen[Questionnaire | None]):
    """The questionnaires msq knows, newest edition first; Enter chooses, Escape goes back."""

    DEFAULT_CSS = (
        """
    QuestionnairePicker { align: center middle; }
    QuestionnairePicker OptionList { height: auto; max-height: 12; }
    """
        + DIALOG_CSS
    )
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="questionnaire-picker.cancel")]

    def __init__(self, entries: list[KnownQuestionnaire], default: Questionnaire) -> None:
        super().__init__()
        self.entries = sorted(entries, key=lambda entry: entry.questionnaire is not default)
        self.default = default

    def compose(self) -> ComposeResult:
        from msq_tui.tui.widgets.footer import KeyFooter

        with Vertical(classes="dialog"):
            yield Label("New response: which questionnaire?", classes="dialog-title")
            yield OptionList(
                *(
                    Option(Content(entry.describe()), id=str(position))
                    for position, entry in enumerate(self.entries)
                ),
                id="questionnaire-list",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#questionnaire-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#questionnaire-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.entries[int(event.option.id or 0)].questionnaire)

    def action_cancel(self) -> None:
        self.dismiss(None)
