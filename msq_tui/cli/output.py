"""What every `msq` command shares: its exit codes, its one way to print (control characters shown,
never obeyed), the error a person can fix, and the argument parser that words its own usage errors."""

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from msq_tui.files.terminal_text import visible, visible_json

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A problem to tell the user in one message (one line, or a few given apart), ending the
    command with exit code 1."""

    def __init__(self, message: str, *more_lines: str):
        super().__init__("\n".join((message, *more_lines)))
        self.lines = (message, *more_lines)


def say(*lines: str, error: bool = False) -> None:
    """Print each of ``lines`` as one line, on stdout (or stderr with ``error``).

    A line often holds a value from a file or an answer (a signer's name, a question id, a key of
    a forged submission): its control characters and line breaks are shown (``\\x1b``, ``\\n``),
    never obeyed, so a file can neither drive the terminal nor forge a line of msq's output.
    """
    stream = sys.stderr if error else sys.stdout
    for line in lines:
        stream.write(visible(line) + "\n")


def print_error(*lines: str) -> None:
    say(f"msq: {lines[0]}", *lines[1:], error=True)


def say_json(value: object) -> None:
    write_output(visible_json(json.dumps(value, ensure_ascii=False, indent=2)) + "\n", None)


def write_output(text: str, output: Path | None) -> None:
    """Print a document ``text`` (its line breaks kept, other control characters shown), or write
    it atomically to ``output`` and say where it went."""
    if output is None:
        sys.stdout.write(visible(text, layout=True))
        return
    from msq_tui.files.atomic import write_atomic

    target = output.expanduser()
    if target.is_dir():
        raise CommandError(f"{target} is a folder: give a file name, such as {target / 'msq2020.html'}")
    if not target.parent.exists():
        raise CommandError(f"the folder {target.parent} does not exist: create it first or choose another")
    try:
        write_atomic(target, text.encode("utf-8"), mode=0o644)
    except OSError as error:
        raise CommandError(f"could not write {target}: {error.strerror or error}") from error
    say(f"Wrote {target}", error=True)


def load_questionnaire(path: str | None):
    from msq_tui.model.definitions_check import DefinitionsError, builtin_questionnaire, load_definitions

    try:
        return builtin_questionnaire() if path is None else load_definitions(Path(path))
    except DefinitionsError as error:
        check = f"msq check {path}" if path else "msq check"
        errors = [problem for problem in error.problems if problem.severity == "error"] or error.problems
        raise CommandError(
            "the definitions cannot be used:", *map(str, errors), f"Run `{check}` to see every problem."
        ) from error


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse's own exits with 2 too; keep the wording ours
        self.print_usage(sys.stderr)
        print_error(f"{message} (see `{self.prog} --help`)")
        raise SystemExit(EXIT_USAGE)
