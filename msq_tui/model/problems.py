"""A problem of a response: what is wrong or missing, as data that screens read, not parse.

Each problem names the question, a short code, where in the answer it is (a URL entry's path, a
checklist option, a field) and says it three ways: in a list of problems (naming the question), under
its own question (which need not be named again), and next to the field it concerns.
"""

from dataclasses import dataclass
from typing import Literal

from msq_tui.model.wording import sentence_case

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong or missing in a response, tied to a question (and a part of its answer)."""

    question_id: str
    severity: Severity
    code: str  # for programs: "unanswered", "hidden", "shape", "url", "words", "unknown-option", ...
    message: str  # the whole sentence, naming the question: for lists (review, plain mode, msq sign)
    in_place: str = ""  # the sentence under its own question, which it need not name; "" = message
    reason: str = ""  # what is wrong, next to the part it concerns; "" = message
    part: str | None = (
        None  # "url", "label", "text", "detail", "option", "other", "explanation", "email", ...
    )
    entry: tuple[int, ...] | None = None  # a URL entry's path from 0: (1,) the second, (0, 2) a nested one
    option: str | None = None  # the option of a checklist or a choice

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def shown_in_place(self) -> str:
        return self.in_place or self.message

    @property
    def shown_at_part(self) -> str:
        return self.reason or self.message

    @property
    def field(self) -> str | None:
        """The part as one key ("url:0.1", "detail:sdgs", "email"): for jumping to it and marking it."""
        if self.part is None:
            return None
        if self.entry is not None:
            return f"{self.part}:{'.'.join(str(index) for index in self.entry)}"
        if self.option is not None:
            return f"{self.part}:{self.option}"
        return self.part


def problem(
    question_id: str,
    name: str,
    severity: Severity,
    code: str,
    reason: str,
    *,
    where: str = "",
    part: str | None = None,
    entry: tuple[int, ...] | None = None,
    option: str | None = None,
) -> Problem:
    """A problem said as "<Question>, <where>: <reason>" (or "<Question>: <reason>"), and in its
    shorter forms: "<Where>: <reason>" under the question, "<reason>" at the part."""
    if where:
        message, in_place = f"{sentence_case(name)}, {where}: {reason}", sentence_case(f"{where}: {reason}")
    else:
        message, in_place = f"{sentence_case(name)}: {reason}", sentence_case(reason)
    return Problem(question_id, severity, code, message, in_place, reason, part, entry, option)
