"""Importing organisations from a table: read, match, preview, then apply all or nothing.

`plan_import` never writes: it says row by row what would be created, updated or
could not be read (with the line number and why). `apply_plan` writes exactly
that plan inside the caller's transaction.
"""

import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext

from ..core.dates import parse_date, today_in_riga
from ..core.labels import REGIONS
from ..core.text import search_key, split_lines
from ..extensions import db
from .contacts import split_contacts
from .models import Organisation, OrganisationStatusChange
from .municipalities import region_of_territory
from .tabular import FileProblem, Row, UnreadableRows, read_table

#: column → header texts it is known by (compared without case, diacritics, spaces,
#: underscores, dots or hyphens: "Reg. Nr.", "reg_nr" and "REĢ NR" are one name)
COLUMNS = {
    "number": ("nr", "no", "#", "n.p.k"),
    "registration_number": (
        "registracijas numurs",
        "registracijas nr",
        "reg nr",
        "reg. nr",
        "registration number",
        "registration no",
        "reg no",
        "regcode",
    ),
    "name": (
        "organizacija",
        "organizacijas nosaukums",
        "nosaukums",
        "name",
        "organisation",
        "organization",
        "organisation name",
    ),
    "fields_of_activity": (
        "darbibas joma",
        "darbibas jomas",
        "joma",
        "field of activity",
        "fields of activity",
        "field",
    ),
    "territory": ("darbibas teritorija", "teritorija", "territory", "area"),
    "region": ("regions", "region", "planosanas regions"),
    "contacts": ("kontakti", "contacts", "kontaktinformacija"),
    "website": ("majaslapa", "majas lapa", "timekla vietne", "website", "web"),
    "emails": ("e-pasts", "epasts", "e-pasti", "e-mail", "email", "e-mails"),
    "phones": ("talrunis", "talruni", "telefons", "phone", "phones", "telephone"),
    "memorandum_signed_on": (
        "parakstisanas datums",
        "memorands parakstits",
        "parakstits",
        "signed on",
        "signed",
        "memorandum signed",
    ),
    "last_annual_report_year": (
        "pedejais gada parskats",
        "gada parskats",
        "annual report year",
        "last annual report",
    ),
    "legal_form": ("juridiska forma", "legal form"),
}
MAX_LENGTH = {"name": 300, "territory": 200, "legal_form": 100, "website": 300}


@dataclass
class RowPlan:
    line: int
    action: str  # create | update | unchanged | error
    name: str = ""
    changes: dict = field(default_factory=dict)
    reason: str = ""
    organisation_id: int | None = None
    #: what the row holds that was not read as such, and where it went instead
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportPlan:
    rows: list[RowPlan]
    header_line: int
    #: header texts of the columns no field is known by: their cells are not imported
    unrecognised: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def errors(self) -> list[RowPlan]:
        return [row for row in self.rows if row.action == "error"]

    @property
    def changes(self) -> list[RowPlan]:
        return [row for row in self.rows if row.action in ("create", "update")]


_SEPARATORS = re.compile(r"[\s_.\-:]+")


def _header_key(cell: str) -> str:
    """A header as it is compared: what comes before a comma ("Darbības joma, mērķi"), in
    lower case, without diacritics, spaces, underscores, dots or hyphens."""
    return _SEPARATORS.sub("", search_key(cell.split(",")[0]))


#: each table of columns (column → the texts it is known by), by the keys of those texts
_KNOWN: dict[int, dict[str, str]] = {}


def column_of(cell: str, columns: dict = COLUMNS) -> str | None:
    """The column a header cell names, among `columns` (column → the texts it is known by),
    matched without case, diacritics, spaces, underscores, dots or hyphens."""
    known = _KNOWN.get(id(columns))
    if known is None:
        known = {_header_key(name): column for column, names in columns.items() for name in names}
        _KNOWN[id(columns)] = known
    return known.get(_header_key(cell)) if cell else None


def looks_like_header(row: Row) -> bool:
    """Two or more cells naming columns we know: the start of a (new) table."""
    return len([cell for cell in row.cells if column_of(cell)]) >= 2


def find_header(
    rows: list[Row], columns: dict = COLUMNS, missing: str | None = None
) -> tuple[int, dict[int, str]]:
    """The first row naming a `name` column and at least one more of `columns`; `missing`
    is what to tell the user when there is none."""
    for index, row in enumerate(rows):
        found = {i: column_of(cell, columns) for i, cell in enumerate(row.cells)}
        known = {i: c for i, c in found.items() if c}
        if "name" in known.values() and len(known) >= 2:
            return index, known
    raise FileProblem(
        missing
        or gettext(
            "No header row found: the table needs a row naming its columns, e.g. "
            "“Organizācija” (or “Name”) and “Kontakti”, “Reģistrācijas numurs”…"
        )
    )


