"""Disk work off the UI thread: a small dialog that says what msq is doing while a worker does it.

Writing the submission files, the e-mail file, a signature, a restored or imported draft may take
a while on a slow or failing disk. The work runs in a thread worker (`@work(thread=True)`); the
dialog shows what is being done, the app keeps drawing and answering its keys (ctrl+q saves and
quits; the work ends first, so nothing half-done is left), and the work's result comes back as a
message, which closes the dialog with a `Finished` for the flow that asked.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import LoadingIndicator, Static

from msq_tui.tui.screens.dialogs import DIALOG_CSS

T = TypeVar("T")


@dataclass(frozen=True)
class Finished(Generic[T]):
    """How a piece of work ended: its value, or the expected error that stopped it."""

    value: T | None = None
    error: Exception | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class Working(ModalScreen[Finished[T]]):
    """Runs ``job`` on a thread of its own; dismissed with how it finished.

    Only the errors named in ``expected`` (a disk that refuses, a file that is not a draft)
    come back as a `Finished` with its error, for the flow to say what happened; anything else
    is a bug and reaches the app's crash report.
    """

    DEFAULT_CSS = (
        """
    Working { align: center middle; }
    Working LoadingIndicator { height: 1; }
    """
        + DIALOG_CSS
    )
    # Nothing to cancel: the disk work cannot be taken back half-way. Escape says so.
    BINDINGS = [Binding("escape", "wait", "Wait", show=False)]

    class Done(Message):
        """Posted from the worker's thread when the job has ended."""

        def __init__(self, finished: Finished) -> None:
            super().__init__()
            self.finished = finished

    def __init__(
        self, doing: str, job: Callable[[], T], expected: tuple[type[Exception], ...] = (OSError,)
    ) -> None:
        super().__init__()
        self.doing = doing
        self.job = job
        self.expected = expected

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.doing), classes="dialog-title")
            yield LoadingIndicator()

    def on_mount(self) -> None:
        self._run()

    @work(thread=True, exclusive=True, group="disk", exit_on_error=True)
    def _run(self) -> None:
        try:
            finished: Finished = Finished(value=self.job())
        except self.expected as error:
            finished = Finished(error=error)
        self.post_message(self.Done(finished))  # thread-safe; dropped if the app has ended meanwhile

    @on(Done)
    def _done(self, event: Done) -> None:
        event.stop()
        self.dismiss(event.finished)

    def action_wait(self) -> None:
        self.notify("msq is writing to the disk; this closes by itself when it is done.", timeout=4)
