"""The `msq` command: its subcommands, their arguments, and what they print.

Every subcommand works without a screen and imports Textual only when it opens one. Problems
that a person can fix (a bad file, an unknown country) are printed as one clear message and the
command exits 1; wrong usage exits 2; no traceback reaches the user.
"""

import argparse
import sys
from collections.abc import Callable, Sequence

from msq_tui import __version__
from msq_tui.cli import collect, definitions, drafts, keys, questionnaires, submissions
from msq_tui.cli.drafts import command_start
from msq_tui.cli.output import EXIT_OK, EXIT_PROBLEM, CommandError, Parser, print_error


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="msq",
        description=(
            "Answer the UN E-Government Survey's Member States Questionnaire (MSQ) in the terminal."
        ),
    )
    parser.add_argument("--version", action="version", version=f"msq-tui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for group in (definitions, drafts, submissions, keys, questionnaires, collect):
        group.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = getattr(arguments, "handler", command_start)
    try:
        return handler(arguments)
    except CommandError as error:
        print_error(*error.lines)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `msq blank | head`: the reader went away; nothing to report.
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # a bug: its details go to a file for the team, not on the screen
        from msq_tui.store.crash import crash_message, write_crash_report

        print_error(crash_message(error, write_crash_report(error)))
        return EXIT_PROBLEM


def run() -> None:
    """The console script's entry point."""
    sys.exit(main())
