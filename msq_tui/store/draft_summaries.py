"""The list of drafts: one summary a draft, and how a list names each draft's id and questionnaire.

DraftStore.summaries (drafts.py) reads the drafts into these; the start screen and `msq list` show them.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class DraftSummary:
    """One line of the list of drafts."""

    response_id: str
    path: Path
    country: str
    country_name: str
    questionnaire: str
    updated: datetime | None
    status: str
    answered: int
    asked: int
    revision: int = 1
    problem: str | None = None  # why the draft cannot be opened, when it cannot
    agencies: str = ""  # assignments out and parts back, or the assignment this draft answers
    form: str = "?"  # its questionnaire's name for people ("MSQ 2020"); `questionnaire` is "id version"
    agency: str = ""  # in an agency's draft: the agency that answers it

    def role(self) -> str:
        """What tells this draft apart from another of its country besides its id and last save: its
        revision, whose part it is (an agency's draft), or what is out with agencies."""
        said = [f"revision {self.revision}"] if self.revision > 1 else []
        if self.agency:
            said.append(f"agency part: {self.agency}")
        elif self.agencies:
            said.append(f"agencies: {self.agencies}")
        return " · ".join(said)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.response_id,
            "country": self.country,
            "country_name": self.country_name,
            "questionnaire": self.questionnaire,
            "form": self.form,
            "agency": self.agency or None,
            "updated": self.updated.isoformat() if self.updated else None,
            "status": self.status,
            "revision": self.revision,
            "answered": self.answered,
            "asked": self.asked,
            "path": str(self.path),
            "problem": self.problem,
        }


def short_ids(summaries: list[DraftSummary]) -> list[str]:
    """Each draft's id as lists show it (and `msq open` takes it): its first 8 characters, or more
    where another draft's id starts with the same 8."""
    ids = [summary.response_id for summary in summaries]
    shown = []
    for response_id in ids:
        length = 8
        while length < len(response_id) and any(
            other != response_id and other.startswith(response_id[:length]) for other in ids
        ):
            length += 1
        shown.append(response_id[:length])
    return shown


def form_labels(summaries: list[DraftSummary]) -> list[str]:
    """How a list of drafts names each one's questionnaire: its name for people ("MSQ 2020"), with
    its version where the list also holds a draft of another version under the same name."""
    keys: dict[str, set[str]] = {}
    for summary in summaries:
        keys.setdefault(summary.form, set()).add(summary.questionnaire)
    return [
        summary.form
        if len(keys[summary.form]) == 1
        else f"{summary.form} {summary.questionnaire.partition(' ')[2] or summary.questionnaire}"
        for summary in summaries
    ]
