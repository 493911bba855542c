"""`msq questionnaires` (the questionnaires msq knows) and `msq questionnaires add FILE`; carrying answers forward for `msq new --from`."""

import argparse
from pathlib import Path
from typing import Any

from msq_tui.cli.output import EXIT_OK, CommandError, say, say_json
from msq_tui.files.terminal_text import visible


def command_questionnaires(arguments: argparse.Namespace) -> int:
    from msq_tui.store.questionnaires import QuestionnaireLibrary

    library = QuestionnaireLibrary()
    entries = library.entries()
    default = library.default()
    if arguments.json:
        say_json([{**entry.as_json(), "default": entry.questionnaire is default} for entry in entries])
        return EXIT_OK
    say(f"{'ID':<20}{'VERSION':<16}{'FROM':<11}TITLE")
    for entry in entries:
        q = entry.questionnaire
        mark = "  (default for new responses)" if q is default else ""
        say(f"{q.id:<20}{q.version:<16}{entry.origin:<11}{visible(q.questionnaire.short_title)}{mark}")
        say(f"{'':<20}{visible(str(entry.path))}")
    for path, reason in library.unreadable:
        say(
            f"Not usable: {path}: {reason} (install a corrected file with `msq questionnaires add FILE`)",
            error=True,
        )
    say(f"Install another with: msq questionnaires add FILE   (into {library.folder})")
    return EXIT_OK


def command_add(arguments: argparse.Namespace) -> int:
    from msq_tui.store.questionnaires import InstallRefused, QuestionnaireLibrary

    library = QuestionnaireLibrary()
    source = Path(arguments.file).expanduser()
    try:
        entry, installed, warnings = library.add(source)
    except InstallRefused as refused:
        raise CommandError(str(refused), *(str(problem) for problem in refused.problems)) from refused
    except OSError as error:
        raise CommandError(
            f"{source} was not installed: {library.folder} refused it ({error.strerror or error})"
        ) from error
    for warning in warnings:
        say(str(warning))
    q = entry.questionnaire
    if not installed:
        say(f"{entry.describe()} is installed already, from this very file: nothing changed.")
        return EXIT_OK
    questions = sum(1 for _ in q.questions())
    say(
        f"Installed {visible(q.questionnaire.short_title)} ({q.id} {q.version}): {len(q.sections)} sections,"
        f" {questions} questions, as {entry.path}."
    )
    say(
        f"Start a response with: msq new --country ISO3 --questionnaire {q.id}"
        " [--from LAST-SUBMISSION.json to carry the earlier answers forward]"
    )
    return EXIT_OK


def _read_earlier(store: Any, source: Path) -> tuple[Any, Any]:
    """(the earlier response, its questionnaire or None) from a submission or draft file."""
    from msq_tui.files.input_files import InputFileError, read_input_file
    from msq_tui.store.draft_files import MAX_DRAFT_BYTES, parse_draft
    from msq_tui.submission.document import SUBMISSION_FORMAT
    from msq_tui.submission.verify import SubmissionError, parse_file, read_submission

    try:
        data = read_input_file(source, MAX_DRAFT_BYTES, "a submission or draft file")
    except InputFileError as error:
        raise CommandError(f"{error}. No draft was made") from None
    try:
        document = parse_file(data, str(source))
        if document.get("format") == SUBMISSION_FORMAT:
            submission = read_submission(
                data, store.questionnaires.known(), str(source), require_signoff=False
            )
            return submission.response, submission.questionnaire
        response = parse_draft(data)
    except SubmissionError as error:
        raise CommandError(f"{error}. No draft was made") from None
    except ValueError as error:
        raise CommandError(
            f"{source} is neither a submission nor a draft: {error}. No draft was made"
        ) from None
    return response, store.questionnaires.find(response.questionnaire_id, response.questionnaire_version)


def start_carried(store: Any, questionnaire: Any, country_iso3: str, source: Path) -> str:
    """Make a draft of ``questionnaire`` with the answers of ``source`` that fit; its id. Prints what happened."""
    from msq_tui.model.carry import carry_forward
    from msq_tui.model.countries import country_by_iso3

    earlier, earlier_questionnaire = _read_earlier(store, source)
    if earlier.country != country_iso3:
        theirs = country_by_iso3(earlier.country)
        ours = country_by_iso3(country_iso3)
        raise CommandError(
            f"{source} is the response of {theirs.name if theirs else earlier.country}, not of"
            f" {ours.name if ours else country_iso3}: give --country {earlier.country}, or the file of"
            f" {ours.name if ours else country_iso3}. No draft was made"
        )
    carried = carry_forward(earlier, questionnaire, earlier_questionnaire)
    try:
        store.prepare()
        store.save(carried.response)
    except OSError as error:
        raise CommandError(f"the new draft could not be saved: {error.strerror or error}") from error
    response_id = str(carried.response.response_id)
    say(
        f"Started draft {response_id[:8]} of {questionnaire.questionnaire.short_title} for"
        f" {carried.response.country} from {source}."
    )
    for note in carried.notes:
        say(note)
    return response_id


def add_commands(commands: Any) -> None:
    """Add this module's subcommands to the `msq` parser."""
    listing = commands.add_parser(
        "questionnaires",
        help="the questionnaires msq knows; `add FILE` installs one",
        description="List the questionnaires msq knows (the built-in MSQ 2020 and those installed), or install one.",
    )
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(handler=command_questionnaires)
    actions = listing.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser(
        "add",
        help="check a definitions file as `msq check` does and install it into the msq home",
        description="Check a questionnaire definitions file exactly as `msq check` does and install it into the"
        " msq home. A file with errors is refused with each problem listed; a file whose id and version are"
        " known already is refused unless it is the same file.",
    )
    add.add_argument("file", metavar="FILE", help="a definitions file (TOML)")
    add.set_defaults(handler=command_add)
