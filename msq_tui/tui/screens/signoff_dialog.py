"""The sign-off dialog: the signer's details, the authorisation to publish, and the signing key.

It returns what it was given as a `SignOffChoice`; the sign-off itself is submission_flows.py's.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from msq_tui.model.wording import sentence_case
from msq_tui.submission.signing import SecretKey
from msq_tui.submission.signoff import Signer
from msq_tui.tui.screens.dialogs import DIALOG_CSS

if TYPE_CHECKING:
    from msq_tui.store.keys import KeyStore


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
