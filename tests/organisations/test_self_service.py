"""A signatory proposes corrections of its own record; staff apply or decline them."""

import sqlalchemy as sa

from secretariat.core.audit import AuditEvent
from secretariat.extensions import db
from secretariat.organisations.models import ChangeProposal, Organisation

from ..conftest import submit
from ..helpers import field_errors, lv, text_of


def test_proposal_applied_by_staff_with_audit(app, client, make_user, make_organisation):
    from ..conftest import sign_in

    org = make_organisation(name="Biedrība Ābele", website="", emails="old@abele.lv")
    signatory = make_user("signatory", organisation=org)
    sign_in(client, signatory.email)
    page = text_of(client.get("/my-organisation"))
    assert "Biedrība Ābele" in page and "old@abele.lv" in page
    bad = submit(
        client, "/my-organisation", {"website": "not a url", "last_annual_report_year": "1800"}
    )
    assert field_errors(bad, "website") == [lv("Not a web address.")]
    assert field_errors(bad, "last_annual_report_year")
    sent = submit(
        client,
        "/my-organisation",
        {
            "website": "https://ābele.lv",
            "emails": "old@abele.lv, jauns@ābele.lv",
            "phones": "",
            "last_annual_report_year": "2024",
            "note": "Jauna mājaslapa",
        },
        follow_redirects=True,
    )
    assert lv("Thank you: the secretariat will review your correction.") in text_of(sent)
    with app.app_context():
        assert db.session.get(Organisation, org.id).website == ""  # not yet applied
        proposal = db.session.scalar(sa.select(ChangeProposal))
        assert proposal.changes == {
            "website": "https://ābele.lv",
            "emails": "old@abele.lv\njauns@ābele.lv",
            "last_annual_report_year": 2024,
        }
    submit(client, "/logout", form_url="/")

    staff = make_user("staff", name="Līga Vītola")
    sign_in(client, staff.email)
    queue = text_of(client.get("/organisations/proposals"))
    assert "Biedrība Ābele" in queue and "https://ābele.lv" in queue
    done = submit(
        client,
        f"/organisations/proposals/{proposal.id}/apply",
        form_url="/organisations/proposals",
        follow_redirects=True,
    )
    assert lv("Correction applied to %(name)s.", name="Biedrība Ābele") in text_of(done)
    with app.app_context():
        stored = db.session.get(Organisation, org.id)
        assert stored.website == "https://ābele.lv" and stored.last_annual_report_year == 2024
        change = db.session.scalar(
            sa.select(AuditEvent).where(
                AuditEvent.object_type == "organisation", AuditEvent.action == "update"
            )
        )
        assert change.user_id == staff.id
        assert change.changes["website"] == ["", "https://ābele.lv"]
    again = submit(
        client,
        f"/organisations/proposals/{proposal.id}/decline",
        form_url="/organisations/proposals",
        follow_redirects=True,
    )
    assert lv("This correction was already decided.") in text_of(again)


def test_declined_proposal_changes_nothing(app, client, make_user, make_organisation):
    from secretariat.organisations.services import propose_changes

    org = make_organisation(name="Biedrība Bērzs", website="https://berzs.lv")
    with app.app_context():
        proposal = propose_changes(
            db.session.get(Organisation, org.id), None, {"website": "https://cits.lv"}
        )
        db.session.commit()
        proposal_id = proposal.id
    from ..conftest import sign_in

    sign_in(client, make_user("staff").email)
    submit(
        client,
        f"/organisations/proposals/{proposal_id}/decline",
        form_url="/organisations/proposals",
    )
    with app.app_context():
        assert db.session.get(Organisation, org.id).website == "https://berzs.lv"
        assert db.session.get(ChangeProposal, proposal_id).status == "declined"


def test_only_signatory_users_have_an_own_organisation_page(client, login_as):
    login_as("member")
    assert client.get("/my-organisation").status_code == 403


def test_proposed_emails_and_phones_are_checked(app, client, login_as, make_organisation):
    org = make_organisation(name="Biedrība Ozols")
    login_as("signatory", organisation=org)
    bad = submit(client, "/my-organisation", {"emails": "not an email\n@@@", "phones": "abc"})
    assert bad.status_code == 400
    assert field_errors(bad, "emails") == [
        lv("“%(value)s” is not an e-mail address.", value="not an email")
    ]
    assert field_errors(bad, "phones") == [
        lv(
            "“%(value)s” is not a phone number: write digits, with + and the country code in "
            "front if it is not Latvian.",
            value="abc",
        )
    ]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ChangeProposal)) == 0
    sent = submit(
        client,
        "/my-organisation",
        {"emails": "valde@augšdaugavasnovads.lv", "phones": "+371 29000000"},
    )
    assert sent.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(ChangeProposal.changes)) == {
            "emails": "valde@augšdaugavasnovads.lv",
            "phones": "+371 29000000",
        }
