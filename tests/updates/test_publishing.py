"""Drafting, editing and publishing an update: on the portal, and e-mailed exactly once."""

import datetime as dt

import pytest
import sqlalchemy as sa

from secretariat.core.types import utcnow
from secretariat.extensions import db
from secretariat.reminders.models import Outbox, ReminderOptOut
from secretariat.reminders.outbox import deliver_due
from secretariat.updates.models import MonthlyUpdate

from ..conftest import sign_in, submit
from ..helpers import field_errors, lv, pdf_text, text_of
from .conftest import SEPTEMBER


def _outbox(app):
    with app.app_context():
        rows = db.session.scalars(
            sa.select(Outbox).where(Outbox.kind == "monthly_update").order_by(Outbox.recipient)
        ).all()
        return [(row.recipient, row.idempotency_key, row.subject) for row in rows]


@pytest.fixture
def signatories(make_signatory, make_organisation):
    make_signatory(emails="info@abele.lv\nvalde@abele.lv")
    make_signatory(emails="birojs@liepa.lv")
    make_signatory(emails="beigusi@darbibu.lv", status="struck_off")
    make_organisation(name="Pašvaldība", kind="municipality", emails="pasts@novads.lv")


def test_publishing_twice_sends_nothing_twice(
    app, mail_app, smtp_server, client, login_as, signatories, draft
):
    update = draft()
    login_as("staff")
    first = submit(client, f"/updates/{update.slug}/publish", form_url=f"/updates/{update.slug}")
    assert first.status_code == 302
    rows = _outbox(app)
    assert [r[0] for r in rows] == ["birojs@liepa.lv", "info@abele.lv", "valde@abele.lv"]
    assert rows[0][1] == f"monthly_update:{update.id}:birojs@liepa.lv"
    assert rows[0][2] == lv("Memorandum Council news: %(month)s", month="2025. gada septembris")

    again = submit(client, f"/updates/{update.slug}/publish", form_url=f"/updates/{update.slug}")
    assert again.status_code == 302
    with app.app_context():
        from secretariat.updates.services import edit_update, publish_update

        edited = db.session.get(MonthlyUpdate, update.id)
        edit_update(edited, edited.version, text=edited.text + "\nLabots pēc publicēšanas.")
        assert publish_update(edited, utcnow()) == 0  # re-publishing an edited update
        db.session.commit()
    assert _outbox(app) == rows

    with mail_app.app_context():
        assert deliver_due(utcnow())["sent"] == 3
        assert deliver_due(utcnow())["sent"] == 0
    assert sorted(r for rcpt, _ in smtp_server.messages for r in rcpt) == [
        "birojs@liepa.lv",
        "info@abele.lv",
        "valde@abele.lv",
    ]
    message = smtp_server.to("birojs@liepa.lv")[0]
    body = message.get_body(("plain",)).get_content()
    assert "Memoranda padomes izbraukuma" not in body  # nothing was held that month
    assert lv("Read it on the portal:") in body and "/updates/2025-09" in body
    assert "List-Unsubscribe" in message


def test_a_later_signatory_gets_the_update_once_and_others_nothing_again(
    app, signatories, make_signatory, draft
):
    from secretariat.updates.services import publish_update

    update = draft(publish=True)
    assert len(_outbox(app)) == 3
    make_signatory(emails="jauna@biedriba.lv")
    with app.app_context():
        assert publish_update(db.session.get(MonthlyUpdate, update.id), utcnow()) == 1
        db.session.commit()
    assert len(_outbox(app)) == 4


def test_opted_out_readers_and_members_only_updates_get_no_mail(app, signatories, draft):
    with app.app_context():
        db.session.add(ReminderOptOut(email="valde@abele.lv", kind="monthly_update"))
        db.session.commit()
    draft(publish=True)
    assert [r[0] for r in _outbox(app)] == ["birojs@liepa.lv", "info@abele.lv"]
    draft(month=dt.date(2025, 8, 1), visibility="members", publish=True)
    assert len(_outbox(app)) == 2


