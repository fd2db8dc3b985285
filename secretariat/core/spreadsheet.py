"""Cells and CSV files meant for spreadsheets: formulas neutralised, UTF-8 with a BOM.

Every CSV the app hands out goes through `csv_bytes`: `;`-separated, because Excel in a
Latvian locale (decimal comma) splits on `;` and shows a `,`-separated file as one column.
"""

import csv
import io
from collections.abc import Iterable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    """A cell a spreadsheet will show as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """Rows as CSV for Excel: every cell neutralised, `;` between cells, a BOM first."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM tells Excel it is UTF-8
