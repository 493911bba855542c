"""`msq sign`, `reopen`, `export`, `verify`, `render` and `email`: a signed-off response and its files."""

import argparse
from pathlib import Path

from msq_tui.cli.definitions import _format_from_suffix
from msq_tui.cli.drafts import draft_store, find_draft, load_draft, locked_draft
from msq_tui.cli.keys import sign_files, unlocked_key
from msq_tui.cli.output import EXIT_OK, EXIT_PROBLEM, CommandError, print_error, say, write_output


def command_sign(arguments: argparse.Namespace) -> int:
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.model.validation import validate_response
    from msq_tui.submission.signoff import Signer, SignOffBlocked, sign_off, signer_from_contact

    store, response_id, lock = locked_draft(arguments.draft)
    with lock:
        response = load_draft(store, response_id)
        from msq_tui.cli.agencies import is_part_draft, sign_part_command

        if is_part_draft(response):  # an agency's part: signed off without the authorisation to publish
            return sign_part_command(arguments, store, response_id, response)
        if arguments.publish is None:
            raise CommandError("say whether UN DESA may publish the responses: --publish yes or --publish no")
        questionnaire = store.questionnaire_for(response, builtin_questionnaire())
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
        judged = validate_response(questionnaire, signed)
        unanswered = [p for p in judged if p.code == "unanswered"]
        carried = [p for p in judged if p.code == "carried"]
        secret_key = (
            None if arguments.unsigned else unlocked_key(arguments.passphrase_file)
        )  # asked once sign-off may go ahead
        key_id = sign_files(questionnaire, signed, secret_key) if secret_key is not None else None
        try:
            store.save(signed)
        except OSError as error:
            raise CommandError(
                f"not signed off: the draft could not be saved: {error.strerror or error}"
            ) from error
    say(
        f"Signed off revision {signed.revision} of draft {response_id[:8]} ({signed.country}) as {signer.name}, {signer.title}."
    )
    say(
        f"Authorisation to publish: {arguments.publish}. The response is now read-only; `msq reopen {response_id[:8]}` starts a new revision."
    )
    if unanswered:
        say(
            f"Note: {len(unanswered)} question{'s are' if len(unanswered) != 1 else ' is'} left unanswered (this does not block sign-off)."
        )
    if carried:
        say(
            f"Warning: {len(carried)} answer{'s' if len(carried) != 1 else ''} carried from {signed.carried_from}"
            f" {'were' if len(carried) != 1 else 'was'} signed off without being reviewed (`msq render {response_id[:8]}` shows them all)."
        )
    if key_id is not None:
        say(f"Signed with key {key_id}: export writes a signature (FILE.minisig) beside each file.")
    elif arguments.unsigned:
        say(
            "Not signed with your key (--unsigned): the files will carry no signature, only their fingerprint."
        )
    else:
        say(
            "Not signed with a key (you have none: `msq key new` makes one): the files will carry no signature, only their fingerprint."
        )
    say(f"Next: msq export {response_id[:8]}")
    return EXIT_OK


def command_reopen(arguments: argparse.Namespace) -> int:
    from msq_tui.submission.signoff import reopen

    store, response_id, lock = locked_draft(arguments.draft)
    with lock:
        response = load_draft(store, response_id)
        if not response.is_signed:
            say(
                f"Draft {response_id[:8]} is not signed off; it is open for editing already (revision {response.revision})."
            )
            return EXIT_OK
        reopened = reopen(response)
        try:
            store.save(reopened)
        except OSError as error:
            raise CommandError(f"not reopened: {error.strerror or error}") from error
    say(
        f"Reopened draft {response_id[:8]} as revision {reopened.revision}. It must be signed off again; files exported from revision {response.revision} stay valid."
    )
    return EXIT_OK


def command_export(arguments: argparse.Namespace) -> int:
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.store.keys import KeyStore
    from msq_tui.submission.document import grouped, submission_fingerprint
    from msq_tui.submission.export import ExportRefused, default_export_folder, export

    store = draft_store()
    response = load_draft(store, find_draft(arguments.draft))
    from msq_tui.cli.agencies import export_part_command, is_part_draft

    if is_part_draft(response):  # an agency's draft writes its part file
        return export_part_command(arguments, response)
    questionnaire = store.questionnaire_for(response, builtin_questionnaire())
    formats = ("json", "toml") if arguments.format == "both" else (arguments.format,)
    folder = Path(arguments.output).expanduser() if arguments.output else default_export_folder()
    try:
        paths = export(questionnaire, response, folder, formats, keys=KeyStore())
    except ExportRefused as refused:  # a reason, then one problem a line
        raise CommandError(*str(refused).split("\n")) from refused
    except OSError as error:
        raise CommandError(f"could not write to {folder}: {error.strerror or error}") from error
    from msq_tui.submission.signing import signature_path_of

    fingerprint = submission_fingerprint(questionnaire, response)
    signed = True
    for path in paths:
        say(f"Wrote {path}")
        if signature_path_of(path).exists():
            say(f"Wrote {signature_path_of(path)}")
        else:
            signed = False
    if not signed:
        say("Unsigned: no signature was made at sign-off, so nothing in these files shows who made them.")
    say(f"Fingerprint: {fingerprint}")
    say(f"             {grouped(fingerprint)}")
    say(
        "(The fingerprint shows a file unchanged only against one received another way: read it aloud to DPIDG.)"
    )
    say(
        f"Next: msq email {paths[0]}   (writes an e-mail to {questionnaire.questionnaire.contact_email} with both files attached)"
    )
    return EXIT_OK


