"""A body's rules of procedure: its quorum, who counts and votes, when a decision passes."""

import pytest

from secretariat.bodies.models import Body
from secretariat.extensions import db
from secretariat.meetings.models import Meeting
from secretariat.meetings.services import quorum, record_attendance
from secretariat.people.models import Person

from ..conftest import submit
from ..helpers import lv, text_of


@pytest.mark.parametrize(
    ("rule", "members", "needed"),
    [
        ("more_than_half", 8, 5),
        ("more_than_half", 7, 4),
        ("at_least_half", 8, 4),
        ("at_least_half", 7, 4),
        ("two_thirds", 9, 6),
        ("two_thirds", 10, 7),
        ("none", 10, 0),
    ],
)
def test_quorum_rules(app, rule, members, needed):
    assert Body(quorum_rule=rule).quorum_needed(members) == needed


def test_majority_rules(app):
    plain = Body(majority_rule="more_for_than_against")
    assert plain.adopted(3, 2, voting=10) and not plain.adopted(2, 2, voting=4)
    absolute = Body(majority_rule="more_than_half_voting")
    assert absolute.adopted(6, 0, voting=10) and not absolute.adopted(5, 1, voting=10)


def test_staff_set_the_rules_and_the_quorum_follows(
    app, client, login_as, make_body, make_person, make_membership, make_meeting
):
    body = make_body(name="Finanšu darba grupa", kind="working_group")
    people = [make_person(f"Loceklis {n}") for n in range(6)]
    for person in people:
        make_membership(person, body)
    expert = make_person("Ērika Ģērmane")
    meeting = make_meeting(body=body, kind="working_group")
    with app.app_context():
        m = db.session.get(Meeting, meeting.id)
        get = lambda p: db.session.get(Person, p.id)  # noqa: E731
        for person in people[:3]:
            record_attendance(m, get(person), "in_person")
        record_attendance(m, get(people[3]), "remote")
        record_attendance(m, get(expert), "delegate", delegate_for=get(people[4]))
        db.session.commit()
        # by default: remote members and delegated experts count, more than half needed
        assert quorum(m).present == 5 and quorum(m).needed == 4 and quorum(m).reached

    login_as("staff")
    page = text_of(client.get(f"/bodies/{body.id}"))
    assert lv("more than half of the voting members") in page
    response = submit(
        client,
        f"/bodies/{body.id}/rules",
        {"quorum_rule": "two_thirds", "majority_rule": "more_than_half_voting"},
    )
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Body, body.id)
        assert (saved.quorum_rule, saved.remote_members_count, saved.delegates_count) == (
            "two_thirds",
            False,
            False,
        )
        q = quorum(db.session.get(Meeting, meeting.id))
        assert (q.present, q.total, q.needed, q.reached) == (3, 6, 4, False)
    page = text_of(client.get(f"/meetings/{meeting.id}"))
    assert (
        lv(
            "No quorum: %(needed)s voting members are needed for decisions (%(rule)s).",
            needed=4,
            rule=lv("at least two thirds of the voting members"),
        )
        in page
    )
    bad = submit(client, f"/bodies/{body.id}/rules", {"quorum_rule": "most", "majority_rule": ""})
    assert bad.status_code == 400
