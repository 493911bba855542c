"""The `msq` command: its subcommands, their arguments, and what they print.

Every subcommand works without a screen and imports Textual only when it opens one. Problems
that a person can fix (a bad file, an unknown country) are printed as one clear message and the
command exits 1; wrong usage exits 2; no traceback reaches the user.
"""

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from msq_tui import __version__
from msq_tui.files.terminal_text import visible, visible_json

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A problem to tell the user in one message (one line, or a few given apart), ending the
    command with exit code 1."""

    def __init__(self, message: str, *more_lines: str):
        super().__init__("\n".join((message, *more_lines)))
        self.lines = (message, *more_lines)


# -- Output: everything msq prints goes through these, so nothing from a file reaches the terminal raw


def _say(*lines: str, error: bool = False) -> None:
    """Print each of ``lines`` as one line, on stdout (or stderr with ``error``).

    A line often holds a value from a file or an answer (a signer's name, a question id, a key of
    a forged submission): its control characters and line breaks are shown (``\\x1b``, ``\\n``),
    never obeyed, so a file can neither drive the terminal nor forge a line of msq's output.
    """
    stream = sys.stderr if error else sys.stdout
    for line in lines:
        stream.write(visible(line) + "\n")


def _print_error(*lines: str) -> None:
    _say(f"msq: {lines[0]}", *lines[1:], error=True)


def _say_json(value: object) -> None:
    _write_output(visible_json(json.dumps(value, ensure_ascii=False, indent=2)) + "\n", None)


def _write_output(text: str, output: Path | None) -> None:
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
    _say(f"Wrote {target}", error=True)


def _questionnaire(path: str | None):
    from msq_tui.model.definitions_check import DefinitionsError, builtin_questionnaire, load_definitions

    try:
        return builtin_questionnaire() if path is None else load_definitions(Path(path))
    except DefinitionsError as error:
        check = f"msq check {path}" if path else "msq check"
        errors = [problem for problem in error.problems if problem.severity == "error"] or error.problems
        raise CommandError(
            "the definitions cannot be used:", *map(str, errors), f"Run `{check}` to see every problem."
        ) from error


# -- Subcommands ---------------------------------------------------------------------------------


def command_check(arguments: argparse.Namespace) -> int:
    from msq_tui.model.definitions_check import builtin_definitions_path, check_definitions

    path = Path(arguments.file) if arguments.file else builtin_definitions_path()
    questionnaire, problems = check_definitions(path)
    for problem in problems:
        _say(str(problem))
    errors = [problem for problem in problems if problem.severity == "error"]
    if questionnaire is None or errors:
        count = len(errors) or len(problems)
        _say(
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
    _say(summary)
    return EXIT_OK


def command_blank(arguments: argparse.Namespace) -> int:
    from msq_tui.submission.render import render

    fmt = arguments.format or _format_from_suffix(arguments.output) or "md"
    questionnaire = _questionnaire(arguments.definitions)
    _write_output(render(questionnaire, None, fmt), Path(arguments.output) if arguments.output else None)
    return EXIT_OK


def _format_from_suffix(output: str | None) -> str | None:
    if not output:
        return None
    suffix = Path(output).suffix.lower()
    return {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}.get(suffix)


def command_schema(arguments: argparse.Namespace) -> int:
    from msq_tui.submission.schema import response_schema, submission_schema

    questionnaire = _questionnaire(arguments.definitions)
    schema = response_schema(questionnaire) if arguments.draft else submission_schema(questionnaire)
    text = visible_json(json.dumps(schema, indent=2, ensure_ascii=False)) + "\n"
    _write_output(text, Path(arguments.output) if arguments.output else None)
    return EXIT_OK


def command_countries(arguments: argparse.Namespace) -> int:
    from msq_tui.model.countries import search_countries

    countries = search_countries(arguments.filter or "")
    if not countries:
        raise CommandError(
            f"no Member State matches '{arguments.filter}'. Try part of its English name or its ISO3 code; `msq countries` lists all 193."
        )
    if arguments.json:
        _say_json([{"iso3": c.iso3, "name": c.name, "names": c.names} for c in countries])
    else:
        for country in countries:
            _say(f"{country.iso3}  {country.name}")
    return EXIT_OK


def _store():
    from msq_tui.store.drafts import DraftStore

    return DraftStore()


def _run_app(**options) -> int:
    """Start the terminal application; whatever happens, the open draft is saved on the way out."""
    if not sys.stdin.isatty() or not sys.__stderr__.isatty():  # Textual draws on stderr
        raise CommandError(
            "the questionnaire needs a terminal: run msq in a terminal window (or over ssh -t)"
        )
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.tui.app import MsqApp

    app = MsqApp(builtin_questionnaire(), _store(), **options)
    try:
        app.run()
    except BaseException:
        _close_session(app)  # saved on the way out, whatever stopped the app; then main reports it
        raise
    had_draft = app.session is not None or app.closed_state is not None
    saved = _close_session(app)
    if app.crash is not None:
        from msq_tui.store.crash import crash_message

        error, report = app.crash
        _print_error(crash_message(error, report))
        if had_draft and saved:
            _print_error("your draft was saved: open it again with msq.")
        return EXIT_PROBLEM
    if not saved:
        return EXIT_PROBLEM
    return app.return_code or EXIT_OK


def _close_session(app) -> bool:
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
            _print_error(message)
        return False
    return True


def _plain_mode(arguments: argparse.Namespace) -> bool:
    """Whether to answer line by line: asked for, ACCESSIBLE set, or no terminal to draw on."""
    import os

    return bool(
        getattr(arguments, "plain", False)
        or os.environ.get("ACCESSIBLE")
        or not sys.stdin.isatty()
        or not sys.stdout.isatty()
    )


def _run_plain(**options) -> int:
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.plain.mode import run_plain

    return run_plain(_store(), builtin_questionnaire(), **options)


def command_start(arguments: argparse.Namespace) -> int:
    import os

    if os.environ.get("ACCESSIBLE"):
        raise CommandError(
            "plain mode (ACCESSIBLE is set) opens one draft: msq list shows them; then msq open ID, or msq new --country ISO3"
        )
    return _run_app()


def command_new(arguments: argparse.Namespace) -> int:
    from msq_tui.model.countries import UnknownCountry, find_country

    try:
        country = find_country(arguments.country)
    except UnknownCountry as error:
        raise CommandError(str(error)) from error
    if _plain_mode(arguments):
        return _run_plain(new_country=country.iso3)
    return _run_app(new_country=country.iso3)


def _find_draft(text: str) -> str:
    from msq_tui.store.drafts import DraftError

    try:
        return _store().find(text)
    except DraftError as error:
        raise CommandError(str(error)) from error


def command_open(arguments: argparse.Namespace) -> int:
    if _plain_mode(arguments):
        return _run_plain(open_id=_find_draft(arguments.draft), read_only=arguments.read_only)
    return _run_app(open_id=_find_draft(arguments.draft), read_only=arguments.read_only)


def command_list(arguments: argparse.Namespace) -> int:
    from msq_tui.model.definitions_check import builtin_questionnaire

    store = _store()
    summaries = store.summaries(builtin_questionnaire())
    if arguments.json:
        _say_json([summary.as_json() for summary in summaries])
        return EXIT_OK
    if not summaries:
        _say(f"No drafts in {store.drafts_folder}. Start one with: msq new --country ISO3")
        return EXIT_OK
    _say(f"{'ID':<10}{'COUNTRY':<28}{'FORM':<16}{'LAST SAVED':<18}{'PROGRESS':<10}STATUS")
    for summary in summaries:
        updated = summary.updated.astimezone().strftime("%Y-%m-%d %H:%M") if summary.updated else "?"
        progress = f"{summary.answered}/{summary.asked}" if summary.problem is None else "-"
        status = summary.status if summary.problem is None else f"damaged: {summary.problem}"
        name = summary.country_name if len(summary.country_name) <= 26 else summary.country_name[:25] + "…"
        _say(
            f"{summary.response_id[:8]:<10}{name:<28}{summary.questionnaire:<16}{updated:<18}{progress:<10}{status}"
        )
    return EXIT_OK


def command_history(arguments: argparse.Namespace) -> int:
    from msq_tui.model.definitions_check import builtin_questionnaire

    response_id = _find_draft(arguments.draft)
    entries = _store().history(response_id, builtin_questionnaire())
    if not entries:
        _say(f"Draft {response_id[:8]} has no earlier saved states yet.")
        return EXIT_OK
    _say(
        f"Earlier states of draft {response_id[:8]}, newest first (bring one back with: msq restore {response_id[:8]} N):"
    )
    for entry in entries:
        saved = entry.saved.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        answered = f"{entry.answered} answered" if entry.answered >= 0 else "unreadable"
        _say(f"{entry.number:>3}  {saved}  {answered}")
    return EXIT_OK


def command_restore(arguments: argparse.Namespace) -> int:
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.store.drafts import DraftError

    store = _store()
    response_id = _find_draft(arguments.draft)
    try:
        with store.lock(response_id):
            store.restore(response_id, arguments.number, builtin_questionnaire())
    except DraftError as error:
        raise CommandError(str(error)) from error
    except OSError as error:
        raise CommandError(f"the draft could not be written: {error.strerror or error}") from error
    _say(
        f"Restored state {arguments.number} of draft {response_id[:8]}. The state it replaced is now"
        f" state 1 of `msq history {response_id[:8]}`, so `msq restore {response_id[:8]} 1` undoes this."
    )
    return EXIT_OK


def command_import(arguments: argparse.Namespace) -> int:
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.store.drafts import DraftError

    try:
        imported = _store().import_file(Path(arguments.file).expanduser(), builtin_questionnaire())
    except DraftError as error:
        raise CommandError(str(error)) from error
    except OSError as error:
        raise CommandError(f"the draft could not be written: {error.strerror or error}") from error
    response = imported.response
    _say(
        f"Imported {arguments.file} as draft {str(response.response_id)[:8]}. Open it with: msq open {str(response.response_id)[:8]}"
    )
    for note in imported.notes:
        _say(note)
    return EXIT_OK


def _locked_draft(text: str):
    """(store, response id, lock held): the draft that ``text`` names, for a command that writes it."""
    from msq_tui.store.drafts import DraftError

    store = _store()
    response_id = _find_draft(text)
    try:
        lock = store.lock(response_id)
        lock.acquire()
    except DraftError as error:
        raise CommandError(str(error)) from error
    except OSError as error:  # the drafts folder refuses, or is not one msq will use
        raise CommandError(f"the draft cannot be locked for writing: {error.strerror or error}") from error
    if lock.notice:
        _print_error(lock.notice)
    return store, response_id, lock


def _load(store, response_id: str):
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.store.drafts import DraftError

    try:
        return store.load(response_id, builtin_questionnaire())
    except DraftError as error:
        raise CommandError(str(error)) from error


def command_sign(arguments: argparse.Namespace) -> int:
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.model.validation import validate_response
    from msq_tui.submission.signoff import Signer, SignOffBlocked, sign_off, signer_from_contact

    questionnaire = builtin_questionnaire()
    store, response_id, lock = _locked_draft(arguments.draft)
    with lock:
        response = _load(store, response_id)
        if response.is_signed:
            raise CommandError(
                f"not signed off: revision {response.revision} is signed off already; reopen it to make a new revision"
            )
        contact = signer_from_contact(questionnaire, response)
        signer = Signer(
            arguments.name or contact.name,
            arguments.title or contact.title,
            arguments.organization or contact.organization,
            arguments.email or contact.email,
        )
        try:
            signed = sign_off(questionnaire, response, signer, publish=arguments.publish == "yes")
        except SignOffBlocked as blocked:
            headline = str(blocked).split("\n", 1)[0]
            raise CommandError(
                headline, *(f"  - {problem.message}" for problem in blocked.problems)
            ) from blocked
        except ValueError as error:
            raise CommandError(f"not signed off: {error}") from error
        unanswered = [p for p in validate_response(questionnaire, signed) if p.kind == "unanswered"]
        secret_key = (
            None if arguments.unsigned else _unlocked_key(arguments.passphrase_file)
        )  # asked once sign-off may go ahead
        key_id = _sign_files(questionnaire, signed, secret_key) if secret_key is not None else None
        try:
            store.save(signed)
        except OSError as error:
            raise CommandError(
                f"not signed off: the draft could not be saved: {error.strerror or error}"
            ) from error
    _say(
        f"Signed off revision {signed.revision} of draft {response_id[:8]} ({signed.country}) as {signer.name}, {signer.title}."
    )
    _say(
        f"Authorisation to publish: {arguments.publish}. The response is now read-only; `msq reopen {response_id[:8]}` starts a new revision."
    )
    if unanswered:
        _say(
            f"Note: {len(unanswered)} question{'s are' if len(unanswered) != 1 else ' is'} left unanswered (this does not block sign-off)."
        )
    if key_id is not None:
        _say(f"Signed with key {key_id}: export writes a signature (FILE.minisig) beside each file.")
    elif arguments.unsigned:
        _say(
            "Not signed with your key (--unsigned): the files will carry no signature, only their fingerprint."
        )
    else:
        _say(
            "Not signed with a key (you have none: `msq key new` makes one): the files will carry no signature, only their fingerprint."
        )
    _say(f"Next: msq export {response_id[:8]}")
    return EXIT_OK


def _passphrase_from_file(path_text: str) -> str:
    from msq_tui.files.input_files import InputFileError, read_input_file

    try:
        data = read_input_file(Path(path_text).expanduser(), 4096, "a passphrase file")
    except InputFileError as error:
        raise CommandError(str(error)) from error
    try:
        passphrase = data.decode("utf-8").removesuffix("\n").removesuffix("\r")
    except UnicodeDecodeError:
        raise CommandError(
            f"{path_text} is not text in UTF-8: write the passphrase in it as one line"
        ) from None
    if not passphrase:
        raise CommandError(f"{path_text} is empty: write the passphrase in it as one line")
    return passphrase


def _ask_passphrase(prompt: str) -> str:
    import getpass

    if not sys.stdin.isatty():
        raise CommandError(
            "the passphrase is asked in a terminal: run this in one, or give --passphrase-file FILE"
        )
    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise CommandError("no passphrase given") from None


def _unlocked_key(passphrase_file: str | None):
    """The signer's secret key, unlocked (its passphrase asked when it has one); None when there is no key."""
    from msq_tui.submission.signing import KeyStore, SigningError

    keys = KeyStore()
    if not keys.has_key():
        return None
    try:
        locked = keys.locked_key()
        passphrase = None
        if locked.encrypted:
            passphrase = (
                _passphrase_from_file(passphrase_file)
                if passphrase_file
                else _ask_passphrase(f"Passphrase of the signing key (key id {keys.public_key().key_id}): ")
            )
        return keys.unlock(passphrase)
    except SigningError as error:
        raise CommandError(
            f"not signed off: {error}",
            "(`--unsigned` signs off without your key; the files then carry no signature)",
        ) from error


