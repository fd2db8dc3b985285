"""People in and out of spreadsheets, through the register's import pipeline: a table is
read (CSV, TSV, XLSX), planned row by row without writing (what would be created, changed
or could not be read, with the line and why), then applied all or nothing. The export
writes the same columns, so an exported file comes back in unchanged.

A row is the person already in the directory who has one of its e-mails, else the one of
that name at that organisation; an organisation is one of the register (a municipality
under any of its names), else the row's text is kept as the person's institution.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext

from ..core.labels import LABELS, label
from ..core.spreadsheet import csv_bytes, restore, xlsx_bytes
from ..core.text import search_key, split_lines
from ..extensions import db
from ..organisations.importer import ImportPlan, RowPlan, find_header
from ..organisations.models import Organisation
from ..organisations.queries import municipality_ids
from ..organisations.tabular import UnreadableRows, read_table
from .models import PERSON_KINDS, Person

#: column → header texts it is known by (compared without case or diacritics); the export's
#: own headers, in Latvian and English, are among them
COLUMNS = {
    "name": (
        "vards un uzvards",
        "vards, uzvards",
        "vards uzvards",
        "vards",
        "name",
        "name and surname",
        "persona",
    ),
    "title": ("amats", "title or position", "title", "position"),
    "kind": ("personas loma", "loma", "person's role", "role"),
    "organisation": ("organizacija", "organisation", "organization"),
    "institution": ("iestade", "institution"),
    "emails": ("e-pasti", "e-pasts", "epasts", "e-mails", "e-mail", "email"),
    "phones": ("talruni", "talrunis", "telefons", "phones", "phone"),
    "notes": ("piezimes", "notes"),
}
MAX_LENGTH = {"name": 200, "title": 300, "institution": 300, "notes": 5000}
LIST_COLUMNS = ("emails", "phones")


@dataclass
class PersonRow(RowPlan):
    person_id: int | None = None


def _columns():
    return [
        ("name", gettext("Name and surname"), lambda p: p.name),
        ("title", gettext("Title or position"), lambda p: p.title),
        ("kind", gettext("Person's role"), lambda p: label("person_kind", p.kind)),
        (
            "organisation",
            gettext("Organisation"),
            lambda p: p.organisation.name if p.organisation else "",
        ),
        ("institution", gettext("Institution"), lambda p: p.institution),
        ("emails", gettext("E-mails"), lambda p: ", ".join(p.email_list)),
        ("phones", gettext("Phones"), lambda p: ", ".join(p.phone_list)),
        ("notes", gettext("Notes"), lambda p: p.notes),
    ]


def rows(people):
    columns = _columns()
    yield [title for _, title, _ in columns]
    for person in people:
        yield [value(person) for _, _, value in columns]


def to_csv(people) -> bytes:
    return csv_bytes(rows(people))


def to_xlsx(people) -> bytes:
    return xlsx_bytes(rows(people), gettext("People"))


# --- import ------------------------------------------------------------------------


def _kind(text: str) -> str:
    key = search_key(text)
    for value in PERSON_KINDS:
        if key in (value, search_key(str(LABELS["person_kind"][value]))):
            return value
    raise ValueError(gettext("Unknown role “%(value)s”.", value=text))


def _list(text: str) -> list[str]:
    return split_lines(text.replace(",", "\n").replace(";", "\n"))


def _parse(cells: list[str], columns: dict[int, str]) -> dict:
    raw = {column: restore(cells[i]) if i < len(cells) else "" for i, column in columns.items()}
    if not raw.get("name"):
        raise ValueError(gettext("No name."))
    for column, limit in MAX_LENGTH.items():
        if len(raw.get(column, "")) > limit:
            raise ValueError(
                gettext("%(column)s is longer than %(max)s characters.", column=column, max=limit)
            )
    values = {"name": " ".join(raw["name"].split())}
    for column in ("title", "institution", "notes", "organisation"):
        if raw.get(column):
            values[column] = raw[column]
    if raw.get("kind"):
        values["kind"] = _kind(raw["kind"])
    emails = _list(raw.get("emails", ""))
    for email in emails:
        try:
            validate_email(email, check_deliverability=False)
        except EmailNotValidError:
            raise ValueError(
                gettext("“%(value)s” is not an e-mail address.", value=email)
            ) from None
    values["emails"] = emails
    values["phones"] = _list(raw.get("phones", ""))
    return values


def _joined(existing: str, new: list[str]) -> str:
    lines = split_lines(existing)
    known = {line.lower() for line in lines}
    return "\n".join(lines + [item for item in new if item.lower() not in known])


def _changes(person: Person | None, values: dict) -> dict:
    """Field → (old, new) for what the row would change; e-mails and phones are added to,
    never cut."""
    changes = {}
    for key, new in values.items():
        old = getattr(person, key) if person is not None else None
        if key in LIST_COLUMNS:
            new = _joined(old or "", new)
        if new in (None, "") or new == old:
            continue
        changes[key] = (old, new)
    return changes


def plan_people(data: bytes, filename: str) -> ImportPlan:
    """What importing the table would do, row by row; nothing is written."""
    table = read_table(data, filename)
    header, columns = find_header(
        table,
        COLUMNS,
        gettext(
            "No header row found: the table needs a row naming its columns, e.g. "
            "“Vārds, uzvārds” (or “Name”) and “E-pasti”, “Organizācija”…"
        ),
    )
    records = [row for row in table[header + 1 :] if not row.blank]
    parsed: list[tuple[int, dict | str]] = []
    for row in records:
        try:
            parsed.append((row.line, _parse(row.cells, columns)))
        except ValueError as error:
            parsed.append((row.line, str(error)))
    names = {v["organisation"] for _, v in parsed if isinstance(v, dict) and "organisation" in v}
    organisation_ids = municipality_ids(names) if names else {}
    by_email, by_name = _existing()
    seen: dict[tuple, int] = {}
    plans = []
    for line, values in parsed:
        if isinstance(values, str):
            cells = next(r.cells for r in records if r.line == line)
            plans.append(
                PersonRow(line, "error", " ".join(c for c in cells if c)[:100], reason=values)
            )
            continue
        if "organisation" in values:
            text = values.pop("organisation")
            if text in organisation_ids:
                values["organisation_id"] = organisation_ids[text]
            elif "institution" not in values:
                values["institution"] = text
        identity = tuple(e.lower() for e in values["emails"][:1]) or (
            search_key(values["name"]),
            values.get("organisation_id"),
        )
        if identity in seen:
            reason = gettext("Same person as line %(line)s.", line=seen[identity])
            plans.append(PersonRow(line, "error", values["name"], reason=reason))
            continue
        seen[identity] = line
        person_id = next(
            (by_email[e.lower()] for e in values["emails"] if e.lower() in by_email), None
        ) or by_name.get((search_key(values["name"]), values.get("organisation_id")))
        person = db.session.get(Person, person_id) if person_id else None
        if person is not None:
            values.pop("name")  # matched: keep the directory's own spelling
        changes = _changes(person, values)
        action = "create" if person is None else ("update" if changes else "unchanged")
        name = person.name if person is not None else values["name"]
        plans.append(PersonRow(line, action, name, changes, person_id=person_id))
    return ImportPlan(plans, table[header].line)


def _existing() -> tuple[dict[str, int], dict[tuple, int]]:
    by_email, by_name = {}, {}
    rows = db.session.execute(
        sa.select(Person.id, Person.emails, Person.search_key, Person.organisation_id).order_by(
            Person.id
        )
    )
    for row in rows:
        for email in split_lines(row.emails):
            by_email.setdefault(email.lower(), row.id)
        by_name.setdefault((row.search_key, row.organisation_id), row.id)
    return by_email, by_name


def apply_people(plan: ImportPlan, skip_unreadable: bool = False) -> int:
    """Write the plan's creates and updates; the caller commits (or rolls back) once. A plan
    with rows that could not be read is refused unless the person chose to leave them out."""
    if plan.errors and not skip_unreadable:
        raise UnreadableRows(len(plan.errors))
    written = 0
    for row in plan.changes:
        if row.action == "create":
            person = Person()
            db.session.add(person)
        else:
            person = db.session.get(Person, row.person_id)
        for key, (_old, new) in row.changes.items():
            setattr(person, key, new)
        written += 1
    db.session.flush()
    return written


def organisation_names(plan: ImportPlan) -> dict[int, str]:
    """The organisations a preview names by id, in one statement."""
    ids = {
        row.changes["organisation_id"][1] for row in plan.rows if "organisation_id" in row.changes
    }
    if not ids:
        return {}
    return dict(
        db.session.execute(
            sa.select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))
        ).all()
    )
