"""TOML read for files that come from people: a number thousands of digits long is named as such.

tomllib converts such a number with int(), whose error advises programmers to call
sys.set_int_max_str_digits(); here the message says what is wrong with the file, and on which line.
Absurd nesting raises RecursionError, as strict_json's does, for callers to word.
"""

import re
import tomllib
from typing import Any

from msq_tui.files.strict_json import MAX_NUMBER_DIGITS, number_too_long

_LONG_NUMBER = re.compile(rf"[0-9][0-9_]{{{MAX_NUMBER_DIGITS},}}")


class NumberTooLong(ValueError):
    """A number too long to read: ``digits`` long, on ``line``."""

    def __init__(self, digits: int, line: int):
        super().__init__(f"{number_too_long(digits)} (line {line})")
        self.digits = digits
        self.line = line


def loads(text: str) -> dict[str, Any]:
    """Parse ``text``; tomllib.TOMLDecodeError for bad syntax, NumberTooLong, RecursionError."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise
    except ValueError:  # not a syntax error: int() refused a number's length
        match = _LONG_NUMBER.search(text)
        if match is None:
            raise
        digits = len(match.group().replace("_", ""))
        line = text.count("\n", 0, match.start()) + 1
        raise NumberTooLong(digits, line) from None
