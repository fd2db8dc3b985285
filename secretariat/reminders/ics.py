"""iCalendar for meetings: a message to one recipient (iTIP, RFC 5546) or a subscribed feed.

Both describe a meeting the same way: its UID (fixed when it was created, with the
installation's domain; see Meeting.calendar_uid), SEQUENCE = the meeting's version
(bumped on every change), times in Europe/Riga with its VTIMEZONE, the meeting page's
link in the description, and STATUS:CANCELLED once it is cancelled. A REQUEST invites
(or, with a higher SEQUENCE, updates: calendars replace the event with the same UID
rather than add a second one); a CANCEL with the same UID removes it. A feed stamps each
event with the meeting's last change, so the same meetings give the same bytes (and
ETag); every calendar carries Europe/Riga's VTIMEZONE, an empty one too (RFC 5545 wants
at least one component).
"""

import datetime as dt
from email.utils import parseaddr

from icalendar import Calendar, Event, Timezone, vCalAddress, vText

from ..core.dates import RIGA

PRODID = "-//Memoranda padomes sekretariāts//secretariat//LV"


def meeting_event(
    meeting, url: str, stamp: dt.datetime | None = None, cancelled: bool = False
) -> Event:
    event = Event()
    event.add("uid", meeting.calendar_uid)
    event.add("sequence", meeting.version)
    event.add("dtstamp", (stamp or dt.datetime.now(dt.UTC)).astimezone(dt.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(RIGA))
    event.add(
        "dtend", (meeting.ends_at or meeting.starts_at + dt.timedelta(hours=2)).astimezone(RIGA)
    )
    event.add("summary", meeting.title)
    event["location"] = vText(meeting.place or meeting.online_url or "")
    description = url if not meeting.online_url else f"{meeting.online_url}\n{url}"
    event.add("description", description)
    event.add("url", url)
    cancelled = cancelled or meeting.status == "cancelled"
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def _calendar(**properties) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    for name, value in properties.items():
        calendar.add(name.replace("_", "-"), value)
    return calendar


def _add_timezone(calendar: Calendar, starts: list[dt.datetime]) -> None:
    """Europe/Riga's VTIMEZONE, with its changes around these meetings only (not since 1970);
    with no meeting, this year's and the next two (the same all year long)."""
    if starts:
        calendar.add_missing_timezones(
            first_date=min(starts).date() - dt.timedelta(days=366),
            last_date=max(starts).date() + dt.timedelta(days=2 * 366),
        )
    elif not calendar.walk("VEVENT"):
        year = dt.datetime.now(RIGA).year
        calendar.add_component(
            Timezone.from_tzid(
                "Europe/Riga", first_date=dt.date(year, 1, 1), last_date=dt.date(year + 3, 1, 1)
            )
        )


def meeting_calendar(
    meeting, url: str, attendee: str, organizer: str, stamp: dt.datetime, method: str = "REQUEST"
) -> str:
    """The .ics for one recipient: `organizer` is the From address ("Name <address>")."""
    calendar = _calendar(method=method)
    event = meeting_event(meeting, url, stamp, cancelled=method == "CANCEL")
    return _for_recipient(calendar, event, [meeting.starts_at], attendee, organizer)


def withdrawal_calendar(meeting, attendee: str, organizer: str, stamp: dt.datetime) -> str:
    """A CANCEL that removes the meeting from the recipient's calendar and tells nothing
    else: the meeting is no longer theirs to read, not even its new title or time."""
    calendar = _calendar(method="CANCEL")
    event = Event()
    event.add("uid", meeting.calendar_uid)
    event.add("sequence", meeting.version)
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("status", "CANCELLED")
    return _for_recipient(calendar, event, [], attendee, organizer)


def _for_recipient(calendar: Calendar, event: Event, starts, attendee: str, organizer: str) -> str:
    name, address = parseaddr(organizer)
    event.add("organizer", _address(address, CN=name) if name else _address(address))
    event.add(
        "attendee",
        _address(
            attendee,
            CUTYPE="INDIVIDUAL",
            ROLE="REQ-PARTICIPANT",
            PARTSTAT="NEEDS-ACTION",
            # the secretariat reads no replies: calendars should not offer to send one
            RSVP="FALSE",
        ),
    )
    calendar.add_component(event)
    _add_timezone(calendar, starts)
    return calendar.to_ical().decode("utf-8")


def meeting_feed(meetings, url_of, name: str) -> str:
    """A calendar to subscribe to: `url_of(meeting)` is each meeting page's address."""
    calendar = _calendar(method="PUBLISH", x_wr_calname=name, x_wr_timezone="Europe/Riga")
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, url_of(meeting), meeting.updated_at))
    _add_timezone(calendar, [meeting.starts_at for meeting in meetings])
    return calendar.to_ical().decode("utf-8")


def _address(email: str, **params) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def method_of(ics_text: str) -> str:
    """REQUEST or CANCEL: what the message's calendar part asks for."""
    for line in ics_text.splitlines():
        if line.startswith("METHOD:"):
            return line.removeprefix("METHOD:").strip()
    return "PUBLISH"
