"""The report's tables for spreadsheets: CSV (UTF-8 with a byte order mark, so Excel reads non-Latin
scripts right) and XLSX (one sheet per table, with openpyxl, an optional extra).

Text from respondents is never run as a formula. A spreadsheet evaluates a cell that starts with
=, +, - or @ (and a tab or CR before one): in CSV such a cell gets an apostrophe in front, which
spreadsheets read as "this is text" (OWASP's advice); in XLSX the cell is written as a string
with the "quote prefix" style, so it shows exactly as typed and is never evaluated, even once edited.
"""

import csv
import io

from msq_tui.collect.report import Report, Table
from msq_tui.files.terminal_text import visible

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
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


def _cell(sheet, make_cell, value: object) -> object:
    if not (isinstance(value, str) and value.startswith(FORMULA_STARTS)):
        return value
    cell = make_cell(sheet, value=value)
    cell.data_type = "s"  # openpyxl takes a leading = for a formula: this is text
    cell.quotePrefix = True  # and stays text when someone edits it
    return cell


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
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
    except ImportError:
        raise SheetError(XLSX_MISSING) from None
    workbook = Workbook(write_only=True)  # streamed: a large collection does not sit in memory twice
    bold = Font(bold=True)
    for table in report.tables():
        sheet = workbook.create_sheet(table.name[:31])
        sheet.freeze_panes = "A2"
        for index, header in enumerate(table.headers, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, len(header) + 2))
        header_cells = []
        for header in table.headers:
            cell = WriteOnlyCell(sheet, value=header)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in table.rows:
            sheet.append([_cell(sheet, WriteOnlyCell, value) for value in map(_shown, row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
