"""What can go wrong with a draft on disk, as exceptions whose messages say what to do."""

from pathlib import Path
from typing import Any


class DraftError(Exception):
    """A problem with a draft, as a message for the person at the keyboard."""


class DraftNotFound(DraftError):
    pass


class DamagedDraft(DraftError):
    """A draft file that cannot be used: it was moved aside, and a backup may be offered."""

    def __init__(self, message: str, original: Path, aside: Path | None, backup: Path | None):
        super().__init__(message)
        self.original = original
        self.aside = aside
        self.backup = backup


class DraftLocked(DraftError):
    """Another msq holds the draft."""

    def __init__(self, message: str, holder: dict[str, Any]):
        super().__init__(message)
        self.holder = holder