def _sign_files(questionnaire, signed, secret_key) -> str:
    """Sign the files the export of ``signed`` will write; the key id."""
    from msq_tui.submission.document import sealed, submission_document
    from msq_tui.submission.signed import sign_submission
    from msq_tui.submission.signing import SigningError

    try:
        return sign_submission(sealed(submission_document(questionnaire, signed)), secret_key)
    except (OSError, SigningError) as error:
        raise CommandError(
            f"not signed off: the signature could not be stored: {getattr(error, 'strerror', None) or error}"
        ) from error


def command_key(arguments: argparse.Namespace) -> int:
    from msq_tui.submission.signing import KeyStore, SigningError

    keys = KeyStore()
    try:
        if arguments.key_command == "new":
            return _key_new(keys, arguments)
        public = keys.public_key()
        if arguments.key_command == "show":
            _say(f"Key id:     {public.key_id}")
            _say(f"Public key: {public.base64()}")
            _say(
                f"Secret key: {keys.secret_path} ({'encrypted with a passphrase' if keys.locked_key().encrypted else 'NOT encrypted'})"
            )
            _say(
                "Give DPIDG the public key file (`msq key export -o FILE.pub`) by a way other than the submission e-mail,"
            )
            _say("and read them the key id on the phone; they check every submission against it.")
            return EXIT_OK
        if arguments.output is None:
            _write_output(public.file_text(), None)
        else:
            _write_output(public.file_text(), Path(arguments.output))
        return EXIT_OK
    except SigningError as error:
        raise CommandError(str(error)) from error
    except OSError as error:
        raise CommandError(f"the key could not be written: {error.strerror or error}") from error


