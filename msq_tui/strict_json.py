"""JSON read strictly, for files that come from disks and colleagues: no duplicate keys, no NaN.

Python's json module keeps the last of two equal keys and accepts NaN and Infinity; a draft or a
submission with either is damaged or forged, and is refused with a message that says which.
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


def loads(text: str) -> Any:
    """Parse ``text``; json.JSONDecodeError for bad syntax, ValueError for duplicates and NaN,
    RecursionError for absurd nesting (callers turn each into their own message)."""
    return json.loads(text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant)
