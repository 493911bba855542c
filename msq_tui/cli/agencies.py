"""`msq assign`, `merge` and `resolve`, and the agency's side of `import`, `sign` and `export`.

The focal point hands questions out (`assign`), merges the parts that come back (`merge`, exit 3
while conflicts stand) and decides each conflict (`resolve`, or the conflict view in the TUI).
"""

import argparse
from pathlib import Path

from msq_tui.cli.drafts import draft_store, find_draft, load_draft, locked_draft
from msq_tui.cli.output import EXIT_OK, CommandError, print_error, say

EXIT_CONFLICTS = 3


def _questionnaire(store, response):
    """The questionnaire the draft answers (an installed edition, or the built-in one)."""
    from msq_tui.model.definitions_check import builtin_questionnaire

    return store.questionnaire_for(response, builtin_questionnaire())


def _default_folder() -> Path:
    from msq_tui.submission.export import default_export_folder

    return default_export_folder()


def _save_as_history_point(store, response) -> None:
    try:
        store.save_history_point(response)
    except OSError as error:
        raise CommandError(f"the draft could not be written: {error.strerror or error}") from error


def command_assign(arguments: argparse.Namespace) -> int:
    from msq_tui.agencies.assignment import (
        AssignmentError,
        coordinator_name,
        hand_out,
        questions_named,
        write_assignment,
    )

    store, response_id, lock = locked_draft(arguments.draft)
    with lock:
        response = load_draft(store, response_id)
        questionnaire = _questionnaire(store, response)
        try:
            question_ids = questions_named(questionnaire, arguments.questions)
            coordinator = arguments.coordinator or coordinator_name(questionnaire, response)
            updated, assignment = hand_out(questionnaire, response, arguments.to, question_ids, coordinator)
        except AssignmentError as error:
            raise CommandError(f"nothing was assigned: {error}") from error
        folder = Path(arguments.output).expanduser() if arguments.output else _default_folder()
        try:
            path = write_assignment(questionnaire, assignment, folder)
        except OSError as error:
            raise CommandError(
                f"nothing was assigned: could not write to {folder}: {error.strerror or error}"
            ) from error
        _save_as_history_point(store, updated)
    say(f"Wrote {path}")
    say(
        f"Assigned {len(question_ids)} question{'s' if len(question_ids) != 1 else ''} to {assignment.agency}"
        f" ({', '.join(question_ids)}); the answers they have now are the base of the merge."
    )
    say(f"Send the file to {assignment.agency}; they open it with `msq import {path.name}`.")
    say(f"When their part comes back: msq merge {response_id[:8]} PART.json")
    return EXIT_OK


def command_merge(arguments: argparse.Namespace) -> int:
    from msq_tui.agencies.documents import AgencyFileError
    from msq_tui.agencies.merge import MergeRefused, merge_part
    from msq_tui.agencies.part import read_part
    from msq_tui.agencies.provenance import collective_proposal, tick_collective
    from msq_tui.store.questionnaires import known_questionnaires

    trusted = _trusted(arguments)
    store, response_id, lock = locked_draft(arguments.draft)
    applied = conflicts = refused = 0
    with lock:
        response = load_draft(store, response_id)
        questionnaire = _questionnaire(store, response)
        before = response
        for name in arguments.parts:
            try:
                part = read_part(Path(name).expanduser(), known_questionnaires(), trusted)
                outcome = merge_part(questionnaire, response, part.content)
            except (AgencyFileError, MergeRefused) as error:
                print_error(f"refused: {error}")
                refused += 1
                continue
            if outcome.no_op:
                say(f"{name}: {outcome.no_op}")
                continue
            response = outcome.response
            applied += len(outcome.applied)
            conflicts += len(outcome.conflicts)
            say(
                f"{name}: {part.content.agency}, revision {part.content.revision}, signed by {part.content.signer.name}"
                f" (signature: {part.signature})"
            )
            for question_id in outcome.applied:
                say(f"  applied   {questionnaire.name_of(questionnaire.question(question_id))}")
            for question_id in outcome.conflicts:
                say(
                    f"  CONFLICT  {questionnaire.name_of(questionnaire.question(question_id))}: both changed it"
                )
        proposal = collective_proposal(questionnaire, response)
        if proposal and arguments.tick_collective:
            response = tick_collective(questionnaire, response)
            say(f"Ticked: {proposal.removeprefix('Question X.1: tick ')}")
            proposal = None
        if response is not before:
            _save_as_history_point(store, response)
    say(f"applied {applied}, conflicts {conflicts}" + (f", refused {refused}" if refused else ""))
    if response is not before:
        say(
            f"This merge is a history point: `msq restore {response_id[:8]} 2` undoes it (see `msq history`)."
        )
    open_conflicts = len(response.collaboration.conflicts) if response.collaboration else 0
    if open_conflicts:
        say(
            f"{open_conflicts} conflict{'s' if open_conflicts != 1 else ''} to decide before sign-off:"
            f" `msq resolve {response_id[:8]}` lists them; or open the draft (ctrl+r, Enter on one)."
        )
    if proposal:
        say(f"Proposal: {proposal}. `msq merge {response_id[:8]} --tick-collective` ticks it.")
    if open_conflicts and conflicts:
        return EXIT_CONFLICTS
    return 1 if refused else EXIT_OK


