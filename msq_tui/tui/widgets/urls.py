"""The widget for a `urls` question: entries of a label and a URL, nested one level.

Each entry is a URL and its label (an agency's name, or a sentence), in that order on screen.
Keys inside the list: Enter moves from the URL to the label, and from the label to a new entry;
alt+up / alt+down move an entry, alt+right nests it under the one above, alt+left takes it out
again; alt+delete removes an entry (its nested entries move up, nothing else goes with it), and
Backspace in an empty entry removes it. Every change to the list is made by the model
(model/url_tree.py): this widget draws the list it returns, puts the focus where it says, and
posts the answer. One entry's row, at rest and while edited, is in url_entry.py.
"""

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from msq_tui.model import url_tree
from msq_tui.model.kinds.urls import UrlEntry
from msq_tui.model.problems import Problem
from msq_tui.model.url_tree import Path, path_key
from msq_tui.model.wording import sentence_case
from msq_tui.tui.widgets.base import QuestionWidget
from msq_tui.tui.widgets.url_entry import PLACEHOLDERS, EntryInput, UrlRow


class UrlListEditor(QuestionWidget):
    """A list of labelled URLs; an invalid URL is marked as it is typed, with the reason."""

    KEY_HELP = (
        "Enter goes from an entry's URL to its label, and from the label to a new entry. "
        "alt+→ nests an entry under the one above it, alt+← takes it out again; alt+↑ and alt+↓ move it; "
        "alt+delete removes it (its nested entries stay), as does Backspace in an empty entry. "
        "Several lines pasted become one entry each, a line's address and text split into URL and label."
    )

    BINDINGS = [
        Binding("alt+up", "move(-1)", "Move up", show=False, id="urls.move-up", tooltip="Move the entry up"),
        Binding(
            "alt+down", "move(1)", "Move down", show=False, id="urls.move-down", tooltip="Move the entry down"
        ),
        # Not in the footer (no room at 80 columns): F1 lists it with the other keys of the list.
        Binding(
            "alt+right",
            "nest",
            "Nest",
            show=False,
            id="urls.nest",
            tooltip="Put the entry under the one above it",
        ),
        Binding(
            "alt+left",
            "unnest",
            "Un-nest",
            show=False,
            id="urls.unnest",
            tooltip="Take the entry out from under its parent",
        ),
        Binding(
            "alt+delete",
            "remove",
            "Remove",
            id="urls.remove",
            tooltip="Remove the entry (its nested entries stay)",
        ),
        Binding("ctrl+delete", "remove", "Remove", show=False, id="urls.remove-ctrl"),
    ]

    DEFAULT_CSS = """
    UrlListEditor > .url-rows { height: auto; }
    UrlListEditor .url-help { color: $text-muted; }
    UrlListEditor > .url-paste-note { color: $text-muted; padding-left: 2; width: 1fr; height: auto; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.entries: list[UrlEntry] = url_tree.editable(self.answer)
        self._problems: dict[str, Problem] = {}

    def compose_editor(self) -> ComposeResult:
        with Vertical(classes="url-rows"):
            yield from self._rows()
        note = Static(classes="url-paste-note")
        note.display = False
        yield note

    def _rows(self, active: Path | None = None) -> list[UrlRow]:
        column = self._url_column()
        return [
            UrlRow(path, entry, self.read_only, active=active == path, column=column)
            for path, entry in url_tree.outline(self.entries)
        ]

    def _url_column(self) -> tuple[int, ...]:
        """The cells each URL of the list needs, from a top entry's indent (nested ones are further in)."""
        cells = {cell_len(entry.url) for entry in self.entries}
        # A nested entry without a URL shows the placeholder, which must read whole there too.
        cells |= {
            cell_len(child.url or PLACEHOLDERS["url"]) + 2
            for entry in self.entries
            for child in entry.children
        }
        return tuple(sorted(cells))

    def fit_url_column(self) -> None:
        """Widen or narrow the URL column to the list's URLs now (after an entry was edited)."""
        column = self._url_column()
        for row in self.query(UrlRow):
            if row.column != column:
                row.column = column
                row.refresh(layout=True)

    def _row(self, path: Path) -> UrlRow | None:
        for row in self.query(UrlRow):
            if row.path == path:
                return row
        return None

    # -- Changes, each made by the model (model/url_tree.py) ---------------------------------

    def _post(self) -> None:
        self.post_answer(url_tree.cleaned(self.entries))

    @on(Input.Changed, "EntryInput")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        field = event.input
        assert isinstance(field, EntryInput)
        edit = url_tree.with_text(self.entries, field.path, field.part, event.value)
        if not edit.changed:
            return  # the value it was given when mounted: nothing changed
        self.entries = edit.entries
        row = field.parent
        if isinstance(row, UrlRow):
            row.entry = url_tree.entry_at(self.entries, field.path)  # what it shows at rest
        self._post()

    @on(Input.Submitted, "EntryInput")
    async def _enter(self, event: Input.Submitted) -> None:
        # Awaited to the end, focus included: the keys typed after Enter wait for it (see keys.py).
        event.stop()
        field = event.input
        assert isinstance(field, EntryInput)
        if field.part == "url":
            await self._focus_now(field.path, "label")
        else:
            await self._apply(url_tree.insert_after(self.entries, field.path), post=False)

    def _focused_path(self) -> Path | None:
        focused = self.screen.focused
        if isinstance(focused, EntryInput) and focused in self.query(EntryInput):
            return focused.path
        return None

    async def _apply(self, edit: url_tree.Edit, post: bool = True) -> None:
        """Take the model's new list: draw it, focus where the model says, say its note, post the answer."""
        if not edit.changed:
            if edit.refusal:
                self.notify(edit.refusal, severity="warning", timeout=3)
            return
        self.entries = edit.entries
        await self._rebuild(edit.focus, edit.part or self._focused_part())
        if post:
            self._post()
        if edit.note:
            note = self.query_one(".url-paste-note", Static)
            note.update(Content(edit.note))
            note.display = True

    async def action_move(self, delta: int) -> None:
        path = self._focused_path()
        if path is not None and not self.read_only:
            await self._apply(url_tree.move(self.entries, path, delta))

    async def action_nest(self) -> None:
        path = self._focused_path()
        if path is not None and not self.read_only:
            nesting = getattr(self.question, "nested", True)
            await self._apply(url_tree.nest(self.entries, path, nesting))

    async def action_unnest(self) -> None:
        path = self._focused_path()
        if path is not None and not self.read_only:
            await self._apply(url_tree.unnest(self.entries, path))

    async def action_remove(self) -> None:
        path = self._focused_path()
        if path is not None and not self.read_only:
            await self._apply(url_tree.remove(self.entries, path))

    async def remove_if_empty(self, path: Path, part: str) -> bool:
        """Backspace at the start of an empty field of an empty entry removes the entry."""
        if self.read_only or not url_tree.removable_when_empty(self.entries, path):
            return False
        await self._apply(url_tree.remove(self.entries, path))
        return True

    async def paste_lines(self, path: Path, lines: list[str]) -> None:
        """One entry per pasted line, from the entry at ``path`` on; a line's address and text split."""
        await self._apply(url_tree.paste(self.entries, path, lines))

    def _focused_part(self) -> str:
        focused = self.screen.focused
        return focused.part if isinstance(focused, EntryInput) else "url"

    async def _rebuild(self, focus_path: Path | None, part: str = "label") -> None:
        """Draw the list again from the model, the focus in the field given, before the next key."""
        rows = self.query_one(".url-rows", Vertical)
        self.query_one(".url-paste-note").display = False  # it told of the paste before this change
        focused = self.screen.focused
        if focused is not None and rows in focused.ancestors:
            # Let go of the field first: Textual gives the focus of a removed field to another
            # one and scrolls there, animated, which would carry the view away from the new field.
            self.screen.set_focus(None)
        await rows.remove_children()
        await rows.mount_all(self._rows(active=focus_path))
        self.mark_fields(self._problems)
        if focus_path is not None:
            await self._focus_now(focus_path, part)

    async def _focus_now(self, path: Path, part: str) -> bool:
        row = self._row(path)
        if row is None or self.read_only:
            return False
        await row.activate(part)
        return True

    def _focus(self, path: Path, part: str) -> bool:
        """Put the focus in a field from outside the list (the review, a section shown again), now."""
        row = self._row(path)
        if row is None or self.read_only:
            return False
        row.focus_part(part)
        return True

    # -- The model's verdict -------------------------------------------------------------------

    def mark_fields(self, problems_by_field: dict[str, Problem]) -> set[str]:
        self._problems = problems_by_field
        placed: set[str] = set()
        for row in self.query(UrlRow):
            key = path_key(row.path)
            fields = [f"{part}:{key}" for part in ("url", "label") if f"{part}:{key}" in problems_by_field]
            row.mark({field.partition(":")[0] for field in fields})
            # The reason goes right under its entry, where the eye is (not under a long list).
            messages = [problems_by_field[field].shown_at_part for field in fields]
            row.show_problem("\n".join(f"✗ {sentence_case(message)}" for message in messages))
            placed.update(fields)
        return placed

    def in_sight(self, focused) -> list:
        # The line saying what a paste made of its lines is read with the entries it made.
        note = self.query_one(".url-paste-note", Static)
        return [*super().in_sight(focused), *([note] if note.display else [])]

    def refocus(self, widget) -> bool:
        if isinstance(widget, EntryInput) and isinstance(widget.parent, UrlRow) and not self.read_only:
            return self._focus(widget.parent.path, widget.part)  # its row may be at rest
        return super().refocus(widget)

    def focus_field(self, field: str | None) -> bool:
        if field and ":" in field:
            part, key = field.split(":", 1)
            for row in self.query(UrlRow):
                if path_key(row.path) == key and part in ("url", "label"):
                    return self._focus(row.path, part)
        return self.focus_first()
