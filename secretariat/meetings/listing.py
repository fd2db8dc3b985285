"""Meetings as the lists show them: each row's words and link prepared once per page.

A list of fifty meetings would otherwise call a formatter, a label and a router per cell
in the template; here the labels, the link pattern and the reader's language are looked up
once, and each row is a handful of plain function calls.
"""

from dataclasses import dataclass

from ..core.dates import short_date
from ..core.i18n import gettext, locale_name
from ..core.labels import labels
from ..core.links import url_pattern


@dataclass(frozen=True, slots=True)
class MeetingLine:
    url: str
    title: str
    date: str
    kind: str
    #: "protocol No. 3", or empty
    protocol: str
    body: str
    where: str
    status: str
    status_label: str


def meeting_where(meeting) -> str:
    """Where a meeting takes place, with the region only when the place does not already
    say it ("Rīga · Rīga")."""
    where = meeting.place or (gettext("online") if meeting.online_url else "")
    if meeting.region and meeting.region not in meeting.place:
        return f"{where} · {meeting.region}"
    return where


def meeting_lines(meetings) -> list[MeetingLine]:
    """Rows of `meetings.queries.LIST_COLUMNS` (or meeting records) as a list shows them."""
    locale = locale_name()
    kinds, statuses = labels("meeting_kind"), labels("meeting_status")
    detail = url_pattern("meetings.detail", "meeting_id")
    protocol = gettext("protocol No. %(n)s")
    return [
        MeetingLine(
            url=detail(m.id),
            title=m.title,
            date=short_date(m.starts_at, locale),
            kind=kinds.get(m.kind, m.kind),
            protocol=protocol % {"n": m.number} if m.number else "",
            body=str(m.body),
            where=meeting_where(m),
            status=m.status,
            status_label=statuses.get(m.status, m.status),
        )
        for m in meetings
    ]
