"""No N+1: a page runs the same number of SQL statements with little and with much data."""

import datetime as dt

import pytest

from secretariat.extensions import db

BUDGET = 12


@pytest.fixture
def grow(app, make_person, make_organisation, make_membership):
    """Add `n` of everything a list or detail page shows, to one meeting and body."""
    from secretariat.decisions.models import Decision
    from secretariat.decisions.services import record_decision, record_votes
    from secretariat.documents.models import Attachment, MinutesAmendment, MinutesSection
    from secretariat.documents.services import minutes_of
    from secretariat.followups.services import add_conclusion, create_action
    from secretariat.meetings.models import Meeting
    from secretariat.meetings.services import (
        add_agenda_item,
        add_breakout,
        create_meeting,
        record_attendance,
    )
    from secretariat.organisations.models import Organisation
    from secretariat.people.models import Person

    def add(meeting, n):
        with app.app_context():
            m = db.session.get(Meeting, meeting.id)
            people = []
            for i in range(n):
                org = Organisation(name=f"Organizācija {meeting.id}-{i}")
                person = Person(name=f"Dalībnieks {meeting.id}-{i}", organisation=org)
                db.session.add_all([org, person])
                people.append(person)
            db.session.flush()
            minutes = minutes_of(m)
            for i, person in enumerate(people):
                item = add_agenda_item(m, f"Jautājums {i}", presenter=person.name)
                minutes.sections.append(MinutesSection(agenda_item=item, discussion=f"Teksts {i}"))
                db.session.add(
                    Attachment(
                        meeting=m,
                        agenda_item=item,
                        filename=f"pielikums-{i}.pdf",
                        content_type="application/pdf",
                        size=1000 + i,
                        sha256=f"{i:064d}",
                        visibility="members",
                    )
                )
                record_attendance(m, person, "in_person", representing=person.organisation)
                add_breakout(m, f"Grupa {i}")
                conclusion = add_conclusion(m, "issue", f"Secinājums {i}")
                create_action(
                    conclusion=conclusion,
                    title=f"Uzdevums {i}",
                    owner_person_id=person.id,
                    owner_organisation_id=person.organisation_id,
                    due_on=dt.date(2020, 1, 1) + dt.timedelta(days=i),
                )
                decision = record_decision(m, title=f"Lēmums {i}", agenda_item_id=item.id)
                record_votes(decision, {p: "for" for p in people})
                db.session.add(MinutesAmendment(minutes=minutes, text=f"Labojums {i}"))
                db.session.add(
                    MinutesAmendment(minutes=minutes, text=f"Lēmumā {i}", decision=decision)
                )
                create_meeting(
                    body_id=m.body_id,
                    kind="session",
                    title=f"Sēde {meeting.id}-{i}",
                    starts_at=m.starts_at + dt.timedelta(days=30 * (i + 1)),
                    visibility="members",
                )
            db.session.commit()
            assert db.session.query(Decision).count() >= n

    return add


PAGES = [
    "/",
    "/meetings/",
    "/meetings/{meeting}",
    "/meetings/{meeting}/agenda",
    "/meetings/{meeting}/attendance",
    "/meetings/{meeting}/breakouts",
    "/meetings/{meeting}/conclusions",
    "/meetings/{meeting}/minutes",
    "/meetings/{meeting}/minutes/edit",
    "/meetings/{meeting}/files",
    "/decisions/{decision}",
    "/decisions/{decision}/votes",
    "/followups/",
    "/followups/?overdue=1",
    "/followups/{action}",
    "/bodies/",
    "/bodies/{body}",
    "/audit/",
    "/audit/meeting/{meeting}",
    "/api/v1/meetings",
    "/api/v1/meetings?per_page=200&kind=session",
    "/api/v1/meetings/{meeting}",
    "/api/v1/decisions",
    "/api/v1/decisions?per_page=200&meeting={meeting}",
    "/api/v1/decisions/{decision}",
    "/api/v1/bodies",
    "/api/v1/bodies/{body}",
    "/open-data/decisions.csv",
    "/dashboard/",
    "/dashboard/?start=2016-01-01&end=2030-12-31",
    "/activity-report/",
    "/activity-report/?start=2020-01-01&end=2030-12-31",
    "/activity-report/targets?start=2025-01-01&end=2025-12-31",
    "/search/?q=jautajums",
    "/search/?q=j",
    "/search/?q=jaut&kind=agenda_item&page=2",
]


