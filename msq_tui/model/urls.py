"""Web addresses as officials write them: what is accepted, and why something is not.

The questionnaire is full of bare addresses ("www.egovernment.ir", "gb.mporg.ir"), so a scheme is
optional; when one is given it must be http or https. The text is never rewritten: callers keep
exactly what was typed, and this module only says whether it can be read as a web address.
"""

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):(.*)$", re.DOTALL)
_PORT_AFTER_COLON = re.compile(r"^\d*(?:[/?#]|$)")
# A host label: letters or digits of any script, with inner hyphens (and underscores, which some
# government hosts really use).
_LABEL = re.compile(r"^[^\W_](?:[\w\-]*[^\W_])?$")
# Characters no address holds as they are (RFC 3986 has them percent-encoded, as %3C for <) and
# that would let an address break out of a link in a rendered document; with a hint each.
_REFUSED = {
    "<": "; if it is part of the address, write it as %3C",
    ">": "; if it is part of the address, write it as %3E",
    '"': "; if it is part of the address, write it as %22",
    "`": "; if it is part of the address, write it as %60",
    "\\": ": use / between the parts of an address",
}
_REFUSED_PATTERN = re.compile("[ " + re.escape("".join(_REFUSED)) + "]")  # and a space
_NAMES = {"<": "'<'", ">": "'>'", '"': 'a double quote (")', "`": "a backtick (`)", "\\": "a backslash (\\)"}


_CONTROL_NAMES = {"\t": "a tab", "\n": "a line break", "\r": "a line break (carriage return)"}


def _character_name(character: str) -> str:
    """How a message names ``character``; an invisible one by its code, never as itself (it would act)."""
    if character in _NAMES:
        return _NAMES[character]
    if unicodedata.category(character) == "Cf":
        return f"the invisible formatting character U+{ord(character):04X}"
    code = f"U+{ord(character):04X}"
    return (
        f"{_CONTROL_NAMES[character]} ({code})"
        if character in _CONTROL_NAMES
        else f"the control character {code}"
    )


def url_problem(text: str) -> str | None:
    """Return why ``text`` is not a web address, or None when it is one.

    Surrounding spaces are ignored (they are easy to paste by accident); an empty text is not an
    address problem (whether an entry needs a URL at all is decided elsewhere).
    """
    candidate = text.strip()
    if not candidate:
        return None
    # Printable ASCII (nearly every address) holds no control, formatting or space character:
    # only the refused few need looking for, by the regex engine (collect checks thousands).
    if not (candidate.isascii() and candidate.isprintable()) or _REFUSED_PATTERN.search(candidate):
        for character in candidate:
            if character in _REFUSED or unicodedata.category(character) in ("Cc", "Cf"):
                return f"a web address cannot hold {_character_name(character)}{_REFUSED.get(character, '')}"
        if any(character.isspace() for character in candidate):
            return "a web address has no spaces (put each address in an entry of its own)"

    scheme_match = _SCHEME.match(candidate)
    # "www.gov.ir:8080/x" has a port, not a scheme; "javascript:alert(1)" has a scheme.
    if scheme_match and (
        scheme_match.group(2).startswith("//") or not _PORT_AFTER_COLON.match(scheme_match.group(2))
    ):
        scheme = scheme_match.group(1).lower()
        if scheme not in ("http", "https"):
            return f"only http:// and https:// addresses are accepted, not '{scheme_match.group(1)}:'"
        if not scheme_match.group(2).startswith("//"):
            return f"'{scheme}:' needs '//' before the host, as in https://www.example.gov"
        to_parse = candidate
    else:
        if candidate.startswith("//"):
            candidate = candidate[2:]
        to_parse = "http://" + candidate

    try:
        parts = urlsplit(to_parse)
    except ValueError as error:  # e.g. an unbalanced "[" in an IPv6 host
        return f"it cannot be read as a web address ({error})"

    netloc = parts.netloc.rsplit("@", 1)[-1]
    if not netloc:
        return "no host is given: write the site's name, as in www.example.gov"
    try:
        _ = parts.port  # reading it raises for a port that is not a number or out of range
    except ValueError:
        return "the port is not a number from 0 to 65535"

    host = parts.hostname or ""
    if not host:
        return "no host is given: write the site's name, as in www.example.gov"
    if netloc.startswith("["):
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            return f"'{host}' is not a valid IPv6 address"
        return None
    if re.fullmatch(r"[\d.]+", host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            return f"'{host}' is not a valid IP address"
        return None
    if "." not in host.strip("."):
        return f"the host '{host}' has no dot: give the site's full name, as in www.example.gov"
    labels = host.rstrip(".").split(".")
    for label in labels:
        if not label:
            return f"the host '{host}' has an empty part between two dots"
        if len(label) > 63:
            return f"the host '{host}' has a part longer than 63 characters"
        if not _LABEL.match(label):
            return f"the host '{host}' has a character that a host name cannot hold"
    if labels[-1].isdigit():
        return f"the host '{host}' ends in a number, which no domain does"
    return None


def is_url(text: str) -> bool:
    """True when ``text`` (not empty) can be read as a web address."""
    return bool(text.strip()) and url_problem(text) is None


def href(text: str) -> str:
    """A link target for an address as typed: bare addresses get http://, the text is unchanged."""
    candidate = text.strip()
    if re.match(r"^https?://", candidate, re.IGNORECASE):
        return candidate
    return "http://" + candidate.removeprefix("//")


# What may stand between a label and its address on a pasted line: "Portal – www.x.gov", "Portal: ...".
_LABEL_EDGES = " \t-–—:|•·,;"
_WORD = re.compile(r"\S+")


def _looks_like_address(word: str) -> bool:
    """A word meant as an address, not just a word with a dot ("e.g.", "No.5"): a scheme, www., or a real top-level name."""
    if not is_url(word):
        return False
    if re.match(r"^(https?://|www\.)", word, re.IGNORECASE):
        return True
    host = urlsplit("http://" + word.removeprefix("//")).hostname or ""
    top = host.rstrip(".").rsplit(".", 1)[-1]
    return len(top) >= 2 and top.isalpha()


def split_pasted_line(line: str) -> tuple[str, str]:
    """A pasted line as (address, label): its first word that is a web address, and the text around it.

    "Ministry of Energy – http://www.moe.gov.ir/" gives ("http://www.moe.gov.ir/", "Ministry of
    Energy"); a line without an address is all label. The words are kept as they were.
    """
    for match in _WORD.finditer(line):
        word = match.group().strip("<>()[]\"'").rstrip(".,;:")  # the punctuation of the sentence around it
        if _looks_like_address(word):
            before, after = (
                line[: match.start()].rstrip(_LABEL_EDGES),
                line[match.end() :].lstrip(_LABEL_EDGES),
            )
            label = f"{before} {after}".strip() if before and after else (before or after).strip()
            return word, label.strip(_LABEL_EDGES)
    return "", line.strip()
