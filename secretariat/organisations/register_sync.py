"""Checking signatories against the Register of Enterprises' open data (register.csv).

The file has some 450,000 rows: it is read as a stream, row by row, and only the
registration numbers we hold are looked at, so memory stays flat.
"""

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext

from ..core.text import search_key
from ..extensions import db
from .models import Organisation, OrganisationStatusChange, RegisterCheck
from .tabular import FileProblem

COLUMNS = (
    "regcode",
    "sepa",
    "name",
    "name_before_quotes",
    "name_in_quotes",
    "name_after_quotes",
    "without_quotes",
    "regtype",
    "regtype_text",
    "type",
    "type_text",
    "registered",
    "terminated",
    "closed",
    "address",
    "index",
    "addressid",
    "region",
    "city",
    "atvk",
    "reregistration_term",
)
CLOSED = {"L": "liquidated", "R": "reorganised"}


@dataclass
class StruckOff:
    organisation_id: int
    name: str
    registration_number: str
    on: dt.date | None
    reason: str  # "terminated", "liquidated" or "reorganised"


@dataclass
class SyncReport:
    rows: int = 0
    struck_off: list[StruckOff] = field(default_factory=list)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)  # regno, ours, theirs
    not_found: list[tuple[str, str]] = field(default_factory=list)  # regno, name
    already_struck_off: int = 0


def _date(text: str) -> dt.date | None:
    text = text.strip()[:10]
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class _Columns:
    regcode: int
    name: int
    terminated: int
    closed: int
    other_names: tuple[int, ...]  # the name without its legal form, where the file has it


def _open(lines: Iterable[str]) -> tuple[_Columns, Iterator[list[str]]]:
    """The columns register.csv's header names, and its rows that reach them."""
    reader = csv.reader(lines, delimiter=";", quotechar='"')
    header = next(reader, None)
    if header is None:
        raise FileProblem(gettext("The file is empty."))
    header = [h.strip().lstrip("\ufeff").lower() for h in header]
    missing = [c for c in ("regcode", "name", "terminated", "closed") if c not in header]
    if missing:
        raise FileProblem(
            gettext(
                "This is not the Register of Enterprises' register.csv: the columns %(columns)s "
                "are missing.",
                columns=", ".join(missing),
            )
        )
    columns = _Columns(
        *(header.index(name) for name in ("regcode", "name", "terminated", "closed")),
        other_names=tuple(
            header.index(name) for name in ("name_in_quotes", "without_quotes") if name in header
        ),
    )
    width = max(columns.regcode, columns.name, columns.terminated, columns.closed)
    return columns, (cells for cells in reader if len(cells) > width)


_QUOTES = str.maketrans("", "", "\"'„“”«»")


def name_key(name: str) -> str:
    """A name compared without case, diacritics or quotes: `Biedrība "Ābele"` and
    `Biedrība „Ābele”` are the same name."""
    return search_key(name.translate(_QUOTES))


def same_name(ours: str, theirs: list[str]) -> bool:
    """Our name matches the register's full name (`Biedrība "Ābele"`), the name in
    quotes (`Ābele`) or the name without quotes; we usually leave out the legal form."""
    key = name_key(ours)
    return any(name_key(name) == key for name in theirs if name.strip())


def sync_register(
    lines: Iterable[str], apply: bool, progress: Callable[[int], None] | None = None
) -> SyncReport:
    """Compare the register with our signatories; with `apply`, mark the struck-off ones."""
    ours = {
        regno: (org_id, name, status)
        for org_id, regno, name, status in db.session.execute(
            sa.select(
                Organisation.id,
                Organisation.registration_number,
                Organisation.name,
                Organisation.status,
            ).where(
                Organisation.registration_number.is_not(None),
                Organisation.memorandum_signed_on.is_not(None),
            )
        )
    }
    report, seen = SyncReport(), set()
    try:
        columns, rows = _open(lines)
        for count, cells in enumerate(rows, start=1):
            report.rows = count
            if progress and count % 50_000 == 0:
                progress(count)
            regno = cells[columns.regcode].strip()
            if regno not in ours:
                continue
            seen.add(regno)
            org_id, our_name, status = ours[regno]
            names = [cells[columns.name]]
            names += [cells[i] for i in columns.other_names if i < len(cells)]
            if not same_name(our_name, names):
                report.renamed.append((regno, our_name, names[0]))
            ended = _date(cells[columns.terminated])
            closed = cells[columns.closed].strip()
            if ended is None and closed not in CLOSED:
                continue
            if status == "struck_off":
                report.already_struck_off += 1
                continue
            reason = CLOSED.get(closed, "terminated")
            report.struck_off.append(StruckOff(org_id, our_name, regno, ended, reason))
    except UnicodeDecodeError:
        raise FileProblem(
            gettext(
                "The file is not in UTF-8: download register.csv again from the open data portal."
            )
        ) from None
    except csv.Error as error:
        raise FileProblem(
            gettext(
                "Line %(line)s cannot be read: %(reason)s", line=report.rows + 2, reason=str(error)
            )
        ) from None
    report.not_found = sorted(
        (regno, name) for regno, (_, name, _) in ours.items() if regno not in seen
    )
    if apply:
        _mark_struck_off(report.struck_off)
        db.session.add(
            RegisterCheck(
                rows=report.rows,
                compared=len(ours),
                struck_off=len(report.struck_off),
                renamed=len(report.renamed),
                not_found=len(report.not_found),
            )
        )
        db.session.flush()
    return report


def _mark_struck_off(rows: list[StruckOff]) -> None:
    for row in rows:
        organisation = db.session.get(Organisation, row.organisation_id)
        organisation.status = "struck_off"
        organisation.struck_off_on = row.on
        organisation.status_changes.append(
            OrganisationStatusChange(
                status="struck_off", effective_on=row.on, source="register", note=row.reason
            )
        )
    db.session.flush()
