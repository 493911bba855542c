"""Text from a file or an answer made safe to show: its control characters are seen, never obeyed.

A submission, a draft or a definitions file can hold escape sequences (ESC [2J clears a screen,
OSC 52 fills the clipboard, ESC c resets the terminal) and line breaks that forge a line of output.
Everything msq prints from such a file, and every document it renders, passes through `visible`,
which writes each C0 and C1 control character (and DEL) as a Python-style escape such as ``\\x1b``
(and a lone surrogate, which cannot be written at all, as ``\\udcff``).
"""

import re

# C0 (U+0000-U+001F), DEL (U+007F) and C1 (U+0080-U+009F): the characters terminals act on. And
# lone surrogates (a file name's undecodable bytes, a JSON "\ud800"), which no terminal can be sent.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_BUT_LAYOUT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")  # keeps \t (09) and \n (0a)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    code = ord(character)
    return _NAMED.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str, *, layout: bool = False) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``, ``\\r``, ``\\n``).

    With ``layout``, line breaks and tabs are kept as they are, for a text meant to span lines (an
    answer, a rendered document); a Windows line end (CR LF) counts as one line break. Without it
    the result is always one line, so a value from a file cannot start a line of its own.
    """
    if layout:
        return _CONTROL_BUT_LAYOUT.sub(_escape, text.replace("\r\n", "\n"))
    return _CONTROL.sub(_escape, text)


_CONTROL_JSON_LEAVES = re.compile("[\x7f-\x9f]")  # json.dumps escapes C0 itself


def visible_json(text: str) -> str:
    """JSON text (from json.dumps) with DEL and the C1 characters, which json leaves as they are,
    written as ``\\u0085``-style escapes: the same JSON value, and nothing a terminal acts on."""
    return _CONTROL_JSON_LEAVES.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
