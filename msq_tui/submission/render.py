"""The questionnaire as a document to read or print, in Markdown or self-contained HTML.

Without a response it is the blank form: title, introduction, authorisation statement, sections,
numbered questions in full wording, options to check, word limits, footnotes and the closing
line. With a response, each question is followed by its answer as a submission holds it (checked
options marked; hidden answers and details of unchecked options are not shown).
"""

import html
import re
from collections.abc import Iterator
from datetime import UTC
from typing import Any

from msq_tui.files.terminal_text import visible
from msq_tui.model.answers import ChecklistAnswer, ContactAnswer, Response, UrlEntry
from msq_tui.model.countries import country_by_iso3
from msq_tui.model.definitions import (
    CONTACT_FIELD_LABELS,
    FOOTNOTE_MARK,
    OTHER_OPTION,
    AnyQuestion,
    ChecklistQuestion,
    ContactQuestion,
    Questionnaire,
    TextQuestion,
    UrlsQuestion,
    YesNoQuestion,
)
from msq_tui.model.urls import href, is_url
from msq_tui.submission.submitted import submission_answers

CHECKED, UNCHECKED = "☒", "☐"
FORMATS = ("md", "html")


def render(
    questionnaire: Questionnaire,
    response: Response | None = None,
    fmt: str = "md",
    fingerprint: str | None = None,
) -> str:
    if fmt == "md":
        return render_markdown(questionnaire, response, fingerprint)
    if fmt == "html":
        return render_html(questionnaire, response, fingerprint)
    raise ValueError(f"unknown format {fmt!r}: use md or html")


def signoff_lines(response: Response, fingerprint: str | None) -> list[str]:
    """The sign-off block as plain lines (each format marks them up its own way)."""
    signoff = response.signoff
    if signoff is None or response.status != "signed":
        return [f"Draft, revision {response.revision}: not signed off."]
    lines = [
        f"Signed off by {signoff.name}, {signoff.title}, {signoff.organization} ({signoff.email})",
        f"on {signoff.signed_at.astimezone(UTC).strftime('%Y-%m-%d %H:%M')} UTC, revision {signoff.revision}.",
        f"Authorisation to publish: {'Yes' if signoff.publish else 'No'}.",
    ]
    if fingerprint:
        from msq_tui.submission.document import grouped

        lines.append(f"Fingerprint (SHA-256): {fingerprint}")
        lines.append(f"Read aloud: {grouped(fingerprint)}")
    return lines


def _publish_mark(response: Response | None) -> str:
    return (
        CHECKED
        if response is not None and response.signoff is not None and response.signoff.publish
        else UNCHECKED
    )


# -- Markdown -----------------------------------------------------------------------------------


def _md_escape(text: str) -> str:
    """Text typed by a person, made inert in Markdown: no emphasis, link, image, raw HTML, entity or
    code span can come of it (its control characters are shown by `render_markdown`)."""
    out = []
    for character in text:
        if character in "\\`*_{}[]<>#|&~":
            out.append("\\" + character)
        else:
            out.append(character)
    return "".join(out)


def render_markdown(
    questionnaire: Questionnaire, response: Response | None = None, fingerprint: str | None = None
) -> str:
    info = questionnaire.questionnaire
    lines: list[str] = [f"# {info.title}", ""]
    if info.introduction:
        lines += [info.introduction, ""]
    country = country_by_iso3(response.country) if response else None
    lines += [f"**Country:** {country.name if country else '____________________'}  "]
    lines += [f"**Date:** {response.updated.date().isoformat() if response else '____________________'}", ""]
    if info.authorisation:
        lines += [f"{_publish_mark(response)} {info.authorisation}", ""]
    answers = (
        submission_answers(questionnaire, response.answers) if response else {}
    )  # what a submission holds, no more
    for section in questionnaire.sections:
        lines += [f"## {section.id}. {section.title}", ""]
        shown_groups: set[str] = set()
        for question in section.questions:
            if question.group and question.group not in shown_groups:
                group = questionnaire.group(question.group)
                if group:
                    lines += [f"**{group.number}.** {group.text}", ""]
                shown_groups.add(question.group)
            lines += _md_question(
                questionnaire, question, answers.get(question.id) if response else None, response is not None
            )
    if info.closing:
        lines += ["---", "", "  \n".join(info.closing.splitlines()), ""]
    if response is not None:
        lines += [
            "## Sign-off",
            "",
            "  \n".join(_md_escape(line) for line in signoff_lines(response, fingerprint)),
            "",
        ]
    if questionnaire.footnotes:
        for number, text in sorted(questionnaire.footnotes.items()):
            lines.append(f"[^{number}]: {text}")
        lines.append("")
    # Control characters (ESC c resets a terminal) are shown, in answers and in wordings alike.
    return visible("\n".join(lines), layout=True)


