"""`msq` (the start screen), `new`, `open`, `list`, `history`, `restore` and `import`: the drafts in the msq home."""

import argparse
import sys
from pathlib import Path

from msq_tui.cli.output import EXIT_OK, EXIT_PROBLEM, CommandError, print_error, say, say_json


def draft_store():
    from msq_tui.store.drafts import DraftStore

    return DraftStore()


def run_app(questionnaire=None, **options) -> int:
    """Start the terminal application; whatever happens, the open draft is saved on the way out."""
    if not sys.stdin.isatty() or not (sys.__stderr__ and sys.__stderr__.isatty()):  # Textual draws on stderr
        raise CommandError(
            "the questionnaire needs a terminal: run msq in a terminal window (or over ssh -t)"
        )
    from msq_tui.tui.app import MsqApp

    store = draft_store()
    app = MsqApp(questionnaire or start_questionnaire(store, options.get("open_id")), store, **options)
    try:
        app.run()
    except BaseException:
        close_session(app)  # saved on the way out, whatever stopped the app; then main reports it
        raise
    had_draft = app.session is not None or app.closed_state is not None
    saved = close_session(app)
    if app.crash is not None:
        from msq_tui.store.crash import crash_message

        error, report = app.crash
        print_error(crash_message(error, report))
        if had_draft and saved:
            print_error("your draft was saved: open it again with msq.")
        return EXIT_PROBLEM
    if not saved:
        return EXIT_PROBLEM
    return app.return_code or EXIT_OK


def close_session(app) -> bool:
    """Close the app's open draft (if the app has not), saving it; False (and a message) when the save failed.

    Bounded in time whatever the disk does; what could not be saved is in an emergency copy, and
    the message says where.
    """
    closing = app.close_for_exit()
    if closing is None:
        return True  # no draft was open
    if closing.state.kind == "failed":
        message = app.take_exit_message()
        if message:
            print_error(message)
        return False
    return True


def plain_mode(arguments: argparse.Namespace) -> bool:
    """Whether to answer line by line: asked for, ACCESSIBLE set, or no terminal to draw on."""
    import os

    return bool(
        getattr(arguments, "plain", False)
        or os.environ.get("ACCESSIBLE")
        or not sys.stdin.isatty()
        or not sys.stdout.isatty()
    )


def run_plain(questionnaire=None, **options) -> int:
    from msq_tui.plain.mode import run_plain

    store = draft_store()
    return run_plain(store, questionnaire or start_questionnaire(store, options.get("open_id")), **options)


def start_questionnaire(store, open_id: str | None = None):
    """The questionnaire to start with: the draft's own when one is opened, else the default for new ones."""
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.store.errors import DraftError

    try:
        if open_id is not None:
            return store.draft_questionnaire(open_id, builtin_questionnaire())
        return store.questionnaires.default()
    except DraftError as error:
        raise CommandError(str(error)) from error


def command_start(arguments: argparse.Namespace) -> int:
    import os

    if os.environ.get("ACCESSIBLE"):
        raise CommandError(
            "plain mode (ACCESSIBLE is set) opens one draft: msq list shows them; then msq open ID, or msq new --country ISO3"
        )
    return run_app()


def command_new(arguments: argparse.Namespace) -> int:
    from msq_tui.model.countries import UnknownCountry, find_country
    from msq_tui.store.errors import DraftError

    try:
        country = find_country(arguments.country)
    except UnknownCountry as error:
        raise CommandError(str(error)) from error
    store = draft_store()
    try:
        questionnaire = store.questionnaires.choose(arguments.questionnaire)
    except DraftError as error:
        raise CommandError(str(error)) from error
    if arguments.source:
        from msq_tui.cli.questionnaires import start_carried

        response_id = start_carried(store, questionnaire, country.iso3, Path(arguments.source).expanduser())
        if plain_mode(arguments):
            return run_plain(questionnaire, open_id=response_id)
        return run_app(questionnaire, open_id=response_id)
    if plain_mode(arguments):
        return run_plain(questionnaire, new_country=country.iso3)
    return run_app(questionnaire, new_country=country.iso3)


