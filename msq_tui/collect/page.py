"""The report as one self-contained HTML page (no script, no network): the 193 Member States marked
submitted / refused / not submitted, coverage per question drawn as bars, and each country's
evidence list. Every text from a file is escaped; a link is made only of a checked web address."""

import html

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
from msq_tui.model.urls import href, is_url

# A printed page shows every country's evidence: a closed <details> hides its content from print
# whatever its own display is, so print opens the content itself (::details-content; no script to open it).
_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1b;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.85rem;width:100%}th,td{border:1px solid #ddd;padding:.2rem .4rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}.submitted{background:#d8f0d8}.refused{background:#fbd9d3}.not-submitted{background:#f4f4f4;color:#555}
.states{display:grid;grid-template-columns:repeat(auto-fill,minmax(4.2rem,1fr));gap:3px}
.states span{display:block;padding:.25rem;font:.8rem monospace;text-align:center;border-radius:3px}
.key span{display:inline-block;padding:.1rem .5rem;margin-right:.5rem;border-radius:3px}
.bar{background:#eee;width:14rem;height:.9rem;display:inline-block;vertical-align:middle}
.bar i{display:block;height:100%;background:#2b6cb0}.count{font-variant-numeric:tabular-nums;margin-left:.4rem}
.options{margin:.2rem 0 .2rem 1rem}.options .bar{width:9rem;background:#f3f3f3}.options .bar i{background:#7aa7d6}
details{margin:.3rem 0}summary{cursor:pointer;font-weight:600}.url{word-break:break-all}
@media print{details::details-content{content-visibility:visible;display:block}.states span{border:1px solid #999}}
"""


_MARKS = {SUBMITTED: "", REFUSED: " ✗", NOT_SUBMITTED: " –"}


def _h(value: object) -> str:
    return html.escape(visible(cell_text(value), layout=True), quote=True)


def _class(status: object) -> str:
    return str(status).replace(" ", "-")


def _table(table: Table, columns: tuple[int, ...] | None = None) -> str:
    indexes = columns if columns is not None else tuple(range(len(table.headers)))
    head = "".join(f"<th>{_h(table.headers[i])}</th>" for i in indexes)
    body = "".join(
        "<tr>" + "".join(f"<td>{_h(row[i])}</td>" for i in indexes) + "</tr>" for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _bar(count: int, of: int) -> str:
    share = 100 * count / of if of else 0
    return f'<span class="bar" role="img" aria-label="{share:.0f}%"><i style="width:{share:.1f}%"></i></span><span class="count">{count} of {of}</span>'


def _link(url: str) -> str:
    if is_url(url):
        return f'<a class="url" href="{_h(href(url))}" rel="noopener noreferrer nofollow">{_h(url)}</a>'
    return f'<span class="url">{_h(url)}</span>'


def report_html(report: Report) -> str:
    counts = report.status_counts
    parts = [
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{_h(report.questionnaire)}: submissions</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_h(report.questionnaire)}: submissions</h1>",
        f"<p>Report of {report.generated}. {counts[SUBMITTED]} of 193 Member States submitted;"
        f" {counts[REFUSED]} sent only files that were refused; {counts[NOT_SUBMITTED]} have not submitted."
        f" {len(report.refused.rows)} file{'s' if len(report.refused.rows) != 1 else ''} refused.</p>",
        '<h2 id="states">The 193 Member States</h2>',
        '<p class="key">'
        + "".join(
            f'<span class="{_class(status)}">{status}</span>'
            for status in (SUBMITTED, REFUSED, NOT_SUBMITTED)
        )
        + "</p>",
        '<div class="states">',
    ]
    for row in report.members.rows:
        iso3, name, status = row[0], row[1], str(row[2])
        mark = _MARKS[status]  # the status without colour too: printed in grey, read aloud
        parts.append(
            f'<span class="{_class(status)}" title="{_h(name)}: {_h(status)}">{_h(iso3)}{mark}</span>'
        )
    parts.append("</div>")
    submitted = Table(
        report.members.name,
        "",
        report.members.headers,
        [row for row in report.members.rows if row[2] == SUBMITTED],
    )
    shown = (
        _table(submitted, SUBMITTED_COLUMNS) + f'<p class="note">{_h(SUBMITTED_KEY)}</p>'
        if submitted.rows
        else "<p>None yet.</p>"
    )
    parts += ['<h2 id="submitted">Submitted</h2>', shown]
    missing = [row for row in report.members.rows if row[2] != SUBMITTED]
    parts.append(f'<h2 id="missing">Not submitted ({len(missing)})</h2>')
    parts.append(
        "<p>"
        + ", ".join(f'<span class="{_class(row[2])}">{_h(row[1])} ({_h(row[0])})</span>' for row in missing)
        + "</p>"
        if missing
        else "<p>None: every Member State submitted.</p>"
    )
    parts.append(f'<h2 id="refused">Refused files ({len(report.refused.rows)})</h2>')
    parts.append(_table(report.refused) if report.refused.rows else "<p>None.</p>")
    parts.append(
        '<h2 id="coverage">Coverage per question</h2><table><thead><tr><th>Question</th><th>Answered</th><th>Counts</th></tr></thead><tbody>'
    )
    for item in report.coverage:
        counts_html = "".join(
            f"<div>{_h(name)} {_bar(count, item.answered)}</div>" for name, count in item.counts
        )
        # The whole wording, not cut to a tooltip: the page is read and printed.
        question = f"<strong>{_h(item.number)}</strong> {_h(item.text)}"
        cells = f'<td>{question}</td><td>{_bar(item.answered, item.of)}</td><td class="options">{counts_html}</td>'
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</tbody></table>")
    parts.append('<h2 id="evidence">Evidence by Member State</h2>')
    by_country: dict[str, list[tuple[object, ...]]] = {}
    for row in report.evidence.rows:
        by_country.setdefault(f"{row[1]} ({row[0]})", []).append(row)
    for country, rows in by_country.items():
        body = "".join(
            f"<tr><td>{_h(row[2])}</td><td>{_h(row[4])}</td><td>{_h(row[5])}</td><td>{_link(str(row[6]))}</td><td>{_h(row[7])}</td></tr>"
            for row in rows
        )
        parts.append(
            f"<details><summary>{_h(country)}: {len(rows)} entries</summary><table><thead><tr><th>Question</th><th>Entry</th>"
            f"<th>Label</th><th>URL</th><th>Parent</th></tr></thead><tbody>{body}</tbody></table></details>"
        )
    parts.append("</body></html>\n")
    return "\n".join(parts)
