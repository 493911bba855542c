"""`msq report`'s formats: the report of a database as Markdown, HTML, CSV (one table) or XLSX (every
table), and writing it to a file atomically, as every file msq writes."""

from pathlib import Path

from msq_tui.collect.database import DatabaseError, open_database
from msq_tui.collect.report import gather
from msq_tui.collect.sheets import SheetError, csv_bytes, xlsx_bytes
from msq_tui.files.atomic import write_atomic

FORMATS = ("md", "html", "csv", "xlsx")
TABLES = ("evidence", "member_states", "refused", "coverage", "answers")
PLAIN_SUFFIXES = ("", ".txt")  # Markdown is text: a name without a suffix, or .txt, takes it
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".csv": "csv", ".xlsx": "xlsx"}


class ReportError(Exception):
    """The report cannot be made or written; the message says what to do."""


def format_for(fmt: str | None, output: Path | None) -> str:
    """The format asked for, else the one the output's suffix names, else Markdown."""
    if fmt:
        return fmt
    if output is None:
        return "md"
    suffix = output.suffix.lower()
    if suffix not in SUFFIXES and suffix not in PLAIN_SUFFIXES:
        # Markdown written into report.pdf or report.docx would open as a broken file.
        raise ReportError(
            f"msq report does not write {suffix} files: name the report .md, .html, .csv or .xlsx,"
            " or give --format (to get a PDF, open the HTML report in a browser and print it)"
        )
    return SUFFIXES.get(suffix, "md")


def report_bytes(database: Path, fmt: str, table: str = "evidence") -> bytes:
    """The report of ``database`` in ``fmt``; ReportError when the database cannot be read."""
    from msq_tui.collect.markdown import report_markdown
    from msq_tui.collect.page import report_html

    try:
        connection = open_database(database, read_only=True)
    except DatabaseError as error:
        raise ReportError(str(error)) from None
    try:
        report = gather(connection)
    finally:
        connection.close()
    try:
        if fmt == "md":
            return report_markdown(report).encode("utf-8")
        if fmt == "html":
            return report_html(report).encode("utf-8")
        if fmt == "csv":
            chosen = {t.name: t for t in report.tables()}[table]
            return csv_bytes(chosen)
        return xlsx_bytes(report)
    except SheetError as error:
        raise ReportError(str(error)) from None


def write_report(target: Path, data: bytes) -> None:
    if target.is_dir():
        raise ReportError(f"{target} is a folder: give a file name, such as {target / 'msq2020-report.html'}")
    if not target.parent.exists():
        raise ReportError(f"the folder {target.parent} does not exist: create it first or choose another")
    try:
        write_atomic(target, data, mode=0o644)
    except OSError as error:
        raise ReportError(f"could not write {target}: {error.strerror or error}") from None
