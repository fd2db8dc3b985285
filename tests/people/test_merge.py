"""Two records of one person become one: every reference moves to the record kept, in one
transaction, with an event in its history; records that disagree are refused whole."""

import datetime as dt

import pytest
import sqlalchemy as sa

from secretariat.auth.models import User
from secretariat.bodies.models import Membership
from secretariat.core.audit import AuditEvent
from secretariat.decisions.models import Decision, Vote
from secretariat.decisions.services import record_vote
from secretariat.extensions import db
from secretariat.followups.models import Action
from secretariat.meetings.models import Attendance, Meeting
from secretariat.meetings.services import record_attendance
from secretariat.people.models import Person

from ..conftest import submit
from ..helpers import lv, text_of


@pytest.fixture
def twins(
    app,
    make_person,
    make_body,
    make_membership,
    make_meeting,
    make_decision,
    make_conclusion,
    make_action,
):
    """Anna recorded twice: as "Anna Bērziņa" and as "Anna Berzina", each with a history."""
    council = make_body(name="Memoranda padome")
    group = make_body(name="Finanšu darba grupa", kind="working_group")
    kept = make_person("Anna Bērziņa")
    other = make_person("Anna Berzina")
    make_membership(kept, council, start_on=dt.date(2024, 1, 1))
    make_membership(other, group, start_on=dt.date(2023, 1, 1))
    make_membership(other, council, start_on=dt.date(2020, 1, 1), end_on=dt.date(2023, 12, 31))
    september = make_meeting(body=council, title="Septembra sēde")
    october = make_meeting(body=council, title="Oktobra sēde", day=dt.date(2025, 10, 22))
    decision = make_decision(october, title="Par budžetu")
    action = make_action(
        make_conclusion(september), title="Sagatavot atzinumu", owner_person_id=other.id
    )
    with app.app_context():
        get = lambda p: db.session.get(Person, p.id)  # noqa: E731
        record_attendance(db.session.get(Meeting, september.id), get(kept), "in_person")
        record_attendance(db.session.get(Meeting, september.id), get(other), "in_person")
        record_attendance(db.session.get(Meeting, october.id), get(other), "remote")
        record_vote(db.session.get(Decision, decision.id), get(other), "for")
        get(kept).emails = "anna@example.lv"
        get(other).emails = "anna.berzina@example.lv\nanna@example.lv"
        get(other).phones = "+371 29000000"
        get(other).title = "Valdes locekle"
        db.session.add(User(email="anna@abele.lv", role="member", person_id=other.id))
        db.session.commit()
    return {
        "kept": kept,
        "other": other,
        "council": council,
        "group": group,
        "action": action,
        "decision": decision,
        "october": october,
        "september": september,
    }


def _count(model, *where):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_a_merge_keeps_every_reference(app, client, login_as, twins):
    kept, other = twins["kept"], twins["other"]
    login_as("staff")
    preview = text_of(client.get(f"/people/{kept.id}/merge", query_string={"other": other.id}))
    assert lv("Seats: %(n)s", n=2) in preview
    assert lv("Recorded alike for both, kept once: %(n)s", n=1) in preview
    response = submit(
        client,
        f"/people/{kept.id}/merge",
        {"other_id": other.id},
        form_url=f"/people/{kept.id}/merge?other={other.id}",
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Person, other.id) is None
        person = db.session.get(Person, kept.id)
        assert _count(Membership, Membership.person_id == kept.id) == 3
        assert _count(Attendance, Attendance.person_id == kept.id) == 2  # September once
        assert _count(Vote, Vote.person_id == kept.id) == 1
        assert db.session.get(Action, twins["action"].id).owner_person_id == kept.id
        assert (
            db.session.scalar(sa.select(User.person_id).where(User.email == "anna@abele.lv"))
            == kept.id
        )
        assert person.email_list == ["anna@example.lv", "anna.berzina@example.lv"]
        assert (person.phones, person.title) == ("+371 29000000", "Valdes locekle")
        [event] = [
            e
            for e in db.session.scalars(
                sa.select(AuditEvent).where(
                    AuditEvent.object_type == "person", AuditEvent.object_id == kept.id
                )
            )
            if "merged_from" in e.changes
        ]
        assert event.changes["merged_from"] == [None, f"Anna Berzina (#{other.id})"]
    history = text_of(client.get(f"/audit/person/{kept.id}"))
    assert lv("Merged with") in history and f"Anna Berzina (#{other.id})" in history
    assert lv("Seats moved") in history


def test_overlapping_seats_on_one_body_refuse_the_merge_and_change_nothing(
    app, client, login_as, twins, make_membership
):
    kept, other = twins["kept"], twins["other"]
    make_membership(other, twins["council"], start_on=dt.date(2025, 6, 1))
    login_as("staff")
    response = submit(
        client,
        f"/people/{kept.id}/merge",
        {"other_id": other.id},
        form_url=f"/people/{kept.id}/merge?other={other.id}",
    )
    assert response.status_code == 409
    assert lv(
        "Both hold a seat on %(body)s at the same time (%(start)s–%(end)s).",
        body="Memoranda padome",
        start="01.06.2025.",
        end="",
    ) in text_of(response)
    with app.app_context():
        assert db.session.get(Person, other.id) is not None
        assert _count(Membership, Membership.person_id == other.id) == 3
        assert _count(Vote, Vote.person_id == other.id) == 1


def test_different_votes_on_one_decision_refuse_the_merge(app, client, login_as, twins):
    kept, other = twins["kept"], twins["other"]
    with app.app_context():
        record_vote(
            db.session.get(Decision, twins["decision"].id),
            db.session.get(Person, kept.id),
            "against",
        )
        db.session.commit()
    login_as("staff")
    page = text_of(client.get(f"/people/{kept.id}/merge", query_string={"other": other.id}))
    assert lv("Both voted on “%(decision)s”, differently.", decision="Par budžetu") in page
    assert lv("Merge") not in page.split(lv("These records cannot be merged as they stand:"))[1]
    response = submit(
        client, f"/people/{kept.id}/merge", {"other_id": other.id}, form_url=f"/people/{kept.id}"
    )
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(Person, other.id) is not None


def test_meetings_with_approved_minutes_name_the_kept_person(app, client, login_as, twins):
    """Approved minutes freeze what they record; which record names the person is not that."""
    from secretariat.documents.models import Minutes

    kept, other = twins["kept"], twins["other"]
    with app.app_context():
        db.session.add(Minutes(meeting_id=twins["october"].id, status="approved"))
        db.session.commit()
    login_as("staff")
    response = submit(
        client,
        f"/people/{kept.id}/merge",
        {"other_id": other.id},
        form_url=f"/people/{kept.id}/merge?other={other.id}",
    )
    assert response.status_code == 302
    with app.app_context():
        assert (
            _count(
                Attendance,
                Attendance.meeting_id == twins["october"].id,
                Attendance.person_id == kept.id,
            )
            == 1
        )


def test_merge_candidates_are_found_without_diacritics(client, login_as, twins):
    login_as("staff")
    page = text_of(client.get(f"/people/{twins['kept'].id}/merge"))
    assert "Anna Berzina" in page