def _md_question(
    questionnaire: Questionnaire, question: AnyQuestion, value: Any, with_answers: bool
) -> list[str]:
    lines: list[str] = []
    if question.number or question.text:
        number = f"**{question.number}.** " if question.number else ""
        lines += [f"{number}{question.text}".strip(), ""]
    if question.applies_when is not None:
        lines += [f"_Applies when {question.applies_when.describe(questionnaire)}._", ""]
    answer = _typed(question, value)
    if isinstance(question, ChecklistQuestion):
        checked = answer if isinstance(answer, ChecklistAnswer) else ChecklistAnswer()
        if question.lead:
            lines += [question.lead, ""]
        for option in question.options:
            mark = CHECKED if checked.is_checked(option.id) else UNCHECKED
            detail = checked.details.get(option.id, "").strip()
            lines.append(f"- {mark} {option.text}" + (f" — {_md_escape(detail)}" if detail else ""))
        if question.other is not None:
            mark = CHECKED if checked.is_checked(OTHER_OPTION) else UNCHECKED
            other = f" {_md_escape(checked.other.strip())}" if checked.other.strip() else ""
            note = f" {question.other.text}" if question.other.text else ""
            lines.append(f"- {mark} {question.other.label}{note}{other}")
        lines.append("")
        if question.explanation is not None:
            lines += [question.explanation.text, ""]
            if checked.explanation.strip():
                lines += [_md_block(checked.explanation), ""]
    elif isinstance(question, ContactQuestion):
        card = answer if isinstance(answer, ContactAnswer) else ContactAnswer()
        for field in question.fields:
            value_text = getattr(card, field).strip()
            shown = _md_escape(value_text) if value_text else ("" if with_answers else "____________________")
            lines.append(f"- **{CONTACT_FIELD_LABELS[field]}:** {shown}")
        lines.append("")
    elif isinstance(question, YesNoQuestion):
        yes = CHECKED if answer == "yes" else UNCHECKED
        no = CHECKED if answer == "no" else UNCHECKED
        lines += [f"{yes} Yes {no} No", ""]
    elif isinstance(question, TextQuestion):
        if isinstance(answer, str) and answer.strip():
            lines += [_md_block(answer), ""]
    elif isinstance(question, UrlsQuestion) and isinstance(answer, list):
        lines += list(_md_entries(answer, 0))
        lines.append("")
    return lines


def _md_entries(entries: list[UrlEntry], depth: int) -> Iterator[str]:
    for entry in entries:
        if entry.is_empty():
            continue
        label, url = _md_escape(entry.label.strip()), entry.url.strip()
        link = _md_link(url) if url else ""
        text = f"{label}: {link}" if label and url else (label or link)
        yield "  " * depth + f"- {text}"
        yield from _md_entries(entry.children, depth + 1)


# What CommonMark reads as an autolink and nothing else: no space, no < or >, no control character.
_AUTOLINK_TARGET = re.compile(r"https?://[^\s<>\x00-\x1f\x7f-\x9f]+", re.IGNORECASE)


def _md_link(url: str) -> str:
    """An address as a link, when it is a web address that Markdown takes whole; else as text."""
    target = href(url)
    if is_url(url) and _AUTOLINK_TARGET.fullmatch(target):
        return f"<{target}>"
    return _md_escape(url)


