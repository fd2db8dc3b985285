"""Staff correct the register by hand: every field, status with its date, no lost edits."""

import datetime as dt

import sqlalchemy as sa

from secretariat.extensions import db
from secretariat.organisations.models import Organisation, OrganisationStatusChange

from ..conftest import submit
from ..helpers import field_errors, lv, text_of


def _form(**overrides):
    data = {
        "name": "Biedrība “Ābeļdārzs”",
        "registration_number": "40008012345",
        "kind": "ngo",
        "legal_form": "biedrība",
        "region": "Latgale",
        "territory": "Rēzeknes novads",
        "fields_of_activity": "seniori",
        "website": "https://ābeļdārzs.lv",
        "emails": "info@ābeļdārzs.lv, valde@ābeļdārzs.lv",
        "phones": "+371 20000000",
        "memorandum_signed_on": "03.09.2025.",
        "status": "active",
        "status_on": "",
        "last_annual_report_year": "2024",
        "version": "",
    }
    data.update(overrides)
    return data


def test_create_then_strike_off_with_history(app, client, login_as):
    login_as("staff")
    created = submit(client, "/organisations/new", _form(), follow_redirects=True)
    assert "Biedrība “Ābeļdārzs”" in text_of(created)
    with app.app_context():
        org = db.session.scalar(sa.select(Organisation))
        assert org.emails == "info@ābeļdārzs.lv\nvalde@ābeļdārzs.lv"
        assert org.memorandum_signed_on == dt.date(2025, 9, 3)
        org_id = org.id
    submit(
        client,
        f"/organisations/{org_id}/edit",
        _form(status="struck_off", status_on="17.05.2026.", version="1"),
    )
    with app.app_context():
        org = db.session.get(Organisation, org_id)
        assert (org.status, org.struck_off_on) == ("struck_off", dt.date(2026, 5, 17))
        history = db.session.scalars(
            sa.select(OrganisationStatusChange).order_by(OrganisationStatusChange.id)
        ).all()
        assert [(h.status, h.effective_on, h.source) for h in history] == [
            ("active", dt.date(2025, 9, 3), "manual"),
            ("struck_off", dt.date(2026, 5, 17), "manual"),
        ]
    page = text_of(client.get(f"/organisations/{org_id}"))
    assert "17.05.2026. · " + lv("Struck off the Enterprise Register") in page


def test_bad_input_and_taken_registration_numbers(app, client, login_as, make_organisation):
    make_organisation(name="Cita biedrība", registration_number="40008099999")
    login_as("staff")
    bad = submit(
        client,
        "/organisations/new",
        _form(
            name="",
            registration_number="12345",
            region="Atlantīda",
            website="ftp:/x",
            last_annual_report_year="3000",
            memorandum_signed_on="30.02.2025.",
        ),
    )
    assert bad.status_code == 400
    assert field_errors(bad, "name") == [lv("This field is required.")]
    assert field_errors(bad, "registration_number") == [lv("A registration number is 11 digits.")]
    assert field_errors(bad, "region") == [lv("Not a valid choice.")]
    assert field_errors(bad, "website") == [lv("Not a web address.")]
    assert field_errors(bad, "memorandum_signed_on") == [
        lv("Not a real date: write it as day.month.year, e.g. 03.09.2025.")
    ]
    taken = submit(client, "/organisations/new", _form(registration_number="40008099999"))
    assert field_errors(taken, "registration_number") == [
        lv("Another organisation has this registration number.")
    ]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)) == 1


def test_second_of_two_simultaneous_edits_is_refused(app, client, login_as, make_organisation):
    org = make_organisation(name="Biedrība Bērzs")
    login_as("staff")
    url = f"/organisations/{org.id}/edit"
    assert (
        submit(
            client, url, _form(name="Pirmā versija", registration_number="", version="1")
        ).status_code
        == 302
    )
    second = submit(
        client,
        url,
        _form(name="Otrā versija", registration_number="", version="1"),
        follow_redirects=True,
    )
    assert lv(
        "Someone else saved this record while you were editing it. Your changes were not "
        "saved: the form now shows their version; make your changes again."
    ) in (text_of(second))
    with app.app_context():
        assert db.session.get(Organisation, org.id).name == "Pirmā versija"


def test_each_email_and_phone_line_is_checked(app, client, login_as):
    login_as("staff")
    bad = submit(
        client,
        "/organisations/new",
        _form(emails="info@ābeļdārzs.lv\nnot an email\n@@@", phones="+371 20000000, abc"),
    )
    assert bad.status_code == 400
    assert field_errors(bad, "emails") == [
        lv("“%(value)s” is not an e-mail address.", value="not an email")
    ]
    assert field_errors(bad, "phones") == [
        lv(
            "“%(value)s” is not a phone number: write digits, with + and the country code in "
            "front if it is not Latvian.",
            value="abc",
        )
    ]
    good = submit(
        client,
        "/organisations/new",
        _form(
            emails="arvids.kucins@augšdaugavasnovads.lv\ninfo@ābeļdārzs.lv",
            phones="+371 65476811\n8898\n(+371) 6 703-9252",
        ),
    )
    assert good.status_code == 302, field_errors(good, "emails") + field_errors(good, "phones")
    with app.app_context():
        org = db.session.scalar(sa.select(Organisation))
        assert org.email_list == ["arvids.kucins@augšdaugavasnovads.lv", "info@ābeļdārzs.lv"]
        assert org.phone_list == ["+371 65476811", "8898", "(+371) 6 703-9252"]


def test_other_contacts_are_edited_and_shown(app, client, login_as):
    login_as("staff")
    submit(
        client,
        "/organisations/new",
        _form(other_contacts="Diennakts tālrunis: 8898\n\nhttps://www.lork.lv/"),
    )
    with app.app_context():
        org = db.session.scalar(sa.select(Organisation))
        assert org.other_contacts == "Diennakts tālrunis: 8898\nhttps://www.lork.lv/"
    page = text_of(client.get(f"/organisations/{org.id}"))
    assert lv("Other contacts") + " Diennakts tālrunis: 8898 https://www.lork.lv/" in page


def test_the_latest_report_year_is_this_year_when_the_form_is_sent(
    app, client, login_as, monkeypatch
):
    from secretariat.organisations import forms

    login_as("staff")
    next_year = dt.date.today().year + 1
    refused = submit(client, "/organisations/new", _form(last_annual_report_year=str(next_year)))
    assert field_errors(refused, "last_annual_report_year") == [
        lv("Number must be between %(min)s and %(max)s.") % {"min": 1990, "max": next_year - 1}
    ]
    # A year later the same server (started before New Year) takes that year's reports.
    monkeypatch.setattr(forms, "today_in_riga", lambda: dt.date(next_year, 1, 2))
    taken = submit(client, "/organisations/new", _form(last_annual_report_year=str(next_year)))
    assert taken.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(Organisation.last_annual_report_year)) == next_year
