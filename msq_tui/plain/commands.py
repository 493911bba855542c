"""The ':' commands of plain mode: moving between questions, lists of what is left, help, save and quit."""

from msq_tui.model.assigned import not_assigned, others_line, section_not_assigned
from msq_tui.model.kinds.base import Question
from msq_tui.model.problems import Problem
from msq_tui.model.validation import errors, progress, validate_response
from msq_tui.model.wording import footnote_numbers, plain
from msq_tui.plain.console import Command, Leave
from msq_tui.plain.signoff import SignOffCommands

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


class Commands(SignOffCommands):
    """Carrying out a command typed where an answer could start."""

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
                mine = [question for question in section.questions if question in self.order]
                if mine:
                    return self._go_to_applying(self.order.index(mine[0]))
                self.say(section_not_assigned(self.questionnaire, self.session.response, section.id))
                return False
        if self.assigned is not None:  # an agency's draft: a question of the coordinator's
            for question in self.questionnaire.questions():
                if question.number and question.number.lower() == wanted:
                    self.say(not_assigned(self.questionnaire, self.session.response, question))
                    return False
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

    def _state(self, question: Question, by_question: dict[str, list[Problem]]) -> str:
        if self.assigned is not None and question.id not in self.assigned:
            return "the coordinator's"  # an agency's draft: neither missing nor this draft's to answer
        if not self._applies(question):
            return "skipped"
        problems = by_question.get(question.id, [])
        if errors(problems):
            return "has errors"
        if any(problem.code == "unanswered" and not problem.field for problem in problems):
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
        from msq_tui.model.submitted import describe_progress

        problems = validate_response(self.questionnaire, self.session.response)
        found = errors(problems)
        unanswered = [p for p in problems if p.code == "unanswered" and not p.is_error]
        hidden = [p for p in problems if p.code == "hidden"]
        carried = [p for p in problems if p.code == "carried"]
        answered, asked = progress(self.questionnaire, self.session.response)
        self.say(
            f"Review: {describe_progress(answered, asked)}; {len(found)} error{'s' if len(found) != 1 else ''} (they block sign-off)."
        )
        others = others_line(self.questionnaire, self.session.response)
        if others:  # an agency's draft
            self.say(others)
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
