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