def _md_block(text: str) -> str:
    return "\n\n".join(_md_escape(paragraph.strip()) for paragraph in text.split("\n\n") if paragraph.strip())


def _typed(question: AnyQuestion, value: Any) -> Any:
    from pydantic import ValidationError

    from msq_tui.model.answers import answer_of

    try:
        return answer_of(question, value)
    except ValidationError:
        return None


# -- HTML ---------------------------------------------------------------------------------------

_STYLE = """
body { font-family: Georgia, 'Times New Roman', serif; max-width: 46em; margin: 2em auto; padding: 0 1em;
       line-height: 1.45; color: #111; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; border-bottom: 1px solid #999; margin-top: 2em; }
.question { margin: 1.2em 0 0.4em; } .number { font-weight: bold; margin-right: 0.3em; }
.group { margin-top: 1.2em; } .applies { font-style: italic; color: #444; }
ul.options { list-style: none; padding-left: 1em; } .box { font-family: 'DejaVu Sans', sans-serif; }
.answer { margin-left: 1em; white-space: pre-wrap; unicode-bidi: plaintext; }
dl.contact { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; margin-left: 1em; }
dl.contact dt { font-weight: bold; } dl.contact dd { margin: 0; unicode-bidi: plaintext; }
.blank { display: inline-block; min-width: 16em; border-bottom: 1px solid #666; }
.footnotes { font-size: 0.85em; border-top: 1px solid #999; margin-top: 2em; }
.closing { margin-top: 2em; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } .question { break-inside: avoid; } }
"""


def _h(text: str) -> str:
    return html.escape(text, quote=True)


def _h_wording(text: str) -> str:
    """A wording of the form, its footnote markers as superscript links to the notes."""
    escaped = _h(text)
    return FOOTNOTE_MARK.sub(
        lambda m: f'<sup><a href="#fn{m.group(1)}" id="ref{m.group(1)}">{m.group(1)}</a></sup>', escaped
    )


def render_html(
    questionnaire: Questionnaire, response: Response | None = None, fingerprint: str | None = None
) -> str:
    info = questionnaire.questionnaire
    country = country_by_iso3(response.country) if response else None
    title = f"{info.short_title} — {country.name}" if country else info.title
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_h(title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{_h_wording(info.title)}</h1>",
    ]
    if info.introduction:
        parts.append(f"<p>{_h_wording(info.introduction)}</p>")
    blank = '<span class="blank">&nbsp;</span>'
    parts.append(f"<p><strong>Country:</strong> {_h(country.name) if country else blank}<br>")
    parts.append(
        f"<strong>Date:</strong> {_h(response.updated.date().isoformat()) if response else blank}</p>"
    )
    if info.authorisation:
        parts.append(f'<p><span class="box">{_publish_mark(response)}</span> {_h(info.authorisation)}</p>')
    answers = (
        submission_answers(questionnaire, response.answers) if response else {}
    )  # what a submission holds, no more
    for section in questionnaire.sections:
        parts.append(
            f'<section><h2 id="section-{_h(section.id)}">{_h(section.id)}. {_h_wording(section.title)}</h2>'
        )
        shown_groups: set[str] = set()
        for question in section.questions:
            if question.group and question.group not in shown_groups:
                group = questionnaire.group(question.group)
                if group:
                    parts.append(
                        f'<p class="group"><span class="number">{_h(group.number)}.</span>{_h_wording(group.text)}</p>'
                    )
                shown_groups.add(question.group)
            parts.append(
                _html_question(questionnaire, question, answers.get(question.id), response is not None)
            )
        parts.append("</section>")
    if info.closing:
        parts.append(f'<p class="closing">{"<br>".join(_h(line) for line in info.closing.splitlines())}</p>')
    if response is not None:
        parts.append(
            '<section class="signoff"><h2>Sign-off</h2><p>'
            + "<br>".join(_h(line) for line in signoff_lines(response, fingerprint))
            + "</p></section>"
        )
    if questionnaire.footnotes:
        parts.append('<section class="footnotes"><ol>')
        for number, text in sorted(questionnaire.footnotes.items()):
            parts.append(f'<li id="fn{number}" value="{number}">{_h(text)} <a href="#ref{number}">↩</a></li>')
        parts.append("</ol></section>")
    parts.append("</body></html>")
    return visible("\n".join(parts) + "\n", layout=True)  # control characters shown, as in Markdown


