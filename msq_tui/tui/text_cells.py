"""Text cut and padded for the screen by terminal cells, the one place every screen does it.

A terminal measures text in cells, not characters: a Chinese character takes two, a Persian
vowel sign and the zero-width non-joiner (U+200C) none. `len`, `str.ljust` and `f"{x:<n}"`
count characters, so a column of Chinese titles runs over its width and one of Persian titles
falls short of it; these functions count what the terminal will draw.
"""

from typing import Literal

from rich.cells import cell_len, get_character_cell_size

ELLIPSIS = "…"


def cut_to_cells(text: str, width: int) -> str:
    """``text`` as it fits in ``width`` cells: whole, or its start and "…" when it does not fit.

    Counted in cells, not characters: a Chinese character takes two, a Persian vowel sign none.
    A wide character that would straddle the last cell is left out whole (no half character);
    the vowel signs after the last character kept stay with it.
    """
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    room, cells, kept = width - 1, 0, 0  # the last cell is the ellipsis'
    for character in text:
        size = get_character_cell_size(character)
        if cells + size > room:
            break
        cells += size
        kept += 1
    return text[:kept] + ELLIPSIS


def fit_to_cells(text: str, width: int, align: Literal["left", "right"] = "left") -> str:
    """``text`` in exactly ``width`` cells: cut with "…" when longer, padded with spaces when shorter."""
    shown = cut_to_cells(text, width)
    padding = " " * max(0, width - cell_len(shown))
    return shown + padding if align == "left" else padding + shown
