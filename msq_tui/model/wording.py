"""The form's wordings: footnote markers ``[^N]`` and how a wording reads without them or on a terminal."""

import re

FOOTNOTE_MARK = re.compile(r"\[\^(\d+)\]")
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def footnote_numbers(text: str) -> list[int]:
    """The footnotes that ``text`` refers to, in order of their markers ``[^N]``."""
    return [int(number) for number in FOOTNOTE_MARK.findall(text)]


def plain(text: str) -> str:
    """``text`` without its footnote markers, as a sentence to read or search."""
    return FOOTNOTE_MARK.sub("", text)


def with_superscripts(text: str) -> str:
    """``text`` with its footnote markers shown as superscript numbers (for terminals, plain text)."""
    return FOOTNOTE_MARK.sub(lambda match: match.group(1).translate(SUPERSCRIPT_DIGITS), text)


def sentence_case(text: str) -> str:
    """``text`` starting with a capital, the rest as it is: "question 2a: ..." reads "Question 2a: ...",
    and "section X" stays "section X" (str.capitalize would lower it)."""
    return text[:1].upper() + text[1:]


def standalone(text: str) -> str:
    """A wording read on its own, away from the form (an option in a report, a ticked option in an
    answer): without footnote markers, on one line, starting with a capital ("has an
    implementation plan" continues its question on the form; alone it reads "Has an ...")."""
    return sentence_case(" ".join(plain(text).split()))


def label(text: str) -> str:
    """A wording as the label of a value ("Label: 12"): standalone, without the full stop, colon,
    semicolon or comma it ends with, so no ".:" or "::" comes of the join. "?" and "!" stay."""
    return standalone(text).rstrip(" .:;,")
