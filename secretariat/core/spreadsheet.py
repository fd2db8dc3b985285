"""Cells and CSV files meant for spreadsheets: formulas neutralised, UTF-8 with a BOM.

Every CSV the app hands out goes through `csv_bytes`: `;`-separated, because Excel in a
Latvian locale (decimal comma) splits on `;` and shows a `,`-separated file as one column.

A spreadsheet runs a cell as a formula when it starts with = + - @ (or a tab, carriage
return or NUL before one): OWASP's CSV-injection guidance and ASVS 5 name exactly these.
CSV has no cell types, so such a text gets OWASP's leading apostrophe. Phones are the
exception: "+371 29000000" would show an apostrophe in every row (or, unprefixed, a
formula error). A cell that is nothing but phone numbers (a +, digits, spaces, commas) is
written as ="+371 29000000", which Excel shows as the plain text +371 29000000. That is a
formula, but one we write ourselves around a constant that cannot hold a quote, a
function name or a reference, so there is nothing in it to inject: OWASP's concern is
formulas that come from the data.
"""

import csv
import io
import re
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")
_PHONES_ONLY = re.compile(r"\+?\d[\d ]*(?:, \+?\d[\d ]*)*")


def neutralise(value) -> str:
    """A CSV cell a spreadsheet will show as text, never run as a formula of the data's."""
    text = "" if value is None else str(value)
    if not text.startswith(FORMULA_START):
        return text
    if _PHONES_ONLY.fullmatch(text):
        return f'="{text}"'
    return "'" + text


def restore(text: str) -> str:
    """A cell of a file `csv_bytes` wrote, read back as the value it was written from."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    if text.startswith('="') and text.endswith('"') and _PHONES_ONLY.fullmatch(text[2:-1]):
        return text[2:-1]
    return text


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """Rows as CSV for Excel: every cell neutralised, `;` between cells, a BOM first."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM tells Excel it is UTF-8


def _xlsx_cell(sheet, value):
    """Every text a string cell, which Excel never evaluates; one that starts like a formula
    also gets the "quote prefix" style, so it stays text when someone edits the cell."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if not isinstance(value, str):
        return WriteOnlyCell(sheet, value=value)
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"  # a string, even when it starts with "="
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True
    return cell


def xlsx_bytes(rows: Iterable[Iterable], title: str) -> bytes:
    """Rows as an Excel workbook of one sheet, no cell ever a formula."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