def _key_new(keys, arguments: argparse.Namespace) -> int:
    if arguments.no_passphrase:
        passphrase = None
    elif arguments.passphrase_file:
        passphrase = _passphrase_from_file(arguments.passphrase_file)
    else:
        passphrase = _ask_passphrase("New passphrase for your signing key: ")
        if _ask_passphrase("The same passphrase again: ") != passphrase:
            raise CommandError("the two passphrases differ; no key made. Run `msq key new` again")
    if passphrase is not None and len(passphrase) < 8:
        raise CommandError(
            "the passphrase is shorter than 8 characters; no key made. Choose a longer one (a few words do)"
        )
    public = keys.create(passphrase, replace=arguments.replace)
    _say(f"Made a signing key, key id {public.key_id}.")
    _say(f"Secret key: {keys.secret_path} (only you can read it; keep a copy somewhere safe)")
    _say(f"Public key: {keys.public_path}")
    if passphrase is None:
        _print_error(
            "warning: the secret key is NOT encrypted: anyone who can read its file can sign as you. `msq key new --replace` makes one with a passphrase."
        )
    _say(
        "Next: `msq key export -o FILE.pub`, and give that file to DPIDG by a way other than the submission e-mail."
    )
    return EXIT_OK


def command_reopen(arguments: argparse.Namespace) -> int:
    from msq_tui.submission.signoff import reopen

    store, response_id, lock = _locked_draft(arguments.draft)
    with lock:
        response = _load(store, response_id)
        if not response.is_signed:
            _say(
                f"Draft {response_id[:8]} is not signed off; it is open for editing already (revision {response.revision})."
            )
            return EXIT_OK
        reopened = reopen(response)
        try:
            store.save(reopened)
        except OSError as error:
            raise CommandError(f"not reopened: {error.strerror or error}") from error
    _say(
        f"Reopened draft {response_id[:8]} as revision {reopened.revision}. It must be signed off again; files exported from revision {response.revision} stay valid."
    )
    return EXIT_OK


