"""The report's tables for spreadsheets: CSV (UTF-8 with a byte order mark, so Excel reads non-Latin
scripts right) and XLSX (one sheet per table, with openpyxl, an optional extra).

Text from respondents is never run as a formula. A spreadsheet evaluates a cell that starts with
=, +, - or @ (and a tab or CR before one): in CSV such a cell gets an apostrophe in front, which
spreadsheets read as "this is text" (OWASP's advice); in XLSX the cell is written as a string
with the "quote prefix" style, so it shows exactly as typed and is never evaluated, even once edited.
"""

import csv
import io
from datetime import datetime
from typing import Any

from msq_tui.collect.report import Report, Table
from msq_tui.files.terminal_text import visible

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_WIDTH = 60  # characters: a wider text wraps in its column
XLSX_MISSING = "writing XLSX needs openpyxl, which is not installed: install it with pip install 'msq-tui[collect]' (or choose --format csv)"


class SheetError(Exception):
    """A spreadsheet cannot be written; the message says what to do."""


def inert(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet evaluates: an apostrophe before a leading = + - @ tab or CR."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _shown(value: object) -> object:
    # Control characters are shown as escapes (\x1b), as everywhere msq shows a file's text; line
    # breaks and tabs inside a cell stay.
    return visible(value, layout=True) if isinstance(value, str) else value


def _cell(sheet: Any, make_cell: Any, value: object, wrapped: Any) -> object:
    if isinstance(value, datetime):
        cell = make_cell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"  # a date a spreadsheet sorts and filters, read as written
        return cell
    if not isinstance(value, str):
        return value
    formula = value.startswith(FORMULA_STARTS)
    long = "\n" in value or len(value) > MAX_WIDTH
    if not formula and not long:
        return value
    cell = make_cell(sheet, value=value)
    if formula:
        cell.data_type = "s"  # openpyxl takes a leading = for a formula: this is text
        cell.quotePrefix = True  # and stays text when someone edits it
    if long:
        cell.alignment = wrapped  # an answer's lines shown as lines, a long text within its column
    return cell


def _width(header: str, values: list[object]) -> float:
    """A column as wide as its longest line (a header, a country, a URL), within 8 to 60 characters."""
    longest = max(
        [len(header)]
        + [len(line) for value in values if isinstance(value, str) for line in value.splitlines()]
        + [16 for value in values if isinstance(value, datetime)]
    )
    return min(MAX_WIDTH, max(8, longest + 2))


def csv_bytes(table: Table) -> bytes:
    """One table as CSV: UTF-8 with BOM, a header row, every text cell made inert."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.headers)
    for row in table.rows:
        writer.writerow([inert(value) if isinstance(value, str) else value for value in map(_shown, row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(report: Report) -> bytes:
    """The whole report as a workbook: a sheet per table, headers bold and frozen."""
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter
    except ImportError:
        raise SheetError(XLSX_MISSING) from None
    workbook = Workbook(write_only=True)  # streamed: a large collection does not sit in memory twice
    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    for table in report.tables():
        rows = [[_shown(value) for value in row] for row in table.rows]
        sheet = workbook.create_sheet(table.name[:31])
        sheet.freeze_panes = "A2"
        last = get_column_letter(len(table.headers))
        sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"  # each column sorted and filtered from its header
        for index, header in enumerate(table.headers, start=1):
            width = _width(header, [row[index - 1] for row in rows])
            sheet.column_dimensions[get_column_letter(index)].width = width
        header_cells = []
        for header in table.headers:
            cell = WriteOnlyCell(sheet, value=header)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_cell(sheet, WriteOnlyCell, value, wrapped) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
