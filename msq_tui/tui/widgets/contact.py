"""The widget for a `contact` question: a card of name, title, organization, e-mail and phone."""

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Input, Label, Static

from msq_tui.model.kinds.contact import CONTACT_FIELD_LABELS, ContactAnswer, ContactQuestion
from msq_tui.model.problems import Problem
from msq_tui.tui.widgets.base import QuestionWidget, focus_now
from msq_tui.tui.widgets.fields import CompactInput

PLACEHOLDERS = {
    "name": "Full name",
    "title": "Position",
    "organization": "Ministry, agency or office",
    "email": "name@agency.gov (several: separate with ;)",
    "phone": "+98 21 8838 6301",
}


class ContactInput(CompactInput):
    def __init__(self, field: str, value: str, read_only: bool) -> None:
        super().__init__(value=value, placeholder=PLACEHOLDERS[field], disabled=read_only)
        self.field = field
        if field == "email":
            self.LINE_SEPARATOR = "; "  # a list of addresses pasted one a line: several, as the form asks


class ContactCard(QuestionWidget):
    """Each field checked as typed by the model's rules (e-mail and phone)."""

    question: ContactQuestion  # made for contact questions only

    KEY_HELP = "Enter or Tab goes to the next field. Several e-mail addresses: separate them with ; (lines pasted are joined so)."

    DEFAULT_CSS = """
    ContactCard .contact-row { height: 1; width: 1fr; }
    ContactCard .contact-row > Label { width: 14; }
    ContactCard .contact-row > Input { width: 1fr; }
    ContactCard .field-problem { padding-left: 14; }
    """

    def compose_editor(self) -> ComposeResult:
        card = self.answer if isinstance(self.answer, ContactAnswer) else ContactAnswer()
        for field in self.question.fields:
            with Horizontal(classes="contact-row"):
                yield Label(f"{CONTACT_FIELD_LABELS[field]}:")
                yield ContactInput(field, getattr(card, field), self.read_only)
            problem = Static("", classes="field-problem", name=field)
            problem.display = False
            yield problem

    def _card(self) -> ContactAnswer:
        values = {field_input.field: field_input.value for field_input in self.query(ContactInput)}
        return ContactAnswer(**values)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        card = self._card()
        answer = None if card.is_empty() else card
        if answer == self.answer:
            return  # the value it was given when mounted: nothing changed
        self.post_answer(answer)

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    def mark_fields(self, problems_by_field: dict[str, Problem]) -> set[str]:
        for field_input in self.query(ContactInput):
            problem = problems_by_field.get(field_input.field)
            field_input.set_class(problem is not None, "-invalid")
        for line in self.query(".field-problem").results(Static):
            problem = problems_by_field.get(line.name or "")
            message = problem.shown_at_part if problem is not None else ""
            if message != getattr(line, "shown_message", ""):
                line.shown_message = message  # type: ignore[attr-defined]
                line.update(Content(f"✗ {message}" if message else ""))  # a mark, not colour alone (NO_COLOR)
                line.display = problem is not None
        return set(problems_by_field)

    def focus_field(self, field: str | None) -> bool:
        for field_input in self.query(ContactInput):
            if field is None or field_input.field == field:
                focus_now(field_input)
                return True
        return self.focus_first()
