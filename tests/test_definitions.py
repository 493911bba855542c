"""The built-in MSQ 2020 definitions: they load, and they hold the whole form as printed."""

import re
import tomllib

import pytest

from msq_tui.model.definitions_check import builtin_definitions_path, check_definitions
from msq_tui.model.kinds.checklist import OTHER_OPTION, ChecklistQuestion
from msq_tui.model.kinds.text import TextQuestion
from msq_tui.model.wording import footnote_numbers, plain

from .conftest import DATA, REFERENCE

EXPECTED = tomllib.loads((DATA / "msq2020_expected.toml").read_text(encoding="utf-8"))


def test_builtin_definitions_load_without_problems() -> None:
    questionnaire, problems = check_definitions(builtin_definitions_path())
    assert questionnaire is not None
    assert problems == []
    assert questionnaire.id == "msq2020"


def test_front_matter(questionnaire) -> None:
    info = questionnaire.questionnaire
    assert info.title == "Member States Questionnaire (MSQ) for the United Nations E-Government Survey 2020"
    assert "dpidg@un.org" in info.introduction
    assert (
        info.authorisation == "I/We hereby authorize UNDESA to publish my/our responses as deemed necessary."
    )
    assert info.closing.startswith(
        "Thank you for taking the time to fill out the Member States Questionnaire (MSQ) 2020."
    )
    assert "We appreciate your participation." in info.closing


def test_ten_sections_in_order(questionnaire) -> None:
    assert [section.id for section in questionnaire.sections] == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
        "X",
    ]
    assert [section.title for section in questionnaire.sections] == EXPECTED["sections"]


def test_every_printed_number_once_in_order(questionnaire) -> None:
    numbers = [question.number for question in questionnaire.questions() if question.number]
    assert numbers == EXPECTED["numbers"]


def test_question_ids_follow_the_numbering(questionnaire) -> None:
    ids = [question.id for question in questionnaire.questions()]
    expected = ["q1", "q2a", "q2b", "q2c", "q2d", "q2e", "q3", "q4", "q4_cio"]
    expected += (
        [f"q5{letter}" for letter in "abcdefghi"] + [f"q{n}" for n in range(6, 25)] + ["contact", "x1", "x2"]
    )
    assert ids == expected


def test_every_footnote_attached_where_the_form_puts_it(questionnaire) -> None:
    assert sorted(questionnaire.footnotes) == list(range(1, 12))
    attached: dict[int, str] = {}
    for number in footnote_numbers(questionnaire.questionnaire.introduction):
        attached[number] = "introduction"
    for section in questionnaire.sections:
        for number in footnote_numbers(section.title):
            attached[number] = section.id
        for question in section.questions:
            for number in footnote_numbers(question.text):
                attached[number] = question.id
            if isinstance(question, ChecklistQuestion):
                for option in question.options:
                    for number in footnote_numbers(option.text):
                        attached[number] = f"{question.id}/{option.id}"
    assert attached == {int(number): where for number, where in EXPECTED["footnotes"].items()}


def test_every_option_of_every_checklist(questionnaire) -> None:
    for question_id, options in EXPECTED["options"].items():
        question = questionnaire.question(question_id)
        assert isinstance(question, ChecklistQuestion)
        assert [option.text for option in question.options] == options
        assert (question.other is not None) == (question_id in EXPECTED["with_other"])
        if question.other is not None:
            assert question.other.label == "Other:"
            assert OTHER_OPTION in question.option_ids


def test_every_word_limit(questionnaire) -> None:
    for where, limit in EXPECTED["limits"].items():
        question_id, _, part = where.partition("/")
        question = questionnaire.question(question_id)
        if not part:
            assert isinstance(question, TextQuestion)
            assert question.max_words == limit
        else:
            assert getattr(question, part).max_words == limit
    limited = {q.id for q in questionnaire.questions() if isinstance(q, TextQuestion)}
    assert limited == {key for key in EXPECTED["limits"] if "/" not in key}


