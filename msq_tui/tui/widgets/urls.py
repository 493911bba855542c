"""The widget for a `urls` question: entries of a label and a URL, nested one level.

Each entry is a URL and its label (an agency's name, or a sentence), in that order on screen.
Keys inside the list: Enter moves from the URL to the label, and from the label to a new entry;
alt+up / alt+down move an entry, alt+right nests it under the one above, alt+left takes it out
again; alt+delete removes an entry (its nested entries move up, nothing else goes with it), and
Backspace in an empty entry removes it.
"""

import asyncio

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Static

from ...answers import UrlEntry
from ...urls import split_pasted_line
from ...validation import Problem
from ..keys import StandIn
from .base import QuestionWidget
from .fields import CompactInput

Path = tuple[int, ...]


def path_key(path: Path) -> str:
    """The form the validation uses for an entry's place: "0", "0.1"."""
    return ".".join(str(index) for index in path)


class EntryInput(CompactInput):
    """The label or the URL of one entry."""

    BINDINGS = [
        Binding("backspace", "backspace", "Delete left", show=False),
        Binding("enter", "submit", "Label", id="urls.enter", tooltip="Go on to the entry's label"),
    ]

    def __init__(self, path: Path, part: str, value: str, read_only: bool) -> None:
        super().__init__(value=value, placeholder=PLACEHOLDERS[part], disabled=read_only, classes=f"entry-{part}")
        self.path = path
        self.part = part

    def on_paste(self, event: events.Paste) -> None:
        """Lines pasted become entries (Input alone keeps the first line and drops the rest)."""
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        editor = next((a for a in self.ancestors if isinstance(a, UrlListEditor)), None)
        if editor is None or self.disabled or not lines:
            return
        single = len(lines) == 1
        if single and (self.value or split_pasted_line(lines[0])[1] == lines[0].strip() or not split_pasted_line(lines[0])[0]):
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

    BINDINGS = [Binding("enter", "submit", "New entry", id="urls.enter-label", tooltip="Make a new entry below this one")]


# "e.g." and italics: a placeholder must not read as an answer, in grey or without colour.
PLACEHOLDERS = {"url": "e.g. www.example.gov", "label": "name or description"}


