"""The questionnaire as a document to read or print, in Markdown or self-contained HTML.

Without a response it is the blank form: title, introduction, authorisation statement, sections,
numbered questions in full wording, options to check, word limits, footnotes and the closing
line. With a response, each question is followed by its answer as a submission holds it (checked
options marked; hidden answers and details of unchecked options are not shown).
"""

from datetime import UTC
from typing import Any

from msq_tui.files.terminal_text import visible
from msq_tui.model.answers import Response
from msq_tui.model.contributions import contributors, provenance_of
from msq_tui.model.countries import country_by_iso3
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds import kind_of
from msq_tui.model.kinds.base import Question
from msq_tui.model.kinds.reading import BLANK_HTML, BLANK_LINE, CHECKED, UNCHECKED, h, h_wording, md_escape
from msq_tui.model.submitted import submitted_answers
from msq_tui.model.wording import sentence_case

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


def render_markdown(
    questionnaire: Questionnaire, response: Response | None = None, fingerprint: str | None = None
) -> str:
    info = questionnaire.questionnaire
    lines: list[str] = [f"# {info.title}", ""]
    if info.introduction:
        lines += [info.introduction, ""]
    country = country_by_iso3(response.country) if response else None
    lines += [f"**Country:** {country.name if country else BLANK_LINE}  "]
    lines += [f"**Date:** {response.updated.date().isoformat() if response else BLANK_LINE}", ""]
    if info.authorisation:
        lines += [f"{_publish_mark(response)} {info.authorisation}", ""]
    # What a submission holds, no more, as each kind's model.
    answers = submitted_answers(questionnaire, response.answers) if response else {}
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
            said = _provenance(response, question.id, answers)
            if said:
                lines += [f"_{md_escape(said)}._", ""]
    if info.closing:
        lines += ["---", "", "  \n".join(info.closing.splitlines()), ""]
    listed = _contributors(questionnaire, response, answers)
    if listed:
        lines += ["## Contributors", "", *(f"- {md_escape(line)}" for line in listed), ""]
    if response is not None:
        lines += [
            "## Sign-off",
            "",
            "  \n".join(md_escape(line) for line in signoff_lines(response, fingerprint)),
            "",
        ]
    if questionnaire.footnotes:
        for number, text in sorted(questionnaire.footnotes.items()):
            lines.append(f"[^{number}]: {text}")
        lines.append("")
    # Control characters (ESC c resets a terminal) are shown, in answers and in wordings alike.
    return visible("\n".join(lines), layout=True)


def _md_question(
    questionnaire: Questionnaire, question: Question, answer: Any, with_answers: bool
) -> list[str]:
    lines: list[str] = []
    if question.number or question.text:
        number = f"**{question.number}.** " if question.number else ""
        lines += [f"{number}{question.text}".strip(), ""]
    if question.applies_when is not None:
        lines += [f"_Applies when {question.applies_when.describe(questionnaire)}._", ""]
    return lines + kind_of(question).markdown(question, answer, blank=not with_answers)


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


def render_html(
    questionnaire: Questionnaire, response: Response | None = None, fingerprint: str | None = None
) -> str:
    info = questionnaire.questionnaire
    country = country_by_iso3(response.country) if response else None
    title = f"{info.short_title} — {country.name}" if country else info.title
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{h(title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{h_wording(info.title)}</h1>",
    ]
    if info.introduction:
        parts.append(f"<p>{h_wording(info.introduction)}</p>")
    blank = BLANK_HTML
    parts.append(f"<p><strong>Country:</strong> {h(country.name) if country else blank}<br>")
    parts.append(
        f"<strong>Date:</strong> {h(response.updated.date().isoformat()) if response else blank}</p>"
    )
    if info.authorisation:
        parts.append(f'<p><span class="box">{_publish_mark(response)}</span> {h(info.authorisation)}</p>')
    # What a submission holds, no more, as each kind's model.
    answers = submitted_answers(questionnaire, response.answers) if response else {}
    for section in questionnaire.sections:
        parts.append(
            f'<section><h2 id="section-{h(section.id)}">{h(section.id)}. {h_wording(section.title)}</h2>'
        )
        shown_groups: set[str] = set()
        for question in section.questions:
            if question.group and question.group not in shown_groups:
                group = questionnaire.group(question.group)
                if group:
                    parts.append(
                        f'<p class="group"><span class="number">{h(group.number)}.</span>{h_wording(group.text)}</p>'
                    )
                shown_groups.add(question.group)
            parts.append(
                _html_question(questionnaire, question, answers.get(question.id), response is not None)
            )
            said = _provenance(response, question.id, answers)
            if said:
                parts.append(f'<p class="provenance"><em>{h(said)}.</em></p>')
        parts.append("</section>")
    if info.closing:
        parts.append(f'<p class="closing">{"<br>".join(h(line) for line in info.closing.splitlines())}</p>')
    listed = _contributors(questionnaire, response, answers)
    if listed:
        parts.append(
            '<section class="contributors"><h2>Contributors</h2><ul>'
            + "".join(f"<li>{h(line)}</li>" for line in listed)
            + "</ul></section>"
        )
    if response is not None:
        parts.append(
            '<section class="signoff"><h2>Sign-off</h2><p>'
            + "<br>".join(h(line) for line in signoff_lines(response, fingerprint))
            + "</p></section>"
        )
    if questionnaire.footnotes:
        parts.append('<section class="footnotes"><ol>')
        for number, text in sorted(questionnaire.footnotes.items()):
            parts.append(f'<li id="fn{number}" value="{number}">{h(text)} <a href="#ref{number}">↩</a></li>')
        parts.append("</ol></section>")
    parts.append("</body></html>")
    return visible("\n".join(parts) + "\n", layout=True)  # control characters shown, as in Markdown


def _provenance(response: Response | None, question_id: str, answers: dict[str, Any]) -> str:
    """Where a submitted answer came from, when an agency gave it ("From Ministry of ..."), else ""."""
    if response is None or question_id not in answers:
        return ""
    said = provenance_of(response.collaboration, question_id, response.answers.get(question_id))
    return sentence_case(said)


def _contributors(
    questionnaire: Questionnaire, response: Response | None, answers: dict[str, Any]
) -> list[str]:
    """The agencies that answered parts, one line each: "Ministry of ICT (signed by ...): q17, q18"."""
    if response is None:
        return []
    lines = []
    for entry in contributors(questionnaire, response.collaboration, set(answers)):
        signer = entry["signer"]
        who = ", ".join(signer[key] for key in ("name", "title") if signer.get(key))
        lines.append(f"{entry['agency']} (signed by {who}): {', '.join(entry['questions'])}")
    return lines


def _html_question(questionnaire: Questionnaire, question: Question, answer: Any, with_answers: bool) -> str:
    parts = [f'<div class="question" id="{h(question.id)}">']
    if question.number or question.text:
        number = f'<span class="number">{h(question.number)}.</span>' if question.number else ""
        parts.append(f"<p>{number}{h_wording(question.text)}</p>")
    if question.applies_when is not None:
        parts.append(
            f'<p class="applies">Applies when {h(question.applies_when.describe(questionnaire))}.</p>'
        )
    parts += kind_of(question).html(question, answer, blank=not with_answers)
    parts.append("</div>")
    return "\n".join(parts)
