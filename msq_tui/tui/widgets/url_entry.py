"""One entry of a URL list: its two fields, and the row that draws it at rest and while edited.

A row at rest draws its URL and label as text, each wrapped whole in its column (a URL broken
after a slash or a dot); its fields (Inputs) are made when it first takes the focus. The list
that holds the rows, and its keys, are in urls.py.
"""

import asyncio
from typing import TYPE_CHECKING, cast

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from msq_tui.model import url_tree
from msq_tui.model.kinds.urls import UrlEntry
from msq_tui.model.url_tree import PARTS, Part, Path
from msq_tui.tui.keys import StandIn
from msq_tui.tui.widgets.base import focus_now
from msq_tui.tui.widgets.fields import CompactInput, cut_to_cells

if TYPE_CHECKING:
    from msq_tui.tui.widgets.urls import UrlListEditor


def list_editor(widget: Widget) -> "UrlListEditor | None":
    """The URL list ``widget`` is in (imported here, not above: the list's module imports the rows)."""
    from msq_tui.tui.widgets.urls import UrlListEditor

    return next((a for a in widget.ancestors if isinstance(a, UrlListEditor)), None)


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
        editor = list_editor(self)
        if editor is None or self.disabled or not url_tree.paste_makes_entries(lines, self.value):
            return  # one line to add to what is there, or with no address to split off: Input's own paste
        event.prevent_default()
        event.stop()
        # In the list's own time: making the entries again removes this field, whose handler this is.
        editor.call_later(editor.paste_lines, self.path, lines)

    async def action_backspace(self) -> None:
        if not self.value and self.cursor_position == 0:
            editor = list_editor(self)
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
        editor = list_editor(self)
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
