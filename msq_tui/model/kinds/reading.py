"""How answers are written into documents: Markdown made inert, HTML escaped, the boxes of options.

Shared by the kinds (each writes its own answer) and `submission.render` (which writes the rest).
"""

import html

from msq_tui.model.wording import FOOTNOTE_MARK

CHECKED, UNCHECKED = "☒", "☐"
BLANK_LINE = "____________________"  # room to write by hand on the blank form (Markdown)
BLANK_HTML = '<span class="blank">&nbsp;</span>'


def mark(checked: bool) -> str:
    return CHECKED if checked else UNCHECKED


def md_escape(text: str) -> str:
    """Text typed by a person, made inert in Markdown: no emphasis, link, image, raw HTML, entity or
    code span can come of it (its control characters are shown by `render_markdown`)."""
    out = []
    for character in text:
        if character in "\\`*_{}[]<>#|&~":
            out.append("\\" + character)
        else:
            out.append(character)
    return "".join(out)


def md_block(text: str) -> str:
    """A typed text as Markdown paragraphs, each made inert."""
    return "\n\n".join(md_escape(paragraph.strip()) for paragraph in text.split("\n\n") if paragraph.strip())


def h(text: str) -> str:
    return html.escape(text, quote=True)


def h_wording(text: str) -> str:
    """A wording of the form, its footnote markers as superscript links to the notes."""
    escaped = h(text)
    return FOOTNOTE_MARK.sub(
        lambda m: f'<sup><a href="#fn{m.group(1)}" id="ref{m.group(1)}">{m.group(1)}</a></sup>', escaped
    )
