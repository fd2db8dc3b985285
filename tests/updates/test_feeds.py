"""The open feeds: Atom read by feedparser, iCalendar read by icalendar."""

import datetime as dt
import re

import feedparser
import pytest
from icalendar import Calendar

from secretariat.core.dates import RIGA
from secretariat.extensions import db
from secretariat.meetings.models import Meeting

from ..conftest import sign_in, submit
from ..helpers import lv

NASTY = 'Apskats <script>alert("x")</script> & "Ābele" ]]> \x0b'


def test_atom_feed_escapes_what_people_typed(app, client, draft):
    draft(
        visibility="public",
        publish=True,
        title=NASTY,
        text="**Svarīgi** & <b>drošs</b> <script>x</script>",
    )
    draft(
        month=dt.date(2025, 8, 1),
        visibility="signatories",
        publish=True,
        title="Tikai parakstītājām",
    )
    draft(month=dt.date(2025, 7, 1), visibility="public", title="Melnraksts")
    response = client.get("/updates/feed.atom")
    assert response.mimetype == "application/atom+xml"
    raw = response.get_data(as_text=True)
    assert "<script>" not in raw and "&lt;script&gt;" in raw and "&amp;" in raw
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == lv("Memorandum Council news")
    [entry] = feed.entries
    assert entry.title == 'Apskats <script>alert("x")</script> & "Ābele" ]]>'
    assert entry.link.endswith("/updates/2025-09")
    content = entry.content[0].value
    assert "<strong>Svarīgi</strong> &amp; " in content and "<script>" not in content
    assert entry.published_parsed is not None and entry.id.endswith("monthly-update-1")


def test_atom_feed_without_updates_is_valid(client):
    feed = feedparser.parse(client.get("/updates/feed.atom").data)
    assert not feed.bozo and feed.entries == []


def _calendar(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def _events(calendar):
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def meetings(make_body, make_meeting):
    council = make_body(name="Memoranda padome")
    group = make_body(name="Finanšu darba grupa", kind="working_group")
    return {
        "public": make_meeting(
            council,
            title="Izbraukuma sēde Liepājā",
            kind="visiting_session",
            day=dt.date(2099, 10, 29),
            visibility="public",
            place="Liepāja",
        ),
        "signatories": make_meeting(
            council,
            title="Tiešsaistes saruna",
            kind="signatory_call",
            day=dt.date(2099, 10, 2),
            visibility="signatories",
            online_url="https://meet.example.org/memorands",
        ),
        "members": make_meeting(
            council, title="Padomes sēde", visibility="members", day=dt.date(2099, 9, 24)
        ),
        "internal": make_meeting(council, title="Iekšēja sapulce", day=dt.date(2099, 9, 25)),
        "group": make_meeting(
            group,
            title="Finanšu grupas sēde",
            kind="working_group",
            visibility="public",
            day=dt.date(2099, 9, 26),
        ),
        "old": make_meeting(
            council, title="Sen pagājusi sēde", visibility="public", day=dt.date(2020, 1, 1)
        ),
    }


def test_public_calendar_has_public_meetings_in_riga_time(client, meetings):
    calendar = _calendar(client.get("/calendar/public.ics"))
    events = _events(calendar)
    assert set(events) == {"Izbraukuma sēde Liepājā", "Finanšu grupas sēde"}
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["tzid"]) == "Europe/Riga"
    event = events["Izbraukuma sēde Liepājā"]
    assert event["dtstart"].params["TZID"] == "Europe/Riga"
    assert event.decoded("dtstart") == dt.datetime(2099, 10, 29, 10, 0, tzinfo=RIGA)
    # the meeting's own UID, with this installation's domain (PUBLIC_URL)
    assert str(event["uid"]) == meetings["public"].calendar_uid
    assert re.fullmatch(r"meeting-[0-9a-f-]{36}@127\.0\.0\.1", str(event["uid"]))
    assert f"/meetings/{meetings['public'].id}" in str(event["description"])
    assert str(event["status"]) == "CONFIRMED" and str(event["location"]) == "Liepāja"


def test_an_edit_bumps_sequence_and_keeps_the_uid_and_cancelling_is_told(app, client, meetings):
    from secretariat.meetings.services import update_meeting

    before = _events(_calendar(client.get("/calendar/public.ics")))["Izbraukuma sēde Liepājā"]
    with app.app_context():
        meeting = db.session.get(Meeting, meetings["public"].id)
        update_meeting(meeting, meeting.version, place="Liepājas Kultūras centrs")
        db.session.commit()
    edited = _events(_calendar(client.get("/calendar/public.ics")))["Izbraukuma sēde Liepājā"]
    assert edited["uid"] == before["uid"]
    assert int(edited["sequence"]) == int(before["sequence"]) + 1
    assert str(edited["location"]) == "Liepājas Kultūras centrs"
    with app.app_context():
        meeting = db.session.get(Meeting, meetings["public"].id)
        update_meeting(meeting, meeting.version, status="cancelled")
        db.session.commit()
    cancelled = _events(_calendar(client.get("/calendar/public.ics")))["Izbraukuma sēde Liepājā"]
    assert str(cancelled["status"]) == "CANCELLED"
    assert int(cancelled["sequence"]) == int(before["sequence"]) + 2