def test_staff_draft_edit_and_publish_on_the_web(app, client, login_as, make_user, signatories):
    login_as("staff")
    created = submit(
        client, "/updates/new", {"month": "2025-09", "visibility": "signatories", "body_id": "0"}
    )
    assert created.status_code == 302 and created.headers["Location"].endswith("/2025-09/edit")
    again = submit(
        client, "/updates/new", {"month": "2025-09", "visibility": "public", "body_id": "0"}
    )
    assert field_errors(again, "month") == [
        lv("%(month)s already has its update: open it from the list.", month="2025-09")
    ]
    saved = submit(
        client,
        "/updates/2025-09/edit",
        {
            "title": "Septembra aktualitātes",
            "text": "**Svarīgi:** ziņas",
            "body_id": "0",
            "visibility": "signatories",
            "version": "1",
        },
    )
    assert saved.status_code == 302
    staff_view = text_of(client.get("/updates/2025-09"))
    assert (
        "Septembra aktualitātes" in staff_view
        and lv("Draft: only the secretariat sees it") in staff_view
    )
    reader = app.test_client()
    assert sign_in(reader, make_user("signatory").email).status_code == 302
    assert reader.get("/updates/2025-09").status_code == 404  # a draft
    assert "Septembra aktualitātes" not in text_of(reader.get("/portal/"))
    with app.app_context():
        from secretariat.updates.services import publish_update

        publish_update(db.session.scalar(sa.select(MonthlyUpdate)), utcnow())
        db.session.commit()
    page = reader.get("/updates/2025-09")
    assert page.status_code == 200
    assert "<strong>Svarīgi:</strong> ziņas" in page.get_data(as_text=True)
    assert "Septembra aktualitātes" in text_of(reader.get("/portal/"))


def test_an_edit_from_an_old_copy_is_refused(app, client, login_as, draft):
    update = draft()
    login_as("staff")
    fields = {
        "title": "Mans virsraksts",
        "text": "teksts",
        "body_id": "0",
        "visibility": "signatories",
        "version": str(update.version),
    }
    assert submit(client, "/updates/2025-09/edit", fields).status_code == 302
    stale = submit(
        client, "/updates/2025-09/edit", {**fields, "title": "Vecā kopija"}, follow_redirects=True
    )
    assert lv(
        "Someone else saved this record while you were editing it. Your changes were not "
        "saved: the form now shows their version; make your changes again."
    ) in text_of(stale)
    with app.app_context():
        assert db.session.get(MonthlyUpdate, update.id).title == "Mans virsraksts"


@pytest.mark.parametrize(
    "month, message",
    [
        ("2999-01", "%(month)s has not begun yet: there is nothing to report."),
        ("2025-13", "Write the month as year-month, e.g. 2025-09."),
        ("rudens", "Write the month as year-month, e.g. 2025-09."),
    ],
)
def test_bad_months_are_told_at_the_field_and_on_the_page(client, login_as, month, message):
    login_as("staff")
    response = submit(
        client, "/updates/new", {"month": month, "visibility": "signatories", "body_id": "0"}
    )
    assert response.status_code == 400
    expected = lv(message, month=month) if "%(month)s" in message else lv(message)
    assert field_errors(response, "month") == [expected]
    page = client.get(f"/updates/{month}")
    assert page.status_code == 404 and expected in text_of(page)
    assert client.get(f"/updates/{month}.pdf").status_code == 404


def test_visibility_of_updates_by_role(client, login_as, draft):
    draft(visibility="members", publish=True)
    draft(month=dt.date(2025, 8, 1), visibility="public", publish=True)
    draft(month=dt.date(2025, 7, 1), visibility="signatories")  # a draft
    assert client.get("/updates/2025-08").status_code == 200
    # signed out, an update for members asks its reader to sign in (e-mailed links land here)
    assert "/login?next=" in client.get("/updates/2025-09").headers["Location"]
    assert "/login?next=" in client.get("/updates/2025-09.pdf").headers["Location"]
    login_as("signatory")
    archive = text_of(client.get("/updates/"))
    assert "2025-08" in archive and "2025-09" not in archive and "2025-07" not in archive
    assert client.get("/updates/2025-09").status_code == 404
    assert client.get("/updates/2025-07").status_code == 404


