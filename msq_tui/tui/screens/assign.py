"""The dialog that hands questions to an agency: its name, the questions, and the folder for the file."""

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from msq_tui.tui.screens.dialogs import DIALOG_CSS
from msq_tui.tui.widgets.fields import CompactInput
from msq_tui.tui.widgets.footer import KeyFooter


class AssignDialog(ModalScreen[tuple[str, str, Path] | None]):
    """Dismissed with (agency, questions as typed, folder), or None."""

    DEFAULT_CSS = (
        """
    AssignDialog { align: center middle; }
    AssignDialog .assign-row { height: 1; width: 1fr; }
    AssignDialog .assign-row > Label { width: 12; }
    AssignDialog .assign-row > Input { width: 1fr; }
    AssignDialog #assign-problem { color: $text-error; width: 1fr; }
    """
        + DIALOG_CSS
    )
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="assign.cancel")]

    def __init__(self, questions: str, folder: Path, out: list[str]) -> None:
        super().__init__()
        self.questions = questions
        self.folder = folder
        self.out = out

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Hand questions to an agency", classes="dialog-title")
            yield Static(
                Content(
                    "Sections by numeral and questions by id or number (III, q16, X.1). The answers they have now"
                    " go with them as the base of the merge; what comes back is merged question by question."
                )
            )
            for field, label, value in (
                ("agency", "Agency", ""),
                ("questions", "Questions", self.questions),
                ("folder", "Folder", str(self.folder)),
            ):
                with Horizontal(classes="assign-row"):
                    yield Label(f"{label}:")
                    yield CompactInput(value=value, id=f"assign-{field}")
            if self.out:
                yield Static(Content("Out already: " + "; ".join(self.out)))
            yield Static("", id="assign-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Write the file", id="assign", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)
        yield KeyFooter()  # its own keys, not those of the screen behind it

    def on_mount(self) -> None:
        self.query_one("#assign-agency", Input).focus()

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == "assign-folder":
            self._assign()
        else:
            self.focus_next()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#assign")
    def _assign(self) -> None:
        values = {
            field: self.query_one(f"#assign-{field}", Input).value.strip()
            for field in ("agency", "questions", "folder")
        }
        missing = [field for field, value in values.items() if not value]
        if missing:
            self.query_one("#assign-problem", Static).update(Content(f"✗ Give the {', the '.join(missing)}"))
            return
        self.dismiss((values["agency"], values["questions"], Path(values["folder"]).expanduser()))

    def show_problem(self, text: str) -> None:
        self.query_one("#assign-problem", Static).update(Content(f"✗ {text}"))
