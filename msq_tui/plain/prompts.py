"""How each kind of question is said and answered in plain mode: its header, its current answer, its prompt.

The one module of plain mode that knows the question kinds: a text, a yes/no, a URL list (changed
through model/url_tree.py, as in the TUI), a contact card and a checklist have dialogues of their own
(`_DIALOGUES`); any other kind is answered on one line, as the kind itself reads one.
"""

from typing import NamedTuple

from msq_tui.model import url_tree
from msq_tui.model.answers import is_answered
from msq_tui.model.kinds import kind_of
from msq_tui.model.kinds.base import Question
from msq_tui.model.kinds.checklist import OTHER_OPTION, ChecklistAnswer, ChecklistQuestion
from msq_tui.model.kinds.contact import CONTACT_FIELD_LABELS, ContactAnswer, ContactQuestion
from msq_tui.model.kinds.text import TextQuestion
from msq_tui.model.kinds.urls import UrlEntry, UrlsQuestion
from msq_tui.model.kinds.yes_no import YesNoQuestion
from msq_tui.model.validation import errors, question_problems
from msq_tui.model.wording import footnote_numbers, plain
from msq_tui.plain.console import Command, EndOfInput, PlainConsole, command_in, unescape
from msq_tui.plain.editor import edit_in_editor

# The URL tree's reasons for not nesting, said for plain mode's '>' (the entry is not kept).
NESTING_REFUSED = {
    url_tree.NO_ENTRY_ABOVE: "There is no entry above to nest this under: type it without '>'.",
    url_tree.NOT_NESTED_LIST: "This list takes no nested entries: type the entry without '>'.",
}


class Dialogue(NamedTuple):
    """Plain mode's own dialogue for a kind: the methods that ask it and say how to answer it, and
    whether its answer shows in its numbered options rather than as "Current answer"."""

    ask: str
    how: str
    shows_options: bool = False


# By the kind's name. Any other kind is answered on one line, as the kind itself reads one
# (`Kind.line_prompt`, `Kind.line_answer`): a new kind needs nothing here.
_DIALOGUES = {
    "text": Dialogue("ask_text", "how_text"),
    "yes_no": Dialogue("ask_yes_no", "how_yes_no"),
    "urls": Dialogue("ask_urls", "how_urls"),
    "contact": Dialogue("ask_contact", "how_contact"),
    "checklist": Dialogue("ask_checklist", "how_checklist", shows_options=True),
}


