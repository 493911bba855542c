"""Small typed dialogs: confirm, pick a country, read notes, choose among actions, give a path."""

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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
from msq_tui.model.wording import sentence_case
from msq_tui.submission.signing import SecretKey
from msq_tui.submission.signoff import Signer

if TYPE_CHECKING:
    from msq_tui.store.keys import KeyStore

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
        from msq_tui.tui.widgets.footer import KeyFooter

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
        height = max(3, self.size.height - frame)
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


@dataclass(frozen=True)
class SignOffChoice:
    """What the sign-off dialog was given: who signs, whether DPIDG may publish, and the unlocked key if any."""

    signer: "Signer"
    publish: bool
    secret_key: "SecretKey | None" = None


class GutteredDialog(Vertical):
    """A dialog body that scrolls when it must, measured as wide as its text is drawn.

    Textual 8.2.8 (`Widget._get_box_model`) measures an auto height at the full content width,
    though a stable scrollbar gutter keeps the bar's room out of it: the texts then wrapped on
    more lines than were counted, and the dialog scrolled its buttons out of sight.
    """

    def get_content_height(self, container, viewport, width: int) -> int:
        if self.styles.scrollbar_gutter == "stable" and self.styles.overflow_y == "auto":
            width -= self.styles.scrollbar_size_vertical
        return super().get_content_height(container, viewport, width)