def command_export(arguments: argparse.Namespace) -> int:
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.submission.document import grouped, sealed, submission_document
    from msq_tui.submission.export import ExportRefused, default_export_folder, export

    questionnaire = builtin_questionnaire()
    store = _store()
    response = _load(store, _find_draft(arguments.draft))
    formats = ("json", "toml") if arguments.format == "both" else (arguments.format,)
    folder = Path(arguments.output).expanduser() if arguments.output else default_export_folder()
    try:
        paths = export(questionnaire, response, folder, formats)
    except ExportRefused as refused:  # a reason, then one problem a line
        raise CommandError(*str(refused).split("\n")) from refused
    except OSError as error:
        raise CommandError(f"could not write to {folder}: {error.strerror or error}") from error
    from msq_tui.submission.signing import signature_path_of

    fingerprint = sealed(submission_document(questionnaire, response))["integrity"]["digest"]
    signed = True
    for path in paths:
        _say(f"Wrote {path}")
        if signature_path_of(path).exists():
            _say(f"Wrote {signature_path_of(path)}")
        else:
            signed = False
    if not signed:
        _say("Unsigned: no signature was made at sign-off, so nothing in these files shows who made them.")
    _say(f"Fingerprint: {fingerprint}")
    _say(f"             {grouped(fingerprint)}")
    _say(
        "(The fingerprint shows a file unchanged only against one received another way: read it aloud to DPIDG.)"
    )
    _say(
        f"Next: msq email {paths[0]}   (writes an e-mail to {questionnaire.questionnaire.contact_email} with both files attached)"
    )
    return EXIT_OK


