"""`msq check`, `blank`, `schema` and `countries`: the questionnaire itself, without any draft."""

import argparse
import json
from pathlib import Path

from msq_tui.cli.output import (
    EXIT_OK,
    EXIT_PROBLEM,
    CommandError,
    load_questionnaire,
    say,
    say_json,
    write_output,
)
from msq_tui.files.terminal_text import visible_json


def command_check(arguments: argparse.Namespace) -> int:
    from msq_tui.model.definitions_check import builtin_definitions_path, check_definitions

    path = Path(arguments.file) if arguments.file else builtin_definitions_path()
    questionnaire, problems = check_definitions(path)
    for problem in problems:
        say(str(problem))
    errors = [problem for problem in problems if problem.severity == "error"]
    if questionnaire is None or errors:
        count = len(errors) or len(problems)
        say(
            f"{path}: {count} error{'s' if count != 1 else ''}; fix them and run `msq check` again.",
            error=True,
        )
        return EXIT_PROBLEM
    questions = sum(1 for _ in questionnaire.questions())
    warnings = len(problems)
    summary = (
        f"{path}: OK: {questionnaire.questionnaire.short_title} ({questionnaire.id} {questionnaire.version}),"
        f" {len(questionnaire.sections)} sections, {questions} questions, {len(questionnaire.footnotes)} footnotes"
    )
    if warnings:
        summary += f", {warnings} warning{'s' if warnings != 1 else ''}"
    say(summary)
    return EXIT_OK


def command_blank(arguments: argparse.Namespace) -> int:
    from msq_tui.submission.render import render

    fmt = arguments.format or _format_from_suffix(arguments.output) or "md"
    questionnaire = load_questionnaire(arguments.definitions)
    write_output(render(questionnaire, None, fmt), Path(arguments.output) if arguments.output else None)
    return EXIT_OK


def _format_from_suffix(output: str | None) -> str | None:
    if not output:
        return None
    suffix = Path(output).suffix.lower()
    return {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}.get(suffix)


def command_schema(arguments: argparse.Namespace) -> int:
    from msq_tui.submission.schema import response_schema, submission_schema

    questionnaire = load_questionnaire(arguments.definitions)
    schema = response_schema(questionnaire) if arguments.draft else submission_schema(questionnaire)
    text = visible_json(json.dumps(schema, indent=2, ensure_ascii=False)) + "\n"
    write_output(text, Path(arguments.output) if arguments.output else None)
    return EXIT_OK


def command_countries(arguments: argparse.Namespace) -> int:
    from msq_tui.model.countries import search_countries

    countries = search_countries(arguments.filter or "")
    if not countries:
        raise CommandError(
            f"no Member State matches '{arguments.filter}'. Try part of its English name or its ISO3 code; `msq countries` lists all 193."
        )
    if arguments.json:
        say_json([{"iso3": c.iso3, "name": c.name, "names": c.names} for c in countries])
    else:
        for country in countries:
            say(f"{country.iso3}  {country.name}")
    return EXIT_OK


def add_commands(commands) -> None:
    """Add this module's subcommands to the `msq` parser."""
    check = commands.add_parser(
        "check",
        help="check a definitions file like code",
        description="Check a questionnaire definitions file and report each problem with its line and what to change.",
    )
    check.add_argument("file", nargs="?", help="a definitions file (default: the built-in MSQ 2020)")
    check.set_defaults(handler=command_check)
    blank = commands.add_parser(
        "blank",
        help="the blank questionnaire as a document",
        description="Write the blank questionnaire as a Markdown or HTML document.",
    )
    blank.add_argument(
        "--format",
        choices=("md", "html"),
        help="md (default) or html; taken from OUT's suffix when not given",
    )
    blank.add_argument("-o", "--output", metavar="OUT", help="write to this file instead of printing")
    blank.add_argument("--definitions", metavar="FILE", help=argparse.SUPPRESS)
    blank.set_defaults(handler=command_blank)
    schema = commands.add_parser(
        "schema",
        help="the JSON Schema of a submission file",
        description="Print the JSON Schema of a submission file (or, with --draft, of a draft), generated from the models.",
    )
    schema.add_argument("--draft", action="store_true", help="the schema of a draft file instead")
    schema.add_argument("-o", "--output", metavar="OUT", help="write to this file instead of printing")
    schema.add_argument("--definitions", metavar="FILE", help=argparse.SUPPRESS)
    schema.set_defaults(handler=command_schema)
    countries = commands.add_parser("countries", help="list the 193 UN Member States and their ISO3 codes")
    countries.add_argument("filter", nargs="?", help="only names containing this text")
    countries.add_argument("--json", action="store_true", help="print JSON")
    countries.set_defaults(handler=command_countries)
