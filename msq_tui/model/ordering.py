"""How names are compared and put in order for people: accents, case and apostrophe shapes do not
count, so Côte d'Ivoire comes before Cuba, and "cote d’ivoire" finds it. The one rule for
countries, agencies, signers and file names wherever msq lists or matches them."""

import unicodedata


def folded(text: str) -> str:
    """``text`` as it is compared: accents dropped (NFKD, combining marks removed), case folded,
    typographic apostrophes made plain, runs of spaces made one."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(character for character in decomposed if not unicodedata.combining(character))
    return " ".join(stripped.replace("\u2019", "'").casefold().split())


def human_order(text: str) -> tuple[str, str]:
    """The sort key of a name for people: by its folded form, then (for names that fold alike,
    "Eve" and "Ève") by the text itself, so the order is the same on every run."""
    return folded(text), text
