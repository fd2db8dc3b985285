"""The open-data files: the public register of signatories and the public decisions, as
CSV for spreadsheets (core/spreadsheet.py: `;`, UTF-8 with a BOM, formulas neutralised).

Days are written YYYY-MM-DD, which every spreadsheet reads as a date in any locale."""

from flask_babel import gettext

from ..core.labels import label
from ..core.spreadsheet import csv_bytes


def _day(value) -> str:
    return value.isoformat() if value else ""


def signatories_csv(organisations) -> bytes:
    header = [
        gettext("Registration number"),
        gettext("Organisation"),
        gettext("Legal form"),
        gettext("Region"),
        gettext("Territory"),
        gettext("Field of activity"),
        gettext("Website"),
        gettext("Memorandum signed"),
    ]
    rows = (
        [
            o.registration_number or "",
            o.name,
            o.legal_form,
            o.region,
            o.territory,
            o.fields_of_activity,
            o.website,
            _day(o.memorandum_signed_on),
        ]
        for o in organisations
    )
    return csv_bytes([header, *rows])


def _adopted(decision) -> str:
    if decision.adopted is None:
        return ""
    return gettext("Adopted") if decision.adopted else gettext("Not adopted")


def decisions_csv(rows) -> bytes:
    """`rows`: each decision with its counts for, against and abstaining."""
    header = [
        gettext("Date"),
        gettext("Body"),
        gettext("Meeting"),
        gettext("Protocol number"),
        gettext("Decision number"),
        gettext("Title"),
        gettext("Adopted"),
        label("vote_choice", "for"),
        label("vote_choice", "against"),
        label("vote_choice", "abstain"),
    ]
    lines = (
        [
            _day(d.meeting.local_start.date()),
            d.meeting.body.name,
            d.meeting.title,
            d.meeting.number,
            d.number,
            d.title,
            _adopted(d),
            *counts,
        ]
        for d, *counts in rows
    )
    return csv_bytes([header, *lines])