def test_body_calendar_shows_that_body_and_only_public_meetings_to_visitors(
    client, login_as, meetings
):
    body_id = meetings["public"].body_id
    assert set(_events(_calendar(client.get(f"/calendar/{body_id}.ics")))) == {
        "Izbraukuma sēde Liepājā"
    }
    assert set(_events(_calendar(client.get(f"/calendar/{meetings['group'].body_id}.ics")))) == {
        "Finanšu grupas sēde"
    }
    assert client.get("/calendar/999999.ics").status_code == 404
    login_as("member")
    assert set(_events(_calendar(client.get(f"/calendar/{body_id}.ics")))) == {
        "Izbraukuma sēde Liepājā",
        "Tiešsaistes saruna",
        "Padomes sēde",
    }


@pytest.mark.parametrize(
    "role, expected",
    [
        ("signatory", {"Izbraukuma sēde Liepājā", "Finanšu grupas sēde", "Tiešsaistes saruna"}),
        (
            "member",
            {
                "Izbraukuma sēde Liepājā",
                "Finanšu grupas sēde",
                "Tiešsaistes saruna",
                "Padomes sēde",
            },
        ),
        (
            "staff",
            {
                "Izbraukuma sēde Liepājā",
                "Finanšu grupas sēde",
                "Tiešsaistes saruna",
                "Padomes sēde",
                "Iekšēja sapulce",
            },
        ),
    ],
)
def test_personal_calendar_shows_what_the_role_may_see(client, make_user, meetings, role, expected):
    user = make_user(role)
    events = _events(_calendar(client.get(f"/calendar/u/{user.calendar_token}.ics")))
    assert set(events) == expected
    if role == "signatory":
        assert "https://meet.example.org/memorands" in str(
            events["Tiešsaistes saruna"]["description"]
        )


def test_a_bad_or_reset_token_answers_404_with_a_short_message(app, client, make_user, meetings):
    user = make_user("member")
    for bad in ("nav-tads", "x" * 64, "%00", "a" * 300):
        response = client.get(f"/calendar/u/{bad}.ics")
        assert response.status_code == 404
        assert response.mimetype == "text/plain"
        assert response.get_data(as_text=True) == lv(
            "No calendar at this address. Its link may have been reset: copy the new one "
            "from your reminder settings."
        )
    old = user.calendar_token
    assert client.get(f"/calendar/u/{old}.ics").status_code == 200
    sign_in(client, user.email)
    preferences = client.get("/account/reminders").get_data(as_text=True)
    assert f"/calendar/u/{old}.ics" in preferences
    reset = submit(
        client, "/account/calendar/reset", form_url="/account/reminders", follow_redirects=True
    )
    assert lv("Your calendar has a new link; the old one no longer works.") in reset.get_data(
        as_text=True
    )
    assert client.get(f"/calendar/u/{old}.ics").status_code == 404
    from secretariat.auth.models import User

    with app.app_context():
        new = db.session.get(User, user.id).calendar_token
    assert new != old and f"/calendar/u/{new}.ics" in reset.get_data(as_text=True)
    assert client.get(f"/calendar/u/{new}.ics").status_code == 200


def test_an_inactive_users_calendar_is_gone(app, client, make_user, meetings):
    from secretariat.auth.models import User

    user = make_user("staff")
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert client.get(f"/calendar/u/{user.calendar_token}.ics").status_code == 404


def test_invitations_carry_the_riga_timezone_too(app, meetings):
    import datetime as dt

    from secretariat.reminders.ics import meeting_calendar

    with app.app_context():
        text = meeting_calendar(
            db.session.get(Meeting, meetings["public"].id),
            "https://x/m/1",
            attendee="info@abele.lv",
            organizer="Sekretariāts <sekretariats@example.lv>",
            stamp=dt.datetime(2025, 9, 1, tzinfo=dt.UTC),
        )
    calendar = Calendar.from_ical(text)
    assert str(calendar["method"]) == "REQUEST"
    assert [str(t["tzid"]) for t in calendar.walk("VTIMEZONE")] == ["Europe/Riga"]