def _ids(app, meeting):
    from secretariat.decisions.models import Decision
    from secretariat.followups.models import Action

    with app.app_context():
        return {
            "meeting": meeting.id,
            "body": meeting.body_id,
            "decision": db.session.query(Decision.id).filter_by(meeting_id=meeting.id).first()[0],
            "action": db.session.query(Action.id).filter_by(meeting_id=meeting.id).first()[0],
        }


@pytest.fixture
def counted_afresh(app):
    """The dashboard counts once for each state of the records (dashboard/overview.py): the
    statements measured are those of counting, not of finding the counts kept."""
    from secretariat.dashboard.overview import forget

    def forget_kept():
        with app.app_context():
            forget()

    return forget_kept


@pytest.mark.parametrize("page", PAGES)
def test_statement_count_does_not_grow_with_data(
    page, client, login_as, make_meeting, grow, count_statements, counted_afresh
):
    meeting = make_meeting(visibility="members")
    login_as("staff")
    grow(meeting, 3)
    url = page.format(**_ids(client.application, meeting))

    def measure():
        client.get(url)  # warm caches that are not per request
        counted_afresh()
        with count_statements() as counted:
            response = client.get(url)
        assert response.status_code == 200, url
        return counted.n

    small = measure()
    grow(meeting, 30)
    large = measure()
    assert small == large, f"{url}: {small} statements with little data, {large} with more"
    assert large <= BUDGET, f"{url}: {large} statements, budget {BUDGET}"


def _statements_and_size(client, url, count_statements) -> tuple[int, int]:
    client.get(url)  # warm caches that are not per request
    with count_statements() as counted:
        response = client.get(url)
    assert response.status_code == 200, url
    return counted.n, len(response.data)


@pytest.mark.parametrize(
    "page",
    [
        "/api/v1/meetings",
        "/api/v1/meetings/{meeting}",
        "/api/v1/decisions?per_page=200",
        "/api/v1/decisions/{decision}",
        "/open-data/decisions.csv",
    ],
)
def test_public_api_statement_count_does_not_grow(
    page, app, client, make_meeting, grow, count_statements
):
    """The same as the signed-in pages, for an anonymous caller reading public data."""
    from secretariat.decisions.models import Decision
    from secretariat.decisions.services import record_votes
    from secretariat.people.models import Person

    meeting = make_meeting(visibility="public")
    grow(meeting, 3)
    ids = _ids(app, meeting)
    url = page.format(**ids)
    small, small_size = _statements_and_size(client, url, count_statements)
    grow(meeting, 30)
    with app.app_context():  # the first decision gets everyone's vote, not just the first three
        people = db.session.scalars(db.select(Person)).all()
        record_votes(db.session.get(Decision, ids["decision"]), dict.fromkeys(people, "against"))
        db.session.commit()
    large, large_size = _statements_and_size(client, url, count_statements)
    assert large_size > small_size, f"{url}: the answer did not grow with the data"
    assert small == large, f"{url}: {small} statements with little data, {large} with more"
    assert large <= BUDGET, f"{url}: {large} statements, budget {BUDGET}"


@pytest.fixture
def grow_register(app):
    """Add `n` signatories, each with a seat, a nomination, a proposal and contacts."""
    from secretariat.bodies.models import Body, NominationRound
    from secretariat.bodies.services import add_membership, nominate, open_round
    from secretariat.organisations.models import ChangeProposal, Contact, Organisation
    from secretariat.people.models import Person

    def add(n, start):
        with app.app_context():
            body = db.session.scalar(db.select(Body)) or Body(name="Padome", kind="council")
            db.session.add(body)
            nomination_round = db.session.scalar(db.select(NominationRound)) or open_round(
                body, "2026-1", dt.date(2020, 1, 1), dt.date(2099, 1, 1), dt.date(2099, 2, 1)
            )
            for i in range(start, start + n):
                org = Organisation(
                    name=f"Biedrība {i:04d}",
                    status="active",
                    region="Rīga",
                    memorandum_signed_on=dt.date(2010, 1, 1),
                    registration_number=f"4000{i:07d}",
                )
                person = Person(name=f"Pārstāvis {i}", organisation=org)
                db.session.add_all(
                    [org, person, Contact(organisation=org, role="Valde", emails=f"v{i}@x.lv")]
                )
                db.session.add(ChangeProposal(organisation=org, changes={"website": "https://x"}))
                db.session.flush()
                add_membership(body, person, "member", dt.date(2020, 1, 1), on_behalf_of=org)
                nominate(nomination_round, org, f"Kandidāts {i}", dt.date(2025, 1, 1))
            db.session.commit()
            return (
                body.id,
                nomination_round.id,
                db.session.scalar(db.select(Organisation.id).order_by(Organisation.id)),
            )

    return add


