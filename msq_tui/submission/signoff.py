"""Sign-off: who answers for the response, the checks on their details, and reopening for a new revision."""

from dataclasses import asdict
from datetime import UTC, datetime

from msq_tui.model.answers import SIGNER_FIELD_LIMIT, Response, Signer, SignOff, utc_now
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.problems import Problem
from msq_tui.model.validation import errors, validate_response
from msq_tui.model.wording import sentence_case


class SignOffBlocked(Exception):
    """Sign-off refused while errors stand; `problems` lists them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        lines = "\n".join(f"  - {problem.message}" for problem in problems)
        super().__init__(
            f"Sign-off is blocked by {count} error{'s' if count != 1 else ''}; fix {'it' if count == 1 else 'them'} first:\n{lines}"
        )


def signer_from_contact(questionnaire: Questionnaire, response: Response) -> Signer:
    """The signer's details as the contact section gives them (for pre-filling)."""
    question = questionnaire.questions_by_id.get("contact")
    card = response.answer(question) if question is not None else None
    if card is None:
        return Signer("", "", "", "")
    return Signer(card.name, card.title, card.organization, card.email).stripped()


# Characters that break a line or control a terminal: a sign-off holding one would split the
# From line of the e-mail, or print differently from what was signed.
_CONTROL_CATEGORIES = ("Cc", "Zl", "Zp")
_CONTROL_NAMES = {
    "\r": "a line break (CR)",
    "\n": "a line break (LF)",
    "\t": "a tab",
    "\x1b": "an escape character (ESC)",
}


def control_character(text: str) -> str | None:
    """The first line break or other control character in ``text``, named for a message; None when none."""
    import unicodedata

    for character in text:
        if unicodedata.category(character) in _CONTROL_CATEGORIES:
            return _CONTROL_NAMES.get(character, f"a control character (U+{ord(character):04X})")
    return None


def one_line(text: str) -> str:
    """``text`` with line breaks and control characters as single spaces (for a mail header)."""
    import unicodedata

    return " ".join(
        "".join(" " if unicodedata.category(c) in _CONTROL_CATEGORIES else c for c in text).split()
    )


def signer_problems(signer: Signer) -> list[str]:
    """What is missing or wrong in the signer's details."""
    from msq_tui.model.contact_checks import email_problem

    fields = (
        ("name", signer.name),
        ("title", signer.title),
        ("organization", signer.organization),
        ("e-mail", signer.email),
    )
    messages = [f"the signer's {label} is missing" for label, value in fields if not value.strip()]
    for label, value in fields:
        found = control_character(value.strip())  # a line break at either end is trimmed anyway
        if found:
            messages.append(
                f"the signer's {label} holds {found}: give it on one line, without control characters"
            )
        if len(value.strip()) > SIGNER_FIELD_LIMIT:
            messages.append(
                f"the signer's {label} is {len(value.strip()):,} characters long: {SIGNER_FIELD_LIMIT} at most"
            )
    if signer.email.strip() and not control_character(signer.email.strip()):
        reason = email_problem(signer.email)
        if reason:
            messages.append(f"the signer's e-mail: {reason}")
    return messages


def sign_off(
    questionnaire: Questionnaire,
    response: Response,
    signer: Signer,
    publish: bool,
    now: datetime | None = None,
) -> Response:
    """The response signed off: read-only, with its signer and time. Raises SignOffBlocked or ValueError."""
    if response.is_signed:
        raise ValueError(
            f"revision {response.revision} is signed off already; reopen it to make a new revision"
        )
    blocking = errors(validate_response(questionnaire, response))
    if blocking:
        raise SignOffBlocked(blocking)
    wrong = signer_problems(signer)
    if wrong:
        text = "; ".join(wrong)
        raise ValueError(sentence_case(text))
    moment = (now or utc_now()).astimezone(UTC).replace(microsecond=0)
    signoff = SignOff(
        **asdict(signer.stripped()), publish=publish, signed_at=moment, revision=response.revision
    )
    return response.model_copy(update={"status": "signed", "signoff": signoff, "updated": moment})


def signed_response_problems(questionnaire: Questionnaire, response: Response) -> list[str]:
    """Why a response marked signed off may not be sealed, judged again from scratch (an imported
    or hand-edited draft may claim a sign-off that `sign_off` would have refused)."""
    if response.signoff is None:
        return ["it has no sign-off"]
    signoff = response.signoff
    reasons = [problem.message for problem in errors(validate_response(questionnaire, response))]
    reasons += [sentence_case(reason) for reason in signer_problems(signoff.signer)]
    if signoff.revision != response.revision:
        reasons.append(
            f"The sign-off is for revision {signoff.revision}, the draft is revision {response.revision}"
        )
    return reasons


def reopen(response: Response) -> Response:
    """A new revision to edit; it must be signed off again. Earlier exports stay valid."""
    if not response.is_signed:
        return response
    return response.model_copy(
        update={"status": "draft", "signoff": None, "revision": response.revision + 1, "updated": utc_now()}
    )
