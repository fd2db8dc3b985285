"""Delegated tasks: money exact to the cent, the rows staff edit, the report's status, the
official PDF, and the reminder before the report is due."""

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa

from secretariat.extensions import db

from ..conftest import submit
from ..helpers import DIACRITICS, field_errors, lv, pdf_text, text_of
from ..reminders.helpers import at, outbox_messages
from .conftest import EVERY_LETTER


def test_budget_sums_are_exact_to_the_cent(app, make_task):
    """Cents that floats cannot hold (0.10 + 0.20) add up exactly, on both databases."""
    from secretariat.programmes import services
    from secretariat.programmes.models import BudgetLine, DelegatedTask

    task_id = make_task()
    with app.app_context():
        task = db.session.get(DelegatedTask, task_id)
        for year, planned in ((2022, "0.10"), (2023, "0.20"), (2024, "99999999.99")):
            services.add_task_row(
                task, "budget", year=year, planned=Decimal(planned), spent=Decimal(planned)
            )
        db.session.commit()
        db.session.expire_all()
        task = db.session.get(DelegatedTask, task_id)
        assert task.planned_total == Decimal("100016000.29")
        assert task.spent_total == Decimal("100016000.28")
        stored = db.session.scalar(
            sa.select(sa.func.sum(BudgetLine.planned)).where(BudgetLine.task_id == task_id)
        )
        assert Decimal(stored) == Decimal("100016000.29")
        assert all(isinstance(line.planned, Decimal | None) for line in task.budget_lines)


def test_the_task_page_shows_results_beneficiaries_budget_and_charts(client, login_as, make_task):
    task_id = make_task()
    login_as("member")
    response = client.get(f"/programmes/tasks/{task_id}")
    page = text_of(response)
    assert "Zemgales nevalstisko organizāciju atbalsta centrs" in page
    assert "20.10.2020. – 05.02.2021." in page
    assert "Individuālās konsultācijas" in page and EVERY_LETTER in page
    assert "16 000,00" in page and "15 999,99" in page
    assert lv("Result indicators: target and achieved") in page
    assert lv("State budget by year: planned and spent") in page
    body = response.get_data(as_text=True)
    assert body.count("<svg") == 2 and "<script" not in body.split("</header>")[1]


def test_staff_add_indicators_beneficiaries_and_budget_lines(
    app, client, login_as, make_task, make_organisation
):
    from secretariat.programmes.models import DelegatedTask

    task_id = make_task()
    saule = make_organisation(name="Latvijas Kazahstānas kultūras centrs „Saule”")
    login_as("staff")
    base = f"/programmes/tasks/{task_id}"
    assert (
        submit(
            client,
            f"{base}/indicators",
            {"name": "Nodarbības", "unit": "nodarbības", "target": "12", "achieved": "13"},
        ).status_code
        == 302
    )
    assert (
        submit(
            client,
            f"{base}/beneficiaries",
            {"organisation_id": saule.id, "name": "", "received": "Molberti"},
        ).status_code
        == 302
    )
    nameless = submit(client, f"{base}/beneficiaries", {"organisation_id": 0, "name": ""})
    assert nameless.status_code == 400 and field_errors(nameless, "name")
    again = submit(client, f"{base}/budget", {"year": "2020", "planned": "1,00"})
    assert again.status_code == 400
    assert lv("This year already has a line: change that one.") in field_errors(again, "year")
    negative = submit(client, f"{base}/budget", {"year": "2022", "planned": "-5"})
    assert negative.status_code == 400 and field_errors(negative, "planned")
    assert (
        submit(
            client, f"{base}/budget", {"year": "2022", "planned": "16.000,50", "spent": "0,5"}
        ).status_code
        == 302
    )
    with app.app_context():
        task = db.session.get(DelegatedTask, task_id)
        assert [b.name for b in task.beneficiaries][
            -1
        ] == "Latvijas Kazahstānas kultūras centrs „Saule”"
        assert task.indicators[-1].achieved == Decimal("13")
        line = task.budget_lines[-1]
        assert (line.year, line.planned, line.spent) == (2022, Decimal("16000.50"), Decimal("0.50"))
        indicator_id = task.indicators[-1].id
        version = task.indicators[-1].version
    stale = submit(
        client,
        f"{base}/indicators/{indicator_id}/edit",
        {"name": "Nodarbības", "achieved": "14", "version": version + 1},
    )
    assert stale.status_code == 302 and stale.headers["Location"].endswith("/edit")
    edited = submit(
        client,
        f"{base}/indicators/{indicator_id}/edit",
        {"name": "Nodarbības", "unit": "nodarbības", "achieved": "14,5", "version": version},
    )
    assert edited.status_code == 302
    assert "14,5" in text_of(client.get(base))


