"""`msq check`: each kind of broken definitions file gets its own clear message, with its line."""

from pathlib import Path

import pytest

from msq_tui.cli import main
from msq_tui.model.definitions_check import (
    DefinitionsError,
    builtin_definitions_path,
    check_definitions,
    check_definitions_text,
    load_definitions,
)

BUILTIN = builtin_definitions_path().read_text(encoding="utf-8")


def broken(old: str, new: str) -> str:
    assert old in BUILTIN, old
    return BUILTIN.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# (name, broken text, words the message must hold, question id or None, the line's marker)
CASES = [
    ("malformed TOML", broken('id = "q3"', 'id = "q3'), ["not valid TOML"], None, 'id = "q3'),
    (
        "duplicate TOML key",
        broken('id = "q21"', 'id = "q21"\nid = "q22"'),
        ["given twice"],
        None,
        'id = "q22"',
    ),
    (
        "unknown kind",
        broken('kind = "yes_no"\ntext = "Do you collect', 'kind = "maybe"\ntext = "Do you collect'),
        ["unknown kind 'maybe'", "yes_no"],
        "q10",
        None,
    ),
    (
        "no kind",
        broken('kind = "text"\nmax_words = 250\ntext = "How does', 'max_words = 250\ntext = "How does'),
        ["no `kind`"],
        "q14",
        None,
    ),
    ("duplicate question id", broken('id = "q19"', 'id = "q18"'), ["'q18' is used twice"], "q18", None),
    (
        "skip logic names a missing question",
        broken('question = "q10"', 'question = "q99"'),
        ["'q99'", "does not exist"],
        "q11",
        None,
    ),
    (
        "skip logic names a missing option",
        broken(
            'applies_when = { question = "q12", equals = "yes" }',
            'applies_when = { question = "q9", selected = "nope" }',
        ),
        ["option 'nope'", "does not have"],
        "q13",
        None,
    ),
    (
        "skip logic tests a question of the wrong kind",
        broken(
            'applies_when = { question = "q12", equals = "yes" }',
            'applies_when = { question = "q9", equals = "yes" }',
        ),
        ["not yes_no"],
        "q13",
        None,
    ),
    (
        "skip logic names a later question",
        broken(
            'applies_when = { question = "q10", equals = "yes" }',
            'applies_when = { question = "q12", equals = "yes" }',
        ),
        ["comes later"],
        "q11",
        None,
    ),
    (
        "missing wording",
        broken(
            'text = "What percentage of your GDP is allocated for ICT investment in the public sector? (Max. 250 words)"\n',
            "",
        ),
        ["question 18 has no wording"],
        "q18",
        None,
    ),
    (
        "negative word limit",
        broken(
            'max_words = 250\ntext = "Is your government offering',
            'max_words = -5\ntext = "Is your government offering',
        ),
        ["word limit must be a whole number above 0", "-5"],
        "q23",
        "max_words = -5",
    ),
    (
        "word limit disagrees with the wording",
        broken('max_words = 250\ntext = "If any, what kind', 'max_words = 200\ntext = "If any, what kind'),
        ["says 250 words", "200"],
        "q21",
        None,
    ),
    (
        "footnote that does not exist",
        broken("body[^9]", "body[^19]"),
        ["footnote 19", "does not define"],
        "q16",
        None,
    ),
    (
        "misspelt field",
        broken('id = "q14"', 'id = "q14"\nmax_word = 3'),
        ["unknown field `max_word`"],
        "q14",
        "max_word = 3",
    ),
    (
        "duplicate option id",
        broken('{ id = "robotics"', '{ id = "ai"'),
        ["option id 'ai' is used twice"],
        "q15",
        None,
    ),
    (
        "option with the wrong type",
        broken('{ id = "linkedin", text = "LinkedIn" }', '{ id = "linkedin", text = 5 }'),
        ["`text` must be text"],
        "x2",
        None,
    ),
    ("invalid id", broken('id = "q20"', 'id = "Q 20"'), ["not a valid id"], None, None),
    (
        "group that does not exist",
        broken(
            'group = "q5"\nkind = "urls"\ntext = "Health"', 'group = "q6"\nkind = "urls"\ntext = "Health"'
        ),
        ["names no group"],
        "q5c",
        None,
    ),
    (
        "section without questions",
        BUILTIN[: BUILTIN.index("[[sections]]")] + '[[sections]]\nid = "I"\ntitle = "Empty"\n',
        ["section has no questions"],
        None,
        None,
    ),
    (
        "not a definitions file",
        'name = "my app"\n[settings]\ncolour = "blue"\n',
        ["not an msq definitions file"],
        None,
        None,
    ),
    ("a newer format", broken("format_version = 1", "format_version = 9"), ["newer msq"], None, None),
]


@pytest.mark.parametrize(
    ("name", "text", "words", "question_id", "marker"), CASES, ids=[case[0] for case in CASES]
)
def test_broken_definitions_give_their_own_message(name, text, words, question_id, marker) -> None:
    questionnaire, problems = check_definitions_text(text, "broken.toml")
    errors = [problem for problem in problems if problem.severity == "error"]
    assert errors, f"{name}: no error reported"
    first = errors[0]
    for word in words:
        assert word in first.message, f"{name}: {first.message!r} lacks {word!r}"
    assert first.file == "broken.toml"
    if question_id is not None:
        assert first.question_id == question_id
    if marker is not None:
        assert first.line == line_of(text, marker)
    if first.line is not None:
        assert str(first).startswith(f"broken.toml:{first.line}: error")


def test_messages_differ_between_kinds_of_problem() -> None:
    messages = set()
    for _, text, *_ in CASES:
        _, problems = check_definitions_text(text, "broken.toml")
        messages.add(problems[0].message)
    assert len(messages) == len(CASES)


def test_unused_footnote_is_a_warning_not_an_error() -> None:
    text = broken("[footnotes]\n", '[footnotes]\n12 = "A note nobody refers to"\n')
    questionnaire, problems = check_definitions_text(text)
    assert questionnaire is not None
    assert [problem.severity for problem in problems] == ["warning"]
    assert "footnote 12 is never referred to" in problems[0].message


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "not an msq definitions file"),
        (b"\x00\xff\xfe\x01binary", "not UTF-8"),
        (b"[[[", "not valid TOML"),
    ],
)
def test_files_that_are_not_definitions(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "file.toml"
    path.write_bytes(content)
    questionnaire, problems = check_definitions(path)
    assert questionnaire is None
    assert words in problems[0].message


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "no such file" in check_definitions(tmp_path / "nope.toml")[1][0].message
    assert "is a folder" in check_definitions(tmp_path)[1][0].message


def test_load_raises_with_every_problem() -> None:
    with pytest.raises(DefinitionsError) as caught:
        load_definitions_text = broken('id = "q19"', 'id = "q18"')
        path = Path(__file__).parent / "_never_written.toml"
        try:
            path.write_text(load_definitions_text, encoding="utf-8")
            load_definitions(path)
        finally:
            path.unlink(missing_ok=True)
    assert "used twice" in str(caught.value)


def test_msq_check_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    assert "OK: MSQ 2020" in capsys.readouterr().out
    bad = tmp_path / "bad.toml"
    bad.write_text(broken('id = "q19"', 'id = "q18"'), encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    captured = capsys.readouterr()
    assert f"{bad}:" in captured.out and "[q18]" in captured.out and "used twice" in captured.out
    assert "Traceback" not in captured.out + captured.err
    assert main(["check", str(tmp_path / "absent.toml")]) == 1
    assert "no such file" in capsys.readouterr().out
