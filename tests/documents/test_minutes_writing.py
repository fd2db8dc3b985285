"""Writing the minutes: lists as people type them, the preview beside the editor (the PDF's
own renderer), the closing time, numbered decided points, and the tab of locked minutes."""

import datetime as dt

from secretariat.documents.markup import lists_as_typed, markdown, points
from secretariat.extensions import db
from secretariat.meetings.models import Meeting

from ..conftest import csrf_token, submit
from ..helpers import lv, pdf_text, text_of


def test_a_list_right_after_a_line_of_text_is_a_list(app):
    html = str(markdown("Pārrunāja:\n- budžetu\n- nodokļus\nVienojās turpināt."))
    assert "<p>Pārrunāja:</p>" in html
    assert "<ul>\n<li>budžetu</li>\n<li>nodokļus</li>\n</ul>" in html
    assert "<p>Vienojās turpināt.</p>" in html
    numbered = str(markdown("Nolēma:\n1) atbalstīt\n2) ziņot"))
    assert "<ol>\n<li>atbalstīt</li>\n<li>ziņot</li>\n</ol>" in numbered
    assert lists_as_typed("```\nteksts\n- nav saraksts\n```") == "```\nteksts\n- nav saraksts\n```"
    assert points("1. Atbalstīt.\n\n2) Ziņot.\nPublicēt.") == ["Atbalstīt.", "Ziņot.", "Publicēt."]


def test_the_preview_renders_as_the_minutes_do(app, client, login_as, session):
    url = f"/meetings/{session.id}/minutes/preview"
    login_as("staff")
    token = csrf_token(client, f"/meetings/{session.id}/minutes/edit")
    response = client.post(
        url, data={"text": "**Svarīgi**\n- viens\n<script>x()</script>", "csrf_token": token}
    )
    assert response.status_code == 200 and response.mimetype == "text/html"
    body = response.get_data(as_text=True)
    assert "<strong>Svarīgi</strong>" in body and "<li>viens</li>" in body
    assert "<script>" not in body
    assert client.post(url, data={"text": "x"}).status_code == 400  # no CSRF token
    editor = client.get(f"/meetings/{session.id}/minutes/edit").get_data(as_text=True)
    assert f'data-preview="{url}"' in editor and "data-unsaved" in editor


def test_the_pdf_numbers_the_decided_points_and_says_when_the_meeting_closed(
    app, client, login_as, session, make_decision
):
    make_decision(
        session,
        title="Par darba plānu",
        number="13",
        adopted=True,
        text="1. Apstiprināt darba plānu.\n2. Uzdot sekretariātam to publicēt.",
    )
    login_as("staff")
    items = [(i.id, i.title) for i in _items(app, session)]
    data = {
        "chaired_by": "Anna Bērziņa",
        "recorded_by": "Gints Āboliņš",
        "closing_time": "12:05",
        "visibility": "members",
        **{f"discussion-{item_id}": "Pārrunāja:\n- pirmo\n- otro" for item_id, _ in items},
    }
    assert submit(client, f"/meetings/{session.id}/minutes/edit", data).status_code == 302
    text, _, _ = pdf_text(client.get(f"/meetings/{session.id}/minutes.pdf").data)
    assert "Nolemj: 1. Apstiprināt darba plānu. 2. Uzdot sekretariātam to publicēt." in text
    assert lv("The meeting was closed at %(time)s.", time="12.05") in text


def _items(app, meeting):
    with app.app_context():
        return list(db.session.get(Meeting, meeting.id).agenda_items)


def test_the_minutes_tab_of_a_locked_meeting_shows_the_minutes(
    app, client, login_as, session, make_meeting, make_decision
):
    from secretariat.core.types import utcnow
    from secretariat.decisions.models import Decision
    from secretariat.documents import services

    later = make_meeting(
        body=type("Body", (), {"id": session.body_id}), day=dt.date(2025, 10, 22), status="held"
    )
    approval = make_decision(later, title="Par protokola apstiprināšanu", number="1")
    with app.app_context():
        meeting = db.session.get(Meeting, session.id)
        meeting.status = "held"
        minutes = services.minutes_of(meeting)
        services.circulate(minutes, utcnow())
        services.approve(minutes, db.session.get(Decision, approval.id), utcnow())
        db.session.commit()
    login_as("staff")
    overview = client.get(f"/meetings/{session.id}").get_data(as_text=True)
    assert f'href="/meetings/{session.id}/minutes"' in overview
    assert f'href="/meetings/{session.id}/minutes/edit"' not in overview
    tab = client.get(f"/meetings/{session.id}/minutes/edit")
    assert tab.status_code == 302 and tab.headers["Location"].endswith(
        f"/meetings/{session.id}/minutes"
    )
    page = client.get(f"/meetings/{session.id}/minutes")
    assert page.status_code == 200
    assert lv(
        "Approved by decision No. %(n)s of the meeting of %(day)s.", n="1", day="22.10.2025."
    ) in text_of(page)
