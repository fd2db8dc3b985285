"""Reading accounts for their administrators."""

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from ..auth.models import ROLES, User
from ..core.text import search_key
from ..organisations.models import Organisation


def user_list(filters: dict) -> sa.Select:
    query = sa.select(User).options(joinedload(User.organisation), joinedload(User.person))
    if text := (filters.get("q") or "").strip():
        key = search_key(text)
        query = query.where(
            sa.or_(
                User.email.contains(text.lower(), autoescape=True),
                sa.func.lower(User.name).contains(text.lower(), autoescape=True),
                User.organisation_id.in_(
                    sa.select(Organisation.id).where(
                        Organisation.search_key.contains(key, autoescape=True)
                    )
                ),
            )
        )
    if filters.get("role") in ROLES:
        query = query.where(User.role == filters["role"])
    return query.order_by(User.email)
