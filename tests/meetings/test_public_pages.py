"""A public meeting and its public decisions can be read without an account: calendar
feeds and the public page link to them. Anything else sends the reader to sign in."""

from ..helpers import lv, text_of


def test_anyone_reads_a_public_meeting_and_its_public_decision(client, make_meeting, make_decision):
    public = make_meeting(title="Izbraukuma sēde Liepājā", visibility="public", status="held")
    shown = make_decision(public, title="Par jauniešu līdzdalību", visibility="public")
    held_back = make_decision(public, title="Iekšējs lēmums", visibility="internal")
    page = client.get(f"/meetings/{public.id}")
    assert page.status_code == 200
    text = text_of(page)
    assert "Izbraukuma sēde Liepājā" in text and "Par jauniešu līdzdalību" in text
    assert "Iekšējs lēmums" not in text
    assert lv("Sign in") in text
    assert client.get(f"/decisions/{shown.id}").status_code == 200
    assert "/login" in client.get(f"/decisions/{held_back.id}").headers["Location"]
    summary = client.get(f"/meetings/{public.id}/summary.pdf")
    assert summary.status_code == 200 and summary.mimetype == "application/pdf"


def test_other_meetings_send_the_reader_to_sign_in(client, make_meeting):
    for visibility in ("internal", "members", "signatories"):
        meeting = make_meeting(visibility=visibility)
        response = client.get(f"/meetings/{meeting.id}")
        assert response.status_code == 302, visibility
        assert f"/login?next=%2Fmeetings%2F{meeting.id}" in response.headers["Location"]
    assert client.get(f"/meetings/{meeting.id}/attendance-sheet.pdf").status_code == 302
