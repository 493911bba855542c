"""A submitted answer as assessors read it: one text per answer (URL lists as lines, checklists as
the wording of the ticked options), and the URL entries one by one for the evidence list."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from msq_tui.model.answers import answer_of
from msq_tui.model.kinds import kind_of
from msq_tui.model.kinds.base import Question
from msq_tui.model.kinds.urls import UrlEntry


def answer_text(question: Question, value: Any) -> str:
    """The answer (as a submission holds it) as plain text, lines apart: as its kind reads it to an assessor."""
    return kind_of(question).assessor_text(question, answer_of(question, value))


@dataclass(frozen=True)
class EvidenceEntry:
    position: str  # "3", or "3.2" for the second entry nested under the third
    label: str
    url: str
    parent_label: str


def url_entries(value: Any) -> Iterator[EvidenceEntry]:
    """Every entry of a URL list answer, nested ones after their parent."""
    yield from _evidence([UrlEntry.model_validate(entry) for entry in value], "", "")


def _evidence(entries: list[UrlEntry], prefix: str, parent: str) -> Iterator[EvidenceEntry]:
    for index, entry in enumerate(entries, start=1):
        position = f"{prefix}{index}"
        yield EvidenceEntry(position, entry.label, entry.url, parent)
        yield from _evidence(entry.children, f"{position}.", entry.label or entry.url)
