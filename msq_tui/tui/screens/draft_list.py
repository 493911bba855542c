"""How the start screen draws each draft: two lines, so drafts of one country can be told apart.

Line 1, in columns under the header: the country (whole, where the width allows), progress and
status. Line 2, dimmed: the draft's id (as `msq list` shows it and `msq open` takes it), its form
("MSQ 2020", as everywhere), when it was last saved, and what else tells it apart (its revision,
whose part it is, what is out with agencies), cut with an ellipsis only at the screen's edge.
"""

from dataclasses import dataclass
from datetime import datetime

from rich.cells import cell_len
from textual.content import Content

from msq_tui.store.draft_summaries import DraftSummary, form_labels, short_ids
from msq_tui.tui.text_cells import ELLIPSIS, cut_to_cells, fit_to_cells

PROGRESS_WIDTH = 8  # "Progress", "123/456"
STATUS_WIDTH = 10  # "signed off", "needs form", "damaged"
GAP = "  "
LEAD = " "
INDENT = "   "  # line 2 starts under the country's name, a little in


def when(moment: datetime | None) -> str:
    if moment is None:
        return "?"
    local = moment.astimezone()
    now = datetime.now().astimezone()
    if local.date() == now.date():
        return local.strftime("today %H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def fit(text: str, width: int) -> str:
    """``text`` in ``width`` cells, padded; cut with an ellipsis, at a word's end when one is near."""
    cut = cut_to_cells(text, width)
    if cut != text:
        kept = cut.removesuffix(ELLIPSIS).rstrip()
        space = kept.rfind(" ")
        # A whole word dropped reads better than half of one.
        if space > 0 and cell_len(kept[:space]) >= width * 2 // 3:
            kept = kept[:space].rstrip(" ,(")
        cut = kept + ELLIPSIS
    return fit_to_cells(cut, width)


def status_of(summary: DraftSummary) -> str:
    # Damaged, or its questionnaire not installed here (Enter says which file to install).
    return summary.status if summary.status != "needs its questionnaire" else "needs form"


def what_else(summary: DraftSummary) -> str:
    """The end of line 2: the draft's revision and agencies, or why it cannot be opened."""
    if summary.problem is not None:
        return summary.problem
    return summary.role()


@dataclass(frozen=True)
class DraftRows:
    """The list's header line and each draft's two lines, for one width."""

    header: str
    rows: list[Content]
    cut: list[str]  # per draft: what line 2 had to cut off, in full ("" when nothing was cut)
    form: str | None  # the form every draft answers, named once above the list (else on each line 2)


def draft_rows(summaries: list[DraftSummary], width: int) -> DraftRows:
    """The drafts' lines for a list ``width`` cells wide."""
    fixed = cell_len(LEAD) + 2 * len(GAP) + PROGRESS_WIDTH + STATUS_WIDTH
    longest = max((cell_len(summary.country_name) for summary in summaries), default=0)
    country_width = max(12, min(width - fixed, max(longest, len("Country"))))
    forms = [
        form if summary.status != "damaged" else "?"
        for summary, form in zip(summaries, form_labels(summaries), strict=True)
    ]
    # One form for all (the usual case): named once, above the list, and line 2 keeps its room.
    known = {form for summary, form in zip(summaries, forms, strict=True) if summary.status != "damaged"}
    shared = known.pop() if len(known) == 1 else None
    form_width = max((cell_len(form) for form in forms), default=0)
    saved = [when(summary.updated) for summary in summaries]
    saved_width = max((cell_len(moment) for moment in saved), default=0)
    header = LEAD + fit("Country", country_width) + GAP + "Progress".rjust(PROGRESS_WIDTH) + GAP + "Status"
    rows: list[Content] = []
    cut: list[str] = []
    ids = short_ids(summaries)
    id_width = max((len(short) for short in ids), default=0)
    for summary, short, form, moment in zip(summaries, ids, forms, saved, strict=True):
        progress = f"{summary.answered}/{summary.asked}" if summary.problem is None else "—"
        first = (
            LEAD
            + fit(summary.country_name, country_width)
            + GAP
            + progress.rjust(PROGRESS_WIDTH)
            + GAP
            + status_of(summary)
        )
        named = "" if shared is not None else fit(form, form_width) + GAP
        start = f"{INDENT}{short:<{id_width}}{GAP}{named}saved {fit(moment, saved_width)}"
        rest = what_else(summary)
        second = f"{start}{GAP}{rest}" if rest else start
        if cell_len(second) > width:
            cut.append(rest)
            second = cut_to_cells(second, width)
        else:
            cut.append("")
        # Plain text, never markup: the agencies' names come from files.
        rows.append(Content(first.rstrip()) + "\n" + Content.styled(second.rstrip(), "dim"))
    return DraftRows(header.rstrip(), rows, cut, shared)