def _trusted(arguments: argparse.Namespace):
    if arguments.key is None and arguments.keys is None:
        return None
    from msq_tui.submission.signed import trusted_keys
    from msq_tui.submission.signing import SigningError

    try:
        keys, skipped = trusted_keys(
            Path(arguments.key).expanduser() if arguments.key else None,
            Path(arguments.keys).expanduser() if arguments.keys else None,
        )
    except SigningError as error:
        raise CommandError(str(error)) from error
    for reason in skipped:
        print_error(f"skipped: {reason}")
    return keys


def command_resolve(arguments: argparse.Namespace) -> int:
    import json

    from msq_tui.agencies.merge import MergeRefused, decide

    if arguments.question is None:
        listing_store = draft_store()
        response = load_draft(listing_store, find_draft(arguments.draft))
        questionnaire = _questionnaire(listing_store, response)
        conflicts = response.collaboration.conflicts if response.collaboration else {}
        if not conflicts:
            say("No conflicts to decide.")
            return EXIT_OK
        for key, conflict in conflicts.items():
            name = questionnaire.name_of(questionnaire.question(conflict.question_id))
            say(
                f"{key}: {name}, with {conflict.agency_name} (part r{conflict.part_revision}, {conflict.signer})"
            )
            for side, value in (
                ("base", conflict.base),
                ("yours", response.answers.get(conflict.question_id)),
                ("agency", conflict.agency),
            ):
                say(f"  {side:<7}{json.dumps(value, ensure_ascii=False)}")
        say(f"Decide one with: msq resolve {arguments.draft} QUESTION --keep mine|agency")
        return EXIT_CONFLICTS
    if arguments.keep is None:
        raise CommandError("say which answer to keep: --keep mine (yours) or --keep agency")
    store, response_id, lock = locked_draft(arguments.draft)
    with lock:
        response = load_draft(store, response_id)
        questionnaire = _questionnaire(store, response)
        try:
            decided = decide(
                questionnaire,
                response,
                arguments.question,
                "coordinator" if arguments.keep == "mine" else "agency",
            )
        except MergeRefused as error:
            raise CommandError(str(error)) from error
        _save_as_history_point(store, decided)
    left = len(decided.collaboration.conflicts) if decided.collaboration else 0
    say(
        f"Kept {'your' if arguments.keep == 'mine' else 'the agency’s'} answer to {arguments.question}; {left} conflict{'s' if left != 1 else ''} left."
    )
    return EXIT_OK


# -- The agency's side of import, sign and export -----------------------------------------------


def import_assignment(path: Path) -> int:
    """`msq import` of an assignment file: a new draft answering it."""
    from msq_tui.agencies.assignment import agency_draft, read_assignment
    from msq_tui.agencies.documents import AgencyFileError
    from msq_tui.store.questionnaires import known_questionnaires

    try:
        assignment, questionnaire = read_assignment(path, known_questionnaires())
    except AgencyFileError as error:
        raise CommandError(f"{error}. Nothing was imported") from error
    store = draft_store()
    response = agency_draft(questionnaire, assignment)
    try:
        store.prepare()
        store.save(response)
    except OSError as error:
        raise CommandError(f"the draft could not be written: {error.strerror or error}") from error
    short = str(response.response_id)[:8]
    say(
        f"Imported the assignment for {assignment.agency} from {assignment.coordinator} as draft {short}:"
        f" {len(assignment.questions)} question{'s' if len(assignment.questions) != 1 else ''} to answer"
        f" ({', '.join(assignment.questions)}). Open it with: msq open {short}"
    )
    say(f"When done: msq sign {short} (your name, title, organization, e-mail), then msq export {short}.")
    return EXIT_OK


def is_part_draft(response) -> bool:
    return response.collaboration is not None and response.collaboration.answering is not None


