"""The start screen: the drafts, newest first, and what can be done with them.

New (with a country picker), open, import a file, delete (to the trash, after asking; `u`
brings the last one back) and history (bring back an earlier saved state). Emergency copies
left by an exit while the disk refused are listed under the drafts; `r` brings one back.
"""

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from msq_tui.store.drafts import DraftSummary
from msq_tui.store.emergency import EmergencyCopy, find_emergency_copies
from msq_tui.tui.screens import draft_flows
from msq_tui.tui.screens.draft_list import draft_rows, when
from msq_tui.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from msq_tui.tui.app import MsqApp


class StartScreen(Screen[None]):
    """Every draft in the msq home folder."""

    BINDINGS = [
        Binding("n", "new", "New", id="start.new", tooltip="Start a new response"),
        Binding("enter,o", "open", "Open", id="start.open", tooltip="Open the selected draft"),
        Binding("i", "import", "Import", id="start.import", tooltip="Import a draft file"),
        Binding(
            "d,delete", "delete", "Delete", id="start.delete", tooltip="Move the selected draft to the trash"
        ),
        Binding(
            "u", "undelete", "Undelete", id="start.undelete", tooltip="Bring back the last deleted draft"
        ),
        Binding(
            "h", "history", "History", id="start.history", tooltip="Bring back an earlier state of the draft"
        ),
        Binding(
            "r",
            "recover",
            "Recover",
            id="start.recover",
            tooltip="Bring back an emergency copy of unsaved answers",
        ),
        Binding("ctrl+q", "app.quit", "Quit", id="start.quit"),
    ]

    DEFAULT_CSS = """
    StartScreen #start-title { height: 1; background: $panel; padding-left: 1; text-style: bold; width: 1fr; }
    StartScreen #start-columns { height: 1; width: 1fr; text-style: bold; }
    StartScreen #drafts { height: 1fr; border: none; padding: 0; scrollbar-size-vertical: 1; }
    StartScreen #drafts > .option-list--option { padding: 0; }
    StartScreen #start-agencies { height: auto; padding: 0 1; width: 1fr; }
    StartScreen #start-help { height: auto; padding: 1 1 0 1; color: $text-muted; width: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[DraftSummary] = []
        self.emergency_copies: list[EmergencyCopy] = []
        self.last_deleted: str | None = None  # the draft u brings back first
        self._shown_width = 0  # the width the drafts' lines were drawn for
        self._cut: list[str] = []  # per draft: what its second line cut off

    @property
    def msq(self) -> "MsqApp":
        return cast("MsqApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static("msq · Member States Questionnaire · drafts", id="start-title")
        yield Static(id="start-columns")
        yield OptionList(id="drafts")
        agencies = Static(id="start-agencies")
        agencies.display = False  # shown when the highlighted draft's line had to cut what it says
        yield agencies
        yield Static(id="start-help")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_drafts()
        self.query_one("#drafts", OptionList).focus()

    def on_resize(self) -> None:
        if self.summaries and self._list_width() != self._shown_width:
            selected = self.selected()
            self._show_rows(select=selected.response_id if selected else None)

    def _list_width(self) -> int:
        """The width a draft's lines may take: the screen's, less a column kept for the scrollbar."""
        return max(20, self.app.size.width - 1)

    def refresh_drafts(self, select: str | None = None) -> None:
        app = self.msq
        self.summaries = app.store.summaries(app.questionnaire)
        self._show_rows(select)
        help_text = (
            "No drafts yet. Press n to start a response for your country."
            if not self.summaries
            else f"{len(self.summaries)} draft{'s' if len(self.summaries) != 1 else ''} in {app.store.drafts_folder}"
        )
        self.emergency_copies = find_emergency_copies(app.store)
        if self.emergency_copies:
            help_text = f"{self._describe_emergency_copies()}\n{help_text}"
        self.refresh_bindings()
        self.query_one("#start-help", Static).update(Content(help_text))

    def _show_rows(self, select: str | None = None) -> None:
        """Draw the drafts for the width there is now, the cursor on ``select`` (else where it was)."""
        drafts = self.query_one("#drafts", OptionList)
        highlighted = drafts.highlighted
        self._shown_width = self._list_width()
        rows = draft_rows(self.summaries, self._shown_width)
        self._cut = rows.cut
        title = "msq · Member States Questionnaire · drafts"
        if rows.form is not None:  # every draft answers it: said once, not on every draft's line
            title = f"msq · Member States Questionnaire · drafts of {rows.form}"
        self.query_one("#start-title", Static).update(Content(title))
        columns = self.query_one("#start-columns", Static)
        columns.update(Content(rows.header))
        columns.display = bool(self.summaries)
        drafts.set_options(
            Option(row, id=summary.response_id)
            for summary, row in zip(self.summaries, rows.rows, strict=True)
        )
        if select is not None:
            highlighted = next(
                (row for row, summary in enumerate(self.summaries) if summary.response_id == select),
                highlighted,
            )
        if self.summaries:
            drafts.highlighted = min(highlighted or 0, len(self.summaries) - 1)
        self._show_cut()

    def _describe_emergency_copies(self) -> str:
        copies = self.emergency_copies
        newest = copies[0]
        if len(copies) == 1:
            return f"An emergency copy holds answers that could not be saved ({self.copy_label(newest)}): press r to bring it back."
        return (
            f"{len(copies)} emergency copies hold answers that could not be saved (newest: {self.copy_label(newest)}):"
            " press r to bring one back."
        )

    @staticmethod
    def copy_label(copy: EmergencyCopy) -> str:
        from msq_tui.model.countries import country_by_iso3

        country = country_by_iso3(copy.response.country)
        return f"{country.name if country else copy.response.country}, {when(copy.written)}"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "recover":
            return bool(self.emergency_copies)  # the key is shown only when there is a copy
        return True

    def action_recover(self) -> None:
        if self.emergency_copies:
            draft_flows.recover_emergency_copy(self, self.emergency_copies[:6])

    def selected(self) -> DraftSummary | None:
        highlighted = self.query_one("#drafts", OptionList).highlighted
        if highlighted is None or not 0 <= highlighted < len(self.summaries):
            return None
        return self.summaries[highlighted]

    @on(OptionList.OptionHighlighted, "#drafts")
    def _row_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_cut()

    def _show_cut(self) -> None:
        """In full, under the list, what the highlighted draft's second line had to cut off."""
        drafts = self.query_one("#drafts", OptionList)
        highlighted = drafts.highlighted
        text = self._cut[highlighted] if highlighted is not None and 0 <= highlighted < len(self._cut) else ""
        agencies = self.query_one("#start-agencies", Static)
        agencies.update(Content(text))
        agencies.display = bool(text)

    @on(OptionList.OptionSelected, "#drafts")
    def _row_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_open()

    def action_new(self) -> None:
        draft_flows.new_response(self)

    def action_open(self) -> None:
        summary = self.selected()
        if summary is None:
            self.notify("There is no draft to open yet. Press n to start one.", timeout=4)
            return
        self.msq.open_draft(summary.response_id)

    def action_import(self) -> None:
        draft_flows.import_draft(self)

    def action_delete(self) -> None:
        summary = self.selected()
        if summary is not None:
            draft_flows.delete_draft(self, summary)

    def action_undelete(self) -> None:
        draft_flows.undelete_draft(self)

    def action_history(self) -> None:
        summary = self.selected()
        if summary is not None:
            draft_flows.show_history(self, summary)
