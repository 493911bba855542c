"""The `contact` kind: a card of name, title, organization, e-mail and phone (or the fields the form asks)."""

from typing import Annotated, Literal

from pydantic import Field, JsonValue

from msq_tui.model.contact_checks import email_problem, phone_problem
from msq_tui.model.kinds.base import AnswerModel, Conflict, Kind, Merged, Question, Text
from msq_tui.model.kinds.reading import BLANK_HTML, BLANK_LINE, h, md_escape
from msq_tui.model.problems import Problem, problem
from msq_tui.model.wording import sentence_case

ContactField = Literal["name", "title", "organization", "email", "phone"]
CONTACT_FIELDS: tuple[ContactField, ...] = ("name", "title", "organization", "email", "phone")
CONTACT_FIELD_LABELS: dict[str, str] = {
    "name": "Name",
    "title": "Title",
    "organization": "Organization",
    "email": "E-mail",
    "phone": "Phone",
}
_FIELD_CHECKS = {"email": email_problem, "phone": phone_problem}


class ContactQuestion(Question):
    """A contact card: name, title, organization, e-mail and phone (or the fields the form asks)."""

    kind: Literal["contact"]
    fields: Annotated[list[ContactField], Field(min_length=1)] = list(CONTACT_FIELDS)


class ContactAnswer(AnswerModel):
    """A contact card's fields, each as typed."""

    name: Text = ""
    title: Text = ""
    organization: Text = ""
    email: Text = ""
    phone: Text = ""

    def is_empty(self) -> bool:
        return not any(value.strip() for value in self.model_dump().values())


def _same(a: str, b: str) -> bool:
    return a == b or (not a.strip() and not b.strip())


class ContactKind(Kind[ContactQuestion, ContactAnswer]):
    name = "contact"
    question_model = ContactQuestion
    answer_type = ContactAnswer
    answer_description = "a table of name, title, organization, email and phone"
    needs_number = False

    def is_empty(self, answer: ContactAnswer) -> bool:
        return answer.is_empty()

    def visible(self, question: ContactQuestion, answer: ContactAnswer) -> ContactAnswer:
        return answer.model_copy(
            update={
                field: value if field in question.fields and value.strip() else ""
                for field, value in answer.model_dump().items()
            }
        )

    def fit(
        self, question: ContactQuestion, answer: ContactAnswer, name: str
    ) -> tuple[ContactAnswer, JsonValue | None, str]:
        extra: dict[str, JsonValue] = {
            field: text
            for field, text in answer.model_dump().items()
            if field not in question.fields and text.strip()
        }
        if not extra:
            return answer, None, ""
        kept = answer.model_copy(update={field: "" for field in extra})
        labels = " or ".join(f"a {CONTACT_FIELD_LABELS[field].lower()}" for field in extra)
        return kept, extra, f"{name} does not ask for {labels}"

    def problems(
        self, question: ContactQuestion, answer: ContactAnswer, name: str, applies: bool
    ) -> list[Problem]:
        problems = []
        for field, value in answer.model_dump().items():
            label = CONTACT_FIELD_LABELS[field]
            if field not in question.fields:
                if value.strip():
                    said = f"{sentence_case(name)} does not ask for a {label.lower()}"
                    problems.append(Problem(question.id, "error", "unknown-field", said, part=field))
                continue
            if not value.strip():
                if applies:  # an empty field of a card that is asked: a warning, never an error
                    said = f"{label} is empty"
                    problems.append(problem(question.id, name, "warning", "unanswered", said, part=field))
                continue
            check = _FIELD_CHECKS.get(field)
            reason = check(value) if check else None
            if reason:
                problems.append(problem(question.id, name, "error", field, reason, where=label, part=field))
        return problems

    def text_lines(self, question: ContactQuestion, answer: ContactAnswer) -> list[str]:
        return [
            "",
            *(
                f"{CONTACT_FIELD_LABELS[field]}: {getattr(answer, field) or '(empty)'}"
                for field in question.fields
            ),
        ]

    def assessor_text(self, question: ContactQuestion, answer: ContactAnswer) -> str:
        return "\n".join(
            f"{CONTACT_FIELD_LABELS[field]}: {getattr(answer, field)}"
            for field in CONTACT_FIELD_LABELS
            if getattr(answer, field).strip()
        )

    def markdown(self, question: ContactQuestion, answer: ContactAnswer | None, blank: bool) -> list[str]:
        card = answer if answer is not None else ContactAnswer()
        lines = []
        for field in question.fields:
            value = getattr(card, field).strip()
            shown = md_escape(value) if value else (BLANK_LINE if blank else "")
            lines.append(f"- **{CONTACT_FIELD_LABELS[field]}:** {shown}")
        return [*lines, ""]

    def html(self, question: ContactQuestion, answer: ContactAnswer | None, blank: bool) -> list[str]:
        card = answer if answer is not None else ContactAnswer()
        parts = ['<dl class="contact">']
        for field in question.fields:
            value = getattr(card, field).strip()
            shown = h(value) if value else (BLANK_HTML if blank else "")
            parts.append(f"<dt>{h(CONTACT_FIELD_LABELS[field])}:</dt><dd>{shown}</dd>")
        parts.append("</dl>")
        return parts

    def merge(
        self, base: ContactAnswer | None, ours: ContactAnswer | None, theirs: ContactAnswer | None
    ) -> Merged | Conflict:
        """Field by field: one agency correcting the phone and another the e-mail is no conflict."""
        settled = super().merge(base, ours, theirs)
        if isinstance(settled, Merged) or ours is None or theirs is None:
            return settled
        merged: dict[str, str] = {}
        start = base if base is not None else ContactAnswer()
        for field in CONTACT_FIELDS:
            was, mine, other = getattr(start, field), getattr(ours, field), getattr(theirs, field)
            if _same(mine, other) or _same(other, was):
                merged[field] = mine
            elif _same(mine, was):
                merged[field] = other
            else:
                return settled  # the same field changed two ways: the whole card is the conflict
        card = ContactAnswer(**merged)
        return Merged(None if card.is_empty() else card)

    def unnumbered_name(self, section_id: str) -> str | None:
        return f"the contact card of section {section_id}"


KIND = ContactKind()
