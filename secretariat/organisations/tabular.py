"""Reading uploaded tables (CSV, TSV, XLSX) into rows with their line numbers.

Whatever goes wrong with the file as a whole raises FileProblem with a message
for the person who uploaded it; rows are judged later, one by one.
"""

import csv
import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

MAX_BYTES = 20 * 1024 * 1024
#: what an XLSX file may unpack to (its XML is several times its data)
MAX_UNPACKED = 64 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 60
MAX_CELL = 5_000
_TAG = re.compile(r"<[^>]{0,200}>")
_CONTROL_TO_SPACE = {c: " " for c in (*range(0x20), *range(0x7F, 0xA0))}


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
    """Cell text without HTML tags (the seeds carry stray <p>), control characters or
    repeated spaces."""
    if value is None:
        return ""
    text = _TAG.sub(" ", str(value)).translate(_CONTROL_TO_SPACE)
    return " ".join(text.replace("\xa0", " ").split())


def read_table(data: bytes, filename: str) -> list[Row]:
    """The rows of a CSV, TSV or XLSX file. What is read is bounded — the file's size, an
    XLSX file's unpacked size, the rows, the columns and each cell's length — and text is
    read line by line, so a crafted file cannot take the server's memory or time."""
    if not data or data.isspace():
        raise FileProblem(gettext("The file is empty."))
    if len(data) > MAX_BYTES:
        raise too_large()
    if Path(filename).suffix.lower() == ".xlsx" or data[:4] == b"PK\x03\x04":
        return _bounded(_read_xlsx(data))
    return _bounded(_read_text(data))


def too_large() -> FileProblem:
    return FileProblem(
        gettext(
            "The file is larger than %(mb)s MB; split it into smaller files.",
            mb=MAX_BYTES // (1024 * 1024),
        )
    )


def _bounded(rows: Iterable[Row]) -> list[Row]:
    kept = []
    for row in rows:
        if len(kept) == MAX_ROWS:
            raise FileProblem(
                gettext(
                    "The file has more than %(n)s rows; split it into smaller files.",
                    n=MAX_ROWS,
                )
            )
        if len(row.cells) > MAX_COLUMNS:
            raise FileProblem(
                gettext(
                    "Line %(line)s has more than %(n)s columns: is this the right file?",
                    line=row.line,
                    n=MAX_COLUMNS,
                )
            )
        if any(len(cell) > MAX_CELL for cell in row.cells):
            raise FileProblem(
                gettext(
                    "Line %(line)s has a cell longer than %(n)s characters: is this the right "
                    "file?",
                    line=row.line,
                    n=MAX_CELL,
                )
            )
        kept.append(row)
    return kept


def _not_xlsx() -> FileProblem:
    return FileProblem(gettext("This is not a readable Excel (.xlsx) file."))


def _check_unpacked_size(data: bytes) -> None:
    """An XLSX file is a ZIP: refuse it before it is opened when its parts would unpack to
    more than MAX_UNPACKED (a few MB can hold a shared-strings part of a gigabyte). The
    sizes its directory declares are what Python's zipfile will unpack, never more."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _not_xlsx() from None
    if unpacked > MAX_UNPACKED:
        raise FileProblem(
            gettext(
                "The spreadsheet unpacks to more than %(mb)s MB; save a smaller one (or the "
                "table as CSV).",
                mb=MAX_UNPACKED // (1024 * 1024),
            )
        )


def _read_xlsx(data: bytes) -> Iterator[Row]:
    from openpyxl import load_workbook

    _check_unpacked_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - whatever a damaged or crafted file makes openpyxl raise
        raise _not_xlsx() from None
    try:
        sheet = workbook.worksheets[0]
        # one more row and column than allowed, so that a larger table is noticed
        cells = sheet.iter_rows(max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS + 1, values_only=True)
        for number, values in enumerate(cells, start=1):
            row = [clean_cell(_xlsx_value(v)) for v in values]
            while row and not row[-1]:
                row.pop()
            yield Row(number, row)
    except FileProblem:
        raise
    except Exception:  # noqa: BLE001 - a part that is not the XML it should be (ParseError …)
        raise _not_xlsx() from None
    finally:
        workbook.close()


def _xlsx_value(value):
    """Excel date cells come as datetimes at midnight: a date reads as its ISO date."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _not_utf8(line: int) -> FileProblem:
    return FileProblem(
        gettext(
            "The file is not in UTF-8 (line %(line)s): save it again as "
            "“CSV UTF-8” or TSV in UTF-8.",
            line=line,
        )
    )


def _lines(data: bytes) -> Iterator[str]:
    """The file's lines, decoded one at a time, with their line ends (as csv wants them)."""
    if b"\x00" in data[:8192]:
        raise FileProblem(gettext("This is not a text table: save it as CSV (UTF-8), TSV or XLSX."))
    ending = b"\n" if b"\n" in data or b"\r" not in data else b"\r"  # old Macs: CR alone
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    number = 0
    while start < len(data):
        end = data.find(ending, start)
        end = len(data) if end < 0 else end + 1
        number += 1
        try:
            yield data[start:end].decode("utf-8")
        except UnicodeDecodeError:
            raise _not_utf8(number) from None
        start = end


def _delimiter(lines: Iterator[str]) -> str:
    sample = "\n".join(itertools.islice((line for line in lines if line.strip()), 50))
    counts = {d: sample.count(d) for d in ("\t", ";", ",")}
    return max(counts, key=counts.get) if any(counts.values()) else "\t"


def _read_text(data: bytes) -> Iterator[Row]:
    delimiter = _delimiter(_lines(data))
    if delimiter == "\t":
        # Tab-separated text from copied documents: no quoting, one row per line.
        for number, line in enumerate(_lines(data), start=1):
            yield Row(number, [clean_cell(c) for c in line.rstrip("\r\n").split("\t")])
        return
    reader = csv.reader(_lines(data), delimiter=delimiter)
    first_line = 1  # a quoted cell may span lines: a record is known by the line it starts on
    try:
        for cells in reader:
            yield Row(first_line, [clean_cell(c) for c in cells])
            first_line = reader.line_num + 1
    except csv.Error as error:
        raise FileProblem(
            gettext(
                "Line %(line)s cannot be read: %(reason)s", line=reader.line_num, reason=str(error)
            )
        ) from None
