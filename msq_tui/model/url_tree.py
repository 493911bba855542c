"""The URL list as a tree of entries, and every change made to it: insert, move, nest, unnest, remove, paste.

An answer to a `urls` question is a list of `UrlEntry`, each with entries nested under it one level
deep. The TUI's list and plain mode both change it only through these functions, so that the rules
(what nests where, where the nested entries of a removed entry go, how pasted lines split) are
written once. Every function leaves the list it is given untouched and returns an `Edit`: the new
list and where the focus goes. No change ever drops an entry that was not the one removed.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from msq_tui.model.kinds.urls import UrlEntry, without_empty_entries
from msq_tui.model.urls import split_pasted_line

Path = tuple[int, ...]  # an entry's place: (3,) the fourth entry, (3, 0) the first one nested under it
Part = Literal["url", "label"]
PARTS: tuple[Part, ...] = ("url", "label")  # in the order they are shown and walked


@dataclass(frozen=True)
class Edit:
    """The outcome of one change: the list after it, the entry (and field) to work on next, what to tell.

    ``part`` None keeps the field the person was in; ``refusal`` says why nothing changed, when
    something is worth saying (a move past the end of the list is not).
    """

    entries: list[UrlEntry]
    focus: Path
    part: Part | None = None
    changed: bool = True
    note: str = ""
    refusal: str = ""


# Why an entry cannot be nested; plain mode words them for its '>' syntax, the list as they are.
NOT_NESTED_LIST = "This list takes no nested entries."
NO_ENTRY_ABOVE = "Only an entry with another above it can be nested, one level deep."
HAS_CHILDREN = "This entry has entries under it; entries nest one level only."


def path_key(path: Path) -> str:
    """The form validation uses for an entry's place in a problem's field: "0", "0.1"."""
    return ".".join(str(index) for index in path)


def outline(entries: Sequence[UrlEntry]) -> Iterator[tuple[Path, UrlEntry]]:
    """Every entry with its place, in reading order (a parent, then the entries nested under it)."""
    for index, entry in enumerate(entries):
        yield (index,), entry
        for child_index, child in enumerate(entry.children):
            yield (index, child_index), child


def entry_at(entries: Sequence[UrlEntry], path: Path) -> UrlEntry:
    """The entry at ``path`` (IndexError when there is none)."""
    if len(path) == 1:
        return entries[path[0]]
    if len(path) == 2:
        return entries[path[0]].children[path[1]]
    raise IndexError(f"no entry at {path}: entries nest one level only")


def _with_siblings(entries: Sequence[UrlEntry], path: Path, siblings: list[UrlEntry]) -> list[UrlEntry]:
    """The list with the entries beside ``path`` (the top list, or a parent's children) replaced."""
    if len(path) == 1:
        return siblings
    parent = entries[path[0]]
    result = list(entries)
    result[path[0]] = parent.model_copy(update={"children": siblings})
    return result


def _siblings(entries: Sequence[UrlEntry], path: Path) -> list[UrlEntry]:
    entry_at(entries, path)  # the place must exist
    return list(entries) if len(path) == 1 else list(entries[path[0]].children)


def _unchanged(entries: Sequence[UrlEntry], path: Path, refusal: str = "") -> Edit:
    return Edit(list(entries), path, changed=False, refusal=refusal)


def with_text(entries: Sequence[UrlEntry], path: Path, part: Part, text: str) -> Edit:
    """The list with the entry's URL or label set to ``text``, as typed."""
    entry = entry_at(entries, path)
    if getattr(entry, part) == text:
        return _unchanged(entries, path)
    siblings = _siblings(entries, path)
    siblings[path[-1]] = entry.model_copy(update={part: text})
    return Edit(_with_siblings(entries, path, siblings), path)


def insert_after(entries: Sequence[UrlEntry], path: Path) -> Edit:
    """A new empty entry right after the one at ``path``, beside it; the focus in its URL."""
    siblings = _siblings(entries, path)
    siblings.insert(path[-1] + 1, UrlEntry())
    return Edit(_with_siblings(entries, path, siblings), (*path[:-1], path[-1] + 1), "url")


def append(entries: Sequence[UrlEntry], entry: UrlEntry) -> Edit:
    """``entry`` at the end of the list, as a top entry."""
    return Edit([*entries, entry], (len(entries),), "url")


def move(entries: Sequence[UrlEntry], path: Path, delta: int) -> Edit:
    """The entry swapped with the one ``delta`` places away beside it (its nested entries go with it).

    A nested entry moves among its parent's entries only; past either end nothing changes.
    """
    siblings = _siblings(entries, path)
    target = path[-1] + delta
    if not 0 <= target < len(siblings):
        return _unchanged(entries, path)
    siblings[path[-1]], siblings[target] = siblings[target], siblings[path[-1]]
    return Edit(_with_siblings(entries, path, siblings), (*path[:-1], target))


def nest(entries: Sequence[UrlEntry], path: Path, nesting: bool = True) -> Edit:
    """The top entry at ``path`` moved under the entry above it, as its last nested entry.

    Refused (with the reason) in a list that takes no nesting, for the first entry or one nested
    already, and for an entry with entries under it (nesting is one level deep).
    """
    entry = entry_at(entries, path)
    if not nesting:
        return _unchanged(entries, path, NOT_NESTED_LIST)
    if len(path) != 1 or path[0] == 0:
        return _unchanged(entries, path, NO_ENTRY_ABOVE)
    if entry.children:
        return _unchanged(entries, path, HAS_CHILDREN)
    result = list(entries)
    result.pop(path[0])
    parent = result[path[0] - 1]
    result[path[0] - 1] = parent.model_copy(update={"children": [*parent.children, entry]})
    return Edit(result, (path[0] - 1, len(parent.children)))


def unnest(entries: Sequence[UrlEntry], path: Path) -> Edit:
    """The nested entry at ``path`` taken out from under its parent, right after it.

    The entries below it under the same parent stay there. A top entry does not change.
    """
    entry = entry_at(entries, path)
    if len(path) != 2:
        return _unchanged(entries, path)
    parent = entries[path[0]]
    children = [child for index, child in enumerate(parent.children) if index != path[1]]
    result = list(entries)
    result[path[0]] = parent.model_copy(update={"children": children})
    result.insert(path[0] + 1, entry)
    return Edit(result, (path[0] + 1,))


def remove(entries: Sequence[UrlEntry], path: Path) -> Edit:
    """The entry at ``path`` removed; the entries nested under it move up into its place, and the note says so.

    The list keeps one (empty) entry at least, to type in. The focus goes back to the end of the
    entry before, as Backspace at the start of a line would; the first entry gone, to the URL of
    the one that took its place.
    """
    removed = entry_at(entries, path)
    siblings = _siblings(entries, path)
    siblings.pop(path[-1])
    note = ""
    if len(path) == 1 and removed.children:
        siblings[path[0] : path[0]] = removed.children  # never dropped with their parent
        kept = len(removed.children)
        note = "Entry removed; " + (
            "the one nested under it is kept, moved up into its place."
            if kept == 1
            else f"the {kept} nested under it are kept, moved up into its place."
        )
    result = _with_siblings(entries, path, siblings)
    if not result:
        result = [UrlEntry()]
    if len(path) == 2 and path[1] == 0:
        focus: Path = (path[0],)
    elif path[-1] > 0:
        focus = (*path[:-1], path[-1] - 1)
    else:
        focus = (0,)
    return Edit(result, focus, "url" if path == (0,) else "label", note=note)


def removable_when_empty(entries: Sequence[UrlEntry], path: Path) -> bool:
    """Whether Backspace in the entry at ``path`` removes it: an empty entry with none under it,
    unless it is the list's only one."""
    entry = entry_at(entries, path)
    if not entry.is_empty() or entry.children:
        return False
    return not (len(path) == 1 and len(entries) == 1)


# -- Lines of text as entries -----------------------------------------------------------------------


def pasted_lines(text: str) -> list[str]:
    """The lines of a paste that hold something, without their surrounding spaces."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def paste_makes_entries(lines: Sequence[str], field_value: str) -> bool:
    """Whether a paste into an entry's field becomes entries of the list, or is the field's own paste.

    Several lines always become entries; a single line only into an empty field, and only when it
    holds an address to split off ("Portal – www.x.gov"): else the field takes it as typed text.
    """
    if not lines:
        return False
    if len(lines) > 1:
        return True
    url, label = split_pasted_line(lines[0])
    return not field_value and bool(url) and label != lines[0].strip()


def paste(entries: Sequence[UrlEntry], path: Path, lines: Sequence[str]) -> Edit:
    """One entry per line, from the entry at ``path`` on: a line's address and text split into URL and label.

    An empty entry pasted into takes the first line; else the lines go in after it. The focus
    goes to the label of the last; the note says what the paste made.
    """
    made = [UrlEntry(url=url, label=label) for url, label in map(split_pasted_line, lines)]
    siblings = _siblings(entries, path)
    start = path[-1]
    target = siblings[start]
    if target.is_empty() and not target.children:
        siblings[start : start + 1] = made
    else:
        start += 1
        siblings[start:start] = made
    last = (*path[:-1], start + len(made) - 1)
    return Edit(_with_siblings(entries, path, siblings), last, "label", note=describe_paste(len(lines), made))


def describe_paste(line_count: int, made: Sequence[UrlEntry]) -> str:
    """What a paste of ``line_count`` lines made: how many entries, how many split, how many without address."""
    with_both = sum(1 for entry in made if entry.url and entry.label)
    without_url = sum(1 for entry in made if not entry.url)
    said = (
        f"Pasted {line_count} line{'s' if line_count != 1 else ''} as {len(made)} "
        f"entr{'ies' if len(made) != 1 else 'y'}"
    )
    details = []
    if with_both:
        details.append(f"{with_both} split into URL and label")
    if without_url:
        details.append(f"{without_url} with no web address, kept as label{'s' if without_url != 1 else ''}")
    return said + (f" ({'; '.join(details)})" if details else "") + ". alt+delete removes an entry."


def _looks_like_url(token: str) -> bool:
    """Whether the first word of a typed line is meant as its address (else the line is a label).

    Looser than a paste's split: a typed address that is not valid ("http://ministry") stays the
    URL, for validation to say what is wrong with it, rather than becoming a label unnoticed.
    """
    lowered = token.lower()
    if "://" in lowered or lowered.startswith("www.") or lowered.startswith("mailto:"):
        return True
    host = lowered.split("/", 1)[0]
    name, dot, ending = host.rpartition(".")
    return bool(dot and name and ending.isalpha() and len(ending) >= 2)


def entry_from_line(line: str) -> UrlEntry:
    """One entry from a typed line, 'URL label' or a label alone."""
    text = line.strip()
    first, _, rest = text.partition(" ")
    if _looks_like_url(first):
        return UrlEntry(url=first, label=rest.strip())
    return UrlEntry(label=text)


# -- The answer -------------------------------------------------------------------------------------


def editable(answer: Sequence[UrlEntry] | None) -> list[UrlEntry]:
    """The list to edit for an answer: its entries (copies), or one empty entry to type in."""
    return [entry.model_copy(deep=True) for entry in answer or []] or [UrlEntry()]


def cleaned(entries: Sequence[UrlEntry]) -> list[UrlEntry] | None:
    """The answer the list stands for: its entries without the empty ones (None when none is left)."""
    return without_empty_entries(entries) or None


def count(entries: Sequence[UrlEntry]) -> int:
    """How many entries the list holds, nested ones included."""
    return sum(1 for _ in outline(entries))
