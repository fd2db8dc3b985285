"""An iCalendar invitation for one meeting (METHOD:REQUEST, Europe/Riga)."""

import datetime as dt

from icalendar import Calendar, Event, vText

from ..core.dates import RIGA


def meeting_invitation(meeting, url: str, method: str = "REQUEST") -> str:
    calendar = Calendar()
    calendar.add("prodid", "-//Memoranda padomes sekretariāts//secretariat//LV")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@secretariat")
    event.add("sequence", meeting.version)
    event.add("dtstamp", dt.datetime.now(dt.UTC))
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
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
