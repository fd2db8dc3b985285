"""The signatory portal, RSVPs to the signatory call, and the public page."""

import datetime as dt

import pytest
import sqlalchemy as sa

from secretariat.core.dates import riga_to_utc
from secretariat.extensions import db
from secretariat.meetings.models import Meeting
from secretariat.updates.models import Rsvp

from ..conftest import sign_in, submit
from ..helpers import lv, text_of

FUTURE = dt.date(2099, 10, 2)


@pytest.fixture
def world(app, make_body, make_meeting, make_decision, make_call, draft):
    from secretariat.bodies.models import Body
    from secretariat.bodies.services import open_round

    council = make_body(name="Memoranda padome")
    held = make_meeting(
        council,
        kind="visiting_session",
        title="Izbraukuma sēde Jēkabpilī",
        day=dt.date(2025, 9, 3),
        status="held",
        visibility="public",
    )
    make_decision(held, title="Par reģionālo sadarbību", visibility="signatories")
    make_decision(held, title="Par locekļu jautājumu", visibility="members")
    call = make_meeting(
        council,
        kind="signatory_call",
        title="Tiešsaistes saruna ar parakstītājām",
        day=FUTURE,
        start=dt.time(15, 0),
        visibility="signatories",
        online_url="https://meet.example.org/memorands",
    )
    members = make_meeting(
        council,
        title="Padomes sēde locekļiem",
        day=dt.date(2099, 9, 24),
        visibility="members",
        online_url="https://meet.example.org/padome",
    )
    make_meeting(council, title="Iekšēja sapulce", day=dt.date(2099, 9, 25))
    make_call(
        title="Ekspertu pūla atlase",
        kind="expert_pool",
        deadline_on=dt.date(2099, 1, 15),
        description="Piesakieties **līdz** termiņam.",
    )
    make_call(title="Iekšējs iepirkums", deadline_on=dt.date(2099, 1, 15), visibility="internal")
    make_call(title="Beidzies konkurss", deadline_on=dt.date(2020, 1, 15))
    with app.app_context():
        open_round(
            db.session.get(Body, council.id),
            "2099-1",
            dt.date(2020, 1, 1),
            dt.date(2099, 1, 31),
            dt.date(2099, 2, 1),
        )
        db.session.commit()
    draft(month=dt.date(2025, 8, 1), publish=True, title="Augusta aktualitātes")
    draft(publish=True, title="Septembra aktualitātes", text="Septembrī **notika** daudz.")
    draft(month=dt.date(2025, 10, 1), title="Oktobra melnraksts")
    return {"held": held, "call": call, "members": members}


def test_a_signatory_lands_on_the_portal_and_sees_what_is_meant_for_them(
    client, make_user, make_signatory, world
):
    organisation = make_signatory(name="Biedrība Ābele")
    user = make_user("signatory", organisation=organisation)
    landing = sign_in(client, user.email)
    assert landing.headers["Location"] == "/"
    assert client.get("/").headers["Location"] == "/portal/"
    page = client.get("/portal/")
    text = text_of(page)
    html = page.get_data(as_text=True)
    assert "Septembra aktualitātes" in text and "<strong>notika</strong>" in html
    assert "Augusta aktualitātes" in text  # the archive
    assert "Oktobra melnraksts" not in text  # a draft
    assert "Tiešsaistes saruna ar parakstītājām" in text
    assert 'href="https://meet.example.org/memorands"' in html
    assert "Padomes sēde locekļiem" not in text and "https://meet.example.org/padome" not in html
    assert "Iekšēja sapulce" not in text
    assert "Ekspertu pūla atlase" in text and "15.01.2099." in text
    assert "Iekšējs iepirkums" not in text and "Beidzies konkurss" not in text
    assert "Memoranda padome, 2099-1" in text  # an open nomination round
    assert f"/meetings/{world['held'].id}/summary.pdf" in html
    assert "Par reģionālo sadarbību" in text and "Par locekļu jautājumu" not in text
    assert "Biedrība Ābele" in text and "/my-organisation" in html
    assert lv("We will attend") in text


def test_members_have_no_portal_and_staff_may_look(client, login_as, world):
    login_as("member")
    assert client.get("/portal/").status_code == 403


