"""Reading the register: search and filters, applied in SQL."""

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ..core.text import search_key
from ..extensions import db
from .models import ORGANISATION_STATUSES, Contact, Organisation, Person

GAPS = ("no_website", "no_email", "no_phone", "no_report")


def register_query(filters: dict, today: dt.date) -> sa.Select:
    """Organisations matching the register page's filters, by name."""
    query = sa.select(Organisation).where(Organisation.kind.in_(("ngo", "other")))
    text = (filters.get("q") or "").strip()
    if text:
        digits = text.replace(" ", "")
        key = search_key(text)
        query = query.where(
            sa.or_(
                Organisation.search_key.contains(key, autoescape=True),
                Organisation.registration_number.startswith(digits, autoescape=True),
            )
        )
    if filters.get("status") in ORGANISATION_STATUSES:
        query = query.where(Organisation.status == filters["status"])
    if filters.get("region"):
        query = query.where(Organisation.region == filters["region"])
    if filters.get("field"):
        query = query.where(
            sa.func.lower(Organisation.fields_of_activity).contains(
                filters["field"].lower(), autoescape=True
            )
        )
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


def all_people() -> list[Person]:
    return list(
        db.session.scalars(
            sa.select(Person).options(joinedload(Person.organisation)).order_by(Person.search_key)
        )
    )
