"""The widget for a `urls` question: entries of a label and a URL, nested one level.

Each entry is a URL and its label (an agency's name, or a sentence), in that order on screen.
Keys inside the list: Enter moves from the URL to the label, and from the label to a new entry;
alt+up / alt+down move an entry, alt+right nests it under the one above, alt+left takes it out
again; alt+delete removes an entry (its nested entries move up, nothing else goes with it), and
Backspace in an empty entry removes it. Every change to the list is made by the model
(model/url_tree.py): this widget draws the list it returns, puts the focus where it says, and
posts the answer.
"""

import asyncio
from typing import cast

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static

from msq_tui.model import url_tree
from msq_tui.model.kinds.urls import UrlEntry
from msq_tui.model.problems import Problem
from msq_tui.model.url_tree import PARTS, Part, Path, path_key
from msq_tui.model.wording import sentence_case
from msq_tui.tui.keys import StandIn
from msq_tui.tui.widgets.base import QuestionWidget, focus_now
from msq_tui.tui.widgets.fields import CompactInput, cut_to_cells


class EntryInput(CompactInput):
    """The label or the URL of one entry."""

    BINDINGS = [
        Binding("backspace", "backspace", "Delete left", show=False),
        Binding("enter", "submit", "Label", id="urls.enter", tooltip="Go on to the entry's label"),
    ]

    def __init__(self, path: Path, part: Part, value: str, read_only: bool) -> None:
        super().__init__(
            value=value, placeholder=PLACEHOLDERS[part], disabled=read_only, classes=f"entry-{part}"
        )
        self.path = path
        self.part = part

    def on_paste(self, event: events.Paste) -> None:
        """Lines pasted become entries (Input alone keeps the first line and drops the rest)."""
        lines = url_tree.pasted_lines(event.text)
        editor = next((a for a in self.ancestors if isinstance(a, UrlListEditor)), None)
        if editor is None or self.disabled or not url_tree.paste_makes_entries(lines, self.value):
            return  # one line to add to what is there, or with no address to split off: Input's own paste
        event.prevent_default()
        event.stop()
        # In the list's own time: making the entries again removes this field, whose handler this is.
        editor.call_later(editor.paste_lines, self.path, lines)

    async def action_backspace(self) -> None:
        if not self.value and self.cursor_position == 0:
            editor = next((a for a in self.ancestors if isinstance(a, UrlListEditor)), None)
            if editor is not None and await editor.remove_if_empty(self.path, self.part):
                return
        self.action_delete_left()


class LabelInput(EntryInput):
    """The label of an entry: Enter makes a new entry under it."""

    BINDINGS = [
        Binding(
            "enter", "submit", "New entry", id="urls.enter-label", tooltip="Make a new entry below this one"
        )
    ]


LABEL_CELLS = 12  # the least a label's column gets at rest, beside a long URL

# Where a URL too long for its column is best broken: after one of these, as a browser would.
URL_BREAKS = "/.-?&=_#~ "


def url_lines(url: str, width: int) -> list[str]:
    """``url`` broken into lines of at most ``width`` cells, after a slash or a dot where one is near."""
    width = max(width, 2)
    lines: list[str] = []
    rest = url
    while cell_len(rest) > width:
        end = 0
        while end < len(rest) and cell_len(rest[: end + 1]) <= width:
            end += 1
        end = max(end, 1)
        # Break after the last separator in the second half of the line; else where the line is full.
        cut = max((rest.rfind(mark, 0, end) for mark in URL_BREAKS), default=-1) + 1
        if cut <= end // 2:
            cut = end
        lines.append(rest[:cut])
        rest = rest[cut:]
    lines.append(rest)
    return lines


# "e.g." and italics: a placeholder must not read as an answer, in grey or without colour.
PLACEHOLDERS = {"url": "e.g. www.example.gov", "label": "name or description"}


