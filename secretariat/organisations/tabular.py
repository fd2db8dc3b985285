"""Reading uploaded tables (CSV, TSV, XLSX) into rows with their line numbers.

Whatever goes wrong with the file as a whole raises FileProblem with a message
for the person who uploaded it; rows are judged later, one by one.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

MAX_BYTES = 20 * 1024 * 1024
_TAG = re.compile(r"<[^>]{0,200}>")


#: the one opt-in to import a file whose unreadable rows are left out (web and CLI alike)
SKIP_UNREADABLE = "Leave out the rows that cannot be read and import the others"
SKIP_UNREADABLE_LABEL = _l("Leave out the rows that cannot be read and import the others")


class FileProblem(ValueError):
    """The file cannot be read at all; the message says why, for the user."""


class UnreadableRows(ValueError):
    """Some rows could not be read and nobody chose to leave them out: nothing is written."""

    def __init__(self, count: int):
        super().__init__(count)
        self.count = count

    def refusal(self) -> str:
        """What the import page says when it wrote nothing because of these rows."""
        return gettext(
            "Nothing was imported, because some rows cannot be read (%(n)s; see the reasons "
            "below). Fix them and upload the file again, or tick “%(option)s”.",
            n=self.count,
            option=SKIP_UNREADABLE_LABEL,
        )


@dataclass
class Row:
    line: int
    cells: list[str]

    @property
    def blank(self) -> bool:
        return not any(self.cells)


def clean_cell(value) -> str:
    """Cell text without HTML tags (the seeds carry stray <p>), spaces collapsed."""
    if value is None:
        return ""
    text = _TAG.sub(" ", str(value))
    return " ".join(text.replace("\xa0", " ").split())


def read_table(data: bytes, filename: str) -> list[Row]:
    if not data or not data.strip():
        raise FileProblem(gettext("The file is empty."))
    if len(data) > MAX_BYTES:
        raise FileProblem(
            gettext(
                "The file is larger than %(mb)s MB; split it into smaller files.",
                mb=MAX_BYTES // (1024 * 1024),
            )
        )
    if Path(filename).suffix.lower() == ".xlsx" or data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    return _read_text(data)


def _read_xlsx(data: bytes) -> list[Row]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise FileProblem(gettext("This is not a readable Excel (.xlsx) file.")) from None
    try:
        sheet = workbook.worksheets[0]
        return [
            Row(number, [clean_cell(_xlsx_value(v)) for v in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()


def _xlsx_value(value):
    """Excel date cells come as datetimes at midnight: a date reads as its ISO date."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def decode(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise FileProblem(gettext("This is not a text table: save it as CSV (UTF-8), TSV or XLSX."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileProblem(
            gettext(
                "The file is not in UTF-8 (line %(line)s): save it again as "
                "“CSV UTF-8” or TSV in UTF-8.",
                line=line,
            )
        ) from None


def _delimiter(text: str) -> str:
    sample = "\n".join(line for line in text.splitlines()[:50] if line.strip())
    counts = {d: sample.count(d) for d in ("\t", ";", ",")}
    return max(counts, key=counts.get) if any(counts.values()) else "\t"


def _read_text(data: bytes) -> list[Row]:
    text = decode(data)
    delimiter = _delimiter(text)
    if delimiter == "\t":
        # Tab-separated text from copied documents: no quoting, one row per line.
        return [
            Row(number, [clean_cell(c) for c in line.split("\t")])
            for number, line in enumerate(text.splitlines(), start=1)
        ]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    first_line = 1  # a quoted cell may span lines: a record is known by the line it starts on
    try:
        for cells in reader:
            rows.append(Row(first_line, [clean_cell(c) for c in cells]))
            first_line = reader.line_num + 1
    except csv.Error as error:
        raise FileProblem(
            gettext(
                "Line %(line)s cannot be read: %(reason)s", line=reader.line_num, reason=str(error)
            )
        ) from None
    return rows
