"""The secretariat's activity report: counted from the records, beside the targets staff set,
as a page, a PDF in the official table layout and a workbook."""

import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook

from secretariat.extensions import db

from ..conftest import sign_in, submit
from ..helpers import lv, pdf_text, text_of

PERIOD = "start=2025-01-01&end=2025-12-31"


@pytest.fixture
def demo(runner, client):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    sign_in(client, "staff@example.org", result.output.split("password")[-1].split()[0])
    return client


def indicators(page: str) -> dict[str, tuple[str, str]]:
    """(target, achieved) of each indicator, by its key."""
    rows = re.findall(
        r'<tr id="indicator-(\w+)">.*?<td class="number">(.*?)</td><td class="number">(.*?)</td>',
        page,
    )
    return {key: (target, achieved) for key, target, achieved in rows}


def test_2025_on_the_demo_data_is_what_the_seeds_say(demo):
    page = demo.get(f"/activity-report/?{PERIOD}").get_data(as_text=True)
    found = indicators(page)
    assert found["visiting_sessions"] == ("3", "2")  # Jēkabpils and Liepāja; three a year
    assert found["forums"] == ("1", "1")
    assert found["forum_participants"] == ("—", "90")  # "aptuveni 90 dalībnieku"
    assert found["council_sessions"] == ("12", "3")  # both visiting sessions and September's
    assert found["signatory_calls"] == ("12", "1")
    assert found["decisions"] == ("—", "2")
    assert found["conclusions"] == ("—", "4")
    assert found["actions_done"] == ("—", "2")
    assert found["actions_open"] == ("—", "1")
    assert found["updates_published"] == ("—", "1")
    text = text_of(demo.get(f"/activity-report/?{PERIOD}"))
    assert "03.09.2025. Memoranda padomes izbraukuma sēde Jēkabpilī" in text
    assert "Jēkabpils Kopienu centrs, Sēlija Vidusdaugavas NVO centrs" in text
    assert "29.10.2025. Memoranda padomes izbraukuma sēde Liepājā" in text
    assert "Liepāja, Kurzeme Liepājas valstspilsētas pašvaldība" in text
    assert "piedalījās aptuveni 90 dalībnieku" in text  # the account of the period
    # the chart of targets against what was achieved
    assert 'role="img" aria-label="' in page and "Izbraukuma sēdes reģionos (sēdes)" in page


def test_the_pdf_is_in_the_official_layout_with_diacritics(demo):
    response = demo.get(f"/activity-report.pdf?{PERIOD}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert (
        "sekretariata-parskats-2025-01-01-2025-12-31.pdf" in response.headers["Content-Disposition"]
    )
    text, pages, fonts = pdf_text(response.data)
    for expected in (
        lv("The secretariat's activity report"),
        lv("Reporting period"),
        "01.01.2025. – 31.12.2025.",
        lv("Result indicators: target and achieved"),
        "Memoranda padomes izbraukuma sēde Jēkabpilī",
        "Vidusdaugavas NVO centrs",
        "Liepājas valstspilsētas pašvaldība",
        "90",
    ):
        assert expected in text, expected
    assert fonts == {"Secretariat-Sans", "Secretariat-Sans-Bold"}  # the shipped DejaVu