def test_the_report_status_follows_what_is_recorded(
    app, client, login_as, make_task, make_meeting, make_agenda_item
):
    from secretariat.programmes.models import DelegatedTask

    task_id = make_task(report_due_on=dt.date(2021, 3, 5))
    login_as("staff")
    assert "Termiņš 05.03.2021." in text_of(client.get(f"/programmes/tasks/{task_id}"))
    meeting = make_meeting(title="Padomes sēde", day=dt.date(2021, 3, 31), number="3")
    item = make_agenda_item(meeting, "Par deleģētā uzdevuma izpildi")
    with app.app_context():
        version = db.session.get(DelegatedTask, task_id).version
    form = client.get(f"/programmes/tasks/{task_id}/edit").get_data(as_text=True)
    assert "Par deleģētā uzdevuma izpildi" in form
    saved = submit(
        client,
        f"/programmes/tasks/{task_id}/edit",
        {
            "title": "Mazākumtautību līdzdalība",
            "performer_id": _id(app, "Zemgales nevalstisko organizāciju atbalsta centrs"),
            "starts_on": "20.10.2020.",
            "ends_on": "05.02.2021.",
            "report_due_on": "05.03.2021.",
            "review_item_id": item.id,
            "visibility": "public",
            "version": version,
        },
    )
    assert saved.status_code == 302
    page = text_of(client.get(f"/programmes/tasks/{task_id}"))
    assert "Izskatīts sanāksmē Nr. 3" in page
    with app.app_context():
        task = db.session.get(DelegatedTask, task_id)
        assert task.report_status == "reviewed"
        assert task.report_received_on == dt.date(2021, 3, 31)
    assert "Mazākumtautību līdzdalība" in text_of(client.get(f"/meetings/{meeting.id}"))


def _id(app, name):
    from secretariat.organisations.models import Organisation

    with app.app_context():
        return db.session.scalar(sa.select(Organisation.id).where(Organisation.name == name))


def test_the_task_report_pdf_has_the_official_layout(client, login_as, make_task):
    task_id = make_task()
    login_as("staff")
    response = client.get(f"/programmes/tasks/{task_id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text, pages, fonts = pdf_text(response.data)
    for heading in (
        "Valsts pārvaldes uzdevums",
        "Valsts pārvaldes uzdevuma veicējs",
        "Valsts pārvaldes uzdevuma deleģēšanas periods",
        "Apraksts un vērtējums par valsts pārvaldes uzdevuma izpildes ietvaros sasniegtajiem "
        "rezultatīvajiem rādītājiem",
        "Plānotais un faktiski izlietotais valsts budžeta finansējums sadalījumā pa gadiem",
    ):
        assert heading in text, heading
    assert "20.10.2020. – 05.02.2021." in text
    assert "2020. gads 16 000,00 15 999,99" in text
    assert "16 000,00" in text
    for letter in DIACRITICS.split():
        assert letter in text, letter
    assert fonts and all(font.startswith("Secretariat-Sans") for font in fonts), fonts


def test_staff_hear_before_a_report_is_due_until_it_arrives(app, make_task, make_user):
    from secretariat.programmes.models import DelegatedTask
    from secretariat.reminders.rules import sweep

    make_user("staff", email="sekretariats@example.lv")
    make_user("member", email="loceklis@example.lv")
    task_id = make_task(report_due_on=dt.date(2021, 3, 5))
    with app.app_context():
        sweep(at(dt.date(2021, 2, 18)))  # 15 days before: not yet
    assert outbox_messages(app, "task_report_due") == []
    with app.app_context():
        sweep(at(dt.date(2021, 2, 19), 7))
        sweep(at(dt.date(2021, 2, 20)))  # a second sweep writes nothing new
    [message] = outbox_messages(app, "task_report_due")
    assert message.recipient == "sekretariats@example.lv"
    assert message.subject.startswith("Pārskata termiņš 05.03.2021.:")
    assert "Zemgales nevalstisko organizāciju atbalsta centrs" in message.text_body
    assert message.due_at == at(dt.date(2021, 2, 19))
    assert message.next_attempt_at is not None
    with app.app_context():
        db.session.get(DelegatedTask, task_id).report_received_on = dt.date(2021, 2, 19)
        db.session.commit()
        sweep(at(dt.date(2021, 2, 19), 7, 30))
    [withdrawn] = outbox_messages(app, "task_report_due")
    assert withdrawn.cancelled_at is not None and withdrawn.sent_at is None
