"""Reading the register: search and filters, applied in SQL."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ..auth.models import User
from ..core.lookup import related_model
from ..core.text import search_key
from ..extensions import db
from .models import ORGANISATION_STATUSES, Contact, Organisation
from .municipalities import municipality_key

GAPS = ("no_website", "no_email", "no_phone", "no_report")


#: what a row of the register's list shows
REGISTER_COLUMNS = (
    Organisation.id,
    Organisation.name,
    Organisation.registration_number,
    Organisation.region,
    Organisation.website,
    Organisation.emails,
    Organisation.phones,
    Organisation.memorandum_signed_on,
    Organisation.status,
)


def register_query(filters: dict, today: dt.date) -> sa.Select:
    """Organisations matching the register page's filters, by name."""
    query = sa.select(Organisation).where(Organisation.kind.in_(("ngo", "other")))
    text = (filters.get("q") or "").strip()
    if text:
        digits = text.replace(" ", "")
        key = search_key(text)
        query = query.where(
            sa.or_(
                Organisation.search_text.contains(key, autoescape=True),
                Organisation.registration_number.startswith(digits, autoescape=True),
            )
        )
    if filters.get("status") in ORGANISATION_STATUSES:
        query = query.where(Organisation.status == filters["status"])
    if filters.get("region"):
        query = query.where(Organisation.region == filters["region"])
    for stem in field_stems(filters.get("field") or ""):
        query = query.where(Organisation.fields_key.contains(stem, autoescape=True))
    if filters.get("signed"):
        query = query.where(Organisation.memorandum_signed_on.is_not(None))
    gaps = set(filters.get("gaps") or ()) & set(GAPS)
    if "no_website" in gaps:
        query = query.where(Organisation.website == "")
    if "no_email" in gaps:
        query = query.where(Organisation.emails == "")
    if "no_phone" in gaps:
        query = query.where(Organisation.phones == "")
    if "no_report" in gaps:
        query = query.where(
            sa.or_(
                Organisation.last_annual_report_year.is_(None),
                Organisation.last_annual_report_year < today.year - 2,
            )
        )
    return query.order_by(Organisation.search_key, Organisation.id)


# Latvian case endings, longest first, without diacritics (as search_key leaves them).
_ENDINGS = (
    *("iem", "am", "em", "im", "um", "ai", "ei", "as", "es", "is", "us", "os"),
    *("a", "e", "i", "u", "s"),
)


def field_stems(text: str) -> list[str]:
    """The words of a field filter without their Latvian endings, so that "ērgļi" finds
    "Ērgļu aizsardzība" and "seniori" finds "senioru biedrības"; every stem must match."""
    stems = []
    for word in search_key(text).split():
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[: -len(ending)]
                break
        stems.append(word)
    return stems


def fields_of_activity() -> list[str]:
    """The distinct fields of activity, for the filter (short ones only: long texts are
    descriptions, not fields)."""
    values = db.session.scalars(
        sa.select(Organisation.fields_of_activity)
        .distinct()
        .where(
            Organisation.fields_of_activity != "",
            sa.func.length(Organisation.fields_of_activity) <= 60,
        )
        .order_by(Organisation.fields_of_activity)
        .limit(200)
    )
    return list(values)


def region_contacts(region: str, limit: int = 60) -> list[Contact]:
    """Directory contacts of a region's municipalities, for planning invitations."""
    return list(
        db.session.scalars(
            sa.select(Contact)
            .join(Contact.organisation)
            .where(Organisation.region == region, Organisation.kind == "municipality")
            .options(joinedload(Contact.organisation))
            .order_by(Organisation.search_key, Contact.position)
            .limit(limit)
        )
    )


def region_ngo_count(region: str) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).where(
            Organisation.region == region,
            Organisation.kind == "ngo",
            Organisation.status == "active",
        )
    )


def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(sa.select(Organisation).order_by(Organisation.search_key)))


def municipality_ids(names: set[str]) -> dict[str, int]:
    """The organisation each name stands for: a municipality under any of its names
    ("Jēkabpils novads" finds "Jēkabpils novada pašvaldība"), else the organisation of
    that very name. Names found nowhere are left out."""
    keys = {search_key(name) for name in names}
    rows = db.session.execute(
        sa.select(Organisation.id, Organisation.name, Organisation.search_key, Organisation.kind)
        .where(sa.or_(Organisation.kind == "municipality", Organisation.search_key.in_(keys)))
        .order_by(Organisation.id)
    ).all()
    by_municipality, by_key = {}, {}
    for row in rows:
        if row.kind == "municipality" and (key := municipality_key(row.name)):
            by_municipality.setdefault(key, row.id)
        by_key.setdefault(row.search_key, row.id)
    found = {}
    for name in names:
        key = municipality_key(name)
        organisation_id = by_municipality.get(key) if key else None
        if organisation_id is None:
            organisation_id = by_key.get(search_key(name))
        if organisation_id is not None:
            found[name] = organisation_id
    return found


def related_records(organisation: Organisation) -> dict:
    """Seats, meetings and nominations of an organisation, each in one query.

    The areas above the register are reached through relationships, not imported."""
    membership = related_model(Organisation.seats)
    attendance = related_model(Organisation.attendances)
    nomination = related_model(Organisation.nominations)
    meeting = related_model(attendance.meeting)
    seats = db.session.scalars(
        sa.select(membership)
        .where(membership.on_behalf_of_id == organisation.id)
        .options(joinedload(membership.person), joinedload(membership.body))
        .order_by(membership.start_on.desc())
    ).all()
    meetings = db.session.execute(
        sa.select(meeting, sa.func.count(attendance.id))
        .join(attendance, attendance.meeting_id == meeting.id)
        .where(attendance.representing_id == organisation.id)
        .group_by(meeting.id)
        .order_by(meeting.starts_at.desc())
        .limit(30)
    ).all()
    nominations = db.session.scalars(
        sa.select(nomination)
        .where(nomination.organisation_id == organisation.id)
        .options(joinedload(nomination.round))
        .order_by(nomination.submitted_at.desc())
    ).all()
    return {"seats": seats, "meetings": meetings, "nominations": nominations}


def signatory_accounts(organisation: Organisation) -> list[User]:
    """The accounts the organisation's people sign in to the portal with."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.organisation_id == organisation.id, User.role == "signatory")
            .order_by(User.email)
        )
    )