@pytest.mark.parametrize(
    "page",
    [
        "/organisations/",
        "/organisations/?q=biedr&gap=no_website&status=active",
        "/organisations/{organisation}",
        "/organisations/proposals",
        "/dashboard/",
        "/rounds/",
        "/rounds/{round}",
        "/bodies/{body}",
        "/api/v1/organisations",
        "/api/v1/organisations?q=biedr&region=Rīga&per_page=200",
        "/api/v1/organisations/{organisation}",
        "/api/v1/bodies/{body}",
        "/open-data/signatories.csv",
    ],
)
def test_register_pages_statement_count_does_not_grow(
    page, client, login_as, grow_register, count_statements, counted_afresh
):
    login_as("staff")
    body, round_id, organisation = grow_register(3, 1)
    url = page.format(body=body, round=round_id, organisation=organisation)

    def measure():
        client.get(url)
        counted_afresh()
        with count_statements() as counted:
            response = client.get(url)
        assert response.status_code == 200, url
        return counted.n

    small = measure()
    grow_register(40, 100)
    large = measure()
    assert small == large, f"{url}: {small} statements with little data, {large} with more"
    assert large <= BUDGET, f"{url}: {large} statements, budget {BUDGET}"


@pytest.mark.parametrize(
    "page", ["/outbox/", "/outbox/?state=failed", "/reminders/rules", "/account/reminders"]
)
def test_reminder_pages_statement_count_does_not_grow(
    page, app, client, login_as, count_statements
):
    from secretariat.core.types import utcnow
    from secretariat.reminders.outbox import enqueue

    login_as("staff")

    def grow(n, start):
        with app.app_context():
            for i in range(start, start + n):
                enqueue(
                    f"k{i}", "action_due", f"r{i}@example.lv", "Temats", "t", "<p>t</p>", utcnow()
                )
            db.session.commit()

    def measure():
        client.get(page)
        with count_statements() as counted:
            response = client.get(page)
        assert response.status_code == 200, page
        return counted.n

    grow(3, 0)
    small = measure()
    grow(60, 100)
    large = measure()
    assert small == large, f"{page}: {small} statements with little data, {large} with more"
    assert large <= BUDGET


def test_portal_statement_count_does_not_grow(
    app, client, login_as, make_organisation, make_meeting, count_statements
):
    """A signatory's portal, with its organisation's meetings, answers, delegates and
    proposed corrections growing."""
    from secretariat.bodies.models import Membership
    from secretariat.meetings.models import Meeting
    from secretariat.meetings.services import record_attendance
    from secretariat.organisations.models import ChangeProposal
    from secretariat.people.models import Person
    from secretariat.updates.models import Rsvp

    organisation = make_organisation(
        name="Biedrība Ābele", memorandum_signed_on=dt.date(2020, 1, 1)
    )
    login_as("signatory", organisation=organisation)

    def grow(n, start):
        for i in range(start, start + n):
            meeting = make_meeting(
                title=f"Saruna {i}",
                visibility="signatories",
                status="held",
                day=dt.date(2025, 1, 1) + dt.timedelta(days=i),
            )
            with app.app_context():
                person = Person(name=f"Pārstāvis {i}", organisation_id=organisation.id)
                db.session.add(person)
                db.session.flush()
                record_attendance(
                    db.session.get(Meeting, meeting.id),
                    person,
                    "in_person",
                    representing=db.session.get(type(organisation), organisation.id),
                )
                db.session.add(
                    Rsvp(meeting_id=meeting.id, organisation_id=organisation.id, attending=True)
                )
                db.session.add(
                    ChangeProposal(
                        organisation_id=organisation.id, changes={"website": f"https://{i}.lv"}
                    )
                )
                db.session.add(
                    Membership(
                        person_id=person.id,
                        body_id=meeting.body_id,
                        position="member",
                        on_behalf_of_id=organisation.id,
                        start_on=dt.date(2020, 1, 1),
                    )
                )
                db.session.commit()

    def measure():
        client.get("/portal/")
        with count_statements() as counted:
            response = client.get("/portal/")
        assert response.status_code == 200
        return counted.n

    grow(3, 0)
    small = measure()
    grow(30, 100)
    large = measure()
    assert small == large, f"/portal/: {small} statements with little data, {large} with more"
    assert large <= BUDGET, f"/portal/: {large} statements, budget {BUDGET}"
