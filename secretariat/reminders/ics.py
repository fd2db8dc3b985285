"""iCalendar messages about one meeting (RFC 5545 and iTIP, RFC 5546).

A REQUEST invites (or, with a higher SEQUENCE, updates: calendars replace the event with
the same UID rather than add a second one); a CANCEL with the same UID removes it.
The meeting's version is the SEQUENCE: every change of the meeting raises it.
"""

import datetime as dt
from email.utils import parseaddr

from icalendar import Calendar, Event, vCalAddress, vText

from ..core.dates import RIGA


def meeting_uid(meeting) -> str:
    return f"meeting-{meeting.id}@secretariat"


def meeting_calendar(
    meeting, url: str, attendee: str, organizer: str, stamp: dt.datetime, method: str = "REQUEST"
) -> str:
    """The .ics for one recipient: `organizer` is the From address ("Name <address>")."""
    calendar = Calendar()
    calendar.add("prodid", "-//Memoranda padomes sekretariāts//secretariat//LV")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.version)
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(RIGA))
    event.add(
        "dtend", (meeting.ends_at or meeting.starts_at + dt.timedelta(hours=2)).astimezone(RIGA)
    )
    event.add("summary", meeting.title)
    event["location"] = vText(meeting.place or meeting.online_url or "")
    description = url if not meeting.online_url else f"{meeting.online_url}\n{url}"
    event.add("description", description)
    event.add("url", url)
    cancelled = method == "CANCEL" or meeting.status == "cancelled"
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
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
    calendar.add_missing_timezones()  # the VTIMEZONE block for Europe/Riga
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
