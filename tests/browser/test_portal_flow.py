"""A signatory signs in, reads the monthly update and says they will join the call."""

import datetime as dt

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from secretariat.core.types import utcnow
from secretariat.extensions import db

from ..conftest import PASSWORD
from ..helpers import lv

pytestmark = pytest.mark.browser


def test_signatory_reads_the_update_and_rsvps_to_the_call(
    app, page, make_user, make_body, make_meeting, make_organisation
):
    from secretariat.updates.models import Rsvp
    from secretariat.updates.services import draft_update, publish_update

    council = make_body(name="NVO un MK sadarbības memoranda īstenošanas padome")
    make_meeting(
        council,
        kind="visiting_session",
        title="Memoranda padomes izbraukuma sēde Jēkabpilī",
        day=dt.date(2025, 9, 3),
        status="held",
        visibility="public",
    )
    call = make_meeting(
        council,
        kind="signatory_call",
        title="Ikmēneša tiešsaistes saruna ar parakstītājām",
        day=dt.date(2099, 10, 1),
        start=dt.time(15, 0),
        visibility="signatories",
        online_url="https://meet.example.org/memorands",
    )
    abele = make_organisation(
        name="Biedrība Ābele", emails="info@abele.lv", memorandum_signed_on=dt.date(2010, 1, 1)
    )
    with app.app_context():
        publish_update(draft_update(dt.date(2025, 9, 1)), utcnow())
        db.session.commit()
    reader = make_user("signatory", organisation=abele, name="Ilze Ābele")

    page.goto("/login")
    page.get_by_label(lv("E-mail")).fill(reader.email)
    page.get_by_label(lv("Password")).fill(PASSWORD)
    page.get_by_role("button", name=lv("Sign in")).click()
    expect(page.get_by_role("heading", name=lv("Signatory portal"))).to_be_visible()
    expect(page.get_by_text("Biedrība Ābele")).to_be_visible()

    title = lv("Memorandum Council news: %(month)s", month="2025. gada septembris")
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(
        page.get_by_role("link", name="Memoranda padomes izbraukuma sēde Jēkabpilī")
    ).to_be_visible()

    page.get_by_role("link", name=lv("Portal")).click()
    row = page.locator(f"#meeting-{call.id}")
    expect(row).to_contain_text("Ikmēneša tiešsaistes saruna ar parakstītājām")
    expect(row.get_by_role("link", name=lv("Join online"))).to_have_attribute(
        "href", "https://meet.example.org/memorands"
    )
    row.get_by_role("button", name=lv("We will attend"), exact=True).click()
    expect(page.get_by_role("status")).to_have_text(lv("Thank you: your organisation will attend."))
    expect(page.locator(f"#meeting-{call.id}")).to_contain_text(lv("Your answer: yes"))
    with app.app_context():
        [answer] = db.session.scalars(sa.select(Rsvp)).all()
        assert (answer.meeting_id, answer.organisation_id, answer.attending) == (
            call.id,
            abele.id,
            True,
        )
