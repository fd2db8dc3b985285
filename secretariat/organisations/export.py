"""The register as CSV or XLSX, with formulas neutralised.

A spreadsheet runs a cell as a formula when it starts with = + - @ (or a tab, carriage
return or NUL before one): OWASP's CSV-injection guidance and ASVS 5 name exactly these.
- XLSX: every text is written as a string cell, which Excel never evaluates; a text that
  starts like a formula also gets the "quote prefix" style, so it stays text even when
  someone edits the cell. No apostrophe is added to the text itself.
- CSV has no cell types, so a text that starts like a formula gets OWASP's leading
  apostrophe. Phones are the exception: "+371 29000000" would show as an apostrophe in
  every row (or, unprefixed, as a formula error). A cell that is nothing but phone
  numbers (a +, digits, spaces, commas) is written as ="+371 29000000", which Excel shows
  as the plain text +371 29000000. That is a formula, but one we write ourselves around a
  constant that cannot hold a quote, a function name or a reference, so there is nothing
  in it to inject: OWASP's concern is formulas that come from the data.
"""

import csv
import io
import re

from flask_babel import gettext

from ..core.dates import short_date
from ..core.labels import label

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")
_PHONES_ONLY = re.compile(r"\+?\d[\d ]*(?:, \+?\d[\d ]*)*")


def neutralise(value) -> str:
    """A CSV cell a spreadsheet will show as text, never run as a formula of the data's."""
    text = "" if value is None else str(value)
    if not text.startswith(_FORMULA_START):
        return text
    if _PHONES_ONLY.fullmatch(text):
        return f'="{text}"'
    return "'" + text


def _columns():
    return [
        (gettext("Registration number"), lambda o: o.registration_number or ""),
        (gettext("Organisation"), lambda o: o.name),
        (gettext("Status"), lambda o: label("organisation_status", o.status)),
        (gettext("Struck off on"), lambda o: short_date(o.struck_off_on)),
        (gettext("Region"), lambda o: o.region),
        (gettext("Territory"), lambda o: o.territory),
        (gettext("Field of activity"), lambda o: o.fields_of_activity),
        (gettext("Website"), lambda o: o.website),
        (gettext("E-mails"), lambda o: ", ".join(o.email_list)),
        (gettext("Phones"), lambda o: ", ".join(o.phone_list)),
        (gettext("Other contacts"), lambda o: ", ".join(o.other_contact_list)),
        (gettext("Memorandum signed"), lambda o: short_date(o.memorandum_signed_on)),
        (gettext("Last annual report"), lambda o: o.last_annual_report_year or ""),
    ]


def rows(organisations):
    """The header, then one list of plain values per organisation."""
    columns = _columns()
    yield [title for title, _ in columns]
    for organisation in organisations:
        yield [value(organisation) for _, value in columns]


def to_csv(organisations) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerows([neutralise(value) for value in row] for row in rows(organisations))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM tells Excel it is UTF-8


def _xlsx_cell(sheet, value):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if not isinstance(value, str):
        return WriteOnlyCell(sheet, value=value)
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"  # a string, even when it starts with "="
    if value.startswith(_FORMULA_START):
        cell.quotePrefix = True
    return cell


def to_xlsx(organisations) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(gettext("Register"))
    for row in rows(organisations):
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
