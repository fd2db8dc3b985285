"""Half-yearly nomination rounds, end to end, and council membership terms."""

import datetime as dt

import sqlalchemy as sa

from secretariat.bodies.models import Membership, Nomination, NominationRound
from secretariat.core.dates import today_in_riga
from secretariat.extensions import db

from ..conftest import sign_in, submit
from ..helpers import field_errors, lv, text_of


def _signatory_org(make_organisation, name):
    return make_organisation(name=name, memorandum_signed_on=dt.date(2015, 1, 1))


def test_nomination_round_end_to_end(
    app, client, make_user, make_body, make_organisation, make_person, make_membership
):
    council = make_body(name="Memoranda padome")
    ours = _signatory_org(make_organisation, "Biedrība Ābele")
    other = _signatory_org(make_organisation, "Biedrība Bērzs")
    former = make_person("Iepriekšējais Pārstāvis", ours)
    old_seat = make_membership(former, council, start_on=dt.date(2024, 1, 1))
    with app.app_context():
        db.session.get(Membership, old_seat.id).on_behalf_of_id = ours.id
        db.session.commit()
    today = today_in_riga()
    staff = make_user("staff")
    signatory = make_user("signatory", organisation=ours)

    # staff open the round
    sign_in(client, staff.email)
    url = f"/bodies/{council.id}/rounds/new"
    bad = submit(
        client,
        url,
        {
            "period": "2026-1",
            "opens_on": "10.01.2026.",
            "closes_on": "01.01.2026.",
            "term_starts_on": "01.02.2026.",
        },
    )
    assert field_errors(bad, "closes_on") == [lv("A round cannot close before it opens.")]
    opened = submit(
        client,
        url,
        {
            "period": "2026-2",
            "opens_on": (today - dt.timedelta(days=5)).strftime("%d.%m.%Y."),
            "closes_on": (today + dt.timedelta(days=5)).strftime("%d.%m.%Y."),
            "term_starts_on": (today + dt.timedelta(days=30)).strftime("%d.%m.%Y."),
            "notes": "",
        },
    )
    assert opened.status_code == 302
    round_url = opened.headers["Location"]
    submit(client, "/logout", form_url="/")

    # the signatory nominates for its own organisation only
    sign_in(client, signatory.email)
    assert lv("open now") in text_of(client.get("/rounds/"))
    forged = submit(
        client, round_url, {"organisation_id": other.id, "candidate_name": "Svešs Kandidāts"}
    )
    assert forged.status_code == 400
    assert field_errors(forged, "organisation_id") == [lv("Not a valid choice.")]
    done = submit(
        client,
        round_url,
        {
            "organisation_id": ours.id,
            "candidate_name": "Anna Ozola",
            "candidate_email": "anna@ābele.lv",
            "motivation": "Pieredze",
        },
        follow_redirects=True,
    )
    assert lv("Nomination received.") in text_of(done)
    twice = submit(
        client,
        round_url,
        {"organisation_id": ours.id, "candidate_name": "Vēl Viens"},
        follow_redirects=True,
    )
    assert lv("This organisation has already nominated a candidate in this round.") in (
        text_of(twice)
    )
    with app.app_context():
        nominations = db.session.scalars(sa.select(Nomination)).all()
        assert [(n.organisation_id, n.candidate_name) for n in nominations] == [
            (ours.id, "Anna Ozola")
        ]
        nomination_id = nominations[0].id
    assert "Biedrība Bērzs" not in text_of(client.get(round_url))
    submit(client, "/logout", form_url="/")

    # staff confirm: a membership starts, the organisation's earlier term closes
    sign_in(client, staff.email)
    confirmed = submit(
        client,
        f"/nominations/{nomination_id}/confirm",
        {"start_on": ""},
        form_url=round_url,
        follow_redirects=True,
    )
    assert lv(
        "%(name)s now represents %(organisation)s.",
        name="Anna Ozola",
        organisation="Biedrība Ābele",
    ) in text_of(confirmed)
    with app.app_context():
        term_start = today + dt.timedelta(days=30)
        seats = db.session.scalars(
            sa.select(Membership)
            .where(Membership.on_behalf_of_id == ours.id)
            .order_by(Membership.start_on)
        ).all()
        assert [(s.person.name, s.start_on, s.end_on) for s in seats] == [
            ("Iepriekšējais Pārstāvis", dt.date(2024, 1, 1), term_start - dt.timedelta(days=1)),
            ("Anna Ozola", term_start, None),
        ]
        assert db.session.get(Nomination, nomination_id).status == "confirmed"
    again = submit(
        client, f"/nominations/{nomination_id}/reject", form_url=round_url, follow_redirects=True
    )
    assert lv("This nomination was already decided.") in text_of(again)


def test_closed_round_refuses_signatories(app, client, make_user, make_body, make_organisation):
    from secretariat.bodies.services import open_round

    council = make_body()
    ours = _signatory_org(make_organisation, "Biedrība Ābele")
    with app.app_context():
        from secretariat.bodies.models import Body

        closed = open_round(
            db.session.get(Body, council.id),
            "2020-1",
            dt.date(2020, 1, 1),
            dt.date(2020, 1, 31),
            dt.date(2020, 2, 1),
        )
        db.session.commit()
        closed_id = closed.id
    sign_in(client, make_user("signatory", organisation=ours).email)
    page = client.get(f"/rounds/{closed_id}").get_data(as_text=True)
    assert 'name="candidate_name"' not in page  # no form on a closed round
    response = submit(
        client,
        f"/rounds/{closed_id}",
        {"organisation_id": ours.id, "candidate_name": "Par vēlu"},
        follow_redirects=True,
    )
    assert lv("The round is not open for nominations.") in text_of(response)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Nomination)) == 0
        assert db.session.get(NominationRound, closed_id) is not None


def test_staff_add_and_end_a_membership(
    app, client, login_as, make_body, make_person, make_organisation
):
    council = make_body(name="Memoranda padome")
    ministry = make_organisation(name="Valsts kanceleja", kind="ministry")
    login_as("staff")
    url = f"/bodies/{council.id}/memberships/new"
    bad = submit(
        client,
        url,
        {
            "person_id": 0,
            "new_person_name": "",
            "position": "member",
            "on_behalf_of_id": 0,
            "start_on": "01.02.2026.",
            "end_on": "01.01.2026.",
        },
    )
    assert field_errors(bad, "person_id") == [lv("Choose a person or type a new name.")]
    assert field_errors(bad, "end_on") == [lv("The term cannot end before it starts.")]
    added = submit(
        client,
        url,
        {
            "person_id": 0,
            "new_person_name": "Raimonds Eglītis",
            "position": "chair",
            "on_behalf_of_id": ministry.id,
            "voting_right": "y",
            "start_on": "01.01.2025.",
        },
    )
    assert added.status_code == 302
    page = text_of(client.get(f"/bodies/{council.id}"))
    assert "Raimonds Eglītis " + lv("Chair") + " Valsts kanceleja" in page
    with app.app_context():
        seat = db.session.scalar(sa.select(Membership))
    submit(
        client,
        f"/bodies/{council.id}/memberships/{seat.id}/end",
        {"end_on": "31.12.2025."},
        form_url=f"/bodies/{council.id}",
    )
    page = text_of(client.get(f"/bodies/{council.id}"))
    assert lv("Earlier terms") in page
    assert "Raimonds Eglītis " + lv("Chair") + " Valsts kanceleja 01.01.2025.–31.12.2025." in page
