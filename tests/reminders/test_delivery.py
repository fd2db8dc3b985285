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
    from secretariat.people.models import Person

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
    # calendars recognise an invitation by its type, not by the file name
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_param("method") == "REQUEST"
    calendar = Calendar.from_ical(attachment.get_content())
    assert str(calendar["METHOD"]) == "REQUEST"
    [event] = calendar.walk("VEVENT")
    assert event["DTSTART"].dt == dt.datetime(2025, 9, 24, 10, 0, tzinfo=event["DTSTART"].dt.tzinfo)
    assert str(event["DTSTART"].dt.tzinfo) == "Europe/Riga"
    assert "https://meet.example.org/padome" in str(event["DESCRIPTION"])
    # RFC 5545: a TZID must be defined in the file; RFC 5546: a REQUEST names its organizer
    # and the attendee (this reader), or Outlook and Gmail do not treat it as an invitation
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Riga"
    assert str(event["ORGANIZER"]) == "mailto:sekretariats@localhost"
    assert event["ORGANIZER"].params["CN"] == "Memoranda padomes sekretariāts"
    assert str(event["ATTENDEE"]) == "mailto:anna@ābele.lv"
    assert str(event["UID"]) == meeting.calendar_uid
    assert meeting.calendar_uid.endswith("@sekretariats.example.lv")
    assert message["List-Unsubscribe"].startswith("<https://sekretariats.example.lv/unsubscribe/")
    assert message["List-Unsubscribe"].endswith("/one-click>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Date"].datetime.tzinfo is not None


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


def test_one_message_that_cannot_be_built_does_not_hold_up_the_others(
    mail_app, smtp_server, client, login_as
):
    from secretariat.reminders.outbox import enqueue

    now = dt.datetime(2025, 9, 17, 10, 0, tzinfo=RIGA_SUMMER)
    with mail_app.app_context():
        enqueue("bad", "action_due", "janis@example.lv", "Temats", "t", "<p>t</p>", now)
        enqueue("good", "action_due", "anna@example.lv", "Termiņš", "t", "<p>t</p>", now)
        # a header split over two lines cannot be sent (written here as a bug elsewhere would)
        db.session.execute(
            sa.update(Outbox).where(Outbox.idempotency_key == "bad").values(subject="Tem\nats")
        )
        db.session.commit()
        assert deliver_due(now) == {"sent": 1, "retry": 0, "failed": 1}
        assert deliver_due(now + dt.timedelta(hours=1)) == {"sent": 0, "retry": 0, "failed": 0}
    assert [m["Subject"] for m in smtp_server.to("anna@example.lv")] == ["Termiņš"]
    assert smtp_server.to("janis@example.lv") == []
    login_as("staff")
    page = text_of(client.get("/outbox/?state=failed"))
    assert lv("%(n)s messages could not be delivered after every retry.", n=1) in page
    assert "janis@example.lv" in page and "ValueError" in page


def test_a_subject_is_one_line_whatever_it_was_given(app):
    from secretariat.reminders.outbox import enqueue

    now = dt.datetime(2025, 9, 17, 10, 0, tzinfo=RIGA_SUMMER)
    with app.app_context():
        enqueue("k", "action_due", "a@example.lv", "Darba kārtība:\n 1.§  ", "t", "<p>t</p>", now)
        assert db.session.scalar(sa.select(Outbox.subject)) == "Darba kārtība: 1.§"


def test_a_mail_folder_that_cannot_be_written_is_retried(app, tmp_path):
    from pathlib import Path

    from secretariat.reminders.outbox import enqueue

    folder = Path(app.config["INSTANCE_DIR"]) / "mail"
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the folder should be")
    now = dt.datetime(2025, 9, 17, 10, 0, tzinfo=RIGA_SUMMER)
    with app.app_context():
        enqueue("k", "action_due", "anna@example.lv", "Termiņš", "t", "<p>t</p>", now)
        db.session.commit()
        assert deliver_due(now) == {"sent": 0, "retry": 1, "failed": 0}
        assert "FileExistsError" in db.session.scalar(sa.select(Outbox.last_error))
        folder.unlink()
        assert deliver_due(now + BACKOFF[0])["sent"] == 1
    assert len(list(folder.glob("*.eml"))) == 1


def test_one_click_unsubscribe_needs_no_page_and_no_form_token(
    mail_app,
    smtp_server,
    client,
    make_body,
    make_person,
    make_membership,
    make_meeting,
    make_agenda_item,
):
    """RFC 8058: the mail provider posts to the List-Unsubscribe address, nothing more."""
    _council_with_member(
        make_body, make_person, make_membership, make_meeting, make_agenda_item, mail_app
    )
    now = dt.datetime(2025, 9, 17, 10, 0, tzinfo=RIGA_SUMMER)
    with mail_app.app_context():
        sweep(now)
        deliver_due(now)
    [invitation] = smtp_server.to("anna@ābele.lv")
    address = (
        invitation["List-Unsubscribe"].strip("<>").removeprefix("https://sekretariats.example.lv")
    )
    assert client.post(address).status_code == 400  # not the one-click body: nothing done
    opened = client.get(address)  # a mail program that opens the address instead
    assert opened.status_code == 302 and "/one-click" not in opened.headers["Location"]
    done = client.post(address, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert lv("Done") in text_of(done)
    with mail_app.app_context():  # the eve reminder still comes; no further invitations
        sweep(dt.datetime(2025, 9, 23, 10, 0, tzinfo=RIGA_SUMMER))
        kinds = db.session.scalars(sa.select(Outbox.kind).order_by(Outbox.id)).all()
    assert kinds == ["meeting_invitation", "meeting_eve"]
    from secretariat.reminders.models import ReminderOptOut

    with mail_app.app_context():
        assert db.session.scalars(sa.select(ReminderOptOut.kind)).all() == ["meeting_invitation"]


def test_staff_resend_a_failed_message_on_the_clock(mail_app, client, login_as, smtp_port):
    """Resend stamps the real moment (a set clock here), and the next pass sends it."""
    import time_machine

    from secretariat.reminders.outbox import enqueue

    from .conftest import Controller, Inbox

    written = dt.datetime(2025, 9, 17, 10, 0, tzinfo=RIGA_SUMMER)
    with mail_app.app_context():
        enqueue("k", "action_due", "anna@example.lv", "Termiņš", "t", "<p>t</p>", written)
        db.session.execute(sa.update(Outbox).values(next_attempt_at=None, attempts=6))
        db.session.commit()
        message_id = db.session.scalar(sa.select(Outbox.id))
    later = dt.datetime(2025, 9, 18, 9, 30, tzinfo=RIGA_SUMMER)
    with time_machine.travel(later, tick=False):
        login_as("staff")
        submit(client, f"/outbox/{message_id}/resend", form_url="/outbox/?state=failed")
    with mail_app.app_context():
        row = db.session.get(Outbox, message_id)
        assert (row.state, row.next_attempt_at, row.attempts) == ("waiting", later, 0)
        assert deliver_due(later - dt.timedelta(seconds=1))["sent"] == 0  # not before
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        with mail_app.app_context():
            assert deliver_due(later)["sent"] == 1
    finally:
        controller.stop()
    assert len(inbox.to("anna@example.lv")) == 1
