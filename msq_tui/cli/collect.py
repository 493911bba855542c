"""DPIDG's commands: `msq collect` (received submissions, verified, into one SQLite database) and
`msq report` (who submitted, what was refused, coverage, the evidence list). They parse the
arguments and call `msq_tui.collect`."""

import argparse
import os
from pathlib import Path

from msq_tui.cli.output import EXIT_OK, EXIT_PROBLEM, CommandError, print_error, say, write_output


def command_collect(arguments: argparse.Namespace) -> int:
    from msq_tui.collect.collector import collect
    from msq_tui.collect.database import DatabaseError
    from msq_tui.collect.progress import Progress
    from msq_tui.store.questionnaires import known_questionnaires
    from msq_tui.submission.signed import trusted_keys
    from msq_tui.submission.signing import SigningError

    trusted = None
    if arguments.keys is not None:
        try:
            trusted, skipped = trusted_keys(None, Path(arguments.keys).expanduser())
        except SigningError as error:
            raise CommandError(str(error)) from error
        for reason in skipped:
            print_error(f"skipped: {reason}")
    paths = [Path(path).expanduser() for path in arguments.paths]
    for path in paths:
        if not os.path.lexists(path):
            raise CommandError(f"{path} does not exist: check the path (nothing was collected)")
    database = Path(arguments.output).expanduser()
    progress = Progress(each_file=arguments.verbose)
    try:
        tally, totals = collect(paths, database, known_questionnaires(), trusted, progress)
    except DatabaseError as error:
        raise CommandError(str(error)) from error
    finally:
        progress.finish()
    # The refused files first, the totals last: on a terminal the totals are what stays in view.
    for name, message in tally.refused[:10]:
        say(f"REFUSED: {message}" if name in message else f"REFUSED: {name}: {message}", error=True)
    if len(tally.refused) > 10:
        say(f"... and {len(tally.refused) - 10:,} more refused: see `msq report {database}`", error=True)
    copies = f", {tally.copies} other-format cop{'ies' if tally.copies != 1 else 'y'}" if tally.copies else ""
    say(
        f"Read {_count(tally.files, 'submission file')} in {tally.seconds:.1f} s:"
        f" {tally.added:,} added{copies}, {tally.known:,} collected before, {len(tally.refused):,} refused.",
        f"{database}: {_count(totals.submissions, 'submission')}; {totals.countries} of 193 Member States have a current one;"
        f" {_count(totals.refused, 'refused file')} listed.",
    )
    signatures = totals.signatures
    if totals.countries:
        # Without --keys nothing shows who made a file: said where staff look, not only in the report.
        say(
            f"Signatures of the current submissions: {signatures.get('signed', 0):,} checked with a trusted key,"
            f" {signatures.get('unchecked', 0):,} not checked (collect again with --keys DIR to check them),"
            f" {signatures.get('unsigned', 0):,} unsigned."
        )
    if tally.found == 0:
        say("No .json, .toml or .eml file was found there: check the paths.", error=True)
    return EXIT_PROBLEM if tally.refused else EXIT_OK


def _count(number: int, thing: str) -> str:
    return f"{number:,} {thing}{'' if number == 1 else 's'}"


def command_report(arguments: argparse.Namespace) -> int:
    from msq_tui.collect.formats import ReportError, format_for, report_bytes, write_report

    output = Path(arguments.output).expanduser() if arguments.output else None
    try:
        fmt = format_for(arguments.format, output)
    except ReportError as error:
        raise CommandError(str(error)) from error
    if arguments.table is not None and fmt != "csv":
        raise CommandError(
            f"--table chooses the one table a CSV holds; the {fmt} report holds every table:"
            " leave --table out, or give --format csv (or -o FILE.csv)"
        )
    if fmt == "xlsx" and output is None:
        raise CommandError("an XLSX workbook goes to a file: give -o FILE.xlsx")
    try:
        data = report_bytes(Path(arguments.database).expanduser(), fmt, arguments.table or "evidence")
        if output is None:
            write_output(data.decode("utf-8").removeprefix("\ufeff"), None)
            return EXIT_OK
        write_report(output, data)
    except ReportError as error:
        raise CommandError(str(error)) from error
    say(f"Wrote {output}", error=True)
    return EXIT_OK


def add_commands(commands) -> None:
    """Add this module's subcommands to the `msq` parser."""
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
    report.add_argument("database", metavar="DB", help="a database made by `msq collect`")
    report.add_argument(
        "--format",
        choices=("md", "html", "csv", "xlsx"),
        help="taken from OUT's suffix when not given; md otherwise",
    )
    report.add_argument(
        "--table",
        choices=("evidence", "member_states", "refused", "coverage", "answers"),
        help="the table a CSV holds (default: evidence, every URL by country and question)",
    )
    report.add_argument("-o", "--output", metavar="OUT", help="write to this file instead of printing")
    report.set_defaults(handler=command_report)
