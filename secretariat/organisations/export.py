"""The register as CSV or XLSX, with formulas neutralised."""

import io

from flask_babel import gettext

from ..core.dates import short_date
from ..core.labels import label
from ..core.spreadsheet import csv_bytes, neutralise


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
        (gettext("Memorandum signed"), lambda o: short_date(o.memorandum_signed_on)),
        (gettext("Last annual report"), lambda o: o.last_annual_report_year or ""),
    ]


def rows(organisations):
    columns = _columns()
    yield [title for title, _ in columns]
    for organisation in organisations:
        yield [neutralise(value(organisation)) for _, value in columns]


def to_csv(organisations) -> bytes:
    return csv_bytes(rows(organisations))


def to_xlsx(organisations) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(gettext("Register"))
    for row in rows(organisations):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