class SignOffDialog(ModalScreen[SignOffChoice | None]):
    """The signer's details (pre-filled from the contact section) and the authorisation to publish."""

    DEFAULT_CSS = (
        """
    SignOffDialog { align: center middle; }
    /* A warning, a signing key and the problems found can make it taller than 24 lines: then it
       scrolls (with its bar) rather than cut off its buttons. The bar's room is kept, so that the
       text does not wrap anew (and grow) when the bar appears. Textual 8.2.8 adds a horizontal
       bar's height to an auto height with a stable gutter (a blank line under the buttons):
       there is no horizontal bar here, so it has no height. */
    SignOffDialog > .dialog { overflow-y: auto; scrollbar-gutter: stable; scrollbar-size-horizontal: 0; }
    SignOffDialog .signoff-row { height: 1; width: 1fr; }
    SignOffDialog .signoff-row > Label { width: 14; }
    SignOffDialog .signoff-row > Input { width: 1fr; }
    SignOffDialog RadioSet { layout: horizontal; height: auto; width: auto; }
    SignOffDialog RadioButton { width: auto; margin-right: 2; }
    SignOffDialog #signoff-problems { color: $text-error; width: 1fr; }
    """
        + DIALOG_CSS
    )
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="signoff.cancel")]

    def __init__(
        self,
        revision: int,
        signer: "Signer",
        authorisation: str,
        unanswered: int,
        keys: "KeyStore | None" = None,
        warning: str = "",
        ask_publish: bool = True,
    ) -> None:
        super().__init__()
        self.ask_publish = ask_publish  # an agency's part is not published: no such question
        self.revision = revision
        self.signer = signer
        self.authorisation = authorisation
        self.unanswered = unanswered
        self.warning = warning  # what the signer should know first (answers carried and not reviewed)
        self.keys = keys  # the signer's KeyStore when they have a key: sign-off then signs with it
        self.key_note, self.key_encrypted = "", False
        self._unlocking = False
        if keys is not None:
            from msq_tui.submission.signing import SigningError

            try:
                self.key_encrypted = keys.locked_key().encrypted
                self.key_note = f"Signs the files with your key {keys.public_key().key_id}."
            except SigningError as error:
                self.key_note = f"Your signing key cannot be used: {error}"

    def compose(self) -> ComposeResult:
        from msq_tui.tui.widgets.fields import CompactInput
        from msq_tui.tui.widgets.footer import KeyFooter
        from msq_tui.tui.widgets.yes_no import ChoiceButton, YesNoRadioSet

        with GutteredDialog(classes="dialog"):
            yield Static(f"Sign off revision {self.revision}", classes="dialog-title")
            note = (
                "Every question is answered."
                if not self.unanswered
                else f"{self.unanswered} question{'s are' if self.unanswered != 1 else ' is'} unanswered; that does not block sign-off."
            )
            if self.warning:
                yield Static(Content(self.warning), id="signoff-warning")
            yield Static(
                Content(note + " After sign-off the response is read-only; reopening makes a new revision.")
            )
            for field, label in (
                ("name", "Name"),
                ("title", "Title"),
                ("organization", "Organization"),
                ("email", "E-mail"),
            ):
                with Horizontal(classes="signoff-row"):
                    yield Label(f"{label}:")
                    # As the questionnaire's fields: the cursor at the end, the text not selected (a
                    # first key must not wipe the name); a long title shows its start at rest and
                    # its cursor while edited.
                    yield CompactInput(getattr(self.signer, field), id=f"signer-{field}")
            yield Static(Content(self.authorisation))
            if self.ask_publish:
                # Marked (•) / ( ): which one is chosen reads without colour too. The keys of a
                # yes/no question: Left is Yes and Right is No (a plain RadioSet wraps, so a
                # first Left chose No).
                with YesNoRadioSet(id="publish"):
                    yield ChoiceButton("Yes", name="yes", compact=True)
                    yield ChoiceButton("No", name="no", compact=True)
            if self.keys is not None:
                yield Static(Content(self.key_note))
                if self.key_encrypted:
                    with Horizontal(classes="signoff-row"):
                        yield Label("Passphrase:")
                        yield CompactInput(id="signer-passphrase", password=True)
            yield Static("", id="signoff-problems")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Sign off", id="sign", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        # Its own keys, over the review's footer, whose "s Sign off" and "a Assign" typed letters here.
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#signer-name", Input).focus()

    @on(Input.Submitted)
    def _next(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#sign")
    async def _sign(self) -> None:
        from textual.widgets import RadioSet

        from msq_tui.submission.signoff import signer_problems

        signer = Signer(
            *(
                self.query_one(f"#signer-{field}", Input).value.strip()
                for field in ("name", "title", "organization", "email")
            )
        )
        problems = signer_problems(signer)
        pressed = self.query_one("#publish", RadioSet).pressed_button if self.ask_publish else None
        if pressed is None and self.ask_publish:
            problems.append("answer the authorisation to publish: Yes or No")
        secret_key = None
        if not problems and self.keys is not None:
            import asyncio

            from msq_tui.submission.signing import SigningError

            passphrase = self.query_one("#signer-passphrase", Input).value if self.key_encrypted else None
            if self._unlocking:
                return  # pressed again while the key is being unlocked
            self._unlocking = True  # scrypt takes a few tenths of a second: off the screen's thread
            try:
                secret_key = await asyncio.to_thread(self.keys.unlock, passphrase)
            except SigningError as error:
                problems.append(str(error))
            finally:
                self._unlocking = False
            if not self.is_attached:
                return  # cancelled while the key was being unlocked
            if secret_key is None and self.key_encrypted:
                passphrase_input = self.query_one("#signer-passphrase", Input)
                passphrase_input.value = ""
                passphrase_input.focus()  # to type it again
        if problems:
            self.query_one("#signoff-problems", Static).update(
                Content("✗ " + "\n✗ ".join(sentence_case(p) for p in problems))
            )
            # The problems are just above the buttons: both in sight in a dialog that scrolls
            # (after the refresh that lays the problems out: the end to scroll to is known then).
            dialog = self.query_one(".dialog", Vertical)
            self.call_after_refresh(dialog.scroll_end, animate=False)
            return
        # An agency's part asks no authorisation to publish (the national sign-off decides that).
        self.dismiss(SignOffChoice(signer, pressed is not None and pressed.name == "yes", secret_key))
