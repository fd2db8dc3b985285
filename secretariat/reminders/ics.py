"""iCalendar for meetings: one invitation (METHOD:REQUEST) or a subscribed feed of many.

Both describe a meeting the same way: a stable UID, SEQUENCE = the meeting's version
(bumped on every change), times in Europe/Riga with its VTIMEZONE, the meeting page's
link in the description, and STATUS:CANCELLED once it is cancelled.
"""

import datetime as dt

from icalendar import Calendar, Event, vText

from ..core.dates import RIGA

PRODID = "-//Memoranda padomes sekretariāts//secretariat//LV"


def meeting_uid(meeting) -> str:
    return f"meeting-{meeting.id}@secretariat"


def meeting_event(meeting, url: str, stamp: dt.datetime | None = None) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.version)
    event.add("dtstamp", stamp or dt.datetime.now(dt.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(RIGA))
    event.add(
        "dtend", (meeting.ends_at or meeting.starts_at + dt.timedelta(hours=2)).astimezone(RIGA)
    )
    event.add("summary", meeting.title)
    event["location"] = vText(meeting.place or meeting.online_url or "")
    description = url if not meeting.online_url else f"{meeting.online_url}\n{url}"
    event.add("description", description)
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
    return event


def _calendar(**properties) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    for name, value in properties.items():
        calendar.add(name.replace("_", "-"), value)
    return calendar


def _add_timezone(calendar: Calendar, starts: list[dt.datetime]) -> None:
    """Europe/Riga's VTIMEZONE, with its changes around these meetings only (not since 1970)."""
    if starts:
        calendar.add_missing_timezones(
            first_date=min(starts).date() - dt.timedelta(days=366),
            last_date=max(starts).date() + dt.timedelta(days=2 * 366),
        )


def meeting_invitation(meeting, url: str, method: str = "REQUEST") -> str:
    calendar = _calendar(method=method)
    calendar.add_component(meeting_event(meeting, url))
    _add_timezone(calendar, [meeting.starts_at])
    return calendar.to_ical().decode("utf-8")


def meeting_feed(meetings, url_of, name: str) -> str:
    """A calendar to subscribe to: `url_of(meeting)` is each meeting page's address."""
    calendar = _calendar(method="PUBLISH", x_wr_calname=name, x_wr_timezone="Europe/Riga")
    stamp = dt.datetime.now(dt.UTC)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, url_of(meeting), stamp))
    _add_timezone(calendar, [meeting.starts_at for meeting in meetings])
    return calendar.to_ical().decode("utf-8")