def command_verify(arguments: argparse.Namespace) -> int:
    from msq_tui.submission.document import grouped
    from msq_tui.submission.submitted import describe_progress, progress
    from msq_tui.submission.verify import SubmissionError, known_questionnaires, read_submission_file

    path = Path(arguments.file).expanduser()
    try:
        submission = read_submission_file(path, known_questionnaires())
    except SubmissionError as error:
        _say(f"NOT VALID: {error}", f"Cause: {error.cause}", error=True)
        return EXIT_PROBLEM
    document = submission.document
    signoff = document["signoff"]
    checked = _check_signature(path, document, arguments)
    if checked.status == "refused":
        _say(f"NOT VERIFIED: {path}: {checked.message}", error=True)
        return EXIT_PROBLEM
    if checked.status == "signed":
        _say(f"OK: {path} is a signed-off submission, {checked.message}.")
    else:
        _say(
            f"{path} is a well-formed, signed-off submission that matches its own fingerprint; who made it is not checked."
        )
    _say(
        f"Questionnaire: {document['questionnaire']['title']} ({document['questionnaire']['id']} {document['questionnaire']['version']})"
    )
    _say(f"Country:       {document['country']['name']} ({document['country']['iso3']})")
    _say(f"Revision:      {document['revision']}")
    _say(
        f"Signed off by: {signoff['name']}, {signoff['title']}, {signoff['organization']} <{signoff['email']}>"
    )
    _say(f"Signed at:     {signoff['signed_at']}")
    _say(f"Publish:       {'yes' if signoff['publish'] else 'no'}")
    _say(f"Answers:       {describe_progress(*progress(submission.questionnaire, submission.response))}")
    _say(f"Fingerprint:   {submission.fingerprint}")
    _say(f"               {grouped(submission.fingerprint)}")
    _say(f"Signature:     {checked.message}")
    if checked.status != "signed":
        _say(
            "What this proves: the fingerprint shows the file unchanged only when it equals one received another way"
            " (read aloud, on a signed letter); anyone who edits a file can compute a new one. A signature checked"
            " with --key shows who made it."
        )
    return EXIT_OK


def _check_signature(path: Path, document: dict, arguments: argparse.Namespace):
    from msq_tui.files.input_files import InputFileError, read_input_file
    from msq_tui.submission.signed import check_signature, trusted_keys
    from msq_tui.submission.signing import SigningError, read_signature_file
    from msq_tui.submission.verify import MAX_SUBMISSION_BYTES

    try:
        given = arguments.key is not None or arguments.keys is not None
        trusted = None
        if given:
            key_file = Path(arguments.key).expanduser() if arguments.key else None
            folder = Path(arguments.keys).expanduser() if arguments.keys else None
            trusted, skipped = trusted_keys(key_file, folder)
            for reason in skipped:
                _print_error(f"skipped: {reason}")
        signature = read_signature_file(path)
        data = (
            read_input_file(path, MAX_SUBMISSION_BYTES, "a submission file") if signature is not None else b""
        )
    except SigningError as error:
        raise CommandError(str(error)) from error
    except InputFileError as error:
        raise CommandError(str(error)) from error
    return check_signature(document, data, signature, trusted)


