"""Search everywhere: diacritics and case aside, words by their beginnings, highlighted, by
kind, body and year, only what the reader may see; the index follows every change."""

import datetime as dt
import html
import re
from urllib.parse import urlencode

import pytest

from secretariat.extensions import db

from ..conftest import submit
from ..helpers import lv, text_of

_SECTION = re.compile(r'<section id="results-(\w+)">(.*?)</section>', re.S)
_TITLE = re.compile(r'<li>\s*<a href="([^"]+)">(.*?)</a>', re.S)


def found(client, q: str, **filters) -> dict[str, list[str]]:
    """The titles of the results, by kind, as the page lists them (marks taken off)."""
    response = client.get("/search/?" + urlencode({"q": q, **filters}))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return {
        kind: [html.unescape(re.sub(r"</?mark>", "", title)) for _, title in _TITLE.findall(body)]
        for kind, body in _SECTION.findall(page)
    }


def titles(client, q: str, **filters) -> set[str]:
    return {title for group in found(client, q, **filters).values() for title in group}


@pytest.fixture
def staff(login_as):
    return login_as("staff")


def test_diacritics_and_case_do_not_matter(client, staff, make_meeting, make_decision):
    meeting = make_meeting(title="Tikšanās ar Jēkabpils novada NVO")
    make_decision(meeting, title="Lēmums par sekretariāta darbu")
    assert titles(client, "jekabpils") == {"Tikšanās ar Jēkabpils novada NVO"}
    assert titles(client, "JĒKABPILS NOVADA") == {"Tikšanās ar Jēkabpils novada NVO"}
    assert found(client, "lemums") == {"decision": ["Lēmums par sekretariāta darbu"]}


def test_words_are_found_by_their_beginnings(
    client, staff, make_meeting, make_agenda_item, make_conclusion
):
    meeting = make_meeting(title="Memoranda padomes sēde")
    make_agenda_item(meeting, "Iepriekšējās sēdes protokols")
    make_conclusion(meeting, "finding", "Sēdē pietrūka ministriju pārstāvju.")
    make_meeting(title="Darba grupas sanāksme")
    results = found(client, "sēd")
    assert results["meeting"] == ["Memoranda padomes sēde"]
    assert results["agenda_item"] == ["1.§ Iepriekšējās sēdes protokols"]
    assert results["conclusion"] == ["Sēdē pietrūka ministriju pārstāvju."]
    assert "Darba grupas sanāksme" not in titles(client, "sēd")
    # every word must be there
    assert titles(client, "sēd ministr") == {"Sēdē pietrūka ministriju pārstāvju."}


def test_found_words_are_marked_in_the_title_and_the_snippet(
    client, staff, make_meeting, make_decision
):
    meeting = make_meeting(title="Sēde")
    make_decision(
        meeting,
        title="Par pētījumu",
        text="1. Atbalstīt pētījuma «Padziļināta izpēte par biedrību sektoru» iepirkumu.",
    )
    page = client.get("/search/?q=petij").get_data(as_text=True)
    assert "Par <mark>pētījumu</mark>" in page
    assert "Atbalstīt <mark>pētījuma</mark> «Padziļināta izpēte" in page


def test_every_kind_of_record_is_found(app, client, staff, make_meeting, make_person):
    from secretariat.documents.files import store_bytes
    from secretariat.documents.services import add_attachment, minutes_of, save_minutes
    from secretariat.followups.services import create_action
    from secretariat.meetings.models import Meeting
    from secretariat.meetings.services import add_agenda_item
    from secretariat.organisations.models import Organisation
    from secretariat.programmes import services as programmes
    from secretariat.updates.services import create_call, draft_update

    meeting = make_meeting(title="Zīlīte: sēde", day=dt.date(2025, 9, 24))
    make_person("Zīlīte Bērziņa")
    with app.app_context():
        m = db.session.get(Meeting, meeting.id)
        item = add_agenda_item(m, "Zīlītes jautājums")
        minutes = minutes_of(m)
        save_minutes(
            minutes,
            minutes.version,
            introduction="Protokols",
            chaired_by="",
            recorded_by="",
            visibility="members",
            discussions={item.id: "Runāja par zīlītēm."},
        )
        add_attachment(m, store_bytes(b"%PDF-1.7 x", "zilite-pielikums.pdf"), title="")
        create_action(title="Zīlītes uzdevums")
        db.session.add(Organisation(name="Biedrība Zīlīte"))
        update = draft_update(dt.date(2025, 9, 1))
        update.title = "Zīlītes apskats"
        create_call(kind="survey", title="Zīlītes aptauja", deadline_on=dt.date(2025, 10, 1))
        plan = programmes.create_plan(title="Zīlītes plāns", first_year=2025, last_year=2026)
        goal = programmes.add_goal(programmes.add_direction(plan, "1", "Virziens"), "1.1", "M")
        programmes.add_measure(plan, goal_id=goal.id, number="1.1.1", title="Zīlītes pasākums")
        programmes.create_task(
            title="Zīlītes deleģētais uzdevums",
            starts_on=dt.date(2025, 1, 1),
            ends_on=dt.date(2025, 12, 31),
        )
        db.session.commit()
    results = found(client, "zilit")
    assert set(results) == {
        "meeting",
        "agenda_item",
        "minutes",
        "action",
        "organisation",
        "person",
        "attachment",
        "update",
        "call",
        "plan",
        "measure",
        "task",
    }
    assert results["minutes"] == ["Zīlīte: sēde"]
    assert results["attachment"] == ["zilite-pielikums.pdf"]
    assert results["measure"] == ["1.1.1. Zīlītes pasākums"]
    # each result opens its record's page
    page = client.get("/search/?q=zilit").get_data(as_text=True)
    for link in {url for url, _ in _TITLE.findall(page)}:
        with client.get(html.unescape(link)) as response:
            assert response.status_code == 200, link


