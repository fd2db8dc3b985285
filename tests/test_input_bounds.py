"""What a form field or an address may hold: control characters are refused at the field
(one-line fields take a pasted line break as a space), and numbers in paths and query
strings are bounded, so nothing reaches the database that it cannot hold (tests/test_fuzz.py
throws everything at every form; these say what a person sees)."""

import pytest
import sqlalchemy as sa

from secretariat.extensions import db
from secretariat.meetings.models import AgendaItem

from .conftest import submit
from .helpers import field_errors, lv

CONTROL = "The text contains invisible control characters; remove them and type it again."


def _agenda_item(client, meeting, **fields):
    data = {"title": "Par budžetu", "presenter": "", "notes": "", "duration_minutes": ""}
    return submit(client, f"/meetings/{meeting.id}/agenda", {**data, **fields})


@pytest.mark.parametrize("text", ["Par\x00budžetu", "Par\x1bbudžetu", "Par budžetu\x7f"])
def test_control_characters_are_refused_at_the_field(text, app, client, login_as, make_meeting):
    meeting = make_meeting()
    login_as("staff")
    response = _agenda_item(client, meeting, title=text)
    assert response.status_code == 400
    assert field_errors(response, "title") == [lv(CONTROL)]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AgendaItem)) == 0


def test_a_line_break_in_a_one_line_field_is_a_space(app, client, login_as, make_meeting):
    meeting = make_meeting()
    login_as("staff")
    response = _agenda_item(client, meeting, title="Par\r\nbudžetu\t2026 ", presenter="A.\nBroks")
    assert response.status_code == 302
    with app.app_context():
        item = db.session.scalar(sa.select(AgendaItem))
        assert (item.title, item.presenter) == ("Par budžetu 2026", "A. Broks")


def test_a_multi_line_field_keeps_its_lines_and_tabs_but_not_nul(
    app, client, login_as, make_meeting
):
    meeting = make_meeting()
    login_as("staff")
    notes = "1. Ziņo A.Broks\r\n2.\tDiskusija"
    assert _agenda_item(client, meeting, notes=notes).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(AgendaItem.notes)) == notes
    response = _agenda_item(client, meeting, notes="rinda\x00")
    assert field_errors(response, "notes") == [lv(CONTROL)]


@pytest.mark.parametrize("role", ["anonymous", "staff"])
@pytest.mark.parametrize(
    "path",
    [
        "/meetings/99999999999",
        "/meetings/2147483648",
        f"/meetings/{10**30}",
        f"/decisions/{2**63}",
        "/files/99999999999",
        "/api/v1/meetings/99999999999",
    ],
)
def test_an_id_beyond_what_the_database_holds_is_not_found(role, path, client, login_as):
    login_as(role)
    assert client.get(path).status_code == 404


def test_the_largest_id_is_still_an_address(client, login_as):
    login_as("staff")
    assert client.get("/meetings/2147483647").status_code == 404  # looked up, not there


@pytest.mark.parametrize(
    "query",
    [
        "year=99999999999999999999",
        "year=-2025",
        "year=0",
        "body=99999999999",
        "body=-1",
        "body=%D9%A1",  # an Arabic-Indic one: a digit to Python, not to us
        f"page={10**30}",
        "page=-3",
        "page=nav",
    ],
)
def test_out_of_range_filters_and_pages_are_ignored(query, app, client, login_as, make_meeting):
    make_meeting(title="Vienīgā sēde", visibility="public")
    login_as("staff")
    response = client.get(f"/meetings/?{query}")
    assert response.status_code == 200
    assert "Vienīgā sēde" in response.get_data(as_text=True)  # the filter dropped, page one


def test_a_page_past_the_end_is_empty(client, login_as, make_meeting):
    make_meeting(title="Vienīgā sēde", visibility="public")
    login_as("staff")
    response = client.get("/meetings/?page=100000")
    assert response.status_code == 200
    assert "Vienīgā sēde" not in response.get_data(as_text=True)


def test_a_search_with_control_characters_finds_as_if_empty(client, login_as, make_organisation):
    make_organisation(name="Biedrība Ābele")
    login_as("staff")
    response = client.get("/organisations/?q=%C4%80bele%00x")
    assert response.status_code == 200
    assert "Biedrība Ābele" in response.get_data(as_text=True)
