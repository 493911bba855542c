"""The digest's canonical JSON: msq's fast path writes exactly what rfc8785 writes, byte for byte,
and refuses what it refuses (the digest of every submission ever exported depends on it)."""

import pytest
import rfc8785
from hypothesis import example, given, settings
from hypothesis import strategies as st

from msq_tui.submission.document import canonical

_KEY_CHARACTERS = st.one_of(
    st.sampled_from("aZ_1 é\u00e9\ud7ff\ue000\uffff\U0001f600\U00010000"), st.characters(codec="utf-8")
)
_keys = st.text(alphabet=_KEY_CHARACTERS, max_size=6)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**60), max_value=2**60),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(), max_size=20),  # control characters and lone surrogates too
)
_documents = st.recursive(
    _scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(_keys, children, max_size=5)),
    max_leaves=25,
)


def _rfc8785_or_error(value: object) -> bytes | type:
    try:
        return rfc8785.dumps(value)
    except Exception as error:
        return type(error)


@settings(max_examples=300)
@given(_documents)
@example({"\ue000": 1, "\U0001f600": 2})  # code point order and UTF-16 order differ here
@example({"a": '\x00\x1f\x7f\u2028"\\/\b\f\n\r\t'})
@example({"n": 2**53 - 1, "m": -(2**53) + 1})
@example({"n": 2**53})
@example({"f": 1.0, "g": 1e21})
@example({"s": "\ud800"})
def test_canonical_is_rfc8785(document: object) -> None:
    expected = _rfc8785_or_error(document)
    if isinstance(expected, bytes):
        assert canonical(document) == expected  # type: ignore[arg-type]
    else:
        with pytest.raises(expected):
            canonical(document)  # type: ignore[arg-type]
