"""Word counting: the documented table and properties of the rule."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from msq_tui.model.words import count_words, describe_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Yes, there is.", 3),
        ("e-government", 1),
        ("www.egovernment.ir", 1),
        ("1.79%", 1),
        ("سلام دنیا", 2),
        ("中文测试", 4),
        ("使用ICT技术", 5),
        (" - ", 0),
        ("", 0),
        ("...  —  !!", 0),
        ("안녕하세요 세계", 2),  # Hangul counts by spaces
        ("ひらがなカタカナ", 8),  # each kana is a word
        ("https://data.gov.ir/ is open", 3),
        ("می‌خواهم", 1),  # Persian with a zero-width non-joiner is one word
        ("e\u0301te", 1),  # combining marks stay inside their word
        ("👩‍👩‍👧 family", 1),  # an emoji alone is not a word
        ("one\ttwo\nthree\u00a0four", 4),  # tabs, new lines, no-break spaces separate words
        ("I.R. of Iran", 3),
    ],
)
def test_word_count_table(text: str, expected: int) -> None:
    assert count_words(text) == expected


words = st.text(
    alphabet=st.characters(categories=("L", "N"), exclude_characters="\u3000"), min_size=1, max_size=12
)


@given(st.text(max_size=300), st.from_regex(r"[A-Za-z0-9][A-Za-z0-9\-.%]{0,10}", fullmatch=True))
def test_adding_a_word_adds_one(text: str, word: str) -> None:
    assert count_words(text + " " + word) == count_words(text) + 1


@given(st.lists(st.from_regex(r"[a-zA-Z0-9]+", fullmatch=True), max_size=50))
def test_count_of_words_joined_by_spaces(parts: list[str]) -> None:
    assert count_words(" ".join(parts)) == len(parts)


@given(st.text(max_size=300), st.text(max_size=300))
def test_count_is_additive_across_a_space(first: str, second: str) -> None:
    assert count_words(first + " " + second) == count_words(first) + count_words(second)


@given(st.text(alphabet=st.characters(categories=("P", "S", "Z")), max_size=100))
def test_punctuation_symbols_and_spaces_alone_are_no_words(text: str) -> None:
    assert count_words(text) == 0


def test_describe_count() -> None:
    assert describe_count(12, 250) == "12 / 250 words"
    assert describe_count(1, None) == "1 word"
    assert describe_count(260, 250) == "260 / 250 words (10 over)"
    assert describe_count(2, None) == "2 words"


def _words_by_definition(text: str) -> int:
    """The rule as the module states it, spelled out step by step: split into tokens (one Han or
    kana character, or a run of neither space nor Han/kana), and count those holding a letter or digit."""
    import re

    from msq_tui.model.words import _HAN_AND_KANA

    tokens = re.findall(rf"[{_HAN_AND_KANA}]|[^\s{_HAN_AND_KANA}]+", text)
    return sum(1 for token in tokens if any(character.isalnum() for character in token))


_MIXED = st.text(
    alphabet=st.one_of(
        st.sampled_from("ab1 -._\t\n\u00a0\u200c使用技术ひらカ・ー゠中\u3000،؛"),
        st.characters(),
    ),
    max_size=80,
)


@given(_MIXED)
def test_count_follows_the_stated_rule(text: str) -> None:
    # count_words finds the words with one pattern (it is fast); this is the rule read plainly.
    assert count_words(text) == _words_by_definition(text)