def test_skip_logic(questionnaire) -> None:
    for question_id, (depends_on, value) in EXPECTED["skip_logic"].items():
        condition = questionnaire.question(question_id).applies_when
        assert (condition.question, condition.equals) == (depends_on, value)
    with_conditions = {q.id for q in questionnaire.questions() if q.applies_when}
    assert with_conditions == set(EXPECTED["skip_logic"])
    assert questionnaire.applies(questionnaire.question("q11"), {"q10": "yes"})
    assert not questionnaire.applies(questionnaire.question("q11"), {"q10": "no"})
    assert not questionnaire.applies(questionnaire.question("q13"), {})


def test_kinds(questionnaire) -> None:
    kinds = {q.id: q.kind for q in questionnaire.questions()}
    assert all(kinds[f"q5{letter}"] == "urls" for letter in "abcdefghi")
    assert kinds["q4"] == kinds["q10"] == kinds["q12"] == "yes_no"
    assert kinds["contact"] == kinds["q4_cio"] == "contact"
    assert questionnaire.question("q4_cio").fields == ["name", "title", "organization", "email", "phone"]


# -- Against the reference itself, when it is at hand ------------------------------------------


def _normalise_reference(markdown: str) -> str:
    """The reference response as plain wording: conversion artefacts removed, whitespace folded."""
    text = markdown.replace("\\\\_", "_")  # a doubly escaped underscore in footnote 10's link
    text = re.sub(r"<sup>(\d+)</sup>", r"[^\1]", text)
    text = re.sub(r"</?b>|\*\*", "", text)
    text = re.sub(r'<a href="[^"]*">([^<]*)</a>', r"\1", text)
    text = re.sub(r"\[((?:[^\[\]\\]|\\.)*)\]\((?:[^()\\]|\\.|\([^()]*\))*\)", r"\1", text)  # [text](target)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = re.sub(r"\\(.)", r"\1", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)  # a word broken across pages: "e- government"
    text = text.replace("[^6] .", "[^6].").replace(" [^8]", "[^8]").replace("[^8] .", "[^8].")
    return text


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def reference_text() -> str:
    if not REFERENCE.is_file():
        pytest.skip("the reference response (shared/reference) is not beside this checkout")
    return _normalise_reference(REFERENCE.read_text(encoding="utf-8"))


def test_every_wording_is_printed_in_the_reference(questionnaire, reference_text: str) -> None:
    """Nothing in the definitions is reworded: each wording appears in the reference as is."""
    info = questionnaire.questionnaire
    wordings = [info.title, info.introduction, info.authorisation, *info.closing.splitlines()]
    wordings += [section.title for section in questionnaire.sections]
    wordings += [group.text for section in questionnaire.sections for group in section.groups]
    for question in questionnaire.questions():
        wordings += [text for _, text in question.wording_texts() if text]
    wordings += [text for text in questionnaire.footnotes.values()]
    missing = [w for w in wordings if _normalise(w) not in reference_text]
    assert missing == []


def test_every_numbered_question_of_the_reference_is_defined(questionnaire) -> None:
    """Each numbered line of the reference starts a question (or group) of the definitions."""
    if not REFERENCE.is_file():
        pytest.skip("the reference response (shared/reference) is not beside this checkout")
    markdown = REFERENCE.read_text(encoding="utf-8")
    printed = re.findall(r"^(?:#+\s*)?(\d+)\.\s+(.+)$", markdown, re.MULTILINE)
    defined = [plain(q.text) for q in questionnaire.questions()]
    defined += [plain(g.text) for s in questionnaire.sections for g in s.groups]
    defined_text = " | ".join(_normalise(text) for text in defined)
    assert len(printed) >= 24
    for number, line in printed:
        opening = _normalise(plain(_normalise_reference(line)))[:40]
        assert opening in defined_text, f"question {number} of the reference is missing: {line}"


def test_every_footnote_of_the_reference_is_defined(questionnaire) -> None:
    if not REFERENCE.is_file():
        pytest.skip("the reference response (shared/reference) is not beside this checkout")
    markdown = REFERENCE.read_text(encoding="utf-8")
    printed = re.findall(r"^<sup>(\d+)</sup>\s*(.+)$", markdown, re.MULTILINE)
    assert len(printed) == 11
    for number, text in printed:
        assert _normalise(_normalise_reference(text)) == _normalise(questionnaire.footnotes[int(number)])


def test_every_expected_option_is_printed_in_the_reference(reference_text: str) -> None:
    for options in EXPECTED["options"].values():
        for option in options:
            assert _normalise(option) in reference_text
