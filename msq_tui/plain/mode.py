"""Plain mode: the questionnaire as lines on standard input and output, for screen readers, braille and scripts.

No cursor movement, no colour, no redraw: every line is printed once, and every text that comes
from a file or an answer passes through `visible`, so nothing here writes an escape sequence. The
answers go through the same DraftSession as the TUI's (drafts, autosave, lock, history, signals)
and are judged by validation.py, whose messages are printed as they are.
"""

import os
import shlex
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from typing import Any, TextIO

from msq_tui.files.terminal_text import visible
from msq_tui.model.answers import ChecklistAnswer, ContactAnswer, UrlEntry, is_answered
from msq_tui.model.definitions import (
    CONTACT_FIELD_LABELS,
    OTHER_OPTION,
    AnyQuestion,
    ChecklistQuestion,
    ContactQuestion,
    Questionnaire,
    TextQuestion,
    UrlsQuestion,
    YesNoQuestion,
    footnote_numbers,
    plain,
)
from msq_tui.model.validation import (
    Problem,
    carried_problems,
    errors,
    progress,
    validate_answer,
    validate_response,
)
from msq_tui.store.drafts import DraftStore
from msq_tui.store.errors import DamagedDraft, DraftError, DraftLocked
from msq_tui.store.session import DraftSession

EXIT_OK, EXIT_PROBLEM = 0, 1
EXIT_SECONDS = 4.5  # a signal ends plain mode within this, as it does the TUI

HELP = (
    "Commands (type them on a line of their own, where an answer could start):",
    "  :next  the next question          :back  the previous question",
    "  :goto 12  question 12 (or 2a, X.1); :goto IV  the first question of section IV",
    "  :list  this section's questions   :unanswered  every question still to answer",
    "  :review  errors, then unanswered questions, then answers kept but hidden",
    "  :notes  this question's footnotes  :clear  remove this question's answer",
    "  :again  read the question again   :save  save now",
    "  :keep  keep an answer carried from the earlier response as it is (its 'not yet reviewed' mark goes)",
    "  :sign  sign the response off      :export  write the submission files",
    "  :quit  save and leave (so does the end of input)   :help  this list",
    "Answers: a text ends with a line holding a single '.' (:edit opens $VISUAL or $EDITOR instead);",
    "yes/no takes y or n; a checklist takes option numbers to check or uncheck, 'd 3' for option 3's detail,",
    "'e' for the explanation, and an empty line to finish; a URL list takes one entry a line ('URL label' or",
    "a label alone, '> ' in front nests it under the entry above) and an empty line to finish; a contact card",
    "asks field by field ('-' empties a field). An empty line keeps the current answer; :cancel, inside an",
    "answer, drops what was typed of it. A line of text that starts with ':' is typed with '::'.",
)


class EndOfInput(Exception):
    """Standard input has ended: save and leave."""


class Leave(Exception):
    """:quit was typed."""


@dataclass
class Command:
    name: str
    argument: str = ""


def _command(line: str) -> Command | None:
    """``line`` as a command (":goto 12"), or None when it is an answer line ("::x" is the text ":x")."""
    if not line.startswith(":") or line.startswith("::"):
        return None
    name, _, argument = line[1:].strip().partition(" ")
    return Command(name.lower(), argument.strip())


def _unescape(line: str) -> str:
    return line[1:] if line.startswith("::") else line


def _looks_like_url(token: str) -> bool:
    """Whether the first word of a URL-list line is meant as its address (else the line is a label)."""
    lowered = token.lower()
    if "://" in lowered or lowered.startswith("www.") or lowered.startswith("mailto:"):
        return True
    host = lowered.split("/", 1)[0]
    name, dot, ending = host.rpartition(".")
    return bool(dot and name and ending.isalpha() and len(ending) >= 2)


def parse_url_line(line: str) -> UrlEntry:
    """One entry from 'URL label' or a label alone."""
    text = line.strip()
    first, _, rest = text.partition(" ")
    if _looks_like_url(first):
        return UrlEntry(url=first, label=rest.strip())
    return UrlEntry(label=text)


