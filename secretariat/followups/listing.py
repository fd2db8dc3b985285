"""Follow-up actions as the lists show them (the tracker, the start page): each row's
words and links prepared once per page, as for meetings (meetings/listing.py)."""

import datetime as dt
from dataclasses import dataclass

from ..core.dates import short_date
from ..core.i18n import locale_name
from ..core.labels import labels
from ..core.links import url_pattern
from .models import is_overdue


@dataclass(frozen=True, slots=True)
class ActionLine:
    url: str
    title: str
    owner: str
    due: str
    overdue: bool
    status: str
    status_label: str
    meeting_url: str
    meeting_title: str
    meeting_date: str


def action_lines(actions, today: dt.date) -> list[ActionLine]:
    """Rows of `followups.queries.action_rows` as a list shows them."""
    locale = locale_name()
    statuses = labels("action_status")
    detail = url_pattern("followups.action_detail", "action_id")
    meeting_page = url_pattern("meetings.detail", "meeting_id")
    return [
        ActionLine(
            url=detail(a.id),
            title=a.title,
            owner=", ".join(name for name in (a.owner_person, a.owner_organisation) if name),
            due=short_date(a.due_on, locale),
            overdue=is_overdue(a.status, a.due_on, today),
            status=a.status,
            status_label=statuses.get(a.status, a.status),
            meeting_url=meeting_page(a.meeting_id) if a.meeting_id else "",
            meeting_title=a.meeting_title or "",
            meeting_date=short_date(a.meeting_starts_at, locale),
        )
        for a in actions
    ]
