"""Word counting: the one rule used wherever a word limit is shown or checked.

A word is a maximal run of non-space characters that contains at least one letter or digit, so
punctuation alone (" - ", "...") is not a word, while "e-government", "1.79%" and a bare address
such as "www.egovernment.ir" are one word each. Chinese, Japanese and Korean Han ideographs and
Japanese kana are written without spaces, so each of them counts as one word on its own (and
splits the run it stands in: "使用ICT技术" is 使 用 ICT 技 术, five words). Hangul, like every
other script, is counted by spaces.
"""

import re

# Han ideographs (unified, extensions A to H, compatibility) and Japanese kana (hiragana,
# katakana, katakana phonetic extensions, half-width katakana).
_HAN_AND_KANA = (
    "\u3040-\u309f"  # Hiragana
    "\u30a0-\u30ff"  # Katakana
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK unified ideographs extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9d"  # Half-width katakana
    "\U00020000-\U0002fa1f"  # Extensions B to F, compatibility supplement
    "\U00030000-\U000323af"  # Extensions G and H
)

# A word is one Han/kana character that is a letter or digit, or a maximal run of anything that
# is neither space nor Han/kana holding at least one letter or digit ([^\W_] is "alphanumeric").
# One pattern finds exactly the words, so counting is the regex engine's work alone (collecting
# thousands of submissions counts the words of every answer): the lazy prefix reaches the run's
# first letter or digit, the greedy tail takes the rest of the run, so a run is one match at most.
_WORD = re.compile(
    rf"(?=[{_HAN_AND_KANA}])[^\W_]|[^\s{_HAN_AND_KANA}]*?[^\W_{_HAN_AND_KANA}][^\s{_HAN_AND_KANA}]*"
)


def count_words(text: str) -> int:
    """Return the number of words in ``text`` by the MSQ rule described in this module.

    >>> count_words("Yes, there is.")
    3
    >>> count_words("中文测试")
    4
    """
    return len(_WORD.findall(text))


def describe_count(count: int, limit: int | None) -> str:
    """A count as people read it next to a text: "12 / 250 words", "260 / 250 words (10 over)",
    or "12 words" with no limit."""
    unit = "word" if count == 1 and limit is None else "words"
    if limit is None:
        return f"{count} {unit}"
    over = f" ({count - limit} over)" if count > limit else ""
    return f"{count} / {limit} {unit}{over}"
