"""What feed readers and calendar programs rely on: an edit shows in Atom's <updated>,
conditional requests are answered with 304, an empty calendar is still a valid one, and
every event's UID carries this installation's domain."""

import datetime as dt

import feedparser
import time_machine
from icalendar import Calendar

from secretariat.extensions import db
from secretariat.meetings.models import Meeting
from secretariat.updates.models import MonthlyUpdate

PUBLISHED = dt.datetime(2025, 10, 1, 9, 0, tzinfo=dt.UTC)
EDITED = dt.datetime(2025, 10, 3, 14, 30, tzinfo=dt.UTC)


def _edit_update(app, update_id, **fields):
    from secretariat.updates.services import edit_update

    with app.app_context():
        update = db.session.get(MonthlyUpdate, update_id)
        edit_update(update, update.version, **fields)
        db.session.commit()


def _struct(moment: dt.datetime):
    return moment.utctimetuple()[:6]


def assert_conditional(client, url, response, cache="no-cache"):
    """The copy named by its ETag, or by its date alone, is not sent again."""
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    assert response.headers["Cache-Control"] == cache and "Cookie" in response.vary
    assert client.get(url).headers["ETag"] == etag  # the same data gives the same bytes
    by_tag = client.get(url, headers={"If-None-Match": etag})
    assert by_tag.status_code == 304 and by_tag.data == b""
    by_date = client.get(url, headers={"If-Modified-Since": modified})
    assert by_date.status_code == 304
    stale = client.get(url, headers={"If-None-Match": '"other"', "If-Modified-Since": modified})
    assert stale.status_code == 200  # the tag wins over the date (RFC 9110)


def test_editing_a_published_update_moves_its_entry_and_the_feed(app, client, draft):
    with time_machine.travel(PUBLISHED, tick=False):
        update = draft(visibility="public", publish=True)
    first = client.get("/updates/feed.atom")
    feed = feedparser.parse(first.data)
    assert not feed.bozo
    [entry] = feed.entries
    assert entry.published_parsed[:6] == entry.updated_parsed[:6] == _struct(PUBLISHED)
    assert feed.feed.updated_parsed[:6] == _struct(PUBLISHED)
    assert first.headers["Last-Modified"] == "Wed, 01 Oct 2025 09:00:00 GMT"
    assert_conditional(client, "/updates/feed.atom", first)

    with time_machine.travel(EDITED, tick=False):
        _edit_update(app, update.id, text=update.text + "\n\nLabojums: sēde notiks Cēsīs.")
    second = client.get("/updates/feed.atom", headers={"If-None-Match": first.headers["ETag"]})
    assert second.status_code == 200
    feed = feedparser.parse(second.data)
    [entry] = feed.entries
    assert entry.published_parsed[:6] == _struct(PUBLISHED)  # first published then
    assert entry.updated_parsed[:6] == _struct(EDITED)  # and corrected since
    assert "Labojums: sēde notiks Cēsīs." in entry.content[0].value
    assert feed.feed.updated_parsed[:6] == _struct(EDITED)
    assert second.headers["Last-Modified"] == "Fri, 03 Oct 2025 14:30:00 GMT"
    modified_before = {"If-Modified-Since": first.headers["Last-Modified"]}
    assert client.get("/updates/feed.atom", headers=modified_before).status_code == 200


def test_an_update_narrowed_out_of_the_feed_changes_it(app, client, draft):
    with time_machine.travel(PUBLISHED, tick=False):
        update = draft(visibility="public", publish=True)
    first = client.get("/updates/feed.atom")
    with time_machine.travel(EDITED, tick=False):
        _edit_update(app, update.id, visibility="signatories")
    gone = client.get(
        "/updates/feed.atom", headers={"If-Modified-Since": first.headers["Last-Modified"]}
    )
    assert gone.status_code == 200 and feedparser.parse(gone.data).entries == []
    assert gone.headers["Last-Modified"] == "Fri, 03 Oct 2025 14:30:00 GMT"


