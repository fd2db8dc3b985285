"""The meetings list as its readers see a row: words in their language, the body's short
name, the place with its region, and the link to the meeting."""

import datetime as dt
import re

from ..conftest import submit
from ..helpers import lv, text_of


def _row(html: str, title: str) -> str:
    return next(row for row in re.findall(r"<tr class=.*?</tr>", html, re.S) if title in row)


def test_a_row_shows_the_meeting_in_the_readers_language(
    app, client, login_as, make_body, make_meeting
):
    from secretariat.bodies.models import Body
    from secretariat.extensions import db

    body = make_body(name="NVO un Ministru kabineta sadarbības memoranda padome")
    with app.app_context():
        db.session.get(Body, body.id).short_name = "Memoranda padome"
        db.session.commit()
    meeting = make_meeting(
        body=body,
        title="Padomes sēde <Jēkabpilī>",
        day=dt.date(2025, 9, 3),
        number="7",
        place="Jēkabpils Kopienu centrs",
        region="Sēlija",
    )
    login_as("staff")

    row = _row(client.get("/meetings/").get_data(as_text=True), "Jēkabpilī")
    assert f'href="/meetings/{meeting.id}"' in row
    assert "Padomes sēde &lt;Jēkabpilī&gt;" in row
    text = text_of_row(row)
    assert "03.09.2025." in text
    assert lv("Council session") in text and lv("protocol No. %(n)s", n="7") in text
    assert "Memoranda padome" in text and "sadarbības" not in text
    assert "Jēkabpils Kopienu centrs · Sēlija" in text
    assert lv("Planned") in text

    submit(client, "/language", {"lang": "en", "next": "/meetings/"})
    english = text_of_row(_row(client.get("/meetings/").get_data(as_text=True), "Jēkabpilī"))
    assert "03/09/2025" in english
    assert "Council session · protocol No. 7" in english and "Planned" in english


def text_of_row(row: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", row).split())


def test_the_start_page_lists_upcoming_meetings_as_rows(app, client, login_as, make_meeting):
    meeting = make_meeting(title="Nākamā padomes sēde", day=dt.date.today() + dt.timedelta(days=3))
    login_as("staff")
    page = client.get("/")
    assert f'href="/meetings/{meeting.id}"' in _row(page.get_data(as_text=True), "Nākamā")
    assert "Nākamā padomes sēde" in text_of(page)
