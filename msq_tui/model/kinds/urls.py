"""The `urls` kind: a list of entries, each a label and a URL, with entries nested one level."""

import re
from collections.abc import Iterator, Sequence
from typing import Literal

from msq_tui.model.kinds.base import AnswerModel, Kind, Question, Text
from msq_tui.model.kinds.reading import h, md_escape
from msq_tui.model.problems import Problem, problem
from msq_tui.model.urls import href, is_url, url_problem


class UrlsQuestion(Question):
    """A list of entries, each a label and a URL, with companies or offices nested one level."""

    kind: Literal["urls"]
    nested: bool = True


class UrlEntry(AnswerModel):
    """One line of a URL list: a label (an agency's name, or a sentence) and its address."""

    label: Text = ""
    url: Text = ""
    children: list["UrlEntry"] = []

    def is_empty(self) -> bool:
        return (
            not self.label.strip()
            and not self.url.strip()
            and not any(not c.is_empty() for c in self.children)
        )


def without_empty_entries(entries: Sequence[UrlEntry]) -> list[UrlEntry]:
    """The entries that hold something, nested ones too (copies): the one rule for empty entries,
    which the draft's answer (`url_tree.cleaned`) and the submission (`visible`) both follow."""
    return [
        entry.model_copy(update={"children": without_empty_entries(entry.children)})
        for entry in entries
        if not entry.is_empty()
    ]


def _visible_entries(entries: list[UrlEntry]) -> list[UrlEntry]:
    """What the form shows: no empty entry, and a label or URL of spaces only left blank."""

    def blanked(level: list[UrlEntry]) -> list[UrlEntry]:
        return [
            entry.model_copy(
                update={
                    "label": entry.label if entry.label.strip() else "",
                    "url": entry.url if entry.url.strip() else "",
                    "children": blanked(entry.children),
                }
            )
            for entry in level
        ]

    return blanked(without_empty_entries(entries))


def _entry_text(entry: UrlEntry) -> str:
    if entry.url and entry.label:
        return f"{entry.url} {entry.label}"
    return entry.url or entry.label or "(empty)"


# What CommonMark reads as an autolink and nothing else: no space, no < or >, no control character.
_AUTOLINK_TARGET = re.compile(r"https?://[^\s<>\x00-\x1f\x7f-\x9f]+", re.IGNORECASE)


def _md_link(url: str) -> str:
    """An address as a link, when it is a web address that Markdown takes whole; else as text."""
    target = href(url)
    if is_url(url) and _AUTOLINK_TARGET.fullmatch(target):
        return f"<{target}>"
    return md_escape(url)


def _md_entries(entries: list[UrlEntry], depth: int) -> Iterator[str]:
    for entry in entries:
        if entry.is_empty():
            continue
        label, url = md_escape(entry.label.strip()), entry.url.strip()
        link = _md_link(url) if url else ""
        text = f"{label}: {link}" if label and url else (label or link)
        yield "  " * depth + f"- {text}"
        yield from _md_entries(entry.children, depth + 1)


def _html_entries(entries: list[UrlEntry]) -> str:
    items = []
    for entry in entries:
        if entry.is_empty():
            continue
        label, url = entry.label.strip(), entry.url.strip()
        link = f'<a href="{h(href(url))}">{h(url)}</a>' if url and is_url(url) else h(url)
        text = f"{h(label)}: {link}" if label and url else (h(label) or link)
        children = _html_entries(entry.children) if entry.children else ""
        items.append(f'<li><span class="answer">{text}</span>{children}</li>')
    return f"<ul>{''.join(items)}</ul>" if items else ""


class UrlsKind(Kind[UrlsQuestion, list[UrlEntry]]):
    name = "urls"
    question_model = UrlsQuestion
    answer_type = list[UrlEntry]
    answer_description = "a list of entries, each with a label, a URL and nested entries"

    def is_empty(self, answer: list[UrlEntry]) -> bool:
        return all(entry.is_empty() for entry in answer)

    def visible(self, question: UrlsQuestion, answer: list[UrlEntry]) -> list[UrlEntry]:
        return _visible_entries(answer)

    def problems(
        self, question: UrlsQuestion, answer: list[UrlEntry], name: str, applies: bool
    ) -> list[Problem]:
        problems = []

        def check(entry: UrlEntry, path: tuple[int, ...]) -> None:
            if entry.is_empty():
                return
            where = "entry " + ".".join(str(index + 1) for index in path)
            if entry.url.strip():
                reason = url_problem(entry.url)
                if reason:
                    said = f"the URL {entry.url.strip()!r} is not valid: {reason}"
                    problems.append(
                        problem(question.id, name, "error", "url", said, where=where, part="url", entry=path)
                    )
            elif not entry.label.strip():
                said = "has entries under it but no name or URL"
                problems.append(
                    problem(question.id, name, "error", "entry", said, where=where, part="label", entry=path)
                )
            if entry.children:
                if len(path) > 1 or not question.nested:
                    said = "entries can be nested one level only"
                    problems.append(
                        problem(
                            question.id, name, "error", "nesting", said, where=where, part="label", entry=path
                        )
                    )
                for index, child in enumerate(entry.children):
                    check(child, (*path, index))

        for index, entry in enumerate(answer):
            check(entry, (index,))
        return problems

    def text_lines(self, question: UrlsQuestion, answer: list[UrlEntry]) -> list[str]:
        lines = [f"{len(answer)} entr{'y' if len(answer) == 1 else 'ies'}:"]
        for number, entry in enumerate(answer, 1):
            lines.append(f"{number}. {_entry_text(entry)}")
            for sub, child in enumerate(entry.children, 1):
                lines.append(f"  {number}.{sub}. {_entry_text(child)}")
        return lines

    def assessor_text(self, question: UrlsQuestion, answer: list[UrlEntry]) -> str:
        return "\n".join(_assessor_lines(answer, depth=0))

    def markdown(self, question: UrlsQuestion, answer: list[UrlEntry] | None, blank: bool) -> list[str]:
        return [*_md_entries(answer, 0), ""] if answer is not None else []

    def html(self, question: UrlsQuestion, answer: list[UrlEntry] | None, blank: bool) -> list[str]:
        return [_html_entries(answer)] if answer is not None else []


def _assessor_lines(entries: list[UrlEntry], depth: int) -> Iterator[str]:
    for entry in entries:
        parts = [part for part in (entry.label.strip(), entry.url.strip()) if part]
        yield "  " * depth + " — ".join(parts)
        yield from _assessor_lines(entry.children, depth + 1)


KIND = UrlsKind()