def find_draft(text: str) -> str:
    from msq_tui.store.errors import DraftError

    try:
        return draft_store().find(text)
    except DraftError as error:
        raise CommandError(str(error)) from error


def command_open(arguments: argparse.Namespace) -> int:
    start_questionnaire(draft_store(), find_draft(arguments.draft))  # not installed: says so, opens nothing
    if plain_mode(arguments):
        return run_plain(open_id=find_draft(arguments.draft), read_only=arguments.read_only)
    return run_app(open_id=find_draft(arguments.draft), read_only=arguments.read_only)


def command_list(arguments: argparse.Namespace) -> int:
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.store.draft_summaries import form_labels, short_ids

    store = draft_store()
    summaries = store.summaries(builtin_questionnaire())
    if arguments.json:
        say_json([summary.as_json() for summary in summaries])
        return EXIT_OK
    if not summaries:
        say(f"No drafts in {store.drafts_folder}. Start one with: msq new --country ISO3")
        return EXIT_OK
    # Ids and forms as the start screen shows them: "9793c1ff", "MSQ 2020".
    ids, forms = short_ids(summaries), form_labels(summaries)
    id_width = max(10, *(len(short) + 2 for short in ids))
    form_width = max(10, *(len(form) + 2 for form in forms))
    say(f"{'ID':<{id_width}}{'COUNTRY':<28}{'FORM':<{form_width}}{'LAST SAVED':<18}{'PROGRESS':<10}STATUS")
    for summary, short, form in zip(summaries, ids, forms, strict=True):
        updated = summary.updated.astimezone().strftime("%Y-%m-%d %H:%M") if summary.updated else "?"
        progress = f"{summary.answered}/{summary.asked}" if summary.problem is None else "-"
        status = summary.status if summary.problem is None else f"{summary.status}: {summary.problem}"
        name = summary.country_name if len(summary.country_name) <= 26 else summary.country_name[:25] + "…"
        say(f"{short:<{id_width}}{name:<28}{form:<{form_width}}{updated:<18}{progress:<10}{status}")
        if summary.role():  # under its country, as the start screen shows it
            say(f"{'':<{id_width}}{summary.role()}")
    return EXIT_OK


def command_history(arguments: argparse.Namespace) -> int:

    response_id = find_draft(arguments.draft)
    store = draft_store()
    entries = store.history(response_id, start_questionnaire(store, response_id))
    if not entries:
        say(f"Draft {response_id[:8]} has no earlier saved states yet.")
        return EXIT_OK
    say(
        f"Earlier states of draft {response_id[:8]}, newest first (bring one back with: msq restore {response_id[:8]} N):"
    )
    for entry in entries:
        saved = entry.saved.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        answered = f"{entry.answered} answered" if entry.answered >= 0 else "unreadable"
        say(f"{entry.number:>3}  {saved}  {answered}")
    return EXIT_OK


def command_restore(arguments: argparse.Namespace) -> int:
    from msq_tui.store.errors import DraftError

    store = draft_store()
    response_id = find_draft(arguments.draft)
    try:
        with store.lock(response_id):
            store.restore(response_id, arguments.number, start_questionnaire(store, response_id))
    except DraftError as error:
        raise CommandError(str(error)) from error
    except OSError as error:
        raise CommandError(f"the draft could not be written: {error.strerror or error}") from error
    say(
        f"Restored state {arguments.number} of draft {response_id[:8]}. The state it replaced is now"
        f" state 1 of `msq history {response_id[:8]}`, so `msq restore {response_id[:8]} 1` undoes this."
    )
    return EXIT_OK


