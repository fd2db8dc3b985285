"""Browsing, searching and exporting the register."""

import csv
import datetime as dt
import io

from openpyxl import load_workbook

from ..helpers import lv, text_of


def _names(client, query):
    page = text_of(client.get(f"/organisations/?{query}"))
    return {
        n
        for n in (
            "Jēkabpils biedrība “Ozols”",
            "Rīgas Biedrība Liepa",
            "Biedrība Bez Kontaktiem",
            "Izslēgtā biedrība",
        )
        if n in page
    }


def _setup(make_organisation):
    this_year = dt.date.today().year
    make_organisation(
        name="Jēkabpils biedrība “Ozols”",
        region="Sēlija",
        registration_number="40008123456",
        website="https://ozols.lv",
        emails="info@ozols.lv",
        phones="+371 20000000",
        last_annual_report_year=this_year - 1,
        fields_of_activity="seniori",
        memorandum_signed_on=dt.date(2010, 5, 1),
    )
    make_organisation(
        name="Rīgas Biedrība Liepa",
        region="Rīga",
        emails="=cmd|' /C calc'!A0",
        phones="+371 20000001",
        last_annual_report_year=this_year - 5,
        fields_of_activity="jaunatne",
    )
    make_organisation(name="Biedrība Bez Kontaktiem", region="Rīga")
    make_organisation(
        name="Izslēgtā biedrība", status="struck_off", struck_off_on=dt.date(2024, 1, 1)
    )


def test_search_ignores_diacritics_and_case(client, login_as, make_organisation):
    _setup(make_organisation)
    login_as("staff")
    assert _names(client, "q=jekabpils") == {"Jēkabpils biedrība “Ozols”"}
    assert _names(client, "q=BIEDRIBA") == {
        "Jēkabpils biedrība “Ozols”",
        "Rīgas Biedrība Liepa",
        "Biedrība Bez Kontaktiem",
        "Izslēgtā biedrība",
    }
    assert _names(client, "q=rigas") == {"Rīgas Biedrība Liepa"}
    assert _names(client, "q=40008123") == {"Jēkabpils biedrība “Ozols”"}
    assert _names(client, "q=%25") == set()  # a LIKE wildcard is searched as text


def test_search_finds_territory_and_region_without_diacritics(client, login_as, make_organisation):
    make_organisation(
        name="Vidusdaugavas NVO centrs", territory="Jēkabpils novada teritorija", region="Sēlija"
    )
    make_organisation(name="Zemgales NVO centrs", territory="Zemgales plānošanas reģions")
    make_organisation(name="PROVIDUS", territory="Visa Latvija", region="Rīga")
    login_as("staff")

    def names(query):
        page = text_of(client.get(f"/organisations/?{query}"))
        return {
            n for n in ("Vidusdaugavas NVO centrs", "Zemgales NVO centrs", "PROVIDUS") if n in page
        }

    assert names("q=jekabpils") == {"Vidusdaugavas NVO centrs"}
    assert names("q=JĒKABPILS novada") == {"Vidusdaugavas NVO centrs"}
    assert names("q=selija") == {"Vidusdaugavas NVO centrs"}  # its region
    assert names("q=planosanas") == {"Zemgales NVO centrs"}
    assert names("q=providus") == {"PROVIDUS"}
    assert names("q=centrs sel") == set()  # words of two fields do not run together


def test_field_filter_ignores_case_diacritics_and_endings(client, login_as, make_organisation):
    make_organisation(name="Biedrība Ērglis", fields_of_activity="Ērgļu aizsardzība")
    make_organisation(name="Biedrība Sirmgalvis", fields_of_activity="senioru biedrības")
    login_as("staff")

    def names(query):
        page = text_of(client.get(f"/organisations/?{query}"))
        return {n for n in ("Biedrība Ērglis", "Biedrība Sirmgalvis") if n in page}

    assert names("field=Ērgļu aizsardzība") == {"Biedrība Ērglis"}  # its own value
    assert names("field=ĒRGĻU") == {"Biedrība Ērglis"}
    assert names("field=ergli") == {"Biedrība Ērglis"}
    assert names("field=aizsardzibas") == {"Biedrība Ērglis"}
    assert names("field=seniori") == {"Biedrība Sirmgalvis"}
    assert names("field=ērgļu seniori") == set()  # every word must match