def command_collect(arguments: argparse.Namespace) -> int:
    from msq_tui.collect.collector import collect
    from msq_tui.collect.database import DatabaseError
    from msq_tui.collect.progress import Progress
    from msq_tui.submission.signed import trusted_keys
    from msq_tui.submission.signing import SigningError
    from msq_tui.submission.verify import known_questionnaires

    trusted = None
    if arguments.keys is not None:
        try:
            trusted, skipped = trusted_keys(None, Path(arguments.keys).expanduser())
        except SigningError as error:
            raise CommandError(str(error)) from error
        for reason in skipped:
            _print_error(f"skipped: {reason}")
    database = Path(arguments.output).expanduser()
    progress = Progress(each_file=arguments.verbose)
    try:
        tally, totals = collect(
            [Path(p).expanduser() for p in arguments.paths],
            database,
            known_questionnaires(),
            trusted,
            progress,
        )
    except DatabaseError as error:
        raise CommandError(str(error)) from error
    finally:
        progress.finish()
    copies = f", {tally.copies} other-format cop{'ies' if tally.copies != 1 else 'y'}" if tally.copies else ""
    _say(
        f"Read {tally.files:,} submission file{'s' if tally.files != 1 else ''} in {tally.seconds:.1f} s:"
        f" {tally.added:,} added{copies}, {tally.known:,} collected before, {len(tally.refused):,} refused.",
        f"{database}: {totals.submissions:,} submissions; {totals.countries} of 193 Member States have a current one;"
        f" {totals.refused:,} refused files listed.",
    )
    for name, message in tally.refused[:10]:
        _say(f"REFUSED: {message}" if name in message else f"REFUSED: {name}: {message}", error=True)
    if len(tally.refused) > 10:
        _say(f"... and {len(tally.refused) - 10:,} more refused: see `msq report {database}`", error=True)
    if tally.found == 0:
        _say("No .json, .toml or .eml file was found there: check the paths.", error=True)
    return EXIT_PROBLEM if tally.refused else EXIT_OK


def command_report(arguments: argparse.Namespace) -> int:
    from msq_tui.collect.formats import ReportError, format_for, report_bytes, write_report

    output = Path(arguments.output).expanduser() if arguments.output else None
    fmt = format_for(arguments.format, output)
    if fmt == "xlsx" and output is None:
        raise CommandError("an XLSX workbook goes to a file: give -o FILE.xlsx")
    try:
        data = report_bytes(Path(arguments.database).expanduser(), fmt, arguments.table)
        if output is None:
            _write_output(data.decode("utf-8").removeprefix("\ufeff"), None)
            return EXIT_OK
        write_report(output, data)
    except ReportError as error:
        raise CommandError(str(error)) from error
    _say(f"Wrote {output}", error=True)
    return EXIT_OK


def _response_and_fingerprint(target: str):
    """A draft (by id or country) or a submission file, as (questionnaire, response, fingerprint)."""
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.submission.document import sealed, submission_document
    from msq_tui.submission.verify import SubmissionError, known_questionnaires, read_submission_file

    path = Path(target).expanduser()
    if path.exists():  # a file, or something given as one (a folder, a FIFO): read_submission_file says which
        try:
            submission = read_submission_file(path, known_questionnaires(), require_signoff=False)
        except SubmissionError as error:
            raise CommandError(str(error)) from error
        return submission.questionnaire, submission.response, submission.fingerprint
    questionnaire = builtin_questionnaire()
    response = _load(_store(), _find_draft(target))
    fingerprint = (
        sealed(submission_document(questionnaire, response))["integrity"]["digest"]
        if response.is_signed
        else None
    )
    return questionnaire, response, fingerprint


def command_render(arguments: argparse.Namespace) -> int:
    from msq_tui.submission.render import render

    questionnaire, response, fingerprint = _response_and_fingerprint(arguments.target)
    fmt = arguments.format or _format_from_suffix(arguments.output) or "md"
    _write_output(
        render(questionnaire, response, fmt, fingerprint),
        Path(arguments.output) if arguments.output else None,
    )
    return EXIT_OK


