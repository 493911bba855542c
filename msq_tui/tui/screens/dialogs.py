"""Small typed dialogs: confirm, pick a country, read notes, choose among actions, give a path.

The sign-off dialog is in signoff_dialog.py; its frame and buttons are styled by DIALOG_CSS here.
"""

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.button import ButtonVariant
from textual.widgets.option_list import Option

from msq_tui.model.countries import Country, country_by_iso3, search_countries
from msq_tui.tui.widgets.footer import KeyFooter

FOOTER_LINES = 1  # a dialog's own footer (KeyFooter) on the screen's last line

DIALOG_CSS = """
.dialog {
    width: 72;
    max-width: 100%;
    height: auto;
    max-height: 100%;
    border: thick $primary;
    background: $surface;
    padding: 0 1;
}
.dialog > .dialog-title { text-style: bold; width: 1fr; margin-bottom: 1; }
.dialog > .dialog-body { width: 1fr; height: auto; max-height: 14; }
.dialog .dialog-buttons { height: auto; width: 1fr; align-horizontal: right; margin-top: 1; }
.dialog .dialog-buttons Button { margin-left: 1; }
"""


class ChoiceDialog(ModalScreen[str | None]):
    """A message and a few choices, as buttons; Escape chooses `cancel` (None by default)."""

    DEFAULT_CSS = "ChoiceDialog { align: center middle; }\n" + DIALOG_CSS
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
        Binding("left", "app.focus_previous", "Previous choice", show=False),
        Binding("right", "app.focus_next", "Next choice", show=False),
    ]

    def __init__(
        self,
        title: str,
        message: str,
        choices: list[tuple[str, str]],
        cancel: str | None = None,
        variant_first: ButtonVariant = "primary",
        focus: str | None = None,
    ) -> None:
        super().__init__()
        self.dialog_title = title
        self.message = message
        self.choices = choices
        self.cancel = cancel
        self.variant_first = variant_first
        self.initial_focus = focus or choices[0][0]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.dialog_title), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(Content(self.message))
            with Horizontal(classes="dialog-buttons"):
                for index, (key, label) in enumerate(self.choices):
                    yield Button(
                        label,
                        id=f"choice-{key}",
                        variant=self.variant_first if index == 0 else "default",
                        compact=True,
                    )
        yield KeyFooter()  # its own keys, not those of the screen behind it

    def on_mount(self) -> None:
        self.query_one(f"#choice-{self.initial_focus}", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_cancel(self) -> None:
        self.dismiss(self.cancel)


class ConfirmDialog(ChoiceDialog):
    """Yes or no; dismisses with "yes", "no", or None for Escape.

    The safe answer has the focus, so that Enter by habit loses nothing.
    """

    def __init__(
        self, title: str, message: str, confirm: str = "Yes", refuse: str = "No", dangerous: bool = False
    ) -> None:
        super().__init__(
            title,
            message,
            [("yes", confirm), ("no", refuse)],
            variant_first="error" if dangerous else "primary",
            focus="no",
        )


class CountryFilter(Input):
    """The picker's filter field, which names the picker's keys in the footer."""

    BINDINGS = [
        Binding("enter", "submit", "Choose", id="country.choose"),
        Binding("down", "screen.down", "Move", key_display="↑↓", id="country.down"),
        Binding("up", "screen.up", "Previous", show=False),
    ]


class CountryPicker(ModalScreen[Country | None]):
    """The 193 Member States; type to filter by name or ISO3 code, Enter to choose."""

    DEFAULT_CSS = (
        """
    CountryPicker { align: center middle; }
    CountryPicker OptionList { height: 14; }
    """
        + DIALOG_CSS
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="country.cancel"),
        Binding("down", "down", "Next", show=False),
        Binding("up", "up", "Previous", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("New response: which country?", classes="dialog-title")
            yield CountryFilter(
                placeholder="Type a name or ISO3 code, e.g. Iran or IRN", id="country-filter", compact=True
            )
            yield OptionList(*self._options(""), id="country-list")
        # Its own keys, over the start screen's footer (which named keys that do nothing here).
        yield KeyFooter()

    def _options(self, text: str) -> list[Option]:
        return [
            Option(Content(f"{country.iso3}  {country.name}"), id=country.iso3)
            for country in search_countries(text)
        ]

    @on(Input.Changed, "#country-filter")
    def _filter(self, event: Input.Changed) -> None:
        countries = self.query_one("#country-list", OptionList)
        countries.clear_options()
        countries.add_options(self._options(event.value))
        if countries.option_count:
            countries.highlighted = 0

    @on(Input.Submitted, "#country-filter")
    def _submit(self, event: Input.Submitted) -> None:
        countries = self.query_one("#country-list", OptionList)
        if countries.highlighted is not None:
            self._choose(countries.get_option_at_index(countries.highlighted).id)

    @on(OptionList.OptionSelected, "#country-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, iso3: str | None) -> None:
        self.dismiss(country_by_iso3(iso3) if iso3 else None)

    def action_down(self) -> None:
        self.query_one("#country-list", OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one("#country-list", OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)


class PathDialog(ModalScreen[Path | None]):
    """Ask for a file path (to import from, or to save a copy to)."""

    DEFAULT_CSS = "PathDialog { align: center middle; }\n" + DIALOG_CSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="path.cancel")]

    def __init__(self, title: str, message: str, initial: str = "") -> None:
        super().__init__()
        self.dialog_title = title
        self.message = message
        self.initial = initial

    def compose(self) -> ComposeResult:
        from msq_tui.tui.widgets.fields import CompactInput

        with Vertical(classes="dialog"):
            yield Label(self.dialog_title, classes="dialog-title")
            yield Static(Content(self.message))
            # Selected whole when the dialog opens, as before: a path typed replaces the one offered.
            yield CompactInput(
                value=self.initial, placeholder="/path/to/file.json", id="path", select_on_focus=True
            )
            yield Static("Enter to confirm, Escape to cancel.", classes="dialog-hint")
        yield KeyFooter()  # its own keys, not those of the screen behind it

    @on(Input.Submitted, "#path")
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text:
            self.dismiss(Path(text).expanduser())

    def action_cancel(self) -> None:
        self.dismiss(None)


class NotesDialog(ModalScreen[None]):
    """The full text of footnotes and help for a question.

    As wide and as tall as the screen allows (not the 14 lines of the other dialogs): at 80x24
    most questions' notes then read whole, without a scrollbar; a longer text scrolls by the
    arrow and page keys.
    """

    DEFAULT_CSS = (
        """
    NotesDialog { align: center middle; }
    NotesDialog > .dialog { width: 80; }
    /* The line its own footer takes is given back here: the notes of most questions still read whole. */
    NotesDialog .dialog .dialog-buttons { margin-top: 0; }
    """
        + DIALOG_CSS
    )
    BINDINGS = [
        Binding("escape,enter,f1", "close", "Close", id="notes.close"),
        Binding("down", "scroll('down')", "Scroll", key_display="↑↓", show=False, id="notes.down"),
        Binding("up", "scroll('up')", "Scroll up", show=False, id="notes.up"),
        Binding("pagedown", "scroll('page_down')", "Page down", show=False, id="notes.page-down"),
        Binding("pageup", "scroll('page_up')", "Page up", show=False, id="notes.page-up"),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.dialog_title = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.dialog_title), classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(Content(self.text))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close", variant="primary", compact=True)
        yield KeyFooter()  # its own keys, not those of the screen behind it

    def on_mount(self) -> None:
        self.query_one(Button).focus()
        self._fit_body()
        self.call_after_refresh(self._fit_body)

    def on_resize(self) -> None:
        self._fit_body()

    def _fit_body(self) -> None:
        """Let the text take every line of the screen the dialog's frame, title and button leave."""
        dialog = self.query_one(".dialog", Vertical)
        body = self.query_one(".dialog-body", VerticalScroll)
        # Measured once laid out; before, the frame of the CSS above: border, title and button
        # lines with their margins.
        frame = dialog.outer_size.height - body.outer_size.height if body.outer_size.height else 6
        height = max(3, self.size.height - frame - FOOTER_LINES)
        if body.styles.max_height is None or body.styles.max_height.value != height:
            body.styles.max_height = height

    def action_scroll(self, how: str) -> None:
        body = self.query_one(".dialog-body", VerticalScroll)
        getattr(body, f"scroll_{how}")(animate=False)

    @on(Button.Pressed)
    def _close(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
