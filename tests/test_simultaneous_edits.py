"""Two people edit the same record: the second save is refused with a message, the first
is kept — for meetings and actions (tested in their areas) and every record edited by hand."""

import re

import pytest

from .conftest import submit
from .helpers import lv, text_of

STALE = (
    "Someone else saved this record while you were editing it. Your changes were not "
    "saved: the form now shows their version; make your changes again."
)


def _version(client, url) -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)


@pytest.fixture
def records(make_meeting, make_agenda_item, make_decision, make_conclusion, make_person, app):
    from secretariat.extensions import db
    from secretariat.meetings.models import Meeting
    from secretariat.meetings.services import add_breakout

    meeting = make_meeting()
    item = make_agenda_item(meeting, "Darba kārtības jautājums")
    decision = make_decision(meeting, title="Sākotnējais lēmums")
    conclusion = make_conclusion(meeting, "finding", "Sākotnējais secinājums")
    with app.app_context():
        breakout = add_breakout(db.session.get(Meeting, meeting.id), "Sākotnējā grupa")
        db.session.commit()
        breakout_id = breakout.id
    base = f"/meetings/{meeting.id}"
    person = make_person("Sākotnējā Persona")
    return {
        "person": (
            f"/people/{person.id}/edit",
            {
                "name": "{}",
                "title": "",
                "kind": "other",
                "organisation_id": 0,
                "institution": "",
                "emails": "",
                "phones": "",
                "notes": "",
            },
            "name",
        ),
        "agenda item": (
            f"{base}/agenda/{item.id}/edit",
            {"title": "{}", "presenter": "", "notes": "", "duration_minutes": ""},
            "title",
        ),
        "breakout group": (
            f"{base}/breakouts/{breakout_id}/edit",
            {"topic": "{}", "facilitator": "", "summary": "", "participants_count": ""},
            "topic",
        ),
        "conclusion": (
            f"{base}/conclusions/{conclusion.id}/edit",
            {"kind": "finding", "text": "{}", "breakout_id": 0},
            "text",
        ),
        "decision": (
            f"/decisions/{decision.id}/edit",
            {
                "title": "{}",
                "agenda_item_id": 0,
                "number": "",
                "text": "",
                "adopted": "",
                "visibility": "internal",
                "vote_mode": "named",
            },
            "title",
        ),
    }


@pytest.mark.parametrize(
    "record", ["agenda item", "breakout group", "conclusion", "decision", "person"]
)
def test_the_second_of_two_edits_is_refused(record, client, login_as, records):
    url, form, field = records[record]
    login_as("staff")
    version = _version(client, url)  # both open the form on the same version

    def save(text):
        data = {k: (v.format(text) if v == "{}" else v) for k, v in form.items()}
        return submit(client, url, {**data, "version": version}, follow_redirects=True)

    first = save("Pirmā persona saglabā")
    assert lv(STALE) not in text_of(first)
    second = save("Otrā persona pārraksta")
    assert lv(STALE) in text_of(second)
    page = client.get(url).get_data(as_text=True)
    assert "Pirmā persona saglabā" in page and "Otrā persona pārraksta" not in page


@pytest.mark.parametrize("version", ["", "abc", "99999999999999999999999", "-1"])
@pytest.mark.parametrize(
    "record", ["agenda item", "breakout group", "conclusion", "decision", "person"]
)
def test_a_missing_or_tampered_version_is_refused_like_a_stale_edit(
    record, version, client, login_as, records
):
    url, form, field = records[record]
    login_as("staff")
    data = {k: (v.format("Ar viltotu versiju") if v == "{}" else v) for k, v in form.items()}
    response = submit(client, url, {**data, "version": version}, follow_redirects=True)
    assert response.status_code == 200
    assert lv(STALE) in text_of(response)
    assert "Ar viltotu versiju" not in client.get(url).get_data(as_text=True)


def test_two_saves_racing_past_the_version_check_give_one_success_and_the_message(
    app, client, login_as, records, monkeypatch
):
    """The second save passed the form's version check before the first was committed: the
    database's own check refuses it at flush, and the person reads the same message."""
    import sqlalchemy as sa

    from secretariat.core import versioning
    from secretariat.extensions import db
    from secretariat.meetings.models import AgendaItem

    url, form, _ = records["agenda item"]
    item_id = int(url.split("/")[-2])
    login_as("staff")
    version = _version(client, url)
    real_check = versioning.check_version

    def check_then_lose_the_race(obj, expected):
        real_check(obj, expected)
        # the other person's save lands between this check and this save's flush
        with db.engine.begin() as other:
            other.execute(
                sa.update(AgendaItem)
                .where(AgendaItem.id == item_id)
                .values(title="Otra persona saglabāja pirmā", version=AgendaItem.version + 1)
            )

    monkeypatch.setattr(versioning, "check_version", check_then_lose_the_race)
    data = {**form, "title": "Zaudētā saglabāšana", "version": version}
    response = submit(client, url, data, follow_redirects=True)
    assert response.status_code == 200
    assert lv(STALE) in text_of(response)
    with app.app_context():
        assert db.session.get(AgendaItem, item_id).title == "Otra persona saglabāja pirmā"