def test_filters_by_kind_body_and_year(client, staff, make_body, make_meeting, make_decision):
    council, group = make_body(name="Padome"), make_body(name="Darba grupa")
    old = make_meeting(body=council, title="Sēde par budžetu", day=dt.date(2024, 5, 2))
    make_meeting(body=council, title="Sēde par budžetu", day=dt.date(2025, 5, 2))
    make_meeting(body=group, title="Budžeta darba grupas sanāksme", day=dt.date(2025, 6, 2))
    make_decision(old, title="Par budžetu")
    assert found(client, "budzet", kind="decision") == {"decision": ["Par budžetu"]}
    by_body = found(client, "budzet", body=group.id)
    assert by_body == {"meeting": ["Budžeta darba grupas sanāksme"]}
    in_2024 = found(client, "budzet", year=2024)
    assert in_2024 == {"meeting": ["Sēde par budžetu"], "decision": ["Par budžetu"]}
    page = text_of(client.get("/search/?q=budzet"))
    assert lv("Meetings") in page and "(3)" in page


def test_a_reader_never_learns_what_they_may_not_see(client, login_as, make_meeting):
    make_meeting(title="Slepena apspriede", visibility="internal")
    make_meeting(title="Apspriede locekļiem", visibility="members")
    make_meeting(title="Publiska apspriede", visibility="public")
    login_as("signatory")
    assert titles(client, "apspried") == {"Publiska apspriede"}
    page = client.get("/search/?q=slepen").get_data(as_text=True)
    assert "Slepena" not in page and "results-meeting" not in page
    assert lv("Nothing found. Try fewer words, or the beginnings of words.") in text_of(
        client.get("/search/?q=slepen")
    )
    listed = text_of(client.get("/search/?q=apspried"))
    assert "(1)" in listed and "(2)" not in listed and "(3)" not in listed


def test_anonymous_readers_find_public_records(client, make_meeting):
    make_meeting(title="Publiska apspriede", visibility="public")
    make_meeting(title="Apspriede parakstītājiem", visibility="signatories")
    assert titles(client, "apspried") == {"Publiska apspriede"}


def test_the_index_follows_edits_deletions_and_visibility(
    app, client, login_as, make_meeting, make_agenda_item, make_decision
):
    meeting = make_meeting(title="Sēde Valmierā", visibility="members")
    item = make_agenda_item(meeting, "Jauniešu iesaiste")
    decision = make_decision(meeting, title="Par jauniešu programmu", visibility="public")
    login_as("staff")
    # an edit through the page
    response = submit(
        client,
        f"/meetings/{meeting.id}/edit",
        {
            "body_id": meeting.body_id,
            "kind": "session",
            "title": "Sēde Cēsīs",
            "date": "24.09.2025.",
            "start_time": "10:00",
            "host_organisation_id": 0,
            "region": "",
            "status": "planned",
            "visibility": "members",
            "version": "1",
        },
    )
    assert response.status_code == 302, text_of(response)
    assert titles(client, "valmier") == set()
    assert titles(client, "cesis") == {"Sēde Cēsīs"}
    # a deletion through the page
    assert titles(client, "jaunies") == {"1.§ Jauniešu iesaiste", "Par jauniešu programmu"}
    response = submit(
        client,
        f"/meetings/{meeting.id}/agenda/{item.id}/delete",
        form_url=f"/meetings/{meeting.id}/agenda",
    )
    assert response.status_code == 302
    assert titles(client, "jaunies") == {"Par jauniešu programmu"}
    # visibility: the meeting decides what its decision's readers see
    with client.session_transaction() as session:
        session.clear()
    login_as("signatory")
    assert titles(client, "jaunies") == set()
    from secretariat.meetings.models import Meeting

    with app.app_context():
        db.session.get(Meeting, meeting.id).visibility = "public"
        db.session.commit()
    assert titles(client, "jaunies") == {"Par jauniešu programmu"}
    assert titles(client, "cesis") == {"Sēde Cēsīs"}
    with app.app_context():
        from secretariat.decisions.models import Decision

        db.session.get(Decision, decision.id).visibility = "members"
        db.session.commit()
    assert titles(client, "jaunies") == set()


def test_rebuild_writes_the_index_again(app, runner, client, staff, make_meeting):
    import sqlalchemy as sa

    from secretariat.search.models import SearchEntry

    make_meeting(title="Pārbūvētā sēde")
    with app.app_context():
        db.session.execute(sa.delete(SearchEntry))
        db.session.commit()
    assert titles(client, "parbuvet") == set()
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "meeting        1" in result.output
    assert titles(client, "parbuvet") == {"Pārbūvētā sēde"}


@pytest.mark.parametrize("q", ["", "   ", "§§§", "\x00\x07", "a" * 500, '"*) OR (', "-*^:&|!"])
def test_odd_queries_are_answered(client, staff, make_meeting, q):
    make_meeting(title="Sēde")
    response = client.get("/search/?" + urlencode({"q": q, "year": "99999", "body": "x"}))
    assert response.status_code == 200
