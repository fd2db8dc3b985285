"""Decisions with named votes or totals, shown the way the minutes write them."""

import datetime as dt

import sqlalchemy as sa

from secretariat.decisions.models import Decision, Vote
from secretariat.extensions import db

from ..conftest import submit
from ..helpers import field_errors, lv, text_of

SEED_VOTERS = (
    "Andris Broks",
    "Jānis Dukšinskis",
    "Rihards Eigims",
    "Aleksejs Elksniņš",
    "Aleksandrs Gržibovskis",
    "Līga Jankovska",
    "Raimonds Joksts",
    "Inese Kokina",
    "Valērijs Kononovs",
    "Natālija Kožanova",
    "Mihails Lavrenovs",
    "Jānis Lāčplēsis",
    "Igors Prelatovs",
    "Aleksandrs Zdanovskis",
)


def _council(make_body, make_person, make_membership, names):
    body = make_body(name="Dome")
    people = [make_person(name) for name in names]
    for person in people:
        make_membership(person, body, start_on=dt.date(2019, 1, 1))
    return body, people


def test_named_vote_reads_like_the_seeds(
    client, login_as, make_body, make_person, make_membership, make_meeting, make_agenda_item
):
    """Seed 003: "PAR – 14 (A.Broks, …), PRET – nav, ATTURAS – nav"."""
    body, people = _council(make_body, make_person, make_membership, SEED_VOTERS)
    meeting = make_meeting(body=body, number="22", day=dt.date(2019, 6, 13))
    for title in ("Pirmais", "Otrais", "Trešais"):
        make_agenda_item(meeting, title)
    item = make_agenda_item(meeting, "Par atbalstu projektam “Darbīgās kopienas”")
    login_as("staff")
    response = submit(
        client,
        f"/meetings/{meeting.id}/decisions/new",
        {
            "agenda_item_id": item.id,
            "number": "355",
            "title": "Par atbalstu Daugavpils pilsētas Izglītības pārvaldes projektam",
            "text": "1. Atbalstīt dalību projektā.",
            "adopted": "yes",
            "vote_mode": "named",
            "visibility": "members",
        },
    )
    assert response.status_code == 302
    votes_url = response.headers["Location"]
    vote_form = {f"vote-{p.id}": "for" for p in people}
    assert submit(client, votes_url, vote_form).status_code == 302

    page = text_of(client.get(f"/meetings/{meeting.id}"))
    names = (
        "A.Broks, J.Dukšinskis, R.Eigims, A.Elksniņš, A.Gržibovskis, L.Jankovska, R.Joksts, "
        "I.Kokina, V.Kononovs, N.Kožanova, M.Lavrenovs, J.Lāčplēsis, I.Prelatovs, "
        "A.Zdanovskis"
    )
    assert f"PAR – 14 ({names}), PRET – nav, ATTURAS – nav" in page
    assert "(prot. Nr.22, 4.§)" in page


def test_votes_can_be_changed_and_taken_back(
    app, client, login_as, make_body, make_person, make_membership, make_meeting, make_decision
):
    body, (anna, janis, ilze) = _council(
        make_body, make_person, make_membership, ("Anna Bērziņa", "Jānis Kalniņš", "Ilze Ozola")
    )
    decision = make_decision(make_meeting(body=body))
    login_as("staff")
    url = f"/decisions/{decision.id}/votes"
    submit(
        client,
        url,
        {f"vote-{anna.id}": "for", f"vote-{janis.id}": "against", f"vote-{ilze.id}": "abstain"},
    )
    assert "PAR – 1 (A.Bērziņa), PRET – 1 (J.Kalniņš), ATTURAS – 1 (I.Ozola)" in text_of(
        client.get(f"/decisions/{decision.id}")
    )
    submit(
        client, url, {f"vote-{anna.id}": "for", f"vote-{janis.id}": "for", f"vote-{ilze.id}": ""}
    )
    assert "PAR – 2 (A.Bērziņa, J.Kalniņš), PRET – nav, ATTURAS – nav" in text_of(
        client.get(f"/decisions/{decision.id}")
    )
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Vote)) == 2


def test_unknown_vote_choice_is_refused(
    app, client, login_as, make_body, make_person, make_membership, make_meeting, make_decision
):
    body, (anna,) = _council(make_body, make_person, make_membership, ("Anna Bērziņa",))
    decision = make_decision(make_meeting(body=body))
    login_as("staff")
    response = submit(client, f"/decisions/{decision.id}/votes", {f"vote-{anna.id}": "maybe"})
    assert response.status_code == 400
    assert lv("Not a valid choice.") in text_of(response)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Vote)) == 0


