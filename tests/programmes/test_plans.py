"""Policy plans: status counts, frozen reports, the followups chain, forms and the PDF."""

import datetime as dt
import re
from decimal import Decimal

import sqlalchemy as sa

from secretariat.extensions import db

from ..conftest import submit
from ..helpers import DIACRITICS, field_errors, lv, pdf_text, text_of

STATUS_LINE = "49 pasākumi: īstenoti 38, nav finansējuma 10, atcelts 1"


def test_the_plan_page_states_the_status_counts(client, login_as, make_plan):
    plan_id = make_plan()
    login_as("member")
    page = text_of(client.get(f"/programmes/plans/{plan_id}"))
    assert STATUS_LINE in page
    assert lv("Measures by status") in page and lv("Measures by action direction") in page


def test_status_lines_agree_in_number(app):
    from secretariat.programmes.services import status_line

    with app.test_request_context(), app.app_context():
        from flask_babel import force_locale

        with force_locale("lv"):
            assert status_line({"carried_out": 1, "cancelled": 2}) == (
                "3 pasākumi: īstenots 1, atcelti 2"
            )
            assert status_line({"not_funded": 11}) == "11 pasākumi: nav finansējuma 11"
            assert status_line({"carried_out": 21}) == "21 pasākums: īstenots 21"
            assert status_line({}) == "0 pasākumu"
        with force_locale("en"):
            assert status_line({"carried_out": 38, "not_funded": 10, "cancelled": 1}) == (
                "49 measures: carried out 38, not funded 10, cancelled 1"
            )


def test_a_presented_report_keeps_its_counts_after_the_measures_change(
    app, client, login_as, make_plan, present
):
    from secretariat.programmes.models import Measure, PlanReport

    plan_id = make_plan()
    report_id, meeting = present(plan_id)
    with app.app_context():
        # afterwards: two not-funded measures get money and are carried out, one is removed
        changed = db.session.scalars(
            sa.select(Measure).where(Measure.status == "not_funded").limit(2)
        ).all()
        for measure in changed:
            measure.status = "carried_out"
        db.session.delete(db.session.scalar(sa.select(Measure).limit(1)))
        db.session.commit()
    login_as("member")
    report = text_of(client.get(f"/programmes/reports/{report_id}"))
    assert STATUS_LINE in report
    plan = text_of(client.get(f"/programmes/plans/{plan_id}"))
    assert "48 pasākumi: īstenoti 39, nav finansējuma 8, atcelts 1" in plan
    with app.app_context():
        entries = db.session.get(PlanReport, report_id).entries
        assert len(entries) == 49 and sum(e.status == "carried_out" for e in entries) == 38
        assert [e.position for e in entries] == list(range(1, 50))
    meeting_page = text_of(client.get(f"/meetings/{meeting.id}"))
    assert lv("Reports presented") in meeting_page
    assert "Informatīvais ziņojums par plāna izpildi" in meeting_page


def test_report_conclusions_become_conclusions_and_actions_of_the_meeting(
    app, client, login_as, make_plan, present
):
    from secretariat.followups.models import Conclusion

    plan_id = make_plan(statuses=("carried_out",) * 3)
    report_id, meeting = present(
        plan_id, conclusions_text="Stiprināt NVO fondu.\nCovid-19 mainīja pasākumu norisi."
    )
    login_as("staff")
    url = f"/programmes/reports/{report_id}"
    page = client.get(url).get_data(as_text=True)
    assert page.count(lv("Add as a conclusion of the meeting")) == 2
    response = submit(
        client,
        f"/programmes/reports/{report_id}/conclusions",
        {"kind": "issue", "text": "Stiprināt NVO fondu.", "then": "action"},
        form_url=url,
    )
    with app.app_context():
        conclusion = db.session.scalar(sa.select(Conclusion))
        assert (conclusion.meeting_id, conclusion.kind) == (meeting.id, "issue")
        assert response.headers["Location"].endswith(f"/followups/new?conclusion={conclusion.id}")
    with app.app_context():
        from secretariat.organisations.models import Organisation

        ministry = db.session.scalar(sa.select(Organisation.id))
    submit(
        client,
        f"/followups/new?conclusion={conclusion.id}",
        {
            "title": "Sagatavot priekšlikumus NVO fondam",
            "owner_person_id": 0,
            "owner_organisation_id": ministry,
            "due_on": "30.06.2021.",
            "status": "open",
        },
    )
    report = text_of(client.get(url))
    assert "BET Stiprināt NVO fondu." in report
    assert "Sagatavot priekšlikumus NVO fondam" in report
    # the line drawn is no longer offered; the other one still is
    assert (
        client.get(url).get_data(as_text=True).count(lv("Add as a conclusion of the meeting")) == 1
    )
    meeting_page = text_of(client.get(f"/meetings/{meeting.id}"))
    assert "Stiprināt NVO fondu." in meeting_page
    assert "Sagatavot priekšlikumus NVO fondam" in meeting_page