def command_import(arguments: argparse.Namespace) -> int:
    from msq_tui.agencies.documents import ASSIGNMENT_FORMAT, PART_FORMAT, format_of
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.store.errors import DraftError

    given = Path(arguments.file).expanduser()
    kind = format_of(given) if given.is_file() else None
    if kind == ASSIGNMENT_FORMAT:  # an agency opening the questions handed to it (cli/agencies)
        from msq_tui.cli.agencies import import_assignment

        return import_assignment(given)
    if kind == PART_FORMAT:
        raise CommandError(
            f"{given} is an agency's part: merge it into its draft with `msq merge DRAFT {given}`"
        )
    try:
        imported = draft_store().import_file(Path(arguments.file).expanduser(), builtin_questionnaire())
    except DraftError as error:
        raise CommandError(str(error)) from error
    except OSError as error:
        raise CommandError(f"the draft could not be written: {error.strerror or error}") from error
    response = imported.response
    say(
        f"Imported {arguments.file} as draft {str(response.response_id)[:8]}. Open it with: msq open {str(response.response_id)[:8]}"
    )
    for note in imported.notes:
        say(note)
    return EXIT_OK


def locked_draft(text: str):
    """(store, response id, lock held): the draft that ``text`` names, for a command that writes it."""
    from msq_tui.store.errors import DraftError

    store = draft_store()
    response_id = find_draft(text)
    try:
        lock = store.lock(response_id)
        lock.acquire()
    except DraftError as error:
        raise CommandError(str(error)) from error
    except OSError as error:  # the drafts folder refuses, or is not one msq will use
        raise CommandError(f"the draft cannot be locked for writing: {error.strerror or error}") from error
    if lock.notice:
        print_error(lock.notice)
    return store, response_id, lock


def load_draft(store, response_id: str):
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.store.errors import DraftError

    try:
        return store.load(response_id, builtin_questionnaire())
    except DraftError as error:
        raise CommandError(str(error)) from error


def add_commands(commands) -> None:
    """Add this module's subcommands to the `msq` parser."""
    new = commands.add_parser(
        "new",
        help="start a response for a country and open it",
        description="Create a new response and open it.",
    )
    new.add_argument("--country", required=True, help="ISO3 code (IRN) or English UN name of a Member State")
    new.add_argument(
        "--questionnaire",
        metavar="ID",
        help="the questionnaire to answer: ID (its newest version) or ID@VERSION, as `msq questionnaires` lists"
        " them (default: the newest edition installed)",
    )
    new.add_argument(
        "--from",
        dest="source",
        metavar="FILE",
        help="carry forward every answer that still fits from this country's earlier response (a submission or draft file)",
    )
    new.add_argument(
        "--plain",
        action="store_true",
        help="answer line by line (screen readers, braille, scripts); also when ACCESSIBLE is set or there is no terminal",
    )
    new.set_defaults(handler=command_new)
    open_ = commands.add_parser(
        "open",
        help="open a draft",
        description="Open a draft by its id (or the start of it), or by ISO3 when the country has one draft.",
    )
    open_.add_argument("draft", metavar="ID", help="draft id, its first characters, or an ISO3 code")
    open_.add_argument("--read-only", action="store_true", help="view without editing")
    open_.add_argument(
        "--plain",
        action="store_true",
        help="answer line by line (screen readers, braille, scripts); also when ACCESSIBLE is set or there is no terminal",
    )
    open_.set_defaults(handler=command_open)
    list_ = commands.add_parser("list", help="list the drafts", description="List the drafts, newest first.")
    list_.add_argument("--json", action="store_true", help="print a JSON array")
    list_.set_defaults(handler=command_list)
    history = commands.add_parser("history", help="earlier saved states of a draft")
    history.add_argument("draft", metavar="ID")
    history.set_defaults(handler=command_history)
    restore = commands.add_parser("restore", help="bring back an earlier state of a draft (undoable)")
    restore.add_argument("draft", metavar="ID")
    restore.add_argument("number", metavar="N", type=int, help="the state's number in `msq history`")
    restore.set_defaults(handler=command_restore)
    import_ = commands.add_parser(
        "import",
        help="make a draft from a submission or draft file",
        description="Make a draft from a submission (JSON or TOML, signed or not; a signed one comes in as the next revision) or a draft file. Nothing here is overwritten.",
    )
    import_.add_argument("file", metavar="FILE")
    import_.set_defaults(handler=command_import)