class UrlRow(StandIn, Horizontal):
    """One entry: its URL and its label side by side; a nested entry is indented under its parent.

    At rest a row is one widget that draws both fields as text, each wrapped whole in its column
    (a URL broken after a slash or a dot): nothing typed is ever cut off. Its two fields (Inputs)
    are made when the row first takes the focus, and kept, hidden while the focus is elsewhere:
    a section lists dozens of entries, and an Input costs many times a line of text to create,
    style, lay out and hold in memory. Tab lands on the URL of a row at rest, shift+tab on its
    label, as it would on the fields.
    """

    COMPONENT_CLASSES = {"url-row--field", "url-row--placeholder", "url-row--invalid"}

    DEFAULT_CSS = """
    UrlRow { height: auto; width: 1fr; padding-left: 2; }
    UrlRow.-child { padding-left: 4; }
    UrlRow .entry-url { width: 1fr; margin-right: 1; }
    UrlRow .entry-label { width: 1fr; }
    UrlRow > .url-row--field { background: $surface; color: $foreground; }
    UrlRow > .url-row--placeholder { background: $surface; color: $text-disabled; text-style: italic; }
    UrlRow > .url-row--invalid { background: $surface; background-tint: $error 20%; }
    """

    def __init__(
        self, path: Path, entry: UrlEntry, read_only: bool, active: bool = False, column: tuple[int, ...] = ()
    ) -> None:
        super().__init__(classes="url-row -child" if len(path) > 1 else "url-row")
        self.path = path
        self.entry = entry
        self.read_only = read_only
        self.active = active  # its fields are made
        self._made: asyncio.Event | None = None  # set once the fields made on the focus are mounted
        self.opens_on: str | None = (
            None  # the field to open on its next focus ("url", "label"); else by Tab's way
        )
        self.can_focus = not active and not read_only
        self.invalid: set[str] = set()  # the parts ("url", "label") the validation marks
        self.problem_line: EntryProblem | None = None
        self.column = column  # the cells of the list's URLs, counted from a top entry's indent

    def compose(self) -> ComposeResult:
        if self.active:
            yield from self._fields()

    def _fields(self) -> list[EntryInput]:
        fields = [
            (LabelInput if part == "label" else EntryInput)(
                self.path, part, getattr(self.entry, part), self.read_only
            )
            for part in PARTS
        ]
        for field in fields:
            field.set_class(field.part in self.invalid, "-invalid")
        self._size_url_field(fields[0])
        return fields

    def _size_url_field(self, field: "EntryInput | None") -> None:
        """The URL field as wide as the URL column at rest, so nothing moves when the row opens.

        The column already holds the cursor's cell after its longest URL (see `_url_width`), and
        the field keeps its margin: the space between URL and label is never drawn on.
        """
        if field is not None and self.content_size.width:
            width = self._url_width()
            if field.styles.width is None or field.styles.width.value != width:
                field.styles.width = width

    def on_resize(self) -> None:
        self._size_url_field(self.field("url"))

    def field(self, part: str) -> "EntryInput | None":
        for child in self.children:
            if isinstance(child, EntryInput) and child.part == part:
                return child
        return None

    async def activate(self, part: str = "url") -> None:
        """Make the fields (once, then show them again) and put the focus in one of them, before
        the next key is applied."""
        if not self.active:
            self.active = True
            self.can_focus = False
            if self.field(part) is None:
                self._made = asyncio.Event()
                await self.mount_all(self._fields())
                self._made.set()
            else:
                self._size_url_field(self.field("url"))
                for child in self.children:
                    child.display = True
            self.refresh(layout=True)
        elif self._made is not None:
            await self._made.wait()  # made just now for another caller (its Focus event, or a key)
        field = self.field(part)
        if field is not None and self.is_attached:
            # The screen's own call, not `focus()`: that is queued behind the keys already waiting.
            self.screen.set_focus(field, scroll_visible=False)

    async def make_field(self) -> None:
        part, self.opens_on = self.opens_on, None
        if part is None:
            backwards = getattr(self.screen, "focused_backwards", lambda widget: False)(self)
            part = "label" if backwards else "url"
        await self.activate(part)

    def focus_part(self, part: str) -> None:
        """Put the focus on one of the entry's fields now; a row at rest takes it and opens on that field."""
        field = self.field(part)
        if self.active and field is not None and field.display:
            focus_now(field)
        elif not self.active:
            self.opens_on = part
            focus_now(self)  # the row at rest: its Focus (or the next key, see keys.py) makes the fields
        else:
            self.call_later(self.activate, part)  # its fields are being made

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self._rest_if_left)

    def _rest_if_left(self) -> None:
        """Back to text once the focus has left both fields: the whole entry reads again."""
        if not self.active or not self.is_attached or self.app.screen is not self.screen:
            return  # a dialog over the screen: the focus comes back here
        focused = self.screen.focused
        if focused is not None and (focused is self or self in focused.ancestors):
            return
        self.active = False
        self.can_focus = not self.read_only
        for field in self.children:
            field.display = False
        self.refresh(layout=True)
        editor = next((node for node in self.ancestors if isinstance(node, UrlListEditor)), None)
        if editor is not None:
            editor.fit_url_column()

    async def on_focus(self) -> None:
        if not self.active:
            await self.make_field()

    def focus_on_click(self) -> bool:
        return False  # a click makes the field under the pointer, below

    async def on_click(self, event: events.Click) -> None:
        if self.read_only or self.active:
            return
        event.stop()
        # The click's x counts from the row's left edge, before its indent.
        await self.activate("label" if event.x - self.styles.padding.left > self._url_width() else "url")

    def show_problem(self, text: str) -> None:
        """Say what is wrong with this entry on a line under it (no line when nothing is)."""
        line = self.problem_line
        if line is not None and line.is_attached and line.shown == text:
            return
        if not text:
            if line is not None:
                self.problem_line = None
                line.remove()
            return
        if line is None or not line.is_attached:
            line = self.problem_line = EntryProblem(self.path)
            cast(Widget, self.parent).mount(line, after=self)  # an entry is always in its list
        line.shown = text
        line.update(Content(text))

    def mark(self, invalid: set[str]) -> None:
        # Set on the fields each time: an Input resets its own "-invalid" class as it is typed in.
        for part in ("url", "label"):
            field = self.field(part)
            if field is not None:
                field.set_class(part in invalid, "-invalid")
        if invalid != self.invalid:
            self.invalid = invalid
            self.refresh()

    def render(self) -> Content:
        if self.active:
            return Content("")
        return Content("\n").join(self._lines(self.content_size.width))

    def get_content_height(self, container, viewport, width: int) -> int:
        return 1 if self.active else len(self._lines(width))

    def _url_width(self, width: int | None = None) -> int:
        """The URL's column: as wide as the list's longest URL and the cursor's cell after it,
        leaving the label at least `LABEL_CELLS` (or half the row); a nested entry's is narrower
        by its indent, so that the labels of the list line up."""
        width = self.content_size.width if width is None else width
        indent = self.styles.padding.left - 2  # this row's indent beyond a top entry's
        top_width = width + indent
        widest = max((top_width - 1) // 2, top_width - 1 - LABEL_CELLS)
        # The cell after a URL is where its field draws the cursor at its end: kept in the
        # column, the field opened on it neither scrolls nor reaches into the space before the
        # label. URLs wider than that are broken over lines in any case: they do not widen the
        # column further, but have half the row at least.
        fitting = [cells + 1 for cells in self.column if cells + 1 <= widest]
        column = max(fitting, default=0)
        if len(fitting) < len(self.column):
            column = max(column, (top_width - 1) // 2)
        return max(1, max(len(PLACEHOLDERS["url"]), column) - indent)

    def _lines(self, width: int) -> list[Content]:
        """The entry at rest: the URL and the label each wrapped whole in its column, side by side."""
        url_width = self._url_width(width)
        label_width = max(1, width - 1 - url_width)
        url, label = self.entry.url, self.entry.label
        # Typed text is wrapped whole; a placeholder keeps to one line, cut with "…" where narrow.
        url_cells = (
            [Content(line) for line in url_lines(url, url_width)]
            if url
            else [Content(cut_to_cells(PLACEHOLDERS["url"], url_width))]
        )
        label_cells = (
            Content(label).wrap(label_width)
            if label
            else [Content(cut_to_cells(PLACEHOLDERS["label"], label_width))]
        )
        url_style, label_style = self._style("url"), self._style("label")
        blank = Content("")
        return [
            Content.assemble(
                (url_cells[row] if row < len(url_cells) else blank)
                .truncate(url_width, pad=True)
                .stylize(url_style),
                " ",
                (label_cells[row] if row < len(label_cells) else blank)
                .truncate(label_width, pad=True)
                .stylize(label_style),
            )
            for row in range(max(len(url_cells), len(label_cells)))
        ]

    def _style(self, part: str):
        classes = ["url-row--field" if getattr(self.entry, part) else "url-row--placeholder"]
        if part in self.invalid:
            classes.append("url-row--invalid")
        return self.get_visual_style(*classes)


class EntryProblem(Static):
    """What is wrong with one entry, on the line under it."""

    DEFAULT_CSS = """
    EntryProblem { width: 1fr; }
    UrlListEditor EntryProblem.-child { padding-left: 4; }
    """

    def __init__(self, path: Path) -> None:
        super().__init__(classes="field-problem -child" if len(path) > 1 else "field-problem")
        self.shown = ""


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