def test_rsvp_yes_then_no_and_staff_see_the_count(app, client, make_user, make_signatory, world):
    call_id = world["call"].id
    first = make_user("signatory", organisation=make_signatory(name="Biedrība Ābele"))
    sign_in(client, first.email)
    answered = submit(
        client,
        f"/portal/meetings/{call_id}/rsvp",
        {"attending": "yes"},
        form_url="/portal/",
        follow_redirects=True,
    )
    assert lv("Thank you: your organisation will attend.") in text_of(answered)
    assert lv("Your answer: yes") in text_of(answered)
    changed = submit(
        client,
        f"/portal/meetings/{call_id}/rsvp",
        {"attending": "no"},
        form_url="/portal/",
        follow_redirects=True,
    )
    assert lv("Your answer: no") in text_of(changed)
    bad = submit(
        client,
        f"/portal/meetings/{call_id}/rsvp",
        {"attending": "maybe"},
        form_url="/portal/",
        follow_redirects=True,
    )
    assert lv("Answer yes or no.") in text_of(bad)

    other = app.test_client()
    liepa = make_signatory(name="Biedrība Liepa")
    sign_in(other, make_user("signatory", organisation=liepa).email)
    submit(other, f"/portal/meetings/{call_id}/rsvp", {"attending": "no"}, form_url="/portal/")
    colleague = app.test_client()  # a second person of the same organisation changes its answer
    sign_in(colleague, make_user("signatory", organisation=liepa).email)
    submit(colleague, f"/portal/meetings/{call_id}/rsvp", {"attending": "yes"}, form_url="/portal/")
    with app.app_context():
        rows = db.session.scalars(sa.select(Rsvp).order_by(Rsvp.id)).all()
        assert [(r.attending, r.organisation.name) for r in rows] == [
            (False, "Biedrība Ābele"),
            (True, "Biedrība Liepa"),
        ]

    staff = app.test_client()
    sign_in(staff, make_user("staff").email)
    meeting_page = text_of(staff.get(f"/meetings/{call_id}"))
    assert lv("Will attend: %(n)s", n=1) in meeting_page
    assert lv("Will not attend: %(n)s", n=1) in meeting_page
    assert "Biedrība Ābele" in meeting_page and "Biedrība Liepa" in meeting_page
    assert lv("Signatories' answers") not in text_of(client.get(f"/meetings/{call_id}"))


def test_rsvp_is_refused_once_the_meeting_started_or_for_meetings_not_meant_for_them(
    app, client, make_user, make_signatory, world
):
    user = make_user("signatory", organisation=make_signatory())
    sign_in(client, user.email)
    members = world["members"].id
    assert (
        submit(
            client, f"/portal/meetings/{members}/rsvp", {"attending": "yes"}, form_url="/portal/"
        ).status_code
        == 404
    )
    with app.app_context():
        db.session.get(Meeting, world["call"].id).starts_at = riga_to_utc(
            dt.date(2020, 1, 2), dt.time(15, 0)
        )
        db.session.commit()
    late = submit(
        client,
        f"/portal/meetings/{world['call'].id}/rsvp",
        {"attending": "yes"},
        form_url="/portal/",
        follow_redirects=True,
    )
    assert lv("Answers to this meeting are closed: it has begun or was cancelled.") in text_of(late)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Rsvp)) == 0


def test_only_signatories_answer(client, login_as, world):
    login_as("staff")
    assert (
        submit(
            client,
            f"/portal/meetings/{world['call'].id}/rsvp",
            {"attending": "yes"},
            form_url="/portal/",
        ).status_code
        == 403
    )


def test_the_public_page_shows_public_things_only_whoever_opens_it(
    client, login_as, world, make_meeting, draft
):
    make_meeting(
        title="Publisks forums", kind="forum", day=dt.date(2099, 9, 15), visibility="public"
    )
    draft(month=dt.date(2025, 7, 1), visibility="public", publish=True, title="Jūlija ziņas")
    for role in ("anonymous", "staff"):
        if role == "staff":
            login_as("staff")
        page = client.get("/public/")
        assert page.status_code == 200
        text = text_of(page)
        assert "Jūlija ziņas" in text and "Publisks forums" in text
        assert "Izbraukuma sēde Jēkabpilī" in text  # held and public
        assert "Septembra aktualitātes" not in text  # for signatories
        assert "Tiešsaistes saruna" not in text and "Iekšēja sapulce" not in text
        assert "Ekspertu pūla atlase" not in text  # a call for signatories
    assert client.get("/updates/2025-07").status_code == 200


def test_anonymous_visitors_find_the_public_page_in_the_header(client):
    assert "/public/" in client.get("/login").get_data(as_text=True)