def command_email(arguments: argparse.Namespace) -> int:
    from msq_tui.files.atomic import write_atomic
    from msq_tui.files.input_files import InputFileError, read_input_file
    from msq_tui.submission.document import to_json, to_toml
    from msq_tui.submission.email_file import submission_email
    from msq_tui.submission.verify import (
        MAX_SUBMISSION_BYTES,
        SubmissionError,
        known_questionnaires,
        read_submission_file,
    )

    path = Path(arguments.file).expanduser()
    try:
        submission = read_submission_file(path, known_questionnaires())
    except SubmissionError as error:
        raise CommandError(f"no e-mail written: {error}") from error
    files: dict[str, tuple[str, bytes]] = {}
    own = "toml" if path.suffix.lower() == ".toml" else "json"
    try:  # read again to attach it as it is; it may have changed since it was checked
        own_data = read_input_file(path, MAX_SUBMISSION_BYTES, "a submission file")
    except InputFileError as error:
        raise CommandError(f"no e-mail written: {error}") from error
    files[own] = (path.name, own_data)
    other = "json" if own == "toml" else "toml"
    sibling = path.with_suffix(f".{other}")
    sibling_data = None
    if sibling.is_file():
        try:
            if read_submission_file(sibling, known_questionnaires()).fingerprint == submission.fingerprint:
                sibling_data = read_input_file(sibling, MAX_SUBMISSION_BYTES, "a submission file")
        except (SubmissionError, InputFileError):
            pass
    if sibling_data is None:  # made from the verified document: the same content, the same fingerprint
        sibling_data = to_toml(submission.document) if other == "toml" else to_json(submission.document)
    files[other] = (sibling.name, sibling_data)
    to_address = submission.questionnaire.questionnaire.contact_email or "dpidg@un.org"
    from msq_tui.submission.signed import signatures_to_attach
    from msq_tui.submission.signing import SigningError

    try:
        signatures = signatures_to_attach(path.parent, submission.document, files)
    except SigningError as error:
        raise CommandError(f"no e-mail written: {error}") from error
    message = submission_email(submission, files, to_address, signatures=signatures)
    output = Path(arguments.output).expanduser() if arguments.output else path.with_suffix(".eml")
    try:
        write_atomic(output, message, mode=0o644)
    except OSError as error:
        raise CommandError(f"could not write {output}: {error.strerror or error}") from error
    _say(f"Wrote {output}")
    if signatures:
        key_ids = sorted({key_id for _, _, key_id in signatures.values()})
        _say(
            f"Attached the signatures (.minisig) made with key {', '.join(key_ids)}; DPIDG checks them with the public key you gave them before."
        )
    else:
        _say(
            "The files are unsigned: the e-mail says so. (A key made with `msq key new` before sign-off signs them.)"
        )
    _say(
        f"Open it in your mail program (Outlook, Thunderbird, Apple Mail) and send it to {to_address}. msq sends nothing itself."
    )
    return EXIT_OK