def test_pdf_on_the_web_and_on_the_command_line(
    app, client, runner, tmp_path, login_as, draft, make_meeting
):
    make_meeting(
        kind="forum",
        title="Forums Ērgļos, Ķekavā un Ņūbeļos",
        day=dt.date(2025, 9, 15),
        visibility="public",
    )
    draft(publish=True)
    login_as("signatory")
    response = client.get("/updates/2025-09.pdf")
    assert response.mimetype == "application/pdf"
    assert 'filename="apskats-2025-09.pdf"' in response.headers["Content-Disposition"]
    text, _, fonts = pdf_text(response.data)
    assert "Memoranda padomes aktualitātes: 2025. gada septembris" in text
    assert "Forums Ērgļos, Ķekavā un Ņūbeļos" in text
    assert fonts and all(font.startswith("Secretariat-Sans") for font in fonts), fonts

    out = tmp_path / "update.pdf"
    result = runner.invoke(args=["pdf", "update", "2025-09", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Forums Ērgļos, Ķekavā un Ņūbeļos" in pdf_text(out.read_bytes())[0]

    future = runner.invoke(args=["pdf", "update", "2999-01", "-o", str(out)])
    assert future.exit_code != 0 and "2999-01 has not begun yet" in future.output
    malformed = runner.invoke(args=["pdf", "update", "2025-9", "-o", str(out)])
    assert malformed.exit_code != 0 and "Write the month as year-month" in malformed.output
    missing = runner.invoke(args=["pdf", "update", "2025-08", "-o", str(out)])
    assert missing.exit_code != 0 and "no monthly update for 2025-08" in missing.output


def test_redrafting_replaces_the_text_of_a_draft_only(app, client, login_as, draft, make_meeting):
    update = draft()
    make_meeting(
        kind="forum", title="Vēlāk ierakstīts forums", day=dt.date(2025, 9, 15), visibility="public"
    )
    login_as("staff")
    submit(
        client,
        "/updates/2025-09/redraft",
        {"version": str(update.version)},
        form_url="/updates/2025-09/edit",
    )
    assert "Vēlāk ierakstīts forums" in text_of(client.get("/updates/2025-09"))
    with app.app_context():
        from secretariat.updates.services import publish_update

        publish_update(db.session.get(MonthlyUpdate, update.id), utcnow())
        db.session.commit()
        version = db.session.get(MonthlyUpdate, update.id).version
    refused = submit(
        client,
        "/updates/2025-09/redraft",
        {"version": str(version)},
        form_url="/updates/2025-09/edit",
        follow_redirects=True,
    )
    assert lv("A published update is not drafted again: edit its text instead.") in text_of(refused)


def test_the_update_month_is_the_first_day(app, draft):
    update = draft(month=SEPTEMBER)
    assert update.month == dt.date(2025, 9, 1) and update.slug == "2025-09"


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("title", "", "This field is required."),
        ("title", "Ž" * 301, "At most %(max)d characters, please shorten the text."),
        ("text", "ā" * 50001, "At most %(max)d characters, please shorten the text."),
        ("visibility", "everyone", "Not a valid choice."),
    ],
)
def test_bad_update_input_is_told_at_the_field(app, client, login_as, draft, field, value, message):
    update = draft()
    login_as("staff")
    fields = {
        "title": "Virsraksts",
        "text": "Teksts",
        "body_id": "0",
        "visibility": "signatories",
        "version": str(update.version),
        field: value,
    }
    response = submit(client, "/updates/2025-09/edit", fields)
    assert response.status_code == 400
    limit = {"title": 300, "text": 50000}.get(field) if value else None
    expected = lv(message) % {"max": limit} if limit else lv(message)
    assert field_errors(response, field) == [expected]
    with app.app_context():
        assert db.session.get(MonthlyUpdate, update.id).title == update.title


def _edit_form(update: MonthlyUpdate, **changes) -> dict:
    """The edit form as the update's page fills it, with some fields changed."""
    return {
        "title": update.title,
        "text": update.text,
        "body_id": "0",
        "visibility": update.visibility,
        "version": str(update.version),
        **changes,
    }


