"""Named votes in one form: everyone for in one click, the exceptions, totals, outcome, and
the quorum the body's rules ask for."""

import sqlalchemy as sa

from secretariat.bodies.models import Body
from secretariat.decisions.models import Decision, Vote
from secretariat.extensions import db
from secretariat.meetings.models import Meeting
from secretariat.meetings.services import record_attendance
from secretariat.people.models import Person

from ..conftest import submit
from ..helpers import field_errors, lv, text_of
from .test_decisions import _council

NAMES = ("Anna Bērziņa", "Jānis Kalniņš", "Ilze Ozola", "Dace Krūmiņa", "Pēteris Liepa")


def _checked(page: str, person_id: int) -> str | None:
    import re

    for value in ("for", "against", "abstain", ""):
        pattern = rf'<input type="radio" name="vote-{person_id}"[^>]*value="{value}" checked'
        if re.search(pattern, page):
            return value
    return None


def test_everyone_for_then_the_exceptions(
    app, client, login_as, make_body, make_person, make_membership, make_meeting, make_decision
):
    body, people = _council(make_body, make_person, make_membership, NAMES)
    decision = make_decision(make_meeting(body=body))
    login_as("staff")
    url = f"/decisions/{decision.id}/votes"
    page = client.get(url).get_data(as_text=True)
    assert {_checked(page, p.id) for p in people} == {""}  # nobody is put down for anything

    # without the page script, the button sends the form back with everyone for
    everyone = submit(client, url, {"everyone_for": "1"})
    assert everyone.status_code == 200
    shown = everyone.get_data(as_text=True)
    assert {_checked(shown, p.id) for p in people} == {"for"}
    assert f"{lv('FOR')} – 5" in text_of(everyone)
    with app.app_context():
        assert db.session.get(Decision, decision.id).votes == []  # nothing saved yet

    votes = {f"vote-{p.id}": "for" for p in people}
    votes[f"vote-{people[1].id}"] = "against"
    votes[f"vote-{people[2].id}"] = "abstain"
    saved = submit(client, url, votes)
    assert saved.status_code == 302
    page = text_of(client.get(f"/decisions/{decision.id}"))
    assert "PAR – 3 (A.Bērziņa, D.Krūmiņa, P.Liepa), PRET – 1 (J.Kalniņš), ATTURAS – 1" in page
    with app.app_context():
        assert db.session.get(Decision, decision.id).adopted is True  # more for than against


def test_the_outcome_follows_the_bodys_majority_rule(
    app, client, login_as, make_body, make_person, make_membership, make_meeting, make_decision
):
    body, people = _council(make_body, make_person, make_membership, NAMES)
    with app.app_context():
        db.session.get(Body, body.id).majority_rule = "more_than_half_voting"
        db.session.commit()
    decision = make_decision(make_meeting(body=body))
    login_as("staff")
    votes = {f"vote-{p.id}": "abstain" for p in people}
    votes.update({f"vote-{people[0].id}": "for", f"vote-{people[1].id}": "for"})
    submit(client, f"/decisions/{decision.id}/votes", votes)
    with app.app_context():  # 2 for out of 5 voting: not more than half
        assert db.session.get(Decision, decision.id).adopted is False


def test_no_quorum_no_decision_unless_staff_say_why(
    app, client, login_as, make_body, make_person, make_membership, make_meeting, make_decision
):
    body, people = _council(make_body, make_person, make_membership, NAMES)
    meeting = make_meeting(body=body)
    with app.app_context():
        m = db.session.get(Meeting, meeting.id)
        record_attendance(m, db.session.get(Person, people[0].id), "in_person")
        record_attendance(m, db.session.get(Person, people[1].id), "remote")
        for person in people[2:]:
            record_attendance(m, db.session.get(Person, person.id), "absent")
        db.session.commit()
    decision = make_decision(meeting)
    login_as("staff")
    url = f"/decisions/{decision.id}/votes"
    page = text_of(client.get(url))
    assert lv("%(present)s of %(total)s voting members take part", present=2, total=5) in page
    votes = {f"vote-{people[0].id}": "for", f"vote-{people[1].id}": "for"}
    refused = submit(client, url, votes)
    assert refused.status_code == 400
    assert field_errors(refused, "quorum_reason") == [
        lv(
            "There is no quorum (%(present)s of %(total)s voting members take part, "
            "%(needed)s needed): the decision cannot be taken. If it was taken all the same, "
            "say why.",
            present=2,
            total=5,
            needed=3,
        )
    ]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Vote)) == 0

    reason = "Steidzams jautājums; padome vienojās balsot klātesošo sastāvā."
    assert submit(client, url, {**votes, "quorum_reason": reason}).status_code == 302
    with app.app_context():
        saved = db.session.get(Decision, decision.id)
        assert (saved.quorum_reason, saved.adopted, len(saved.votes)) == (reason, True, 2)


def test_an_outcome_given_on_the_decision_form_needs_the_quorum_too(
    app, client, login_as, make_body, make_person, make_membership, make_meeting
):
    body, people = _council(make_body, make_person, make_membership, NAMES[:3])
    meeting = make_meeting(body=body)
    with app.app_context():
        m = db.session.get(Meeting, meeting.id)
        record_attendance(m, db.session.get(Person, people[0].id), "in_person")
        db.session.commit()
    login_as("staff")
    url = f"/meetings/{meeting.id}/decisions/new"
    data = {
        "agenda_item_id": 0,
        "title": "Par darba plānu",
        "adopted": "yes",
        "vote_mode": "totals",
        "votes_for": "1",
        "visibility": "internal",
    }
    refused = submit(client, url, data)
    assert refused.status_code == 400 and field_errors(refused, "quorum_reason")
    assert submit(client, url, {**data, "quorum_reason": "Ārkārtas sēde."}).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(Decision.quorum_reason)) == "Ārkārtas sēde."
