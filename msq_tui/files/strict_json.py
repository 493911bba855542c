"""JSON read strictly, for files that come from disks and colleagues: no duplicate keys, no NaN,
no number thousands of digits long.

Python's json module keeps the last of two equal keys and accepts NaN and Infinity; a draft or a
submission with either is damaged or forged, and is refused with a message that says which. A
number too long for Python to convert would otherwise fail with advice for programmers
(sys.set_int_max_str_digits()); here it is named for what it is.
"""

import json
from typing import Any


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} appears twice")
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"it holds {name}, which is not a JSON value")


# Python's own limit on converting decimal text to an integer; no msq file holds anything near it.
MAX_NUMBER_DIGITS = 4300


def number_too_long(digits: int) -> ValueError:
    return ValueError(f"it holds a number {digits:,} digits long, which no msq file does")


def _parse_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_NUMBER_DIGITS:
        raise number_too_long(digits)
    return int(text)


def loads(text: str) -> Any:
    """Parse ``text``; json.JSONDecodeError for bad syntax, ValueError for duplicates, NaN and
    numbers too long, RecursionError for absurd nesting (callers turn each into their own message)."""
    return json.loads(
        text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant, parse_int=_parse_int
    )