def _records(rows: list[Row], header: int, columns: dict[int, str]) -> list[tuple[int, list[str]]]:
    """Table rows after the header, with rows broken across lines joined again.

    A row whose number cell is empty continues the row before it (seed 004 breaks long
    rows so); the table ends at a heading line after a blank line, or at another header.
    """
    number_column = next((i for i, c in columns.items() if c == "number"), None)
    width = max(columns) + 1
    records: list[tuple[int, list[str]]] = []
    previous_blank = False
    for row in rows[header + 1 :]:
        cells = list(row.cells)
        if row.blank:
            previous_blank = True
            continue
        filled = [c for c in cells if c]
        if (previous_blank and len(filled) == 1 and len(cells) <= 1) or looks_like_header(row):
            break
        previous_blank = False
        if number_column is not None:
            first = cells[number_column] if number_column < len(cells) else ""
            head, _, rest = first.partition(" ")
            if first.isdigit():
                pass
            elif head.rstrip(".").isdigit() and rest:
                # "10 Vidusdaugavas NVO centrs": number and name in one cell
                cells[number_column : number_column + 1] = [head.rstrip("."), rest]
            elif records:
                _continue(records[-1][1], cells, number_column, columns)
                continue
        records.append((row.line, (cells + [""] * width)[: max(width, len(cells))]))
    return records


def _continue(record: list[str], cells: list[str], number_column: int, columns) -> None:
    """Join a broken-off line to its row, column by column after the number; a last cell
    of contacts goes to the contacts column even when the line has fewer cells."""
    contacts_column = next((i for i, c in columns.items() if c == "contacts"), None)
    targets = [number_column + 1 + offset for offset in range(len(cells))]
    last = split_contacts(cells[-1]) if cells else None
    if contacts_column is not None and last and (last.emails or last.websites or last.phones):
        targets[-1] = contacts_column
    for index, text in zip(targets, cells, strict=True):
        if not text:
            continue
        if index >= len(record):
            record.extend([""] * (index + 1 - len(record)))
        record[index] = f"{record[index]} {text}".strip()


def _region(explicit: str, territory: str) -> str:
    if explicit:
        for region in REGIONS:
            if search_key(region) == search_key(explicit):
                return region
        raise ValueError(gettext("Unknown region “%(region)s”.", region=explicit))
    return region_of_territory(territory)


def _parse(cells: list[str], columns: dict[int, str]) -> tuple[dict, list[str]]:
    raw = {column: cells[i] if i < len(cells) else "" for i, column in columns.items()}
    name = raw.get("name", "")
    if not name:
        raise ValueError(gettext("No organisation name."))
    for column, limit in MAX_LENGTH.items():
        if len(raw.get(column, "")) > limit:
            raise ValueError(
                gettext("%(column)s is longer than %(max)s characters.", column=column, max=limit)
            )
    values = {"name": name}
    regno = raw.get("registration_number", "").replace(" ", "")
    if regno:
        if not (regno.isdigit() and len(regno) == 11):
            raise ValueError(
                gettext("Registration number “%(regno)s” is not 11 digits.", regno=regno)
            )
        values["registration_number"] = regno
    # Some rows put the contacts into the territory cell: keep only its words there.
    territory = split_contacts(raw.get("territory", ""))
    raw["territory"] = territory.leftover
    for column in ("fields_of_activity", "territory", "legal_form"):
        if raw.get(column):
            values[column] = raw[column]
    values["region"] = _region(raw.get("region", ""), raw["territory"])
    contacts = split_contacts(
        " ".join(raw.get(c, "") for c in ("contacts", "website", "emails", "phones"))
    )
    contacts.emails += [e for e in territory.emails if e not in contacts.emails]
    contacts.phones += [p for p in territory.phones if p not in contacts.phones]
    if contacts.websites:  # the first web address is the website; the others are kept
        contacts.other += [w for w in territory.websites[:1] if w not in contacts.websites]
    contacts.websites += [w for w in territory.websites if w not in contacts.websites]
    contacts.other += [o for o in territory.other if o not in contacts.other]
    warnings = []
    if contacts.unread:  # kept, and said, rather than dropped
        contacts.other.append(contacts.unread)
        warnings.append(
            gettext(
                "“%(text)s” is not a phone, e-mail or web address: kept under other contacts.",
                text=contacts.unread,
            )
        )
    values["emails"] = contacts.emails
    values["phones"] = contacts.phones
    values["other_contacts"] = contacts.other
    if contacts.websites:
        values["website"] = contacts.websites[0]
        if len(values["website"]) > MAX_LENGTH["website"]:
            raise ValueError(
                gettext(
                    "%(column)s is longer than %(max)s characters.",
                    column="website",
                    max=MAX_LENGTH["website"],
                )
            )
    if raw.get("memorandum_signed_on"):
        try:
            values["memorandum_signed_on"] = parse_date(raw["memorandum_signed_on"])
        except ValueError:
            raise ValueError(
                gettext("“%(value)s” is not a date.", value=raw["memorandum_signed_on"])
            ) from None
    if raw.get("last_annual_report_year"):
        year = raw["last_annual_report_year"]
        if not (year.isdigit() and 1990 <= int(year) <= today_in_riga().year):
            raise ValueError(gettext("“%(value)s” is not a year.", value=year))
        values["last_annual_report_year"] = int(year)
    return values, warnings


