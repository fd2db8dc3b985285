"""The portal, the update archive, the calls list and the public page run the same number of
SQL statements with little and with much data."""

import datetime as dt

import pytest

from secretariat.extensions import db

from ..conftest import sign_in
from ..test_statement_counts import BUDGET


@pytest.fixture
def grow(app):
    """Add `n` of everything these pages show: meetings of every visibility, held and to come,
    decisions, calls, published and draft updates, nomination rounds, answers, items."""
    from secretariat.bodies.models import Body
    from secretariat.bodies.services import open_round
    from secretariat.core.dates import riga_to_utc
    from secretariat.core.types import utcnow
    from secretariat.decisions.services import record_decision
    from secretariat.meetings.services import create_meeting
    from secretariat.organisations.models import Organisation
    from secretariat.updates.models import MonthlyUpdate, Rsvp
    from secretariat.updates.services import add_communication_item, create_call

    def add(n, start, organisation_id):
        with app.app_context():
            for i in range(start, start + n):
                body = Body(name=f"Darba grupa {i}", kind="working_group")
                db.session.add(body)
                db.session.flush()
                for visibility in ("public", "signatories", "members", "internal"):
                    upcoming = create_meeting(
                        body_id=body.id,
                        kind="signatory_call",
                        title=f"Saruna {i} {visibility}",
                        starts_at=riga_to_utc(
                            dt.date(2099, 1, 1) + dt.timedelta(days=i), dt.time(15)
                        ),
                        visibility=visibility,
                        online_url="https://meet.example.org/x",
                    )
                    held = create_meeting(
                        body_id=body.id,
                        kind="session",
                        title=f"Sēde {i} {visibility}",
                        starts_at=riga_to_utc(
                            dt.date(2020, 1, 1) + dt.timedelta(days=i), dt.time(10)
                        ),
                        status="held",
                        visibility=visibility,
                    )
                    record_decision(held, title=f"Lēmums {i}", visibility=visibility)
                    create_call(
                        kind="survey",
                        title=f"Aptauja {i} {visibility}",
                        deadline_on=dt.date(2099, 1, 1),
                        body_id=body.id,
                        visibility=visibility,
                    )
                    if visibility == "signatories":
                        db.session.add(
                            Rsvp(
                                meeting_id=upcoming.id,
                                organisation_id=organisation_id,
                                attending=True,
                            )
                        )
                open_round(
                    body, f"{i}-1", dt.date(2020, 1, 1), dt.date(2099, 1, 1), dt.date(2099, 2, 1)
                )
                add_communication_item(
                    kind="article",
                    title=f"Raksts {i}",
                    url="https://x.lv",
                    published_on=dt.date(2025, 9, 1),
                    visibility="public",
                )
                month = dt.date(2000 + i // 12, i % 12 + 1, 1)
                for visibility in ("public", "signatories"):
                    db.session.add(
                        MonthlyUpdate(
                            month=month
                            if visibility == "public"
                            else month.replace(year=month.year + 50),
                            title=f"Apskats {i} {visibility}",
                            text="**Teksts**",
                            status="published" if i % 3 else "draft",
                            published_at=utcnow(),
                            visibility=visibility,
                        )
                    )
            db.session.commit()
            assert db.session.get(Organisation, organisation_id) is not None

    return add


@pytest.mark.parametrize(
    "role, page",
    [
        ("signatory", "/portal/"),
        ("staff", "/portal/"),
        ("signatory", "/updates/"),
        ("staff", "/updates/"),
        ("staff", "/calls/"),
        ("staff", "/communication/"),
        ("anonymous", "/public/"),
        ("signatory", "/public/"),
        ("anonymous", "/updates/feed.atom"),
        ("anonymous", "/calendar/public.ics"),
    ],
)
def test_statement_count_does_not_grow_with_data(
    app, client, make_user, make_signatory, grow, count_statements, role, page
):
    organisation = make_signatory()
    if role != "anonymous":
        user = make_user(role, organisation=organisation if role == "signatory" else None)
        sign_in(client, user.email)

    def measure():
        client.get(page)
        with count_statements() as counted:
            response = client.get(page)
        assert response.status_code == 200, page
        return counted.n

    grow(3, 1, organisation.id)
    small = measure()
    grow(30, 100, organisation.id)
    large = measure()
    assert small == large, f"{page}: {small} statements with little data, {large} with more"
    assert large <= BUDGET, f"{page}: {large} statements, budget {BUDGET}"


def test_meeting_page_with_answers_does_not_grow(
    app, client, login_as, make_meeting, count_statements
):
    """Staff see every organisation's answer on the signatory call's page."""
    from secretariat.organisations.models import Organisation
    from secretariat.updates.models import Rsvp

    call = make_meeting(kind="signatory_call", visibility="signatories", day=dt.date(2099, 1, 7))
    login_as("staff")

    def answer(n, start):
        with app.app_context():
            for i in range(start, start + n):
                organisation = Organisation(
                    name=f"Biedrība {i}", memorandum_signed_on=dt.date(2010, 1, 1)
                )
                db.session.add(organisation)
                db.session.flush()
                db.session.add(
                    Rsvp(meeting_id=call.id, organisation_id=organisation.id, attending=bool(i % 2))
                )
            db.session.commit()

    def measure():
        client.get(f"/meetings/{call.id}")
        with count_statements() as counted:
            response = client.get(f"/meetings/{call.id}")
        assert response.status_code == 200
        return counted.n

    answer(3, 0)
    small = measure()
    answer(40, 100)
    large = measure()
    assert small == large and large <= BUDGET, (small, large)
