"""Plain mode's ground: lines in and out, where the respondent is, and an answer stored and judged.

`PlainConsole` holds one draft answered line by line; the prompts of each kind (prompts.py), the
':' commands (commands.py) and sign-off and export (signoff.py) build on it, and mode.py runs them.
A kind plain mode has no dialogue for is answered here, on one line read by the kind (`ask_line`).
"""

import threading
from dataclasses import dataclass
from typing import Any, TextIO

from msq_tui.files.terminal_text import visible
from msq_tui.model.answers import is_answered
from msq_tui.model.definitions import Questionnaire
from msq_tui.model.kinds import kind_of
from msq_tui.model.kinds.base import Question
from msq_tui.model.problems import Problem
from msq_tui.model.validation import errors, validate_answer
from msq_tui.model.wording import sentence_case
from msq_tui.store.session import DraftSession


class EndOfInput(Exception):
    """Standard input has ended: save and leave."""


class Leave(Exception):
    """:quit was typed."""


@dataclass
class Command:
    name: str
    argument: str = ""


def command_in(line: str) -> Command | None:
    """``line`` as a command (":goto 12"), or None when it is an answer line ("::x" is the text ":x")."""
    if not line.startswith(":") or line.startswith("::"):
        return None
    name, _, argument = line[1:].strip().partition(" ")
    return Command(name.lower(), argument.strip())


def unescape(line: str) -> str:
    return line[1:] if line.startswith("::") else line


class PlainConsole:
    """One draft answered line by line: its session, its lines in and out, the question it is at."""

    def __init__(self, questionnaire: Questionnaire, session: DraftSession, stdin: TextIO, stdout: TextIO):
        self.questionnaire = questionnaire
        self.session = session
        self.stdin = stdin
        self.stdout = stdout
        # An agency's draft answers only the questions assigned to it (the rest are the coordinator's):
        # plain mode asks those alone, as the TUI shows the rest read-only.
        self.assigned = session.response.assigned_questions()
        self.order: list[Question] = [
            question
            for question in questionnaire.questions()
            if self.assigned is None or question.id in self.assigned
        ]
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
    def question(self) -> Question:
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

    def _applies(self, question: Question) -> bool:
        return self.questionnaire.applies(question, self.answers)

    def _name(self, question: Question) -> str:
        name = self.questionnaire.name_of(question)
        return sentence_case(name)

    def _tell_skip(self, question: Question) -> None:
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
            if problem.code != "unanswered" or problem.field
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

    def _after(self, problems: list[Problem]) -> Command | None:
        """Stay on a question whose answer has errors, so it can be corrected at once."""
        if self.pending_end:
            raise EndOfInput()
        if errors(problems):
            self.say("Type the answer again to correct it, or :next to keep it as it is.")
            return Command("stay")
        return None

    def ask_line(self, question: Question) -> Command | None:
        """A kind plain mode has no dialogue of its own for: one line, read by the kind."""
        while True:
            line = self.read()
            command = command_in(line)
            if command is not None:
                return command
            if line.strip() == "":
                return None
            try:
                answer = kind_of(question).line_answer(question, unescape(line))
            except ValueError as error:
                self.say(f"{error} (an empty line keeps the answer)")
                continue
            if not self.writable():
                return None
            return self._after(self.commit(answer))

    def read_or_finish(self, started: bool) -> str | None:
        """A line; at the end of input, None when an answer was started (it is kept), else EndOfInput."""
        try:
            return self.read()
        except EndOfInput:
            if started:
                self.pending_end = True
                return None
            raise

    pending_end = False  # the input ended inside an answer: it is stored, then plain mode ends
