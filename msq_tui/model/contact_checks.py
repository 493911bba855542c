"""Checks of the contact card's e-mail and phone fields, with messages a respondent can act on.

Respondents often give two addresses or two numbers in one field (the reference response does),
so both fields accept several values separated by ";" or ",". E-mail syntax is judged by the
email-validator library, offline (no DNS look-up ever).
"""

import re

_SEPARATORS = re.compile(r"[;,]")
_PHONE_CHARACTERS = re.compile(r"^[0-9+()\-./ \u00a0]*(?:(?:ext\.?|x)\s*[0-9]+)?$", re.IGNORECASE)


def email_problem(text: str) -> str | None:
    """Return why ``text`` is not one or more e-mail addresses, or None when it is fine (or empty)."""
    if not text.strip():
        return None
    from email_validator import EmailNotValidError, validate_email  # loaded on first use only

    for part in _SEPARATORS.split(text):
        address = part.strip()
        if not address:
            continue
        if " " in address:
            return f"'{address}' holds a space: separate several addresses with ';'"
        try:
            validate_email(address, check_deliverability=False)
        except EmailNotValidError as error:
            return f"'{address}' is not an e-mail address: {_continued(str(error))}"
    return None


def phone_problem(text: str) -> str | None:
    """Return why ``text`` is not one or more phone numbers, or None when it is fine (or empty).

    A number is digits with the usual + ( ) - . / and spaces, at least six digits, with an
    optional extension ("ext. 12"). Several numbers may be separated by ";" or ",".
    """
    if not text.strip():
        return None
    for part in _SEPARATORS.split(text):
        number = part.strip()
        if not number:
            continue
        if not _PHONE_CHARACTERS.match(number):
            return (
                f"'{number}' holds characters a phone number cannot: use digits, spaces and + ( ) -,"
                " with the country code, as in +98 21 8838 6301"
            )
        digits = sum(character.isdigit() for character in number)
        if digits < 6:
            return f"'{number}' has only {digits} digits: give the full number with its country code"
        if digits > 40:
            return f"'{number}' has {digits} digits: separate several numbers with ';'"
    return None


def _continued(sentence: str) -> str:
    """The library's sentence ("The part after the @-sign is not valid.") continuing ours after a
    colon: its first letter lowered, unless the word is an abbreviation ("IDNA ...")."""
    if sentence[:1].isupper() and sentence[1:2].islower():
        return sentence[:1].lower() + sentence[1:]
    return sentence