def command_verify(arguments: argparse.Namespace) -> int:
    from msq_tui.model.submitted import describe_progress, progress
    from msq_tui.store.questionnaires import known_questionnaires
    from msq_tui.submission.document import grouped
    from msq_tui.submission.verify import SubmissionError, read_submission_file

    path = Path(arguments.file).expanduser()
    try:
        submission = read_submission_file(path, known_questionnaires())
    except SubmissionError as error:
        say(f"NOT VALID: {error}", f"Cause: {error.cause}", error=True)
        return EXIT_PROBLEM
    document = submission.document
    signoff = document["signoff"]
    checked = _check_signature(path, document, arguments)
    if checked.status == "refused":
        say(f"NOT VERIFIED: {path}: {checked.message}", error=True)
        return EXIT_PROBLEM
    if checked.status == "signed":
        say(f"OK: {path} is a signed-off submission, {checked.message}.")
    else:
        say(
            f"{path} is a well-formed, signed-off submission that matches its own fingerprint; who made it is not checked."
        )
    say(
        f"Questionnaire: {document['questionnaire']['title']} ({document['questionnaire']['id']} {document['questionnaire']['version']})"
    )
    say(f"Country:       {document['country']['name']} ({document['country']['iso3']})")
    say(f"Revision:      {document['revision']}")
    say(
        f"Signed off by: {signoff['name']}, {signoff['title']}, {signoff['organization']} <{signoff['email']}>"
    )
    say(f"Signed at:     {signoff['signed_at']}")
    say(f"Publish:       {'yes' if signoff['publish'] else 'no'}")
    say(f"Answers:       {describe_progress(*progress(submission.questionnaire, submission.response))}")
    say(f"Fingerprint:   {submission.fingerprint}")
    say(f"               {grouped(submission.fingerprint)}")
    say(f"Signature:     {checked.message}")
    if checked.status != "signed":
        say(
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
                print_error(f"skipped: {reason}")
        signature = read_signature_file(path)
        data = (
            read_input_file(path, MAX_SUBMISSION_BYTES, "a submission file") if signature is not None else b""
        )
    except SigningError as error:
        raise CommandError(str(error)) from error
    except InputFileError as error:
        raise CommandError(str(error)) from error
    return check_signature(document, data, signature, trusted)


def _response_and_fingerprint(target: str):
    """A draft (by id or country) or a submission file, as (questionnaire, response, fingerprint)."""
    from msq_tui.model.definitions_check import builtin_questionnaire
    from msq_tui.store.questionnaires import known_questionnaires
    from msq_tui.submission.document import submission_fingerprint
    from msq_tui.submission.verify import SubmissionError, read_submission_file

    path = Path(target).expanduser()
    if path.exists():  # a file, or something given as one (a folder, a FIFO): read_submission_file says which
        try:
            submission = read_submission_file(path, known_questionnaires(), require_signoff=False)
        except SubmissionError as error:
            raise CommandError(str(error)) from error
        return submission.questionnaire, submission.response, submission.fingerprint
    store = draft_store()
    response = load_draft(store, find_draft(target))
    questionnaire = store.questionnaire_for(response, builtin_questionnaire())
    fingerprint = submission_fingerprint(questionnaire, response) if response.is_signed else None
    return questionnaire, response, fingerprint


def command_render(arguments: argparse.Namespace) -> int:
    from msq_tui.submission.render import render

    questionnaire, response, fingerprint = _response_and_fingerprint(arguments.target)
    fmt = arguments.format or _format_from_suffix(arguments.output) or "md"
    write_output(
        render(questionnaire, response, fmt, fingerprint),
        Path(arguments.output) if arguments.output else None,
    )
    return EXIT_OK


def command_email(arguments: argparse.Namespace) -> int:
    from msq_tui.files.atomic import write_atomic
    from msq_tui.files.input_files import InputFileError, read_input_file
    from msq_tui.store.questionnaires import known_questionnaires
    from msq_tui.submission.document import to_json, to_toml
    from msq_tui.submission.email_file import submission_email
    from msq_tui.submission.verify import (
        MAX_SUBMISSION_BYTES,
        SubmissionError,
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
    from msq_tui.store.keys import KeyStore
    from msq_tui.submission.signed import signatures_to_attach
    from msq_tui.submission.signing import SigningError

    try:
        signatures = signatures_to_attach(path.parent, submission.document, files, KeyStore())
    except SigningError as error:
        raise CommandError(f"no e-mail written: {error}") from error
    message = submission_email(submission, files, to_address, signatures=signatures)
    output = Path(arguments.output).expanduser() if arguments.output else path.with_suffix(".eml")
    try:
        write_atomic(output, message, mode=0o644)
    except OSError as error:
        raise CommandError(f"could not write {output}: {error.strerror or error}") from error
    say(f"Wrote {output}")
    if signatures:
        key_ids = sorted({key_id for _, _, key_id in signatures.values()})
        say(
            f"Attached the signatures (.minisig) made with key {', '.join(key_ids)}; DPIDG checks them with the public key you gave them before."
        )
    else:
        say(
            "The files are unsigned: the e-mail says so. (A key made with `msq key new` before sign-off signs them.)"
        )
    say(
        f"Open it in your mail program (Outlook, Thunderbird, Apple Mail) and send it to {to_address}. msq sends nothing itself."
    )
    return EXIT_OK


def add_commands(commands) -> None:
    """Add this module's subcommands to the `msq` parser."""
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
