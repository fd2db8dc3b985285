"""The register as CSV or XLSX, with formulas neutralised.

- CSV: every cell through core.spreadsheet (OWASP's apostrophe; phones as ="+371 …").
- XLSX: every text is written as a string cell, which Excel never evaluates; a text that
  starts like a formula also gets the "quote prefix" style, so it stays text even when
  someone edits the cell. No apostrophe is added to the text itself.
"""

from flask_babel import gettext

from ..core.dates import short_date
from ..core.labels import label
from ..core.spreadsheet import csv_bytes, xlsx_bytes


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
    return csv_bytes(rows(organisations))


def to_xlsx(organisations) -> bytes:
    return xlsx_bytes(rows(organisations), gettext("Register"))