def sign_part_command(arguments: argparse.Namespace, store, response_id: str, response) -> int:
    """`msq sign` of an agency's draft: its part signed off (no authorisation to publish asked)."""
    from msq_tui.agencies.part import part_document, sign_part, sign_part_files
    from msq_tui.cli.keys import unlocked_key
    from msq_tui.submission.signing import SigningError
    from msq_tui.submission.signoff import Signer, SignOffBlocked, signer_from_contact

    questionnaire = _questionnaire(store, response)
    contact = signer_from_contact(questionnaire, response)
    signer = Signer(
        arguments.name or contact.name,
        arguments.title or contact.title,
        arguments.organization or contact.organization,
        arguments.email or contact.email,
    )
    try:
        signed = sign_part(questionnaire, response, signer)
    except SignOffBlocked as blocked:
        headline = str(blocked).split("\n", 1)[0]
        raise CommandError(headline, *(f"  - {problem.message}" for problem in blocked.problems)) from blocked
    except ValueError as error:
        raise CommandError(f"not signed off: {error}") from error
    key = None if arguments.unsigned else unlocked_key(arguments.passphrase_file)
    key_id = None
    if key is not None:
        try:
            key_id = sign_part_files(part_document(questionnaire, signed), key)
        except (OSError, SigningError) as error:
            raise CommandError(f"not signed off: the signature could not be stored: {error}") from error
    try:
        store.save(signed)
    except OSError as error:
        raise CommandError(
            f"not signed off: the draft could not be saved: {error.strerror or error}"
        ) from error
    agency = signed.collaboration.answering.agency
    say(f"Signed off revision {signed.revision} of {agency}'s part as {signer.name}, {signer.title}.")
    from msq_tui.model.validation import validate_response

    unanswered = sum(1 for p in validate_response(questionnaire, signed) if p.code == "unanswered")
    if unanswered:  # of the questions assigned to it: the coordinator's are not its to answer
        say(
            f"Note: {unanswered} of its question{'s are' if unanswered != 1 else ' is'} left unanswered (this does not block sign-off)."
        )
    if key_id:
        say(f"Signed with key {key_id}: export writes a signature (FILE.minisig) beside each file.")
    say(
        f"Next: msq export {response_id[:8]}   (then send the part file to {signed.collaboration.answering.coordinator})"
    )
    return EXIT_OK


def export_part_command(arguments: argparse.Namespace, response) -> int:
    from msq_tui.agencies.part import PartRefused, export_part

    folder = Path(arguments.output).expanduser() if arguments.output else _default_folder()
    formats = ("json", "toml") if arguments.format == "both" else (arguments.format,)
    try:
        paths = export_part(_questionnaire(draft_store(), response), response, folder, formats)
    except PartRefused as error:
        raise CommandError(f"not exported: {error}") from error
    except OSError as error:
        raise CommandError(f"could not write to {folder}: {error.strerror or error}") from error
    from msq_tui.submission.signing import signature_path_of

    for path in paths:
        say(f"Wrote {path}")
        if signature_path_of(path).exists():
            say(f"Wrote {signature_path_of(path)}")
    say(
        f"Send {paths[0].name} to {response.collaboration.answering.coordinator};"
        " to change it later, `msq reopen` makes the next revision."
    )
    return EXIT_OK


def add_commands(commands) -> None:
    """Add this module's subcommands to the `msq` parser."""
    assign = commands.add_parser(
        "assign",
        help="hand questions to an agency (writes an assignment file)",
        description="Hand sections or questions of a draft to an agency: writes MSQ2020_<ISO3>_<agency>_assignment.json for them to `msq import`.",
    )
    assign.add_argument("draft", metavar="DRAFT", help="draft id, its first characters, or an ISO3 code")
    assign.add_argument(
        "--to", required=True, metavar="AGENCY", help='the agency, such as "Ministry of Justice"'
    )
    assign.add_argument(
        "--questions",
        required=True,
        metavar="LIST",
        help="sections by numeral and questions by id, such as III,q16,VIII",
    )
    assign.add_argument("--coordinator", metavar="NAME", help="who hands out (default: the contact card)")
    assign.add_argument(
        "-o", "--output", metavar="DIR", help="the folder for the file (default: your documents folder)"
    )
    assign.set_defaults(handler=command_assign)
    merge = commands.add_parser(
        "merge",
        help="merge agencies' part files into a draft (exit 3 while conflicts stand)",
        description="Merge part files question by question against the answers each assignment carried. Prints `applied N, conflicts M`; exits 0, or 3 when conflicts must be decided.",
    )
    merge.add_argument("draft", metavar="DRAFT")
    merge.add_argument("parts", metavar="PART", nargs="*", help="part files (JSON or TOML)")
    merge.add_argument("--tick-collective", action="store_true", help='tick X.1 "responded collectively"')
    trusted = merge.add_mutually_exclusive_group()
    trusted.add_argument("--key", metavar="FILE.pub", help="check the parts' signatures with this public key")
    trusted.add_argument("--keys", metavar="DIR", help="a folder of trusted public keys")
    merge.set_defaults(handler=command_merge)
    resolve = commands.add_parser(
        "resolve",
        help="list the conflicts of a draft, or decide one",
        description="Without QUESTION, list the conflicts (base, yours, the agency's). With it, keep one side.",
    )
    resolve.add_argument("draft", metavar="DRAFT")
    resolve.add_argument("question", metavar="QUESTION", nargs="?", help="the question id (as listed)")
    resolve.add_argument("--keep", choices=("mine", "agency"))
    resolve.set_defaults(handler=command_resolve)
