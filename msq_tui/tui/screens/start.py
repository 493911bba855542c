"""The start screen: the drafts, newest first, and what can be done with them.

New (with a country picker), open, import a file, delete (to the trash, after asking; `u`
brings the last one back) and history (bring back an earlier saved state). Emergency copies
left by an exit while the disk refused are listed under the drafts; `r` brings one back.
"""

from datetime import datetime
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from msq_tui.store.drafts import DraftSummary
from msq_tui.store.emergency import EmergencyCopy, find_emergency_copies
from msq_tui.tui.screens import draft_flows
from msq_tui.tui.widgets.footer import KeyFooter

if TYPE_CHECKING:
    from msq_tui.tui.app import MsqApp


def when(moment: datetime | None) -> str:
    if moment is None:
        return "?"
    local = moment.astimezone()
    now = datetime.now().astimezone()
    if local.date() == now.date():
        return local.strftime("today %H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


# The columns after the country's, with their widths: wide enough for what they hold
# ("2026-11-02 10:30", "signed off", "damaged").
COLUMNS = {
    ("Form", "form"): 8,
    ("Last saved", "saved"): 16,
    ("Progress", "progress"): 9,
    ("Status", "status"): 10,
}


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
    StartScreen #drafts { height: 1fr; }
    StartScreen #start-agencies { height: auto; padding: 0 1; width: 1fr; }
    StartScreen #start-help { height: auto; padding: 1 1 0 1; color: $text-muted; width: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[DraftSummary] = []
        self.emergency_copies: list[EmergencyCopy] = []
        self.last_deleted: str | None = None  # the draft u brings back first

    @property
    def msq(self) -> "MsqApp":
        return cast("MsqApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static("msq · Member States Questionnaire · drafts", id="start-title")
        yield DataTable(id="drafts", cursor_type="row", zebra_stripes=True)
        agencies = Static(id="start-agencies")
        agencies.display = False  # shown for a draft with agencies
        yield agencies
        yield Static(id="start-help")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#drafts", DataTable)
        self.refresh_drafts()
        table.focus()

    def on_resize(self) -> None:
        if self.summaries:
            table = self.query_one("#drafts", DataTable)
            if self._country_width() != self._shown_country_width:
                selected = self.selected()
                self.refresh_drafts(select=selected.response_id if selected else None)
                table.refresh()

    _shown_country_width = 0

    def _country_width(self) -> int:
        """The country column takes what the others leave: a status is never the part cut off."""
        others = sum(COLUMNS.values()) + 2 * (len(COLUMNS) + 1) + 2  # cell padding, scrollbar
        return max(12, self.app.size.width - others)

    def refresh_drafts(self, select: str | None = None) -> None:
        app = self.msq
        self.summaries = app.store.summaries(app.questionnaire)
        table = self.query_one("#drafts", DataTable)
        forms = [
            summary.questionnaire.split(" ")[0].upper().replace("MSQ", "MSQ ")
            if summary.status != "damaged"
            else "?"
            for summary in self.summaries
        ]
        # Wider for another edition's id ("MSQ 2026_SAMPLE"): never cut to look like another form.
        form_width = min(16, max([COLUMNS[("Form", "form")], *(len(form) for form in forms)]))
        self._shown_country_width = self._country_width()
        country_width = max(12, self._shown_country_width - (form_width - COLUMNS[("Form", "form")]))
        table.clear(columns=True)
        table.add_column("Country", key="country", width=country_width)
        for (label, key), width in COLUMNS.items():
            table.add_column(label, key=key, width=form_width if key == "form" else width)
        for summary, form in zip(self.summaries, forms, strict=True):
            progress = f"{summary.answered}/{summary.asked}" if summary.problem is None else "—"
            # Damaged, or its questionnaire not installed here (Enter says which file to install).
            status = summary.status if summary.status != "needs its questionnaire" else "needs form"
            country = summary.country_name
            if len(country) > country_width:
                country = country[: country_width - 1] + "…"
            # Cells as rich Text: a plain str cell is parsed as markup by DataTable, and a draft's
            # fields come from a file.
            cells = (country, form, when(summary.updated), progress, status)
            table.add_row(*(Text(cell) for cell in cells), key=summary.response_id)
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
        if select is not None:
            for row, summary in enumerate(self.summaries):
                if summary.response_id == select:
                    table.move_cursor(row=row)

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
        table = self.query_one("#drafts", DataTable)
        if not self.summaries or table.cursor_row is None or not 0 <= table.cursor_row < len(self.summaries):
            return None
        return self.summaries[table.cursor_row]

    @on(DataTable.RowHighlighted, "#drafts")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # What is out with agencies and what came back, for the draft under the cursor.
        summary = self.selected()
        text = f"Agencies: {summary.agencies}" if summary is not None and summary.agencies else ""
        agencies = self.query_one("#start-agencies", Static)
        agencies.update(Content(text))
        agencies.display = bool(text)

    @on(DataTable.RowSelected, "#drafts")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
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