class PlainMode:
    """One draft answered line by line."""

    def __init__(self, questionnaire: Questionnaire, session: DraftSession, stdin: TextIO, stdout: TextIO):
        self.questionnaire = questionnaire
        self.session = session
        self.stdin = stdin
        self.stdout = stdout
        self.order: list[AnyQuestion] = list(questionnaire.questions())
        self.counted = [question for question in self.order if not question.part_of]
        self.index = self._start_index()
        self.skips_told: set[str] = set()
        self._output_lock = threading.Lock()
        # An answer being typed and not yet ended (a text before its '.', a URL list before its empty
        # line): what it is so far, so that a signal that ends msq keeps it too.
        self.in_progress: Any = None

    def keep_in_progress(self) -> None:
        """Store the answer being typed (from a signal's thread, while the main thread waits for input)."""
        in_progress, self.in_progress = self.in_progress, None
        if in_progress is None or self.session.read_only or self.session.response.is_signed:
            return
        question, answer = in_progress()
        if answer is not None:
            self.session.change(question, answer)

    # -- Lines in and out ---------------------------------------------------------------------------

    def say(self, *lines: str) -> None:
        with self._output_lock:
            for line in lines:
                self.stdout.write(visible(line) + "\n")
            self.stdout.flush()

    def read(self) -> str:
        try:
            line = self.stdin.readline()
        except KeyboardInterrupt:  # Ctrl-C: leave as at the end of input, keeping what was typed
            self.say("")
            raise EndOfInput() from None
        if line == "":
            raise EndOfInput()
        return line.rstrip("\n").rstrip("\r")

    # -- Where we are -------------------------------------------------------------------------------

    @property
    def question(self) -> AnyQuestion:
        return self.order[self.index]

    @property
    def answers(self) -> dict[str, Any]:
        return self.session.response.answers

    def _start_index(self) -> int:
        wanted = self.session.response.position.question
        for index, question in enumerate(self.order):
            if question.id == wanted:
                return index
        return 0

    def _applies(self, question: AnyQuestion) -> bool:
        return self.questionnaire.applies(question, self.answers)

    def _name(self, question: AnyQuestion) -> str:
        name = self.questionnaire.name_of(question)
        return name[:1].upper() + name[1:]

    def _tell_skip(self, question: AnyQuestion) -> None:
        if question.id in self.skips_told:
            return
        self.skips_told.add(question.id)
        condition = question.applies_when
        reason = condition.describe(self.questionnaire) if condition else "its question applies"
        self.say(f"{self._name(question)} is skipped: it applies only when {reason}.")

    def _move(self, step: int) -> bool:
        """To the next (or previous) question that applies, telling each skipped one once; False at an end."""
        index = self.index + step
        while 0 <= index < len(self.order):
            candidate = self.order[index]
            if self._applies(candidate):
                self._go(index)
                return True
            self._tell_skip(candidate)
            index += step
        return False

    def _go(self, index: int) -> None:
        self.index = index
        question = self.question
        self.session.set_position(self.questionnaire.section_of(question.id).id, question.id)

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
        if isinstance(question, TextQuestion):
            wording += f" Limit {question.max_words} words."
        lines.append(f"{head}: {wording}" if wording else f"{head}.")
        if footnote_numbers(question.text) or any(
            footnote_numbers(text) for _, text in question.wording_texts()
        ):
            lines.append("This question has footnotes: :notes reads them.")
        for problem in carried_problems(self.questionnaire, self.session.response, question.id):
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
        if isinstance(question, TextQuestion):
            return ["Current answer:", *(f"  {line}" for line in answer.split("\n"))]
        if isinstance(question, YesNoQuestion):
            return [f"Current answer: {answer}"]
        if isinstance(question, UrlsQuestion):
            lines = [f"Current answer: {len(answer)} entr{'y' if len(answer) == 1 else 'ies'}:"]
            for number, entry in enumerate(answer, 1):
                lines.append(f"  {number}. {self._entry_text(entry)}")
                for sub, child in enumerate(entry.children, 1):
                    lines.append(f"    {number}.{sub}. {self._entry_text(child)}")
            return lines
        if isinstance(question, ContactQuestion):
            return [
                "Current answer:",
                *(
                    f"  {CONTACT_FIELD_LABELS[field]}: {getattr(answer, field) or '(empty)'}"
                    for field in question.fields
                ),
            ]
        return []  # a checklist shows its answer in its options

    @staticmethod
    def _entry_text(entry: UrlEntry) -> str:
        if entry.url and entry.label:
            return f"{entry.url} {entry.label}"
        return entry.url or entry.label or "(empty)"

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
            lines.append(
                f"Explanation ({plain(question.explanation.text).strip()}, limit {question.explanation.max_words} words): {explanation}"
            )
        return lines

    @staticmethod
    def _takes_detail(question: ChecklistQuestion, option_id: str) -> bool:
        return any(option.id == option_id and option.detail for option in question.options)

    def how_to_answer(self) -> str:
        question = self.question
        keep = "An empty line keeps the current answer."
        if isinstance(question, TextQuestion):
            return f"Type the text; end it with a line holding a single '.'; or :edit. {keep}"
        if isinstance(question, YesNoQuestion):
            return f"Type y for yes or n for no. {keep}"
        if isinstance(question, UrlsQuestion):
            nesting = " '> ' in front nests an entry under the one above." if question.nested else ""
            return f"Type one entry a line, as 'URL label' or a label alone;{nesting} An empty line ends the list. {keep}"
        if isinstance(question, ContactQuestion):
            return "Each field is asked in turn: type its value, an empty line keeps it, '-' empties it."
        assert isinstance(question, ChecklistQuestion)
        parts = ["Type option numbers to check or uncheck them"]
        if any(option.detail for option in question.options):
            parts.append("'d N' for option N's detail")
        if question.explanation is not None:
            parts.append("'e' for the explanation")
        return ", ".join(parts) + "; an empty line goes on."

    def present(self) -> None:
        question = self.question
        lines = self.header()
        if isinstance(question, ChecklistQuestion):
            lines += self.checklist_lines(question)
        else:
            lines += self.current_answer_lines()
        lines.append(self.how_to_answer())
        self.say(*lines)

    # -- Answers ------------------------------------------------------------------------------------

    def writable(self) -> bool:
        if self.session.read_only:
            self.say("This draft is open read-only: the answer was not changed.")
            return False
        if self.session.response.is_signed:
            self.say(
                f"Revision {self.session.response.revision} is signed off and cannot be changed: `msq reopen` starts a new revision."
            )
            return False
        return True

    def commit(self, answer: Any) -> list[Problem]:
        """Store an answer (None clears), save it, and say its problems; the problems."""
        question = self.question
        before = {q.id for q in self.order if self._applies(q)}
        self.session.change(question, answer)
        self.session.save_soon()
        problems = [
            problem
            for problem in validate_answer(
                self.questionnaire, question, self.answers.get(question.id), self.answers
            )
            if problem.kind != "unanswered" or problem.field
        ]
        for problem in problems:
            self.say(f"{'Error' if problem.is_error else 'Warning'}: {problem.message}")
        after = {q.id for q in self.order if self._applies(q)}
        for opened in [q for q in self.order if q.id in after - before]:
            self.say(f"{self._name(opened)} now applies.")
            self.skips_told.discard(opened.id)
        for closed in [q for q in self.order if q.id in before - after]:
            kept = (
                " (its answer is kept in the draft, but not submitted)"
                if is_answered(closed, self.answers.get(closed.id))
                else ""
            )
            self.say(f"{self._name(closed)} no longer applies{kept}.")
        return problems

    def ask(self) -> Command | None:
        """Take the current question's answer; a command typed instead, or None to go on to the next question."""
        question = self.question
        if isinstance(question, TextQuestion):
            return self.ask_text(question)
        if isinstance(question, YesNoQuestion):
            return self.ask_yes_no(question)
        if isinstance(question, UrlsQuestion):
            return self.ask_urls(question)
        if isinstance(question, ContactQuestion):
            return self.ask_contact(question)
        return self.ask_checklist(question)

    def read_text_block(self, first: str | None = None, question: AnyQuestion | None = None) -> str | None:
        """Lines up to one holding a single '.', joined; None after :cancel. End of input ends the text."""
        lines = [] if first is None else [_unescape(first)]
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
            lines.append(_unescape(line))

    pending_end = False

    def ask_text(self, question: TextQuestion) -> Command | None:
        line = self.read()
        if line == "":
            return None
        command = _command(line)
        if command is not None and command.name != "edit":
            return command
        if command is not None:
            text = self.edit_in_editor(self.session.response.answer(question) or "")
            if text is None:
                return Command("again")
        else:
            text = self.read_text_block(line, question)
            if text is None:
                return Command("again")
        if not self.writable():
            return None
        return self._after(self.commit(text if text.strip() else None))

    def _after(self, problems: list[Problem]) -> Command | None:
        """Stay on a question whose answer has errors, so it can be corrected at once."""
        if self.pending_end:
            raise EndOfInput()
        if errors(problems):
            self.say("Type the answer again to correct it, or :next to keep it as it is.")
            return Command("stay")
        return None

    def edit_in_editor(self, current: str) -> str | None:
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self.say(
                "No editor is set: set VISUAL or EDITOR to use :edit, or type the text on lines ending with a single '.'."
            )
            return None
        handle, path = tempfile.mkstemp(prefix="msq-answer-", suffix=".txt")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(current + ("\n" if current else ""))
            self.say(f"Opening {editor} on the answer; save and close it to come back.")
            try:
                finished = subprocess.run([*shlex.split(editor), path], check=False)
            except (OSError, ValueError) as error:
                self.say(
                    f"The editor {editor!r} could not be started ({getattr(error, 'strerror', None) or error}): the answer is as it was."
                )
                return None
            if finished.returncode != 0:
                self.say(f"The editor ended with code {finished.returncode}: the answer is as it was.")
                return None
            try:
                with open(path, encoding="utf-8", errors="replace") as file:
                    text = file.read()
            except OSError as error:
                self.say(
                    f"The edited text could not be read ({error.strerror or error}): the answer is as it was."
                )
                return None
            return text.rstrip("\n")
        finally:
            try:
                os.unlink(path)
            except OSError:
                pass

    def ask_yes_no(self, question: YesNoQuestion) -> Command | None:
        while True:
            line = self.read()
            command = _command(line)
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
        entries: list[UrlEntry] = []
        self.in_progress = lambda: (question, [entry.model_copy(deep=True) for entry in entries] or None)
        try:
            return self._ask_urls(question, entries)
        finally:
            self.in_progress = None

    def _ask_urls(self, question: UrlsQuestion, entries: list[UrlEntry]) -> Command | None:
        while True:
            line = self.read_or_finish(bool(entries))
            if line is None or line.strip() == "":
                break
            if not entries:
                command = _command(line)
                if command is not None:
                    return command
            elif line.strip().lower() == ":cancel":
                self.say("Cancelled: the answer is as it was.")
                return Command("again")
            text = _unescape(line)
            if text.lstrip().startswith(">"):
                if not entries:
                    self.say("There is no entry above to nest this under: type it without '>'.")
                    continue
                if not question.nested:
                    self.say("This list takes no nested entries: type the entry without '>'.")
                    continue
                entries[-1].children.append(parse_url_line(text.lstrip()[1:]))
            else:
                entries.append(parse_url_line(text))
        if not entries:
            return None
        if not self.writable():
            return None
        count = sum(1 + len(entry.children) for entry in entries)
        self.say(f"{count} entr{'y' if count == 1 else 'ies'} given.")
        return self._after(self.commit(entries))

    def read_or_finish(self, started: bool) -> str | None:
        """A line; at the end of input, None when an answer was started (it is kept), else EndOfInput."""
        try:
            return self.read()
        except EndOfInput:
            if started:
                self.pending_end = True
                return None
            raise

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
            command = _command(line)
            if command is not None:
                if position == 0:
                    return command
                if command.name == "cancel":
                    self.say("Cancelled: the answer is as it was.")
                    return Command("again")
            if line.strip() == "":
                continue
            values[field] = "" if line.strip() == "-" else _unescape(line).strip()
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
            command = _command(line)
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
                                answer.other = _unescape(other).strip()
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

    # -- Commands -----------------------------------------------------------------------------------

    def run_command(self, command: Command) -> bool:
        """Carry out ``command``; True when the question should be read out again (it changed)."""
        name = command.name
        if name in ("next", "n"):
            if not self._move(1):
                self.say("This is the last question. :review lists what is left; :quit saves and leaves.")
                return False
            return True
        if name in ("back", "b"):
            if not self._move(-1):
                self.say("This is the first question.")
                return False
            return True
        if name in ("again", "stay"):
            return name == "again"
        if name == "goto":
            return self.goto(command.argument)
        if name == "list":
            self.list_section()
        elif name == "unanswered":
            self.unanswered()
        elif name == "review":
            self.review()
        elif name == "notes":
            self.notes()
        elif name == "clear":
            if self.writable():
                self.commit(None)
                self.say("The answer is cleared.")
        elif name == "save":
            state = self.session.save_blocking()
            self.say(
                f"{state.describe()}."
                if state.kind != "failed"
                else f"{state.describe()}. Your answers are kept here: try :save again."
            )
        elif name == "keep":
            if self.writable():
                if self.session.keep_carried(self.question.id):
                    self.session.save_soon()
                    left = len(self.session.response.carried)
                    self.say(
                        f"Kept as it is. {left} carried answer{'s' if left != 1 else ''} left to review."
                    )
                else:
                    self.say("This answer is not one carried from an earlier response: nothing to keep.")
        elif name == "sign":
            self.sign()
        elif name == "export":
            self.export()
        elif name in ("quit", "q", "exit"):
            raise Leave()
        elif name in ("help", "h", "?"):
            self.say(*HELP)
        elif name in ("edit", "cancel"):
            self.say(f":{name} works only inside an answer{' to a text' if name == 'edit' else ''}.")
        else:
            self.say(f"Unknown command :{command.name}: :help lists the commands.")
        return False

    def goto(self, target: str) -> bool:
        target = target.strip()
        if not target:
            self.say("Say where: :goto 12, :goto 2a or :goto IV.")
            return False
        wanted = target.lower().removeprefix("question ").strip()
        for index, question in enumerate(self.order):
            if question.number and question.number.lower() == wanted:
                return self._go_to_applying(index)
        for section in self.questionnaire.sections:
            if section.id.lower() == wanted:
                first = self.order.index(section.questions[0])
                return self._go_to_applying(first)
        self.say(f"There is no question or section {target!r}: :list shows this section's questions.")
        return False

    def _go_to_applying(self, index: int) -> bool:
        question = self.order[index]
        if not self._applies(question):
            condition = question.applies_when
            reason = condition.describe(self.questionnaire) if condition else "its question applies"
            self.say(
                f"{self._name(question)} does not apply: it applies only when {reason}. Going to the next question that applies."
            )
            self.skips_told.add(question.id)
            self.index = index
            if not self._move(1):
                self.say("No later question applies.")
                return False
            return True
        self._go(index)
        return True

    def _state(self, question: AnyQuestion, by_question: dict[str, list[Problem]]) -> str:
        if not self._applies(question):
            return "skipped"
        problems = by_question.get(question.id, [])
        if errors(problems):
            return "has errors"
        if any(problem.kind == "unanswered" and not problem.field for problem in problems):
            return "not answered"
        return "answered"

    def _problems_by_question(self) -> dict[str, list[Problem]]:
        by_question: dict[str, list[Problem]] = {}
        for problem in validate_response(self.questionnaire, self.session.response):
            by_question.setdefault(problem.question_id, []).append(problem)
        return by_question

    def list_section(self) -> None:
        section = self.questionnaire.section_of(self.question.id)
        answered, asked = progress(self.questionnaire, self.session.response, section.id)
        by_question = self._problems_by_question()
        self.say(f"Section {section.id}, {plain(section.title)}: {answered} of {asked} answered.")
        for question in section.questions:
            here = " (you are here)" if question is self.question else ""
            self.say(f"  {self._name(question)}: {self._state(question, by_question)}{here}")

    def unanswered(self) -> None:
        by_question = self._problems_by_question()
        missing = [
            q for q in self.order if self._applies(q) and self._state(q, by_question) == "not answered"
        ]
        if not missing:
            self.say("Every question that applies is answered.")
            return
        self.say(f"{len(missing)} question{'s' if len(missing) != 1 else ''} not answered:")
        for question in missing:
            section = self.questionnaire.section_of(question.id)
            self.say(f"  Section {section.id}: {self._name(question)}")

    def review(self) -> None:
        from msq_tui.submission.submitted import describe_progress

        problems = validate_response(self.questionnaire, self.session.response)
        found = errors(problems)
        unanswered = [p for p in problems if p.kind == "unanswered" and not p.is_error]
        hidden = [p for p in problems if p.kind == "hidden"]
        carried = [p for p in problems if p.kind == "carried"]
        answered, asked = progress(self.questionnaire, self.session.response)
        self.say(
            f"Review: {describe_progress(answered, asked)}; {len(found)} error{'s' if len(found) != 1 else ''} (they block sign-off)."
        )
        for title, group in (
            ("Errors", found),
            ("Carried, not yet reviewed (:goto the question, then :keep or a new answer)", carried),
            ("Unanswered", unanswered),
            ("Kept but hidden (not submitted)", hidden),
        ):
            if group:
                self.say(f"{title}:")
                self.say(*(f"  {problem.message}" for problem in group))

    def notes(self) -> None:
        numbers: list[int] = []
        for _, text in self.question.wording_texts():
            numbers += [number for number in footnote_numbers(text) if number not in numbers]
        group = self.questionnaire.group(self.question.group) if self.question.group else None
        if group is not None:
            numbers = [n for n in footnote_numbers(group.text) if n not in numbers] + numbers
        if not numbers:
            self.say("This question has no footnotes.")
            return
        for number in numbers:
            self.say(f"Footnote {number}: {plain(self.questionnaire.footnote(number))}")

    def sign(self) -> None:
        from msq_tui.submission.signoff import Signer, SignOffBlocked, sign_off, signer_from_contact

        response = self.session.response
        if self.session.read_only:
            self.say("This draft is open read-only: it cannot be signed off here.")
            return
        if response.is_signed:
            self.say(f"Revision {response.revision} is signed off already. :export writes its files.")
            return
        found = errors(validate_response(self.questionnaire, response))
        if found:
            self.say(
                f"Sign-off is blocked by {len(found)} error{'s' if len(found) != 1 else ''}; fix them first:"
            )
            self.say(*(f"  {problem.message}" for problem in found))
            return
        carried = carried_problems(self.questionnaire, response)
        if carried:  # a warning, not a block
            self.say(
                f"Warning: {len(carried)} answer{'s' if len(carried) != 1 else ''} carried from {response.carried_from}"
                f" {'are' if len(carried) != 1 else 'is'} not yet reviewed (:review lists them); signing off sends them as they are."
            )
        contact = signer_from_contact(self.questionnaire, response)
        self.say(
            "Sign-off: the signer's details (an empty line takes the value in brackets, from the contact card)."
        )
        values = []
        for label, default in (
            ("Name", contact.name),
            ("Title", contact.title),
            ("Organization", contact.organization),
            ("E-mail", contact.email),
        ):
            self.say(f"{label}{f' [{default}]' if default else ''}:")
            line = self.read().strip()
            values.append(line or default)
        self.say("I/We hereby authorize UNDESA to publish my/our responses as deemed necessary: y or n?")
        answer = self.read().strip().lower()
        if answer not in ("y", "yes", "n", "no"):
            self.say(
                "Not signed off: type y or n for the authorisation to publish. Type :sign to start again."
            )
            return
        signer = Signer(*values)
        try:
            signed = sign_off(self.questionnaire, response, signer, publish=answer.startswith("y"))
        except SignOffBlocked as blocked:
            self.say(
                str(blocked).split("\n", 1)[0], *(f"  {problem.message}" for problem in blocked.problems)
            )
            return
        except ValueError as error:
            self.say(f"Not signed off: {error}. Type :sign to start again.")
            return
        key_note = self._sign_files(signed)
        if key_note is None:
            return
        state = self.session.replace_response(signed)
        if state.kind == "failed":
            self.session.replace_response(response)
            self.say(f"Not signed off: the draft could not be saved ({state.reason}).")
            return
        self.say(
            f"Signed off revision {signed.revision} as {signer.name}, {signer.title}. The response is now read-only.",
            key_note,
            "Next: :export",
        )

    def _sign_files(self, signed) -> str | None:
        """Sign the files export will write with the signer's key, if there is one; what to tell, or None when it failed."""
        from msq_tui.submission.document import sealed, submission_document
        from msq_tui.submission.signed import sign_submission
        from msq_tui.submission.signing import KeyStore, SigningError

        keys = KeyStore()
        if not keys.has_key():
            return "Not signed with a key (you have none: `msq key new` makes one): the files will carry no signature, only their fingerprint."
        try:
            locked = keys.locked_key()
            passphrase = None
            if locked.encrypted:
                self.say(
                    f"Passphrase of the signing key (key id {keys.public_key().key_id}) on the next line:"
                )
                if self.stdin.isatty():
                    import getpass

                    passphrase = getpass.getpass("")
                else:
                    passphrase = self.read()
            key = keys.unlock(passphrase)
            key_id = sign_submission(sealed(submission_document(self.questionnaire, signed)), key)
        except (SigningError, OSError) as error:
            self.say(f"Not signed off: {getattr(error, 'strerror', None) or error}")
            return None
        return f"Signed with key {key_id}: export writes a signature (FILE.minisig) beside each file."

    def export(self) -> None:
        from msq_tui.submission.document import grouped, sealed, submission_document
        from msq_tui.submission.export import ExportRefused, default_export_folder, export

        response = self.session.response
        if not response.is_signed:
            self.say("Not exported: only a signed-off response is exported. :review, then :sign, first.")
            return
        folder = default_export_folder()
        try:
            paths = export(self.questionnaire, response, folder)
        except ExportRefused as refused:
            self.say(*str(refused).split("\n"))
            return
        except OSError as error:
            self.say(f"Could not write to {folder}: {error.strerror or error}")
            return
        fingerprint = sealed(submission_document(self.questionnaire, response))["integrity"]["digest"]
        self.say(
            *(f"Wrote {path}" for path in paths),
            f"Fingerprint: {grouped(fingerprint)}",
            f"Next, after :quit: msq email {paths[0]}",
        )

    # -- The loop -----------------------------------------------------------------------------------

    def run(self) -> None:
        response = self.session.response
        answered, asked = progress(self.questionnaire, response)
        self.say(
            f"{self.questionnaire.questionnaire.short_title}, draft {str(response.response_id)[:8]} ({response.country}), plain mode."
            f" {answered} of {asked} questions answered. :help lists the commands; :quit saves and leaves.",
        )
        if self.session.read_only:
            self.say("Read-only: answers typed here are not kept.")
        if not self._applies(self.question) and not self._move(1):
            self._move(-1)
        self._go(self.index)
        present = True
        while True:
            if present:
                self.present()
            command = self.ask()
            if command is None:
                present = self.run_command(Command("next"))
            else:
                present = self.run_command(command)