def test_filters_and_data_gaps(client, login_as, make_organisation):
    _setup(make_organisation)
    login_as("staff")
    assert _names(client, "status=struck_off") == {"Izslēgtā biedrība"}
    assert _names(client, "region=Rīga") == {"Rīgas Biedrība Liepa", "Biedrība Bez Kontaktiem"}
    assert _names(client, "field=senior") == {"Jēkabpils biedrība “Ozols”"}
    assert _names(client, "signed=1") == {"Jēkabpils biedrība “Ozols”"}
    assert _names(client, "gap=no_website&status=active") == {
        "Rīgas Biedrība Liepa",
        "Biedrība Bez Kontaktiem",
    }
    assert _names(client, "gap=no_email&gap=no_phone&status=active") == {"Biedrība Bez Kontaktiem"}
    assert _names(client, "gap=no_report&status=active") == {
        "Rīgas Biedrība Liepa",
        "Biedrība Bez Kontaktiem",
    }
    assert _names(client, "region=Atlantīda&gap=nonsense") == _names(client, "")


def test_export_keeps_filters_and_neutralises_formulas(client, login_as, make_organisation):
    _setup(make_organisation)
    login_as("staff")
    response = client.get("/organisations/export.csv?region=Rīga")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = response.get_data().decode("utf-8-sig")
    assert "Rīgas Biedrība Liepa" in text and "Jēkabpils" not in text
    assert lv("Registration number") in text.splitlines()[0]
    header, *rows = csv.reader(io.StringIO(text), delimiter=";")
    liepa = dict(zip(header, next(r for r in rows if r[1] == "Rīgas Biedrība Liepa"), strict=True))
    assert liepa[lv("E-mails")] == "'=cmd|' /C calc'!A0"  # a formula from the data: neutralised
    # a phone is shown by Excel as it is: no apostrophe, no formula error
    assert liepa[lv("Phones")] == '="+371 20000001"'
    assert liepa[lv("Organisation")] == "Rīgas Biedrība Liepa"  # the rest is left alone

    book = load_workbook(io.BytesIO(client.get("/organisations/export.xlsx?q=liepa").data))
    cells = {head.value: cell for head, cell in zip(*book.active.iter_rows(), strict=True)}
    assert cells[lv("Organisation")].value == "Rīgas Biedrība Liepa"
    # XLSX cells are strings, never formulas, and carry no visible apostrophe
    assert cells[lv("E-mails")].value == "=cmd|' /C calc'!A0"
    assert cells[lv("E-mails")].data_type == "s" and cells[lv("E-mails")].quotePrefix
    assert cells[lv("Phones")].value == "+371 20000001" and cells[lv("Phones")].data_type == "s"


def test_organisation_page_shows_seats_meetings_and_history(
    client,
    login_as,
    make_organisation,
    make_person,
    make_body,
    make_membership,
    make_meeting,
    app,
):
    from secretariat.extensions import db
    from secretariat.meetings.models import Meeting
    from secretariat.meetings.services import record_attendance
    from secretariat.people.models import Person

    alliance = make_organisation(name="Latvijas Pilsoniskā alianse")
    person = make_person("Georgs Rubenis", alliance)
    council = make_body(name="Memoranda padome")
    seat = make_membership(person, council, position="deputy_chair")
    with app.app_context():
        from secretariat.bodies.models import Membership

        db.session.get(Membership, seat.id).on_behalf_of_id = alliance.id
        db.session.commit()
    meeting = make_meeting(body=council, title="Memoranda padomes sēde")
    with app.app_context():
        record_attendance(
            db.session.get(Meeting, meeting.id),
            db.session.get(Person, person.id),
            "in_person",
            representing=db.session.get(type(alliance), alliance.id),
        )
        db.session.commit()
    login_as("staff")
    page = text_of(client.get(f"/organisations/{alliance.id}"))
    assert "Georgs Rubenis Memoranda padome " + lv("Deputy chair") in page
    assert "Memoranda padomes sēde" in page
