"""A submitted answer as assessors read it: one text per answer (URL lists as lines, checklists as
the wording of the ticked options), and the URL entries one by one for the evidence list."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from msq_tui.model.answers import ChecklistAnswer, ContactAnswer, UrlEntry, answer_of
from msq_tui.model.definitions import (
    CONTACT_FIELD_LABELS,
    OTHER_OPTION,
    AnyQuestion,
    ChecklistQuestion,
    plain,
)


def answer_text(question: AnyQuestion, value: Any) -> str:
    """The answer (as a submission holds it) as plain text, lines apart."""
    answer = answer_of(question, value)
    if question.kind == "urls":
        return "\n".join(_entry_lines(answer, depth=0))
    if question.kind == "yes_no":
        return "Yes" if answer == "yes" else "No"
    if isinstance(answer, ChecklistAnswer) and isinstance(question, ChecklistQuestion):
        return "\n".join(_checklist_lines(question, answer))
    if isinstance(answer, ContactAnswer):
        return "\n".join(
            f"{CONTACT_FIELD_LABELS[field]}: {getattr(answer, field)}"
            for field in CONTACT_FIELD_LABELS
            if getattr(answer, field).strip()
        )
    return str(answer)


def _entry_lines(entries: list[UrlEntry], depth: int) -> Iterator[str]:
    for entry in entries:
        parts = [part for part in (entry.label.strip(), entry.url.strip()) if part]
        yield "  " * depth + " — ".join(parts)
        yield from _entry_lines(entry.children, depth + 1)


def _checklist_lines(question: ChecklistQuestion, answer: ChecklistAnswer) -> Iterator[str]:
    for option_id in question.option_ids:  # in the form's order, whatever order the file lists them
        if not answer.is_checked(option_id):
            continue
        wording = plain(question.option_text(option_id))  # without footnote markers
        if option_id == OTHER_OPTION:
            yield f"{wording}: {answer.other.strip()}" if answer.other.strip() else wording
        else:
            detail = answer.details.get(option_id, "").strip()
            yield f"{wording} — {detail}" if detail else wording
    if answer.explanation.strip():
        yield f"Explanation: {answer.explanation.strip()}"


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