def run_plain(
    store: DraftStore,
    questionnaire: Questionnaire,
    *,
    open_id: str | None = None,
    new_country: str | None = None,
    read_only: bool = False,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Open (or create) a draft and answer it in plain mode; the exit code."""
    from msq_tui.store.exit_signals import ExitSignalWatcher

    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    # A byte that is not text in the terminal's encoding becomes U+FFFD (in) or an escape (out), never a crash.
    for stream, errors_mode in ((stdin, "replace"), (stdout, "backslashreplace")):
        try:
            stream.reconfigure(errors=errors_mode)  # type: ignore[attr-defined]
        except (AttributeError, ValueError, OSError):
            pass
    opened: list[PlainMode] = []

    def on_signal(number: int) -> None:
        # Plain mode's main thread waits on input: the draft is closed from here, and msq ends.
        if opened:
            mode = opened[0]
            try:
                mode.keep_in_progress()
            except Exception:  # the answer typed so far could not be read: the rest is still saved
                pass
            message = mode.session.close_within(EXIT_SECONDS - 0.5).message()
            try:
                if message:
                    mode.say(f"msq: {message}")
                stdout.flush()
            except (OSError, ValueError):
                pass  # the terminal is gone
        os._exit(128 + number)

    # Watched from before any thread starts (the autosave's): a thread started earlier would take
    # the signal with its default action, ending msq without saving.
    watcher = ExitSignalWatcher(on_signal)
    watcher.start()
    try:
        return _open_and_run(store, questionnaire, open_id, new_country, read_only, stdin, stdout, opened)
    finally:
        watcher.stop()


def _open_and_run(
    store, questionnaire, open_id, new_country, read_only, stdin, stdout, opened: list[PlainMode]
) -> int:
    def tell(*lines: str) -> None:
        for line in lines:
            stdout.write(visible(line) + "\n")
        stdout.flush()

    if new_country is not None:
        try:
            response = store.create(questionnaire, new_country)
        except (OSError, DraftError) as error:
            tell(
                f"msq: the new draft could not be saved in {store.drafts_folder}: {getattr(error, 'strerror', None) or error}"
            )
            return EXIT_PROBLEM
        open_id = str(response.response_id)
    assert open_id is not None
    lock = None
    if not read_only:
        try:
            lock = store.lock(open_id)
            lock.acquire()
        except DraftLocked as locked:
            tell(f"msq: {locked}", f"To read it anyway: msq open {open_id[:8]} --read-only --plain")
            return EXIT_PROBLEM
        except (DraftError, OSError) as error:
            tell(f"msq: the draft was not opened: {getattr(error, 'strerror', None) or error}")
            return EXIT_PROBLEM
        if lock.notice:
            tell(lock.notice)
    try:
        response = store.load(open_id, questionnaire)
    except (DamagedDraft, DraftError) as error:
        if lock is not None:
            lock.release()
        tell(f"msq: {error}")
        return EXIT_PROBLEM
    said_failed: list[str] = []

    def on_state(state) -> None:
        # From the saver's thread: a save that fails is said at once (and its recovery), not at the end.
        if not opened:
            return
        if state.kind == "failed" and state.reason not in said_failed:
            said_failed.append(state.reason)
            opened[0].say(f"{state.describe()}. Your answers are kept here; :save tries again.")
        elif state.kind == "saved" and said_failed:
            said_failed.clear()
            opened[0].say("Saved again: the draft holds every answer.")

    session = DraftSession(store, questionnaire, response, lock, on_state=on_state)
    mode = PlainMode(questionnaire, session, stdin, stdout)
    opened.append(mode)
    try:
        mode.run()
    except (Leave, EndOfInput, KeyboardInterrupt):
        pass
    finally:
        closing = session.close_within(EXIT_SECONDS)
    message = closing.message()
    if message:
        mode.say(f"msq: {message}")
        return EXIT_PROBLEM
    if not session.read_only:
        mode.say(f"Saved draft {open_id[:8]}. Open it again with: msq open {open_id[:8]}")
    return EXIT_OK