def test_an_edited_draft_is_not_a_correction(app, client, draft):
    update = draft(visibility="public")
    _edit_update(app, update.id, text="Melnraksta teksts")
    with app.app_context():
        assert db.session.get(MonthlyUpdate, update.id).edited_at is None


def test_calendars_answer_conditional_requests_and_change_with_a_meeting(app, client, make_meeting):
    with time_machine.travel(PUBLISHED, tick=False):
        meeting = make_meeting(
            title="Izbraukuma sēde Liepājā", day=dt.date(2099, 10, 29), visibility="public"
        )
    url = "/calendar/public.ics"
    first = client.get(url)
    assert first.headers["Last-Modified"] == "Wed, 01 Oct 2025 09:00:00 GMT"
    [event] = Calendar.from_ical(first.data).walk("VEVENT")
    assert event.decoded("dtstamp") == PUBLISHED  # the meeting's last change, not the request's
    assert_conditional(client, url, first)
    assert_conditional(
        client, f"/calendar/{meeting.body_id}.ics", client.get(f"/calendar/{meeting.body_id}.ics")
    )

    from secretariat.meetings.services import update_meeting

    with time_machine.travel(EDITED, tick=False), app.app_context():
        found = db.session.get(Meeting, meeting.id)
        update_meeting(found, found.version, visibility="internal")
        db.session.commit()
    since = {"If-Modified-Since": first.headers["Last-Modified"]}
    emptied = client.get(url, headers=since)
    assert emptied.status_code == 200  # the meeting left it: a date-only reader hears so
    assert Calendar.from_ical(emptied.data).walk("VEVENT") == []
    assert emptied.headers["Last-Modified"] == "Fri, 03 Oct 2025 14:30:00 GMT"
    assert client.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_personal_calendar_too(client, make_user, make_meeting):
    make_meeting(title="Padomes sēde", day=dt.date(2099, 9, 24), visibility="members")
    url = f"/calendar/u/{make_user('member').calendar_token}.ics"
    # one person's calendar at a secret address: no shared cache keeps it
    assert_conditional(client, url, client.get(url), cache="private, no-cache")


def test_an_empty_calendar_still_carries_the_riga_timezone(client):
    """RFC 5545: a VCALENDAR holds at least one component."""
    response = client.get("/calendar/public.ics")
    calendar = Calendar.from_ical(response.data)
    assert calendar.walk("VEVENT") == []
    [timezone] = calendar.subcomponents
    assert timezone.name == "VTIMEZONE" and str(timezone["TZID"]) == "Europe/Riga"
    assert {c.name for c in timezone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert b"BEGIN:VTIMEZONE" in response.data
    assert "ETag" in response.headers and "Last-Modified" not in response.headers


def test_uids_carry_the_public_domain_and_older_meetings_keep_theirs(app, client, make_meeting):
    app.config["PUBLIC_URL"] = "https://sekretariats.example.lv"
    new = make_meeting(title="Jauna sēde", day=dt.date(2099, 9, 24), visibility="public")
    other = make_meeting(title="Cita sēde", day=dt.date(2099, 9, 25), visibility="public")
    assert new.calendar_uid.endswith("@sekretariats.example.lv")
    assert new.calendar_uid != other.calendar_uid
    with app.app_context():  # as 0017_standards leaves a meeting invited to before it
        db.session.get(Meeting, other.id).calendar_uid = f"meeting-{other.id}@secretariat"
        db.session.commit()
    app.config["PUBLIC_URL"] = "https://citur.example.lv"  # the installation moves
    events = {
        str(e["SUMMARY"]): str(e["UID"])
        for e in Calendar.from_ical(client.get("/calendar/public.ics").data).walk("VEVENT")
    }
    assert events == {
        "Jauna sēde": new.calendar_uid,
        "Cita sēde": f"meeting-{other.id}@secretariat",
    }