class QuestionPrompts(PlainConsole):
    """Saying the current question and taking its answer, by kind."""

    # -- Saying the question ------------------------------------------------------------------------

    def header(self) -> list[str]:
        question = self.question
        section = self.questionnaire.section_of(question.id)
        counted = (
            question
            if not question.part_of
            else self.questionnaire.questions_by_id.get(question.part_of, question)
        )
        position = self.counted.index(counted) + 1 if counted in self.counted else 0
        name = self._name(question)
        lines = []
        group = self.questionnaire.group(question.group) if question.group else None
        if group is not None:
            lines.append(f"Question {group.number}: {plain(group.text)}")
        wording = plain(question.text).strip()
        head = f"Section {section.id}, {plain(section.title)}. {name} ({position} of {len(self.counted)})"
        limit = next(
            (limit for _, limit, where, _ in kind_of(question).word_limits(question) if where == "text"), None
        )
        if limit:
            wording += f" Limit {limit} words."
        lines.append(f"{head}: {wording}" if wording else f"{head}.")
        if footnote_numbers(question.text) or any(
            footnote_numbers(text) for _, text in question.wording_texts()
        ):
            lines.append("This question has footnotes: :notes reads them.")
        for problem in question_problems(self.questionnaire, self.session.response, question.id):
            if problem.code in ("carried", "conflict"):  # to know before answering; the rest come after
                lines.append(f"Note: {problem.message.replace('alt+k', ':keep')}.")
        return lines

    def current_answer_lines(self) -> list[str]:
        question = self.question
        value = self.answers.get(question.id)
        if not is_answered(question, value):
            return ["Current answer: (empty)"]
        answer = self.session.response.answer(question)
        if answer is None:
            return [
                "Current answer: one that does not fit this question (:review says why; a new answer replaces it)"
            ]
        summary, *lines = kind_of(question).text_lines(question, answer)
        return [
            f"Current answer: {summary}" if summary else "Current answer:",
            *(f"  {line}" for line in lines),
        ]

    def checklist_lines(self, question: ChecklistQuestion) -> list[str]:
        answer = self.session.response.answer(question) or ChecklistAnswer()
        lines = [plain(question.lead)] if question.lead else []
        for number, option_id in enumerate(question.option_ids, 1):
            mark = "[x]" if option_id in answer.selected else "[ ]"
            line = f"{number} {mark} {plain(question.option_text(option_id))}"
            if option_id == OTHER_OPTION and answer.other.strip():
                line += f": {answer.other}"
            detail = answer.details.get(option_id, "")
            if detail.strip():
                line += f". Detail: {detail}"
            elif option_id != OTHER_OPTION and self._takes_detail(question, option_id):
                line += " (takes a detail)"
            lines.append(line)
        if question.explanation is not None:
            explanation = answer.explanation.strip() or "(empty)"
            # The form prints it in brackets, "(If any checked, ...)": read inside ours, once.
            prompt = plain(question.explanation.text).strip()
            if prompt.startswith("(") and prompt.endswith(")"):
                prompt = prompt[1:-1].strip()
            lines.append(
                f"Explanation ({prompt}; limit {question.explanation.max_words} words): {explanation}"
            )
        return lines

    @staticmethod
    def _takes_detail(question: ChecklistQuestion, option_id: str) -> bool:
        return any(option.id == option_id and option.detail for option in question.options)

    def how_to_answer(self) -> str:
        question = self.question
        dialogue = _DIALOGUES.get(question.kind)
        if dialogue is None:
            return kind_of(question).line_prompt(question, self.session.response.answer(question))[-1]
        return getattr(self, dialogue.how)(question)

    _KEEP = "An empty line keeps the current answer."

    def how_text(self, question: TextQuestion) -> str:
        return f"Type the text; end it with a line holding a single '.'; or :edit. {self._KEEP}"

    def how_yes_no(self, question: YesNoQuestion) -> str:
        return f"Type y for yes or n for no. {self._KEEP}"

    def how_urls(self, question: UrlsQuestion) -> str:
        nesting = " '> ' in front nests an entry under the one above." if question.nested else ""
        return f"Type one entry a line, as 'URL label' or a label alone;{nesting} An empty line ends the list. {self._KEEP}"

    def how_contact(self, question: ContactQuestion) -> str:
        return "Each field is asked in turn: type its value, an empty line keeps it, '-' empties it."

    def how_checklist(self, question: ChecklistQuestion) -> str:
        parts = ["Type option numbers to check or uncheck them"]
        if any(option.detail for option in question.options):
            parts.append("'d N' for option N's detail")
        if question.explanation is not None:
            parts.append("'e' for the explanation")
        return ", ".join(parts) + "; an empty line goes on."

    def present(self) -> None:
        question = self.question
        lines = self.header()
        dialogue = _DIALOGUES.get(question.kind)
        if dialogue is None:  # answered on one line: its options as they stand
            lines += kind_of(question).line_prompt(question, self.session.response.answer(question))[:-1]
        elif dialogue.shows_options:
            assert isinstance(question, ChecklistQuestion)  # the one dialogue that shows its options
            lines += self.checklist_lines(question)
        else:
            lines += self.current_answer_lines()
        lines.append(self.how_to_answer())
        self.say(*lines)

    # -- Taking the answer --------------------------------------------------------------------------

    def ask(self) -> Command | None:
        """Take the current question's answer; a command typed instead, or None to go on to the next question."""
        question = self.question
        dialogue = _DIALOGUES.get(question.kind)
        if dialogue is None:
            return self.ask_line(question)
        return getattr(self, dialogue.ask)(question)

    def read_text_block(self, first: str | None = None, question: Question | None = None) -> str | None:
        """Lines up to one holding a single '.', joined; None after :cancel. End of input ends the text."""
        lines = [] if first is None else [unescape(first)]
        if question is not None:
            self.in_progress = lambda: (question, "\n".join(lines) or None)
        try:
            return self._read_text_lines(lines)
        finally:
            self.in_progress = None

    def _read_text_lines(self, lines: list[str]) -> str | None:
        while True:
            try:
                line = self.read()
            except EndOfInput:
                if lines:
                    self.pending_end = True
                    return "\n".join(lines)
                raise
            if line == ".":
                return "\n".join(lines)
            if line.strip().lower() == ":cancel":
                self.say("Cancelled: the answer is as it was.")
                return None
            lines.append(unescape(line))

    pending_end = False

    def ask_text(self, question: TextQuestion) -> Command | None:
        line = self.read()
        if line == "":
            return None
        command = command_in(line)
        if command is not None and command.name != "edit":
            return command
        if command is not None:
            text = edit_in_editor(self.session.response.answer(question) or "", self.say)
            if text is None:
                return Command("again")
        else:
            text = self.read_text_block(line, question)
            if text is None:
                return Command("again")
        if not self.writable():
            return None
        return self._after(self.commit(text if text.strip() else None))

    def ask_yes_no(self, question: YesNoQuestion) -> Command | None:
        while True:
            line = self.read()
            command = command_in(line)
            if command is not None:
                return command
            word = line.strip().lower()
            if word == "":
                return None
            if word in ("y", "yes", "n", "no"):
                if not self.writable():
                    return None
                return self._after(self.commit("yes" if word.startswith("y") else "no"))
            self.say("Type y for yes or n for no (an empty line keeps the answer).")

    def ask_urls(self, question: UrlsQuestion) -> Command | None:
        """One entry a line, '> ' in front nesting it under the entry above: the list is changed
        through the URL tree's model, as the TUI's is."""
        entries: list[UrlEntry] = []
        # What is typed so far, for a signal that ends msq before the list's empty line.
        self.in_progress = lambda: (question, list(entries) or None)
        try:
            while True:
                line = self.read_or_finish(bool(entries))
                if line is None or line.strip() == "":
                    break
                if not entries:
                    command = command_in(line)
                    if command is not None:
                        return command
                elif line.strip().lower() == ":cancel":
                    self.say("Cancelled: the answer is as it was.")
                    return Command("again")
                text = unescape(line)
                nested = text.lstrip().startswith(">")
                edit = url_tree.append(
                    entries, url_tree.entry_from_line(text.lstrip()[1:] if nested else text)
                )
                if nested:
                    edit = url_tree.nest(edit.entries, edit.focus, question.nested)
                    if not edit.changed:
                        self.say(NESTING_REFUSED.get(edit.refusal, edit.refusal))
                        continue
                entries = edit.entries
        finally:
            self.in_progress = None
        if not entries:
            return None
        if not self.writable():
            return None
        count = url_tree.count(entries)
        self.say(f"{count} entr{'y' if count == 1 else 'ies'} given.")
        return self._after(self.commit(entries))

    def ask_contact(self, question: ContactQuestion) -> Command | None:
        answer = self.session.response.answer(question) or ContactAnswer()
        values = answer.model_dump()
        changed = False
        for position, field in enumerate(question.fields):
            current = values[field]
            self.say(f"{CONTACT_FIELD_LABELS[field]}{f' (now {current})' if current else ''}:")
            line = self.read_or_finish(changed)
            if line is None:
                break
            command = command_in(line)
            if command is not None:
                if position == 0:
                    return command
                if command.name == "cancel":
                    self.say("Cancelled: the answer is as it was.")
                    return Command("again")
            if line.strip() == "":
                continue
            values[field] = "" if line.strip() == "-" else unescape(line).strip()
            changed = True
        if not changed:
            return None
        if not self.writable():
            return None
        card = ContactAnswer(**values)
        return self._after(self.commit(None if card.is_empty() else card))

    def ask_checklist(self, question: ChecklistQuestion) -> Command | None:
        ids = question.option_ids
        while True:
            try:
                line = self.read()
            except EndOfInput:
                raise
            command = command_in(line)
            if command is not None:
                return command
            text = line.strip()
            if text == "":
                return None
            if not self.writable():
                return None
            answer = (self.session.response.answer(question) or ChecklistAnswer()).model_copy(deep=True)
            word, _, rest = text.partition(" ")
            if word.lower() == "d":
                number, _, detail = rest.strip().partition(" ")
                option_id = self._option(ids, number)
                if option_id is None:
                    continue
                if option_id == OTHER_OPTION or not self._takes_detail(question, option_id):
                    self.say(
                        f"Option {number} takes no detail{' (its text is asked when it is checked)' if option_id == OTHER_OPTION else ''}."
                    )
                    continue
                if not detail:
                    self.say(f"Type the detail for option {number}; end it with a line holding a single '.'.")
                    block = self.read_text_block()
                    if block is None:
                        continue
                    detail = block
                answer.details[option_id] = detail.strip()
                if not detail.strip():
                    answer.details.pop(option_id, None)
                self.say(f"Detail for option {number} {'set' if detail.strip() else 'removed'}.")
            elif word.lower() == "e" and not rest:
                if question.explanation is None:
                    self.say("This question asks for no explanation.")
                    continue
                self.say(
                    f"Type the explanation (limit {question.explanation.max_words} words); end it with a line holding a single '.'."
                )
                block = self.read_text_block()
                if block is None:
                    continue
                answer.explanation = block
                self.say("Explanation set." if block.strip() else "Explanation removed.")
            else:
                numbers = text.replace(",", " ").split()
                chosen = [self._option(ids, number) for number in numbers]
                if None in chosen:
                    continue
                for number, option_id in zip(numbers, chosen, strict=True):
                    assert option_id is not None
                    if option_id in answer.selected:
                        answer.selected.remove(option_id)
                        self.say(f"Unchecked {number}: {plain(question.option_text(option_id))}.")
                    else:
                        answer.selected.append(option_id)
                        self.say(f"Checked {number}: {plain(question.option_text(option_id))}.")
                        if option_id == OTHER_OPTION:
                            assert question.other is not None
                            limit = (
                                f" (limit {question.other.max_words} words)"
                                if question.other.max_words
                                else ""
                            )
                            self.say(
                                f"Type the text of {plain(question.other.label)}{limit} on one line (an empty line keeps it):"
                            )
                            other = self.read_or_finish(True) or ""
                            if other.strip():
                                answer.other = unescape(other).strip()
                # keep the form's order, as the TUI does
                answer.selected = [option for option in ids if option in answer.selected] + [
                    option for option in answer.selected if option not in ids
                ]
            problems = self.commit(None if answer.is_empty() else answer)
            if self.pending_end:
                raise EndOfInput()
            if errors(problems):
                self.say("Change it again to correct it, or go on.")

    def _option(self, ids: list[str], number: str) -> str | None:
        if number.isdigit() and 1 <= int(number) <= len(ids):
            return ids[int(number) - 1]
        self.say(f"'{number}' is not an option number: type a number from 1 to {len(ids)}.")
        return None
