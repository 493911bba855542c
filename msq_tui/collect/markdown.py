"""The report as Markdown, to read in a terminal or paste into a note: text from files is escaped so
that no link, image, HTML or table cell break can come of it."""

from msq_tui.collect.report import (
    NOT_SUBMITTED,
    REFUSED,
    SUBMITTED,
    SUBMITTED_COLUMNS,
    SUBMITTED_KEY,
    Report,
    Table,
    cell_text,
)
from msq_tui.files.terminal_text import visible

_SPECIAL = set("\\`*_{}[]<>#|&~!")


def _md(value: object) -> str:
    text = " ".join(cell_text(value).split())  # a cell is one line
    return "".join("\\" + character if character in _SPECIAL else character for character in text)


def _table(table: Table, columns: tuple[int, ...] | None = None) -> list[str]:
    indexes = columns if columns is not None else tuple(range(len(table.headers)))
    lines = ["| " + " | ".join(table.headers[i] for i in indexes) + " |", "|" + "---|" * len(indexes)]
    lines += ["| " + " | ".join(_md(row[i]) for i in indexes) + " |" for row in table.rows]
    return lines + [""]


def _files(count: int) -> str:
    return f"{count} file" if count == 1 else f"{count} files"


def report_markdown(report: Report) -> str:
    counts = report.status_counts
    lines = [
        f"# {_md(report.questionnaire)}: submissions",
        "",
        f"Report of {report.generated}. **{counts[SUBMITTED]}** of 193 Member States submitted;"
        f" {counts[REFUSED]} sent only files that were refused; {counts[NOT_SUBMITTED]} have not submitted;"
        f" {_files(len(report.refused.rows))} refused.",
        "",
        "## Submitted",
        "",
    ]
    submitted = Table(
        "", "", report.members.headers, [row for row in report.members.rows if row[2] == SUBMITTED]
    )
    lines += (
        [*_table(submitted, SUBMITTED_COLUMNS), _md(SUBMITTED_KEY), ""]
        if submitted.rows
        else ["None yet.", ""]
    )
    missing = [row for row in report.members.rows if row[2] != SUBMITTED]
    lines += [f"## Not submitted ({len(missing)})", ""]
    lines += [
        f"- {_md(row[1])} ({row[0]}){' — only refused files' if row[2] == REFUSED else ''}" for row in missing
    ] or ["None."]
    lines += ["", f"## Refused files ({len(report.refused.rows)})", ""]
    lines += _table(report.refused) if report.refused.rows else ["None.", ""]
    lines += ["## Coverage per question", ""]
    # A list, not a table: an option per line reads in a terminal, and the wordings have ; of their own.
    for item in report.coverage:
        # The count before the wording: a wording may end with the colon that leads to its options.
        wording = f" {_md(item.text)}" if item.text else ""
        lines.append(f"- **{_md(item.number)}** ({item.answered} of {item.of} answered){wording}")
        lines += [f"  - {_md(line)}" for line in item.count_lines()]
    lines += ["", "## Evidence by Member State"]
    country = None
    for row in report.evidence.rows:
        if row[1] != country:
            country = row[1]
            lines += [
                "",
                f"### {_md(country)} ({row[0]})",
                "",
                "| Question | Entry | Label | URL | Parent |",
                "|---|---|---|---|---|",
            ]
        lines.append(f"| {_md(row[2])} | {row[4]} | {_md(row[5])} | {_md(row[6])} | {_md(row[7])} |")
    return visible("\n".join(lines) + "\n", layout=True)