# -- The parser -------------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own exits with 2 too; keep the wording ours
        self.print_usage(sys.stderr)
        _print_error(f"{message} (see `{self.prog} --help`)")
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="msq",
        description=(
            "Answer the UN E-Government Survey's Member States Questionnaire (MSQ) in the terminal."
        ),
    )
    parser.add_argument("--version", action="version", version=f"msq-tui {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

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

    new = commands.add_parser(
        "new",
        help="start a response for a country and open it",
        description="Create a new response and open it.",
    )
    new.add_argument("--country", required=True, help="ISO3 code (IRN) or English UN name of a Member State")
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

    sign = commands.add_parser(
        "sign",
        help="sign a draft off (blocked while errors stand)",
        description="Sign off the current revision: it becomes read-only and can be exported. The signer's details default to the contact section.",
    )
    sign.add_argument("draft", metavar="DRAFT", help="draft id, its first characters, or an ISO3 code")
    sign.add_argument("--name")
    sign.add_argument("--title")
    sign.add_argument("--organization")
    sign.add_argument("--email")
    sign.add_argument(
        "--publish",
        choices=("yes", "no"),
        required=True,
        help="I/We hereby authorize UNDESA to publish my/our responses as deemed necessary: yes or no",
    )
    sign.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help="read the signing key's passphrase from FILE instead of asking",
    )
    sign.add_argument(
        "--unsigned",
        action="store_true",
        help="sign off without your signing key (the files then carry no signature)",
    )
    sign.set_defaults(handler=command_sign)

    reopen = commands.add_parser("reopen", help="make a new revision of a signed-off draft")
    reopen.add_argument("draft", metavar="DRAFT")
    reopen.set_defaults(handler=command_reopen)

    export = commands.add_parser(
        "export",
        help="write the signed-off response as JSON and TOML",
        description="Write the submission files of a signed-off response.",
    )
    export.add_argument("draft", metavar="DRAFT")
    export.add_argument("--format", choices=("json", "toml", "both"), default="both")
    export.add_argument("-o", "--output", metavar="DIR", help="the folder (default: your documents folder)")
    export.set_defaults(handler=command_export)

    verify = commands.add_parser(
        "verify",
        help="check a submission file (and its signature, with the sender's key)",
        description=(
            "Check that a submission file is well formed, signed off and matches its own fingerprint, and print the"
            " fingerprint. With --key or --keys, check its signature (FILE.minisig) with a public key received from"
            " the country before: only that shows who made the file."
        ),
    )
    verify.add_argument("file", metavar="FILE")
    trusted = verify.add_mutually_exclusive_group()
    trusted.add_argument(
        "--key", metavar="FILE.pub", help="the public key received from the country (minisign format)"
    )
    trusted.add_argument(
        "--keys",
        metavar="DIR",
        help="a folder of trusted public keys (name each ISO3.pub to check the country too)",
    )
    verify.set_defaults(handler=command_verify)

    render_ = commands.add_parser(
        "render",
        help="the response as a document to read or print",
        description="Render a draft or a submission file as Markdown or a self-contained HTML page.",
    )
    render_.add_argument("target", metavar="DRAFT|FILE")
    render_.add_argument("--format", choices=("md", "html"))
    render_.add_argument("-o", "--output", metavar="OUT")
    render_.set_defaults(handler=command_render)

    email_ = commands.add_parser(
        "email",
        help="write the e-mail to DPIDG as an .eml file",
        description="Write a standard e-mail file addressed to DPIDG with the JSON and TOML attached. Nothing is sent.",
    )
    email_.add_argument("file", metavar="FILE", help="a submission file (.json or .toml)")
    email_.add_argument("-o", "--output", metavar="OUT.eml")
    email_.set_defaults(handler=command_email)

    key = commands.add_parser(
        "key",
        help="your signing key: new, show, export",
        description="The signer's Ed25519 key (minisign's format): sign-off signs the submission files with it.",
    )
    key_commands = key.add_subparsers(
        dest="key_command", metavar="new|show|export", parser_class=_Parser, required=True
    )
    key_new = key_commands.add_parser("new", help="make your signing key (its passphrase asked twice)")
    secret = key_new.add_mutually_exclusive_group()
    secret.add_argument(
        "--passphrase-file", metavar="FILE", help="read the passphrase from FILE instead of asking"
    )
    secret.add_argument(
        "--no-passphrase", action="store_true", help="keep the secret key unencrypted (not advised)"
    )
    key_new.add_argument(
        "--replace", action="store_true", help="replace the key you have (the old files are kept, renamed)"
    )
    key_commands.add_parser("show", help="your public key and its key id")
    key_export = key_commands.add_parser("export", help="write your public key file, for DPIDG")
    key_export.add_argument(
        "-o", "--output", metavar="FILE.pub", help="write to this file instead of printing"
    )
    key.set_defaults(handler=command_key)

    collect_ = commands.add_parser(
        "collect",
        help="DPIDG: verify received submissions into one SQLite database",
        description=(
            "Read submission files (.json, .toml) and mails saved from a mail program (.eml, their attachments),"
            " in the files and folders given (recursively); verify each as `msq verify` does (its signature too,"
            " with --keys) and add it to an SQLite database. Files that do not verify are listed as refused;"
            " no file is changed or moved. Exit status 1 when any file was refused."
        ),
    )
    collect_.add_argument("paths", nargs="+", metavar="PATH", help="files and folders to read")
    collect_.add_argument(
        "-o",
        "--output",
        metavar="DB",
        default="msq2020.sqlite",
        help="the database (default: msq2020.sqlite; made when missing, added to when there)",
    )
    collect_.add_argument(
        "--keys",
        metavar="DIR",
        help="a folder of trusted public keys (ISO3.pub): check each file's signature",
    )
    collect_.add_argument("-v", "--verbose", action="store_true", help="a line for each file")
    collect_.set_defaults(handler=command_collect)

    report = commands.add_parser(
        "report",
        help="DPIDG: who submitted, what was refused, coverage and the evidence list",
        description="Report on a database made by `msq collect`: Markdown, one self-contained HTML page, CSV (one table) or XLSX (a sheet per table).",
    )
    report.add_argument("database", metavar="DB")
    report.add_argument(
        "--format",
        choices=("md", "html", "csv", "xlsx"),
        help="taken from OUT's suffix when not given; md otherwise",
    )
    report.add_argument(
        "--table",
        choices=("evidence", "member_states", "refused", "coverage", "answers"),
        default="evidence",
        help="the table a CSV holds (default: evidence, every URL by country and question)",
    )
    report.add_argument("-o", "--output", metavar="OUT", help="write to this file instead of printing")
    report.set_defaults(handler=command_report)

    countries = commands.add_parser("countries", help="list the 193 UN Member States and their ISO3 codes")
    countries.add_argument("filter", nargs="?", help="only names containing this text")
    countries.add_argument("--json", action="store_true", help="print JSON")
    countries.set_defaults(handler=command_countries)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = getattr(arguments, "handler", command_start)
    try:
        return handler(arguments)
    except CommandError as error:
        _print_error(*error.lines)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `msq blank | head`: the reader went away; nothing to report.
        sys.stderr.close()
        return EXIT_OK
    except Exception as error:  # a bug: its details go to a file for the team, not on the screen
        from msq_tui.store.crash import crash_message, write_crash_report

        _print_error(crash_message(error, write_crash_report(error)))
        return EXIT_PROBLEM


def run() -> None:
    """The console script's entry point."""
    sys.exit(main())
