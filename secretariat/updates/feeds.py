"""The open feeds: published updates as Atom, meetings as iCalendar.

The Atom document is built with xml.etree rather than a template: every title and text
is set as element text or attribute, so the serialiser escapes it and nothing a person
typed can end an element early. (feedgen would do the same with lxml and dateutil as
new dependencies, for forty lines.)
"""

import datetime as dt
import re
import xml.etree.ElementTree as ET

from ..core.links import host, public_url
from ..documents.markup import markdown
from ..reminders import ics

ATOM = "http://www.w3.org/2005/Atom"
#: characters XML 1.0 cannot carry at all, even escaped
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str:
    return _NOT_XML.sub("", str(value or ""))


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _child(parent, tag: str, text=None, **attributes):
    element = ET.SubElement(parent, tag, {k: _text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = _text(text)
    return element


#: the feed's <updated> while it has no entry (the year its tag names)
EMPTY_SINCE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def feed_updated(updates) -> dt.datetime:
    """The feed's <updated>: its latest entry's, so an edit of any entry moves it too."""
    return max((u.last_changed_at for u in updates if u.last_changed_at), default=EMPTY_SINCE)


def atom_feed(updates, title: str, author: str) -> bytes:
    """Published updates, newest first, with their sanitised HTML as content. An entry's
    <updated> is its last edit after publishing (readers see the correction), else its
    publication; the same updates always give the same bytes."""
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "lv"})
    _child(feed, "id", f"tag:{host()},2025:monthly-updates")
    _child(feed, "title", title)
    _child(feed, "updated", _when(feed_updated(updates)))
    _child(feed, "link", rel="self", type="application/atom+xml", href=public_url("updates.feed"))
    _child(feed, "link", rel="alternate", type="text/html", href=public_url("updates.public_page"))
    _child(_child(feed, "author"), "name", author)
    for update in updates:
        entry = _child(feed, "entry")
        _child(entry, "id", f"tag:{host()},2025:monthly-update-{update.id}")
        _child(entry, "title", update.title, type="text")
        _child(entry, "published", _when(update.published_at))
        _child(entry, "updated", _when(update.last_changed_at))
        url = public_url("updates.detail", month=update.slug)
        _child(entry, "link", rel="alternate", type="text/html", href=url)
        _child(entry, "content", str(markdown(update.text)), type="html")
    body = ET.tostring(feed, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body).encode("utf-8")


def calendar(meetings, name: str) -> str:
    return ics.meeting_feed(
        meetings, lambda m: public_url("meetings.detail", meeting_id=m.id), _text(name)
    )