def _merged_lines(existing: str, new: list[str]) -> str:
    lines = split_lines(existing)
    lines += [item for item in new if item not in lines]
    return "\n".join(lines)


def _changes(organisation: Organisation | None, values: dict) -> dict:
    """Field → (old, new) for what the row would change; lists are added to, never cut."""
    changes = {}
    for key, new in values.items():
        old = getattr(organisation, key) if organisation is not None else None
        if key in ("emails", "phones", "other_contacts"):
            new = _merged_lines(old or "", new)
        if new in (None, "", []) or new == old:
            continue
        changes[key] = (old, new)
    return changes


def plan_import(data: bytes, filename: str) -> ImportPlan:
    rows = read_table(data, filename)
    header, columns = find_header(rows)
    existing = db.session.execute(
        sa.select(Organisation.id, Organisation.registration_number, Organisation.search_key)
    ).all()
    by_regno = {r.registration_number: r.id for r in existing if r.registration_number}
    by_key = {r.search_key: r.id for r in existing}
    seen_regno: dict[str, int] = {}
    seen_key: dict[str, int] = {}
    name_column = next(i for i, column in columns.items() if column == "name")
    plans = []
    for line, cells in _records(rows, header, columns):
        try:
            values, warnings = _parse(cells, columns)
        except ValueError as error:
            plans.append(RowPlan(line, "error", _label(cells, name_column), reason=str(error)))
            continue
        regno, key = values.get("registration_number"), search_key(values["name"])
        duplicate = seen_regno.get(regno) if regno else seen_key.get(key)
        if duplicate:
            plans.append(
                RowPlan(
                    line,
                    "error",
                    values["name"],
                    reason=gettext("Same organisation as line %(line)s.", line=duplicate),
                )
            )
            continue
        if regno:
            seen_regno[regno] = line
        seen_key[key] = line
        organisation_id = by_regno.get(regno) if regno else None
        if organisation_id is None and key in by_key:
            organisation_id = by_key[key]
            del values["name"]  # matched on the name: keep the register's own spelling
        organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
        changes = _changes(organisation, values)
        action = "create" if organisation is None else ("update" if changes else "unchanged")
        name = values.get("name") or organisation.name
        plans.append(
            RowPlan(line, action, name, changes, organisation_id=organisation_id, warnings=warnings)
        )
    unrecognised = [cell for i, cell in enumerate(rows[header].cells) if cell and i not in columns]
    return ImportPlan(plans, rows[header].line, unrecognised)


def _label(cells: list[str], name_column: int) -> str:
    """How the preview names a row it could not read: by its organisation's name, else by
    whatever the row holds."""
    name = cells[name_column] if name_column < len(cells) else ""
    return name or " ".join(c for c in cells if c)[:100]


def apply_plan(plan: ImportPlan, skip_unreadable: bool = False) -> int:
    """Write the plan's creates and updates; the caller commits (or rolls back) once.

    A plan with rows that could not be read is refused unless the person chose to leave
    those rows out: an import is all or nothing."""
    if plan.errors and not skip_unreadable:
        raise UnreadableRows(len(plan.errors))
    written = 0
    for row in plan.changes:
        if row.action == "create":
            organisation = Organisation(kind="ngo", status="active")
            db.session.add(organisation)
        else:
            organisation = db.session.get(Organisation, row.organisation_id)
        for key, (_old, new) in row.changes.items():
            setattr(organisation, key, new)
        if row.action == "create":
            organisation.status_changes.append(
                OrganisationStatusChange(
                    status="active", effective_on=organisation.memorandum_signed_on, source="import"
                )
            )
        written += 1
    db.session.flush()
    return written