def test_staff_build_a_plan_through_the_forms(app, client, login_as, make_organisation):
    from secretariat.programmes.models import Measure, Plan

    ministry = make_organisation(name="Kultūras ministrija", kind="ministry")
    fund = make_organisation(name="Sabiedrības integrācijas fonds", kind="other")
    login_as("staff")
    response = submit(
        client,
        "/programmes/plans/new",
        {
            "title": "Integrācijas plāns",
            "first_year": "2019",
            "last_year": "2020",
            "responsible_id": ministry.id,
            "links": "https://www.km.gov.lv/plans",
            "visibility": "internal",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        plan_id = db.session.scalar(sa.select(Plan.id))
    structure = f"/programmes/plans/{plan_id}/structure"
    submit(
        client, structure, {"part": "directions", "number": "1", "title": "Pilsoniskā sabiedrība"}
    )
    with app.app_context():
        direction_id = db.session.get(Plan, plan_id).directions[0].id
    submit(
        client,
        structure,
        {"part": "goals", "number": "1.1", "title": "Līdzdalība", "direction_id": direction_id},
    )
    taken = submit(client, structure, {"part": "directions", "number": "1", "title": "Otrs"})
    assert taken.status_code == 400
    assert lv("The plan already has this number.") in field_errors(taken, "number")
    with app.app_context():
        goal_id = db.session.get(Plan, plan_id).directions[0].goals[0].id
    new = f"/programmes/plans/{plan_id}/measures/new"
    refused = submit(
        client,
        new,
        {"goal_id": goal_id, "number": "1.1.1", "title": "NVO fonds", "status": "cancelled"},
    )
    assert refused.status_code == 400
    assert lv("Say why the measure was not funded or was cancelled.") in field_errors(
        refused, "status_reason"
    )
    bad_amount = submit(
        client,
        new,
        {
            "goal_id": goal_id,
            "number": "1.1.1",
            "title": "NVO fonds",
            "status": "planned",
            "funding_2019": "12,345",
        },
    )
    assert bad_amount.status_code == 400 and field_errors(bad_amount, "funding_2019")
    saved = submit(
        client,
        new,
        {
            "goal_id": goal_id,
            "number": "1.1.1",
            "title": "Valsts budžeta programma „NVO fonds”",
            "responsible_id": fund.id,
            "implementer_ids": [ministry.id],
            "status": "carried_out",
            "result": "Stiprināta NVO kapacitāte",
            "funding_2019": "1 234 567,89",
            "funding_2020": "0,11",
        },
    )
    assert saved.status_code == 302
    with app.app_context():
        measure = db.session.scalar(sa.select(Measure))
        assert {f.year: f.amount for f in measure.funding} == {
            2019: Decimal("1234567.89"),
            2020: Decimal("0.11"),
        }
        assert measure.funding_total == Decimal("1234568.00")
        assert [o.name for o in measure.implementers] == ["Kultūras ministrija"]
    page = text_of(client.get(f"/programmes/plans/{plan_id}"))
    assert "2019: 1 234 567,89" in page and "1 pasākums: īstenots 1" in page
    edit = client.get(f"/programmes/plans/{plan_id}/measures/{measure.id}/edit")
    assert 'value="1 234 567,89"' in edit.get_data(as_text=True).replace("\xa0", " ")


def test_the_plan_page_filters_and_searches_without_diacritics(
    app, client, login_as, make_plan, make_organisation
):
    from secretariat.programmes.models import Measure

    plan_id = make_plan(statuses=("carried_out", "not_funded", "cancelled", "carried_out"))
    with app.app_context():
        measure = db.session.scalar(sa.select(Measure).order_by(Measure.id))
        measure.title = "Latviešu valodas programma „Bērnu žūrija”"
        db.session.commit()
    login_as("staff")
    url = f"/programmes/plans/{plan_id}"
    found = text_of(client.get(url, query_string={"q": "BERNU ZURIJA"}))
    assert "Bērnu žūrija" in found and "1 atrasti pasākumi" not in found
    assert "Atrasti pasākumi: 1" in found
    cancelled = text_of(client.get(url, query_string={"status": "cancelled"}))
    assert "Atrasti pasākumi: 1" in cancelled and "Covid-19 ierobežojumu dēļ" in cancelled
    by_ministry = text_of(client.get(url, query_string={"q": "kulturas ministrija"}))
    assert "Atrasti pasākumi: 4" in by_ministry
    nonsense = client.get(url, query_string={"status": "x", "direction": "abc", "q": "%_"})
    assert nonsense.status_code == 200 and "Atrasti pasākumi: 0" in text_of(nonsense)


def test_the_plan_summary_pdf_reads_back(app, client, login_as, make_plan, present):
    plan_id = make_plan()
    report_id, _ = present(plan_id, conclusions_text="Plāns sagatavoja pāreju uz jauno periodu.")
    login_as("member")
    response = client.get(f"/programmes/reports/{report_id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert 'filename="plana-izpildes-zinojums-' in response.headers["Content-Disposition"]
    text, pages, fonts = pdf_text(response.data)
    assert STATUS_LINE in text
    assert "Plāns sagatavoja pāreju uz jauno periodu." in text
    # the chart's own numbers and labels are text in the PDF, not pictures
    assert re.search(r"Īstenots 38 Nav finansējuma 10 Atcelts 1", text)
    assert fonts and all(font.startswith("Secretariat-Sans") for font in fonts), fonts
    today = text_of(client.get(f"/programmes/plans/{plan_id}"))
    summary, _, _ = pdf_text(client.get(f"/programmes/plans/{plan_id}.pdf").data)
    assert STATUS_LINE in summary and STATUS_LINE in today
    for letter in "ā ē ī ū ģ ļ".split():  # from the plan's own words
        assert letter in summary


def test_a_measure_with_every_diacritic_reads_back_from_the_pdf(app, client, login_as, make_plan):
    from secretariat.programmes.models import Measure

    plan_id = make_plan(statuses=("carried_out",))
    with app.app_context():
        db.session.scalar(sa.select(Measure)).title = "Pasākums " + DIACRITICS
        db.session.commit()
    login_as("staff")
    text, _, _ = pdf_text(client.get(f"/programmes/plans/{plan_id}.pdf").data)
    for letter in DIACRITICS.split():
        assert letter in text, letter


def test_reports_are_presented_at_an_agenda_item(
    app, client, login_as, make_plan, make_meeting, make_agenda_item
):
    from secretariat.programmes.models import PlanReport

    plan_id = make_plan(statuses=("carried_out", "planned"))
    meeting = make_meeting(title="Padomes sēde", day=dt.date(2021, 3, 31))
    item = make_agenda_item(meeting, "Par plāna izpildi")
    login_as("staff")
    url = f"/programmes/plans/{plan_id}/reports/new"
    missing = submit(client, url, {"title": "Ziņojums", "presented_on": "31.03.2021."})
    assert missing.status_code == 400
    assert field_errors(missing, "agenda_item_id")
    page = client.get(url).get_data(as_text=True)
    assert "31.03.2021. Padomes sēde — 1.§ Par plāna izpildi" in page
    done = submit(
        client,
        url,
        {
            "agenda_item_id": item.id,
            "title": "Ziņojums",
            "presented_on": "31.03.2021.",
            "visibility": "members",
        },
    )
    assert done.status_code == 302
    with app.app_context():
        report = db.session.scalar(sa.select(PlanReport))
        assert (report.meeting_id, report.agenda_item_id) == (meeting.id, item.id)
        assert sorted(e.status for e in report.entries) == ["carried_out", "planned"]