class UrlRow(StandIn, Horizontal):
    """One entry: its URL and its label side by side; a nested entry is indented under its parent.

    At rest a row is one widget that draws both fields as text. Its two fields (Inputs) are made
    when the row first takes the focus, and kept: a section lists dozens of entries, and an
    Input costs many times a line of text to create, style, lay out and hold in memory. Tab
    lands on the URL of a row at rest, shift+tab on its label, as it would on the fields.
    """

    COMPONENT_CLASSES = {"url-row--field", "url-row--placeholder", "url-row--invalid"}

    DEFAULT_CSS = """
    UrlRow { height: 1; width: 1fr; padding-left: 2; }
    UrlRow.-child { padding-left: 4; }
    UrlRow .entry-url { width: 1fr; margin-right: 1; }
    UrlRow .entry-label { width: 1fr; }
    UrlRow > .url-row--field { background: $surface; color: $foreground; }
    UrlRow > .url-row--placeholder { background: $surface; color: $text-disabled; text-style: italic; }
    UrlRow > .url-row--invalid { background: $surface; background-tint: $error 20%; }
    """

    def __init__(self, path: Path, entry: UrlEntry, read_only: bool, active: bool = False) -> None:
        super().__init__(classes="-child" if len(path) > 1 else "")
        self.path = path
        self.entry = entry
        self.read_only = read_only
        self.active = active  # its fields are made
        self._made: asyncio.Event | None = None  # set once the fields made on the focus are mounted
        self.can_focus = not active and not read_only
        self.invalid: set[str] = set()  # the parts ("url", "label") the validation marks

    def compose(self) -> ComposeResult:
        if self.active:
            yield from self._fields()

    def _fields(self) -> list[EntryInput]:
        fields = [(LabelInput if part == "label" else EntryInput)(self.path, part, getattr(self.entry, part), self.read_only) for part in ("url", "label")]
        for field in fields:
            field.set_class(field.part in self.invalid, "-invalid")
        return fields

    def field(self, part: str) -> "EntryInput | None":
        for child in self.children:
            if isinstance(child, EntryInput) and child.part == part:
                return child
        return None

    async def activate(self, part: str = "url") -> None:
        """Make the fields (once) and put the focus in one of them, before the next key is applied."""
        if not self.active:
            self.active = True
            self.can_focus = False
            self.refresh()
            self._made = asyncio.Event()
            await self.mount_all(self._fields())
            self._made.set()
        elif self._made is not None:
            await self._made.wait()  # made just now for another caller (its Focus event, or a key)
        field = self.field(part)
        if field is not None and self.is_attached:
            # The screen's own call, not `focus()`: that is queued behind the keys already waiting.
            self.screen.set_focus(field, scroll_visible=False)

    async def make_field(self) -> None:
        backwards = getattr(self.screen, "focused_backwards", lambda widget: False)(self)
        await self.activate("label" if backwards else "url")

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
        width, url_width = self.content_size.width, self._url_width()
        return Content.assemble(self._cell("url", url_width), " ", self._cell("label", max(0, width - 1 - url_width)))

    def _url_width(self) -> int:
        """The URL's column: half the row, less the space between the two (as the fields lay out)."""
        return max(0, (self.content_size.width - 1) // 2)

    def _cell(self, part: str, width: int) -> Content:
        value = getattr(self.entry, part)
        classes = ["url-row--field" if value else "url-row--placeholder"]
        if part in self.invalid:
            classes.append("url-row--invalid")
        text = Content(value or PLACEHOLDERS[part]).truncate(width, ellipsis=True, pad=True)
        return text.stylize(self.get_visual_style(*classes))


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
        Binding("alt+down", "move(1)", "Move down", show=False, id="urls.move-down", tooltip="Move the entry down"),
        # Not in the footer (no room at 80 columns): F1 lists it with the other keys of the list.
        Binding("alt+right", "nest", "Nest", show=False, id="urls.nest", tooltip="Put the entry under the one above it"),
        Binding("alt+left", "unnest", "Un-nest", show=False, id="urls.unnest", tooltip="Take the entry out from under its parent"),
        Binding("alt+delete", "remove", "Remove", id="urls.remove", tooltip="Remove the entry (its nested entries stay)"),
        Binding("ctrl+delete", "remove", "Remove", show=False, id="urls.remove-ctrl"),
    ]

    DEFAULT_CSS = """
    UrlListEditor > .url-rows { height: auto; }
    UrlListEditor .url-help { color: $text-muted; }
    UrlListEditor > .url-paste-note { color: $text-muted; padding-left: 2; width: 1fr; height: auto; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.entries: list[UrlEntry] = [entry.model_copy(deep=True) for entry in (self.answer or [])]
        if not self.entries:
            self.entries = [UrlEntry()]
        self._problems: dict[str, Problem] = {}

    def compose_editor(self) -> ComposeResult:
        with Vertical(classes="url-rows"):
            yield from self._rows()
        note = Static(classes="url-paste-note")
        note.display = False
        yield note

    def _rows(self, active: Path | None = None) -> list[UrlRow]:
        rows = []
        for index, entry in enumerate(self.entries):
            rows.append(UrlRow((index,), entry, self.read_only, active=active == (index,)))
            for child_index, child in enumerate(entry.children):
                path = (index, child_index)
                rows.append(UrlRow(path, child, self.read_only, active=active == path))
        return rows

    def _row(self, path: Path) -> UrlRow | None:
        for row in self.query(UrlRow):
            if row.path == path:
                return row
        return None

    # -- The model of the list -------------------------------------------------------------

    def _siblings(self, path: Path) -> list[UrlEntry]:
        return self.entries if len(path) == 1 else self.entries[path[0]].children

    def _entry(self, path: Path) -> UrlEntry:
        return self._siblings(path)[path[-1]]

    def _cleaned(self) -> list[UrlEntry] | None:
        def clean(entries: list[UrlEntry]) -> list[UrlEntry]:
            kept = []
            for entry in entries:
                copy = entry.model_copy(update={"children": clean(entry.children)})
                if not copy.is_empty():
                    kept.append(copy)
            return kept

        cleaned = clean(self.entries)
        return cleaned or None

    def _post(self) -> None:
        self.post_answer(self._cleaned())

    @on(Input.Changed, "EntryInput")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        field = event.input
        assert isinstance(field, EntryInput)
        entry = self._entry(field.path)
        if getattr(entry, field.part) == event.value:
            return  # the value it was given when mounted: nothing changed
        setattr(entry, field.part, event.value)
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
            await self._insert_after(field.path)

    # -- Structural changes ------------------------------------------------------------------

    def _focused_path(self) -> Path | None:
        focused = self.screen.focused
        if isinstance(focused, EntryInput) and focused in self.query(EntryInput):
            return focused.path
        return None

    async def _insert_after(self, path: Path) -> None:
        siblings = self._siblings(path)
        siblings.insert(path[-1] + 1, UrlEntry())
        await self._rebuild((*path[:-1], path[-1] + 1), "url")

    async def action_move(self, delta: int) -> None:
        path = self._focused_path()
        if path is None or self.read_only:
            return
        siblings = self._siblings(path)
        target = path[-1] + delta
        if not 0 <= target < len(siblings):
            return
        siblings[path[-1]], siblings[target] = siblings[target], siblings[path[-1]]
        await self._rebuild((*path[:-1], target), self._focused_part())
        self._post()

    async def action_nest(self) -> None:
        path = self._focused_path()
        if path is None or self.read_only or not getattr(self.question, "nested", True):
            return
        if len(path) != 1 or path[0] == 0:
            self.notify("Only an entry with another above it can be nested, one level deep.", severity="warning", timeout=3)
            return
        entry = self.entries[path[0]]
        if entry.children:
            self.notify("This entry has entries under it; entries nest one level only.", severity="warning", timeout=3)
            return
        self.entries.pop(path[0])
        parent = self.entries[path[0] - 1]
        parent.children.append(entry)
        await self._rebuild((path[0] - 1, len(parent.children) - 1), self._focused_part())
        self._post()

    async def action_unnest(self) -> None:
        path = self._focused_path()
        if path is None or self.read_only or len(path) != 2:
            return
        parent = self.entries[path[0]]
        entry = parent.children.pop(path[1])
        # The entries below it under the same parent stay there; it goes right after its parent.
        self.entries.insert(path[0] + 1, entry)
        await self._rebuild((path[0] + 1,), self._focused_part())
        self._post()

    async def action_remove(self) -> None:
        path = self._focused_path()
        if path is None or self.read_only:
            return
        await self._remove(path)

    async def remove_if_empty(self, path: Path, part: str) -> bool:
        """Backspace at the start of an empty field of an empty entry removes the entry."""
        entry = self._entry(path)
        if self.read_only or not entry.is_empty() or entry.children or len(self.entries) == 1 and len(path) == 1:
            return False
        await self._remove(path)
        return True

    async def _remove(self, path: Path) -> None:
        siblings = self._siblings(path)
        entry = siblings.pop(path[-1])
        if len(path) == 1 and entry.children:
            siblings[path[0] : path[0]] = entry.children  # nested entries move up, never vanish
        if not self.entries:
            self.entries.append(UrlEntry())
        if len(path) == 2 and path[1] == 0:
            focus: Path = (path[0],)
        elif path[-1] > 0:
            focus = (*path[:-1], path[-1] - 1)
        else:
            focus = (0,)
        # Back to the end of the entry before, as Backspace at the start of a line would; the
        # first entry gone, to the URL of the one that took its place.
        await self._rebuild(focus, "url" if path == (0,) else "label")
        self._post()

    async def paste_lines(self, path: Path, lines: list[str]) -> None:
        """One entry per pasted line, from the entry at ``path`` on; a line's address and text split."""
        entries = [UrlEntry(url=url, label=label) for url, label in map(split_pasted_line, lines)]
        siblings = self._siblings(path)
        start = path[-1]
        if siblings[start].is_empty() and not siblings[start].children:
            siblings[start : start + 1] = entries  # the empty entry pasted into takes the first line
        else:
            start += 1
            siblings[start:start] = entries
        last = (*path[:-1], start + len(entries) - 1)
        await self._rebuild(last, "label")
        self._post()
        with_both = sum(1 for entry in entries if entry.url and entry.label)
        without_url = sum(1 for entry in entries if not entry.url)
        said = f"Pasted {len(lines)} line{'s' if len(lines) != 1 else ''} as {len(entries)} entr{'ies' if len(entries) != 1 else 'y'}"
        details = []
        if with_both:
            details.append(f"{with_both} split into URL and label")
        if without_url:
            details.append(f"{without_url} with no web address, kept as label{'s' if without_url != 1 else ''}")
        note = self.query_one(".url-paste-note", Static)
        note.update(Content(said + (f" ({'; '.join(details)})" if details else "") + ". alt+delete removes an entry."))
        note.display = True

    def _focused_part(self) -> str:
        focused = self.screen.focused
        return focused.part if isinstance(focused, EntryInput) else "url"

    async def _rebuild(self, focus_path: Path | None, part: str = "label") -> None:
        """Draw the list again from the model, the focus in the field given, before the next key."""
        rows = self.query_one(".url-rows", Vertical)
        self.query_one(".url-paste-note").display = False  # it told of the paste before this change
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
        """Put the focus in a field from outside the list (the review): made in the row's own time."""
        row = self._row(path)
        if row is None or self.read_only:
            return False
        row.call_later(row.activate, part)
        return True

    # -- The model's verdict -------------------------------------------------------------------

    def mark_fields(self, problems_by_field: dict[str, Problem]) -> set[str]:
        self._problems = problems_by_field
        for row in self.query(UrlRow):
            key = path_key(row.path)
            row.mark({part for part in ("url", "label") if f"{part}:{key}" in problems_by_field})
        return set()  # the reasons are said in the question's problem line, entry by entry

    def focus_field(self, field: str | None) -> bool:
        if field and ":" in field:
            part, key = field.split(":", 1)
            for row in self.query(UrlRow):
                if path_key(row.path) == key and part in ("url", "label"):
                    return self._focus(row.path, part)
        return self.focus_first()


