"""The outbox delivers through a real SMTP server: once, with retries, and never lost."""

import datetime as dt

import sqlalchemy as sa
from icalendar import Calendar

from secretariat.extensions import db
from secretariat.reminders.models import Outbox
from secretariat.reminders.outbox import BACKOFF, deliver_due
from secretariat.reminders.rules import sweep

from ..conftest import submit
from ..helpers import lv, text_of

RIGA_SUMMER = dt.timezone(dt.timedelta(hours=3))


def _council_with_member(
    make_body,
    make_person,
    make_membership,
    make_meeting,
    make_agenda_item,
    app,
    email="anna@ābele.lv",
):
    from secretariat.organisations.models import Person

    council = make_body(name="Memoranda padome")
    member = make_person("Anna Bērziņa")
    with app.app_context():
        db.session.get(Person, member.id).emails = email
        db.session.commit()
    make_membership(member, council)
    meeting = make_meeting(
        body=council,
        title="Memoranda padomes sēde",
        day=dt.date(2025, 9, 24),
        visibility="members",
        place="Valsts kanceleja",
        online_url="https://meet.example.org/padome",
    )
    make_agenda_item(meeting, "Sekretariāta aktualitātes", presenter="G.Rubenis")
    return meeting


def test_invitation_arrives_with_agenda_and_ics(
    mail_app, smtp_server, make_body, make_person, make_membership, make_meeting, make_agenda_item
):
    meeting = _council_with_member(
        make_body, make_person, make_membership, make_meeting, make_agenda_item, mail_app
    )
    now = dt.datetime(2025, 9, 17, 10, 0, tzinfo=RIGA_SUMMER)
    with mail_app.app_context():
        sweep(now)  # writes the invitation (and plans the signatory call after the session)
        assert deliver_due(now)["sent"] == 1
    [message] = smtp_server.to("anna@ābele.lv")
    assert message["Subject"] == "Ielūgums: Memoranda padomes sēde, 24.09.2025."
    text = message.get_body(("plain",)).get_content()
    assert "2025. gada 24. septembris, 10:00" in text
    assert "1.§ Sekretariāta aktualitātes (G.Rubenis)" in text
    assert f"https://sekretariats.example.lv/meetings/{meeting.id}" in text
    assert "Memoranda padomes sēde" in message.get_body(("html",)).get_content()
    [attachment] = list(message.iter_attachments())
    calendar = Calendar.from_ical(attachment.get_content())
    assert str(calendar["METHOD"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert event["DTSTART"].dt == dt.datetime(2025, 9, 24, 10, 0, tzinfo=event["DTSTART"].dt.tzinfo)
    assert str(event["DTSTART"].dt.tzinfo) == "Europe/Riga"
    assert "https://meet.example.org/padome" in str(event["DESCRIPTION"])
    assert message["List-Unsubscribe"].startswith("<https://sekretariats.example.lv/unsubscribe/")


def test_sweeping_and_delivering_again_sends_nothing_twice(
    mail_app, smtp_server, make_body, make_person, make_membership, make_meeting, make_agenda_item
):
    _council_with_member(
        make_body, make_person, make_membership, make_meeting, make_agenda_item, mail_app
    )
    now = dt.datetime(2025, 9, 17, 10, 0, tzinfo=RIGA_SUMMER)
    with mail_app.app_context():
        for minute in range(3):
            sweep(now + dt.timedelta(minutes=minute))
            deliver_due(now + dt.timedelta(minutes=minute))
    assert len(smtp_server.to("anna@ābele.lv")) == 1


def test_smtp_down_then_up_delivers_once_after_retry(
    mail_app, smtp_port, make_body, make_person, make_membership, make_meeting, make_agenda_item
):
    from .conftest import Controller, Inbox

    _council_with_member(
        make_body, make_person, make_membership, make_meeting, make_agenda_item, mail_app
    )
    now = dt.datetime(2025, 9, 17, 10, 0, tzinfo=RIGA_SUMMER)
    with mail_app.app_context():
        sweep(now)
        assert deliver_due(now) == {"sent": 0, "retry": 1, "failed": 0}  # nobody listening
        row = db.session.scalar(sa.select(Outbox))
        assert row.attempts == 1 and row.last_error
        assert deliver_due(now + dt.timedelta(seconds=30))["sent"] == 0  # not yet due again
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        with mail_app.app_context():
            assert deliver_due(now + BACKOFF[0])["sent"] == 1
            assert deliver_due(now + BACKOFF[0] * 2)["sent"] == 0
    finally:
        controller.stop()
    assert len(inbox.to("anna@ābele.lv")) == 1


def test_failed_after_every_retry_is_shown_and_can_be_resent(
    mail_app,
    client,
    login_as,
    make_body,
    make_person,
    make_membership,
    make_meeting,
    make_agenda_item,
    smtp_port,
):
    _council_with_member(
        make_body, make_person, make_membership, make_meeting, make_agenda_item, mail_app
    )
    now = dt.datetime(2025, 9, 17, 10, 0, tzinfo=RIGA_SUMMER)
    with mail_app.app_context():
        sweep(now)
        moment = now
        for wait in (dt.timedelta(0), *BACKOFF):
            moment += wait
            deliver_due(moment)
        row = db.session.scalar(sa.select(Outbox))
        assert row.state == "failed" and row.attempts == len(BACKOFF) + 1
    login_as("staff")
    page = text_of(client.get("/outbox/?state=failed"))
    assert lv("%(n)s messages could not be delivered after every retry.", n=1) in page
    assert "anna@ābele.lv" in page
    submit(client, f"/outbox/{row.id}/resend", form_url="/outbox/?state=failed")
    with mail_app.app_context():
        again = db.session.get(Outbox, row.id)
        assert again.state == "waiting" and again.attempts == 0


def test_without_smtp_mail_goes_to_eml_files(
    app, make_body, make_person, make_membership, make_meeting, make_agenda_item, tmp_path
):
    import email
    import email.policy
    from pathlib import Path

    _council_with_member(
        make_body, make_person, make_membership, make_meeting, make_agenda_item, app
    )
    now = dt.datetime(2025, 9, 17, 10, 0, tzinfo=RIGA_SUMMER)
    with app.app_context():
        sweep(now)
        assert deliver_due(now)["sent"] == 1
    [path] = (Path(app.config["INSTANCE_DIR"]) / "mail").glob("*.eml")
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["To"] == "anna@ābele.lv"
    assert "Sekretariāta aktualitātes" in message.get_body(("plain",)).get_content()