def test_the_workbook_holds_the_figures_as_numbers(demo):
    response = demo.get(f"/activity-report.xlsx?{PERIOD}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    by_name = {row[0]: row for row in rows if row and row[0]}
    assert by_name[lv("Regional visiting sessions")][1:4] == (lv("sessions"), 3, 2)
    assert by_name[lv("Forum participants")][3] == 90
    dates = [row[0] for row in rows if isinstance(row[0], dt.datetime | dt.date)]
    assert [d.date() if isinstance(d, dt.datetime) else d for d in dates] == [
        dt.date(2025, 9, 3),
        dt.date(2025, 9, 15),
        dt.date(2025, 10, 29),
    ]


def test_staff_set_targets_and_the_account_of_a_period(app, client, login_as, make_meeting):
    make_meeting(kind="visiting_session", status="held", day=dt.date(2024, 5, 6))
    login_as("staff")
    url = "/activity-report/targets?start=2024-01-01&end=2024-12-31"
    response = submit(
        client,
        url,
        {
            "target_visiting_sessions": "3",
            "target_forums": "1",
            "narrative": "Gads ar trim izbraukuma sēdēm.\nOtrā rinda.",
            "task_id": "",
            "version": "",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/activity-report/?start=2024-01-01&end=2024-12-31"
    page = client.get("/activity-report/?start=2024-01-01&end=2024-12-31").get_data(as_text=True)
    found = indicators(page)
    assert found["visiting_sessions"] == ("3", "1")
    assert found["forums"] == ("1", "0")
    assert found["decisions"] == ("—", "0")
    assert "Gads ar trim izbraukuma sēdēm." in text_of(
        client.get("/activity-report/?start=2024-01-01&end=2024-12-31")
    )
    # a target taken away, and a second save from the same old form refused
    form = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', form).group(1)
    assert 'value="3"' in form
    data = {"target_visiting_sessions": "", "target_forums": "2", "narrative": "", "task_id": ""}
    assert submit(client, url, {**data, "version": version}).status_code == 302
    stale = submit(client, url, {**data, "target_forums": "5", "version": version})
    assert stale.status_code == 302 and stale.headers["Location"] == url
    assert lv(
        "Someone else saved this record while you were editing it. Your changes were not "
        "saved: the form now shows their version; make your changes again."
    ) in text_of(client.get(url))
    report = "/activity-report/?start=2024-01-01&end=2024-12-31"
    found = indicators(client.get(report).get_data(as_text=True))
    assert found["visiting_sessions"] == ("—", "1") and found["forums"] == ("2", "0")


def test_a_target_must_be_a_whole_number_from_nought(client, login_as):
    login_as("staff")
    url = "/activity-report/targets?start=2024-01-01&end=2024-12-31"
    response = submit(client, url, {"target_forums": "-1", "version": "", "task_id": ""})
    assert response.status_code == 400
    response = submit(client, url, {"target_forums": "trīs", "version": "", "task_id": ""})
    assert response.status_code == 400


def test_register_checks_and_update_mail_are_counted(app, client, login_as, make_organisation):
    from secretariat.core.dates import riga_to_utc
    from secretariat.organisations.register_sync import sync_register
    from secretariat.reminders.models import Outbox

    from ..organisations.test_register_sync import _entry, register_csv

    make_organisation(
        name="Biedrība Ābele",
        registration_number="40008000001",
        memorandum_signed_on=dt.date(2015, 1, 1),
    )
    make_organisation(
        name="Biedrība Bērzs",
        registration_number="40008000002",
        memorandum_signed_on=dt.date(2015, 1, 1),
    )
    lines = register_csv([_entry("40008000001", "Biedrība Ābele", terminated="2024-05-17")]).decode(
        "utf-8-sig"
    )
    with app.app_context():
        sync_register(io.StringIO(lines), apply=True)
        sent = riga_to_utc(dt.date.today(), dt.time(9))
        for n in range(3):
            db.session.add(
                Outbox(
                    idempotency_key=f"monthly_update:1:r{n}@example.lv",
                    kind="monthly_update",
                    recipient=f"r{n}@example.lv",
                    subject="Apskats",
                    text_body="",
                    html_body="",
                    due_at=sent,
                    sent_at=sent,
                )
            )
        db.session.commit()
    login_as("staff")
    found = indicators(client.get("/activity-report/").get_data(as_text=True))
    assert found["register_checks"] == ("—", "1")
    assert found["signatories_checked"] == ("—", "2")
    assert found["struck_off"] == ("—", "1")
    assert found["update_messages"] == ("—", "3")


def test_only_staff_read_the_report(client, login_as):
    login_as("member")
    assert client.get("/activity-report/").status_code == 403
    assert client.get("/activity-report.pdf").status_code == 403
