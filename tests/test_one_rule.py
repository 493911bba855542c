"""Rules written once: sentence case, the section mark, the fingerprint; a copy of one fails here."""

import re

import pytest

from msq_tui.model.wording import sentence_case
from msq_tui.tui.section_marks import CARRIED_MARK, COMPLETE_MARK, ERRORS_MARK, NO_MARK, section_mark

from .conftest import REPOSITORY


def test_sentence_case_capitalises_the_first_letter_only() -> None:
    assert sentence_case("question 2a: the URL is not valid") == "Question 2a: the URL is not valid"
    assert sentence_case("section X, question 3") == "Section X, question 3"  # not "Section x"
    assert sentence_case("") == ""
    assert sentence_case("éducation") == "Éducation"


@pytest.mark.parametrize(
    ("has_errors", "answered", "asked", "mark"),
    [
        (True, 3, 3, ERRORS_MARK),  # an error outweighs being complete
        (False, 3, 3, COMPLETE_MARK),
        (False, 0, 0, COMPLETE_MARK),  # nothing applies: nothing left to answer
        (False, 2, 3, NO_MARK),
    ],
)
def test_the_section_mark(has_errors: bool, answered: int, asked: int, mark: str) -> None:
    assert section_mark(has_errors, answered, asked) == mark


def test_a_section_with_carried_answers_not_yet_reviewed_is_marked_until_errors_are_fixed() -> None:
    assert section_mark(False, 3, 3, has_carried=True) == CARRIED_MARK
    assert section_mark(True, 3, 3, has_carried=True) == ERRORS_MARK


# (what a copy of the rule looks like, the one file allowed to hold it)
RULES = [
    (r"\[:1\]\.upper\(\)", "msq_tui/model/wording.py"),  # sentence case
    # the fingerprint of a response: submission_fingerprint(), not a document sealed to read its digest
    (r"sealed\(submission_document\(.*\)\)\[", None),
    (r"\"[✓✗]\"", "msq_tui/tui/section_marks.py"),  # the section mark (the review's problem marker aside)
    # text cut or padded for the screen by cells: cut_to_cells / fit_to_cells
    (r"get_character_cell_size|set_cell_size", "msq_tui/tui/text_cells.py"),
]


@pytest.mark.parametrize(("pattern", "home"), RULES)
def test_no_rule_is_written_twice(pattern: str, home: str | None) -> None:
    copies = []
    for path in sorted((REPOSITORY / "msq_tui").rglob("*.py")):
        where = str(path.relative_to(REPOSITORY))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line) and where != home and "problem.is_error" not in line:
                copies.append(f"{where}:{number}: {line.strip()}")
    assert not copies, "a copy of a rule that has its one place:\n" + "\n".join(copies)