def test_only_voting_members_who_take_part_vote(
    app, make_body, make_person, make_membership, make_meeting, make_decision
):
    from secretariat.decisions.services import eligible_voters
    from secretariat.meetings.models import Meeting
    from secretariat.meetings.services import record_attendance
    from secretariat.people.models import Person

    body = make_body()
    voter, remote, away, secretary, former, guest, expert = (
        make_person(n)
        for n in (
            "Balsotājs Ābols",
            "Attālinātais Ērglis",
            "Prombūtnē Zīle",
            "Sekretārs Bērzs",
            "Bijušais Cīrulis",
            "Viesis Dārzs",
            "Eksperts Ķirsis",
        )
    )
    for person in (voter, remote, away):
        make_membership(person, body)
    make_membership(secretary, body, position="secretary", voting_right=False)
    make_membership(former, body, end_on=dt.date(2024, 12, 31))
    meeting = make_meeting(body=body, day=dt.date(2025, 9, 24))
    decision = make_decision(meeting)

    def voters():
        names = [p.name for p in eligible_voters(db.session.get(Decision, decision.id))]
        db.session.rollback()
        return names

    with app.app_context():
        # before attendance is recorded: every member with a voting right on the day
        assert voters() == ["Attālinātais Ērglis", "Balsotājs Ābols", "Prombūtnē Zīle"]
        m = db.session.get(Meeting, meeting.id)
        get = lambda p: db.session.get(Person, p.id)  # noqa: E731
        record_attendance(m, get(voter), "in_person")
        record_attendance(m, get(remote), "remote")
        record_attendance(m, get(secretary), "in_person")  # present, but no voting right
        record_attendance(m, get(guest), "in_person")  # an invited guest
        record_attendance(m, get(away), "absent")
        record_attendance(m, get(expert), "delegate", delegate_for=get(away))
        db.session.commit()
        assert voters() == ["Attālinātais Ērglis", "Balsotājs Ābols", "Eksperts Ķirsis"]


def test_vote_totals_cannot_exceed_those_who_may_vote(
    client, login_as, make_body, make_person, make_membership, make_meeting
):
    body, _ = _council(make_body, make_person, make_membership, SEED_VOTERS[:3])
    meeting = make_meeting(body=body)
    login_as("staff")
    response = submit(
        client,
        f"/meetings/{meeting.id}/decisions/new",
        {
            "title": "Par budžetu",
            "adopted": "yes",
            "vote_mode": "totals",
            "visibility": "internal",
            "agenda_item_id": 0,
            "votes_for": "40",
        },
    )
    assert field_errors(response, "votes_for") == [
        lv(
            "The totals add up to %(given)s, but only %(n)s members may vote at this meeting.",
            given=40,
            n=3,
        )
    ]


def test_a_decision_number_is_used_once_per_meeting(client, login_as, make_meeting, make_decision):
    meeting = make_meeting()
    make_decision(meeting, title="Pirmais lēmums", number="1")
    login_as("staff")
    response = submit(
        client,
        f"/meetings/{meeting.id}/decisions/new",
        {
            "title": "Otrais lēmums",
            "number": "1",
            "adopted": "",
            "vote_mode": "named",
            "visibility": "internal",
            "agenda_item_id": 0,
        },
    )
    assert field_errors(response, "number") == [
        lv("Decision No. %(n)s is already recorded at this meeting.", n="1")
    ]


def test_totals_when_names_are_unknown(client, login_as, make_meeting):
    meeting = make_meeting()
    login_as("staff")
    url = f"/meetings/{meeting.id}/decisions/new"
    base = {
        "agenda_item_id": 0,
        "number": "",
        "title": "Par darba plānu",
        "text": "",
        "adopted": "yes",
        "vote_mode": "totals",
        "visibility": "internal",
    }
    missing = submit(client, url, base)
    assert field_errors(missing, "votes_for") == [
        lv("Give at least one total, or choose named votes.")
    ]
    negative = submit(client, url, {**base, "votes_for": "-1"})
    assert field_errors(negative, "votes_for") == [
        lv("Number must be between %(min)s and %(max)s.") % {"min": 0, "max": 1000}
    ]
    saved = submit(
        client,
        url,
        {**base, "votes_for": "12", "votes_against": "0", "votes_abstain": "2"},
        follow_redirects=True,
    )
    assert "PAR – 12, PRET – nav, ATTURAS – 2" in text_of(saved)


def test_decision_needs_a_title_and_a_real_agenda_item(
    app, client, login_as, make_meeting, make_agenda_item
):
    meeting = make_meeting()
    foreign_item = make_agenda_item(make_meeting())
    login_as("staff")
    url = f"/meetings/{meeting.id}/decisions/new"
    response = submit(
        client,
        url,
        {
            "agenda_item_id": foreign_item.id,
            "title": "",
            "adopted": "perhaps",
            "vote_mode": "named",
        },
    )
    assert field_errors(response, "title") == [lv("This field is required.")]
    assert field_errors(response, "agenda_item_id") == [lv("Not a valid choice.")]
    assert field_errors(response, "adopted") == [lv("Not a valid choice.")]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 0


def test_a_decision_is_read_only_by_those_who_may_read_it_and_its_meeting(
    client, login_as, make_meeting, make_decision
):
    members_meeting = make_meeting(title="Padomes sēde", visibility="members")
    shared = make_decision(members_meeting, title="Lēmums locekļiem")
    held_back = make_decision(members_meeting, title="Vēl neizziņots lēmums", visibility="internal")
    wider = make_decision(
        make_meeting(visibility="internal"), title="Publisks lēmums", visibility="public"
    )
    assert shared.visibility == "members"  # a new decision starts as its meeting
    login_as("member")
    page = text_of(client.get(f"/meetings/{members_meeting.id}"))
    assert "Lēmums locekļiem" in page
    assert "Vēl neizziņots lēmums" not in page
    assert client.get(f"/decisions/{shared.id}").status_code == 200
    assert client.get(f"/decisions/{held_back.id}").status_code == 404
    assert client.get(f"/decisions/{wider.id}").status_code == 404