def _html_question(
    questionnaire: Questionnaire, question: AnyQuestion, value: Any, with_answers: bool
) -> str:
    parts = [f'<div class="question" id="{_h(question.id)}">']
    if question.number or question.text:
        number = f'<span class="number">{_h(question.number)}.</span>' if question.number else ""
        parts.append(f"<p>{number}{_h_wording(question.text)}</p>")
    if question.applies_when is not None:
        parts.append(
            f'<p class="applies">Applies when {_h(question.applies_when.describe(questionnaire))}.</p>'
        )
    answer = _typed(question, value)
    if isinstance(question, ChecklistQuestion):
        checked = answer if isinstance(answer, ChecklistAnswer) else ChecklistAnswer()
        if question.lead:
            parts.append(f"<p>{_h_wording(question.lead)}</p>")
        parts.append('<ul class="options">')
        for option in question.options:
            mark = CHECKED if checked.is_checked(option.id) else UNCHECKED
            detail = checked.details.get(option.id, "").strip()
            detail_html = f' — <span class="answer">{_h(detail)}</span>' if detail else ""
            parts.append(f'<li><span class="box">{mark}</span> {_h_wording(option.text)}{detail_html}</li>')
        if question.other is not None:
            mark = CHECKED if checked.is_checked(OTHER_OPTION) else UNCHECKED
            other = (
                f' <span class="answer">{_h(checked.other.strip())}</span>' if checked.other.strip() else ""
            )
            note = f" {_h(question.other.text)}" if question.other.text else ""
            parts.append(f'<li><span class="box">{mark}</span> {_h(question.other.label)}{note}{other}</li>')
        parts.append("</ul>")
        if question.explanation is not None:
            parts.append(f"<p>{_h_wording(question.explanation.text)}</p>")
            if checked.explanation.strip():
                parts.append(f'<div class="answer">{_h(checked.explanation.strip())}</div>')
    elif isinstance(question, ContactQuestion):
        card = answer if isinstance(answer, ContactAnswer) else ContactAnswer()
        parts.append('<dl class="contact">')
        for field in question.fields:
            value_text = getattr(card, field).strip()
            shown = (
                _h(value_text)
                if value_text
                else ("" if with_answers else '<span class="blank">&nbsp;</span>')
            )
            parts.append(f"<dt>{_h(CONTACT_FIELD_LABELS[field])}:</dt><dd>{shown}</dd>")
        parts.append("</dl>")
    elif isinstance(question, YesNoQuestion):
        yes = CHECKED if answer == "yes" else UNCHECKED
        no = CHECKED if answer == "no" else UNCHECKED
        parts.append(f'<p><span class="box">{yes}</span> Yes &nbsp; <span class="box">{no}</span> No</p>')
    elif isinstance(question, TextQuestion):
        if isinstance(answer, str) and answer.strip():
            parts.append(f'<div class="answer">{_h(answer.strip())}</div>')
    elif isinstance(question, UrlsQuestion) and isinstance(answer, list):
        parts.append(_html_entries(answer))
    parts.append("</div>")
    return "\n".join(parts)


def _html_entries(entries: list[UrlEntry]) -> str:
    items = []
    for entry in entries:
        if entry.is_empty():
            continue
        label, url = entry.label.strip(), entry.url.strip()
        link = f'<a href="{_h(href(url))}">{_h(url)}</a>' if url and is_url(url) else _h(url)
        text = f"{_h(label)}: {link}" if label and url else (_h(label) or link)
        children = _html_entries(entry.children) if entry.children else ""
        items.append(f'<li><span class="answer">{text}</span>{children}</li>')
    return f"<ul>{''.join(items)}</ul>" if items else ""
