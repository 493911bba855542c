"""`msq key new|show|export` and the signing key's passphrase, asked or read from a file."""

import argparse
import sys
from pathlib import Path

from msq_tui.cli.output import EXIT_OK, CommandError, Parser, print_error, say, write_output


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


def unlocked_key(passphrase_file: str | None):
    """The signer's secret key, unlocked (its passphrase asked when it has one); None when there is no key."""
    from msq_tui.store.keys import KeyStore
    from msq_tui.submission.signing import SigningError

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


def sign_files(questionnaire, signed, secret_key) -> str:
    """Sign the files the export of ``signed`` will write; the key id."""
    from msq_tui.store.keys import KeyStore
    from msq_tui.submission.document import sealed, submission_document
    from msq_tui.submission.signed import sign_submission
    from msq_tui.submission.signing import SigningError

    try:
        return sign_submission(sealed(submission_document(questionnaire, signed)), secret_key, KeyStore())
    except (OSError, SigningError) as error:
        raise CommandError(
            f"not signed off: the signature could not be stored: {getattr(error, 'strerror', None) or error}"
        ) from error


def command_key(arguments: argparse.Namespace) -> int:
    from msq_tui.store.keys import KeyStore
    from msq_tui.submission.signing import SigningError

    keys = KeyStore()
    try:
        if arguments.key_command == "new":
            return _key_new(keys, arguments)
        public = keys.public_key()
        if arguments.key_command == "show":
            say(f"Key id:     {public.key_id}")
            say(f"Public key: {public.base64()}")
            say(
                f"Secret key: {keys.secret_path} ({'encrypted with a passphrase' if keys.locked_key().encrypted else 'NOT encrypted'})"
            )
            say(
                "Give DPIDG the public key file (`msq key export -o FILE.pub`) by a way other than the submission e-mail,"
            )
            say("and read them the key id on the phone; they check every submission against it.")
            return EXIT_OK
        if arguments.output is None:
            write_output(public.file_text(), None)
        else:
            write_output(public.file_text(), Path(arguments.output))
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
    say(f"Made a signing key, key id {public.key_id}.")
    say(f"Secret key: {keys.secret_path} (only you can read it; keep a copy somewhere safe)")
    say(f"Public key: {keys.public_path}")
    if passphrase is None:
        print_error(
            "warning: the secret key is NOT encrypted: anyone who can read its file can sign as you. `msq key new --replace` makes one with a passphrase."
        )
    say(
        "Next: `msq key export -o FILE.pub`, and give that file to DPIDG by a way other than the submission e-mail."
    )
    return EXIT_OK


def add_commands(commands) -> None:
    """Add this module's subcommands to the `msq` parser."""
    key = commands.add_parser(
        "key",
        help="your signing key: new, show, export",
        description="The signer's Ed25519 key (minisign's format): sign-off signs the submission files with it.",
    )
    key_commands = key.add_subparsers(
        dest="key_command", metavar="new|show|export", parser_class=Parser, required=True
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
