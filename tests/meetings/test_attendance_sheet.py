"""The attendance sheet: the body's members and others invited, saved in one submit."""

import datetime as dt
import re

import sqlalchemy as sa

from secretariat.extensions import db
from secretariat.meetings.models import Attendance, Meeting
from secretariat.people.models import Person

from ..conftest import submit
from ..helpers import field_errors, lv, text_of


def _modes(app, meeting_id) -> dict[str, tuple]:
    with app.app_context():
        rows = db.session.execute(
            sa.select(Attendance).where(Attendance.meeting_id == meeting_id)
        ).scalars()
        return {
            a.person.name: (
                a.mode,
                a.delegate_for.name if a.delegate_for else None,
                a.representing.name if a.representing else None,
            )
            for a in rows
        }


def _sheet(client, url) -> dict:
    """The form as the browser would send it untouched: every field's value as shown."""
    page = client.get(url).get_data(as_text=True)
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        data[name] = value
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option selected value="([^"]*)"', body) or re.search(
            r'<option value="([^"]*)"', body
        )
        data[name] = chosen.group(1) if chosen else ""
    return data


def test_the_sheet_starts_with_every_member_present_and_saves_in_one_submit(
    app, client, login_as, make_body, make_meeting, make_person, make_membership, make_organisation
):
    council = make_body(name="Memoranda padome")
    alliance = make_organisation(name="Latvijas Pilsoniskā alianse")
    ministry = make_organisation(name="Kultūras ministrija", kind="ministry")
    chair = make_person("Georgs Rubenis", alliance)
    anna = make_person("Anna Bērziņa")
    dace = make_person("Dace Krūmiņa", ministry)
    ilze = make_person("Ilze Ozola")
    expert = make_person("Ērika Ģērmane", ministry)
    make_membership(chair, council, position="chair")
    make_membership(anna, council)
    make_membership(dace, council)
    make_membership(ilze, council)
    meeting = make_meeting(council)
    login_as("staff")
    url = f"/meetings/{meeting.id}/attendance"

    page = client.get(url)
    assert page.status_code == 200
    data = _sheet(client, url)
    # everyone starts present in person; the chair heads the list
    assert {data[f"mode-{p.id}"] for p in (chair, anna, dace, ilze)} == {"in_person"}
    assert text_of(page).index("Georgs Rubenis") < text_of(page).index("Anna Bērziņa")

    data.update(
        {
            f"mode-{anna.id}": "remote",
            f"mode-{dace.id}": "delegate",
            f"delegate-{dace.id}": "Ērika Ģērmane",
            f"mode-{ilze.id}": "excused",
            f"note-{ilze.id}": "slimības dēļ",
            "guest-0-name": "Jānis Kalniņš",
            "guest-0-organisation": "Latvijas Pilsoniskā alianse",
            "guest-0-mode": "in_person",
        }
    )
    response = submit(client, url, data)
    assert response.status_code == 302, text_of(response)
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}#attendance")
    assert _modes(app, meeting.id) == {
        "Georgs Rubenis": ("in_person", None, "Latvijas Pilsoniskā alianse"),
        "Anna Bērziņa": ("remote", None, None),
        "Ērika Ģērmane": ("delegate", "Dace Krūmiņa", "Kultūras ministrija"),
        "Ilze Ozola": ("excused", None, None),
        "Jānis Kalniņš": ("in_person", None, "Latvijas Pilsoniskā alianse"),
    }
    with app.app_context():  # the expert was picked from the directory, not made again
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 6
        assert db.session.get(Person, expert.id).name == "Ērika Ģērmane"

    # the sheet opens as saved: the expert beside the member, the guest among the lines
    again = _sheet(client, url)
    assert again[f"mode-{dace.id}"] == "delegate"
    assert again[f"delegate-{dace.id}"] == "Ērika Ģērmane"
    kalnins = app_person_id(app, "Jānis Kalniņš")
    assert again[f"mode-{kalnins}"] == "in_person"
    # taking someone off the list and a member back in person
    again.update({f"mode-{kalnins}": "", f"mode-{dace.id}": "in_person"})
    assert submit(client, url, again).status_code == 302
    modes = _modes(app, meeting.id)
    assert "Jānis Kalniņš" not in modes and "Ērika Ģērmane" not in modes
    assert modes["Dace Krūmiņa"] == ("in_person", None, "Kultūras ministrija")
    detail = text_of(client.get(f"/meetings/{meeting.id}"))
    assert lv("%(present)s of %(total)s voting members take part", present=3, total=4) in detail


def app_person_id(app, name):
    with app.app_context():
        return db.session.scalar(sa.select(Person.id).where(Person.name == name))


def test_a_sheet_saved_meanwhile_by_someone_else_is_not_overwritten(
    app, client, login_as, make_body, make_meeting, make_person, make_membership
):
    council = make_body()
    anna = make_person("Anna Bērziņa")
    make_membership(anna, council)
    meeting = make_meeting(council)
    login_as("staff")
    url = f"/meetings/{meeting.id}/attendance"
    stale = _sheet(client, url)
    first = {**stale, f"mode-{anna.id}": "remote"}
    assert submit(client, url, first).status_code == 302
    second = {**stale, f"mode-{anna.id}": "absent"}
    refused = submit(client, url, second)
    assert refused.status_code == 302 and refused.headers["Location"].endswith(url)
    assert _modes(app, meeting.id) == {"Anna Bērziņa": ("remote", None, None)}
    with app.app_context():
        assert db.session.get(Meeting, meeting.id).attendance_version == 2


def test_the_sheet_says_what_is_missing(
    app, client, login_as, make_body, make_meeting, make_person, make_membership
):
    council = make_body()
    anna = make_person("Anna Bērziņa")
    make_membership(anna, council)
    meeting = make_meeting(council)
    login_as("staff")
    url = f"/meetings/{meeting.id}/attendance"
    data = _sheet(client, url)
    bad = {
        **data,
        f"mode-{anna.id}": "delegate",
        "guest-0-organisation": "Nav tādas biedrības",
    }
    response = submit(client, url, bad)
    assert response.status_code == 400
    assert field_errors(response, f"delegate-{anna.id}") == [
        lv("Say who stands in for this member.")
    ]
    assert field_errors(response, "guest-0-name") == [lv("Give the guest's name.")]
    assert field_errors(response, "guest-0-organisation") == [
        lv("No organisation of this name in the register: pick one from the list.")
    ]
    asleep = submit(client, url, {**data, f"mode-{anna.id}": "asleep"})
    assert field_errors(asleep, f"mode-{anna.id}") == [lv("Not a valid choice.")]
    twice = submit(client, url, {**data, "guest-0-name": "Anna Bērziņa"})
    assert twice.status_code == 400
    assert lv("%(name)s is on the sheet twice: keep one line.", name="Anna Bērziņa") in text_of(
        twice
    )
    assert _modes(app, meeting.id) == {}
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Person)) == 1


def test_a_signatory_call_starts_with_nobody_on_the_list(
    app, client, login_as, make_body, make_meeting, make_person, make_membership
):
    council = make_body()
    anna = make_person("Anna Bērziņa")
    make_membership(anna, council)
    call = make_meeting(council, kind="signatory_call", day=dt.date(2025, 10, 2))
    login_as("staff")
    data = _sheet(client, f"/meetings/{call.id}/attendance")
    assert data[f"mode-{anna.id}"] == ""
