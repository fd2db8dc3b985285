"""Importing the contacts directory: a heading per municipality, then one line per office
or role with its phones, e-mails and web link (seed 004's first part)."""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext

from ..core.labels import REGIONS
from ..core.text import search_key, split_lines
from ..extensions import db
from .contacts import split_contacts
from .importer import looks_like_header
from .models import Contact, Organisation
from .municipalities import region_of_municipality
from .queries import municipality_ids
from .tabular import FileProblem, Row, UnreadableRows, read_table

_REGION_GENITIVES = {
    "rigas": "Rīga",
    "vidzemes": "Vidzeme",
    "kurzemes": "Kurzeme",
    "zemgales": "Zemgale",
    "latgales": "Latgale",
    "selijas": "Sēlija",
}


@dataclass
class ContactLine:
    line: int
    municipality: str
    role: str
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    website: str = ""
    action: str = "create"  # create | update | unchanged | error
    reason: str = ""
    contact_id: int | None = None
    #: what the line holds that is not read (shown, so nobody thinks it was)
    warnings: list[str] = field(default_factory=list)


@dataclass
class DirectoryPlan:
    region: str
    municipalities: list[str]
    lines: list[ContactLine]
    not_read: tuple[int, int] | None = None  # first and last line of another table after it

    def count(self, action: str) -> int:
        return sum(1 for line in self.lines if line.action == action)

    @property
    def errors(self) -> list[ContactLine]:
        return [line for line in self.lines if line.action == "error"]

    @property
    def changes(self) -> list[ContactLine]:
        return [line for line in self.lines if line.action in ("create", "update")]


def _region_of(text: str) -> str:
    for word in search_key(text).split():
        if word in _REGION_GENITIVES:
            return _REGION_GENITIVES[word]
    return ""


def _is_heading(rows: list[Row], index: int) -> bool:
    """A line of one cell whose next non-blank line is a contact line (has two cells)."""
    row = rows[index]
    if len([c for c in row.cells if c]) != 1 or len(row.cells) > 1:
        return False
    for following in rows[index + 1 :]:
        if not following.blank:
            return len([c for c in following.cells if c]) >= 2 and not looks_like_header(following)
    return False


def plan_directory(data: bytes, filename: str, region: str = "") -> DirectoryPlan:
    rows = read_table(data, filename)
    if region and region not in REGIONS:
        raise FileProblem(gettext("Unknown region “%(region)s”.", region=region))
    region = region or next(
        (_region_of(r.cells[0]) for r in rows[:5] if r.cells and _region_of(r.cells[0])), ""
    )
    municipality, lines, names, not_read = None, [], [], None
    previous_blank = True
    for index, row in enumerate(rows):
        if row.blank:
            previous_blank = True
            continue
        after_blank, previous_blank = previous_blank, False
        if looks_like_header(row):  # another table starts
            not_read = (row.line, rows[-1].line)
            break
        if _is_heading(rows, index):
            municipality = row.cells[0]
            names.append(municipality)
            continue
        filled = [c for c in row.cells if c]
        if municipality is None or len(filled) < 2:
            if municipality is not None and not after_blank:
                lines.append(
                    ContactLine(
                        row.line,
                        municipality,
                        filled[0],
                        action="error",
                        reason=gettext("No phone, e-mail or web link."),
                    )
                )
            else:
                municipality = None  # a title after a blank line ends the block
            continue
        role, rest = filled[0], " ".join(filled[1:])
        found = split_contacts(rest)
        entry = ContactLine(
            row.line,
            municipality,
            role,
            found.phones,
            found.emails,
            found.websites[0] if found.websites else "",
        )
        if not (found.phones or found.emails or found.websites):
            entry.action, entry.reason = "error", gettext("No phone, e-mail or web link.")
        elif len(role) > 300:
            entry.action, entry.reason = "error", gettext("The role is too long.")
        elif found.unread:
            entry.warnings.append(
                gettext(
                    "“%(text)s” is not a phone, e-mail or web address and is not imported.",
                    text=found.unread,
                )
            )
        lines.append(entry)
    if not names:
        raise FileProblem(
            gettext(
                "No municipality heading found: the directory needs a heading line per "
                "municipality (e.g. “Jēkabpils novads”) followed by its contact lines."
            )
        )
    _match(lines)
    return DirectoryPlan(region, names, lines, not_read)


def _identity(role: str, emails: list[str], phones: list[str], website: str) -> str:
    """A role may be held twice (two deputy chairs): the first e-mail, phone or link tells
    which line is which."""
    return search_key(role) + "|" + (emails[:1] or phones[:1] or [website])[0]


def _match(lines: list[ContactLine]) -> None:
    """Each line against the contacts already held: a municipality is found under any of
    its names ("Jēkabpils novads" is "Jēkabpils novada pašvaldība")."""
    found = municipality_ids({line.municipality for line in lines})
    existing = {
        (
            c.organisation_id,
            _identity(c.role, split_lines(c.emails), split_lines(c.phones), c.website),
        ): c
        for c in db.session.scalars(
            sa.select(Contact).where(Contact.organisation_id.in_(set(found.values())))
        )
    }
    seen: dict[tuple[str, str], int] = {}
    for line in lines:
        if line.action == "error":
            continue
        identity = _identity(line.role, line.emails, line.phones, line.website)
        key = (search_key(line.municipality), identity)
        if key in seen:
            line.action = "error"
            line.reason = gettext("Same role as line %(line)s.", line=seen[key])
            continue
        seen[key] = line.line
        contact = existing.get((found.get(line.municipality), identity))
        if contact is None:
            continue
        same = (
            split_lines(contact.phones) == line.phones
            and split_lines(contact.emails) == line.emails
            and contact.website == line.website
        )
        line.action = "unchanged" if same else "update"
        line.contact_id = contact.id


def apply_directory(plan: DirectoryPlan, skip_unreadable: bool = False) -> int:
    """Write the plan's new and changed contacts; the caller commits (or rolls back) once.
    Refused while lines could not be read, unless the person chose to leave them out."""
    if plan.errors and not skip_unreadable:
        raise UnreadableRows(len(plan.errors))
    found = municipality_ids({line.municipality for line in plan.changes})
    organisations: dict[str, Organisation] = {}
    written = 0
    for position, line in enumerate(plan.lines):
        if line.action not in ("create", "update"):
            continue
        organisation = organisations.get(line.municipality)
        if organisation is None and line.municipality in found:
            organisation = db.session.get(Organisation, found[line.municipality])
        if organisation is None:
            organisation = Organisation(
                name=line.municipality,
                kind="municipality",
                region=plan.region or region_of_municipality(line.municipality),
            )
            db.session.add(organisation)
            db.session.flush()
        organisations[line.municipality] = organisation
        contact = db.session.get(Contact, line.contact_id) if line.contact_id else None
        if contact is None:
            contact = Contact(organisation=organisation, role=line.role, position=position)
            db.session.add(contact)
        contact.phones = "\n".join(line.phones)
        contact.emails = "\n".join(line.emails)
        contact.website = line.website
        written += 1
    db.session.flush()
    return written