def test_a_draft_is_never_published_wider_than_it_was_drafted_for(
    app, client, login_as, make_meeting, signatories
):
    """An internal draft holds internal meetings; made public, it must be drafted again
    for its new readers before it can be published."""
    make_meeting(title="Iekšēja darba sanāksme", day=dt.date(2025, 9, 10), status="held")
    login_as("staff")
    submit(client, "/updates/new", {"month": "2025-09", "visibility": "internal", "body_id": "0"})
    assert "Iekšēja darba sanāksme" in text_of(client.get("/updates/2025-09"))
    with app.app_context():
        update = db.session.scalar(sa.select(MonthlyUpdate))
    submit(client, "/updates/2025-09/edit", _edit_form(update, visibility="public"))
    refused = submit(
        client, "/updates/2025-09/publish", form_url="/updates/2025-09", follow_redirects=True
    )
    assert lv(
        "The text was drafted for %(drafted)s, and the update is now for %(now)s: it "
        "may tell them what they may not see. Draft it again for its readers (or make "
        "it narrower) before publishing.",
        drafted=lv("Internal (secretariat only)"),
        now=lv("Public"),
    ) in text_of(refused)
    assert client.get("/updates/feed.atom").get_data(as_text=True).count("Iekšēja") == 0
    with app.app_context():
        assert db.session.scalar(sa.select(MonthlyUpdate.status)) == "draft"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Outbox)) == 0
    with app.app_context():
        version = db.session.scalar(sa.select(MonthlyUpdate.version))
    submit(
        client,
        "/updates/2025-09/redraft",
        {"version": str(version)},
        form_url="/updates/2025-09/edit",
    )
    submit(client, "/updates/2025-09/publish", form_url="/updates/2025-09")
    published = client.get("/updates/feed.atom").get_data(as_text=True)
    assert "Iekšēja darba sanāksme" not in published
    with app.app_context():
        assert db.session.scalar(sa.select(MonthlyUpdate.status)) == "published"


def test_a_published_update_is_never_widened_past_its_draft(app, client, login_as, make_meeting):
    """Published for signatories, the text may name what the public may not see: making it
    public afterwards is refused at the field, and it stays as it was."""
    make_meeting(
        title="Parakstītāju tiešsaistes tikšanās",
        day=dt.date(2025, 9, 18),
        status="held",
        visibility="signatories",
    )
    login_as("staff")
    new = {"month": "2025-09", "visibility": "signatories", "body_id": "0"}
    submit(client, "/updates/new", new)
    submit(client, "/updates/2025-09/publish", form_url="/updates/2025-09")
    with app.app_context():
        update = db.session.scalar(sa.select(MonthlyUpdate))
        assert update.status == "published"
    response = submit(client, "/updates/2025-09/edit", _edit_form(update, visibility="public"))
    assert response.status_code == 400
    assert field_errors(response, "visibility") == [
        lv(
            "This update is published, and its text was written for %(drafted)s: it "
            "stays for them and cannot be shown more widely.",
            drafted=lv("Signatory organisations"),
        )
    ]
    with app.app_context():
        assert db.session.scalar(sa.select(MonthlyUpdate.visibility)) == "signatories"
    anonymous = app.test_client().get("/updates/feed.atom").get_data(as_text=True)
    assert "Parakstītāju tiešsaistes" not in anonymous


def test_the_plain_text_part_is_plain_text(app, draft, signatories):
    from secretariat.updates.services import publish_update

    update = draft()
    with app.app_context():
        row = db.session.get(MonthlyUpdate, update.id)
        row.text = (
            "**Svarīgi:** [pieteikums](https://nvo.lv/pieteikties)\n\n"
            '<img src=x onerror=alert(1)> <iframe src="http://evil"></iframe> Ā & Ž'
        )
        publish_update(row, utcnow())
        db.session.commit()
        texts = db.session.scalars(sa.select(Outbox.text_body)).all()
    assert texts
    for text in texts:
        assert "Svarīgi: pieteikums (https://nvo.lv/pieteikties)" in text
        assert "**" not in text and "<img" not in text and "<iframe" not in text
        assert "Ā & Ž" in text
