"""The portal tells a signatory about its own organisation: the meetings it took part in and
its answers, its delegates, and its proposed corrections with the secretariat's answer."""

import datetime as dt

from secretariat.extensions import db

from ..helpers import lv, lv_plural, text_of


def _section(page: str) -> str:
    return page.split(lv("Your organisation in the council's work"))[1].split(lv("Open calls"))[0]


def test_the_organisations_own_part(
    app,
    client,
    login_as,
    make_organisation,
    make_meeting,
    make_person,
    make_body,
):
    from secretariat.core.types import utcnow
    from secretariat.meetings.models import Meeting
    from secretariat.meetings.services import record_attendance
    from secretariat.organisations.models import ChangeProposal
    from secretariat.people.models import Person
    from secretariat.updates.models import Rsvp

    ours = make_organisation(name="Biedrība Ābele", memorandum_signed_on=dt.date(2020, 1, 1))
    theirs = make_organisation(name="Biedrība Bērzs", memorandum_signed_on=dt.date(2020, 1, 1))
    council = make_body(name="Memoranda padome")
    call = make_meeting(
        body=council,
        kind="signatory_call",
        title="Saruna ar parakstītājiem",
        visibility="signatories",
        status="held",
        day=dt.date(2025, 10, 2),
    )
    session = make_meeting(
        body=council, title="Padomes sēde (locekļiem)", visibility="members", status="held"
    )
    forum = make_meeting(
        body=council, kind="forum", title="Forums", visibility="public", day=dt.date(2025, 9, 15)
    )
    anna = make_person("Anna Bērziņa", organisation=ours)
    janis = make_person("Jānis Kalniņš", organisation=ours)
    other = make_person("Cits Cilvēks", organisation=theirs)
    with app.app_context():
        from secretariat.bodies.models import Membership

        for person, end_on in ((anna, None), (janis, dt.date(2021, 12, 31))):  # Jānis: no longer
            db.session.add(
                Membership(
                    person_id=person.id,
                    body_id=council.id,
                    position="member",
                    on_behalf_of_id=ours.id,
                    start_on=dt.date(2020, 1, 1),
                    end_on=end_on,
                )
            )
        for meeting_id in (call.id, session.id):
            for person in (anna, janis, other):
                record_attendance(
                    db.session.get(Meeting, meeting_id),
                    db.session.get(Person, person.id),
                    "absent" if person is janis else "in_person",
                    representing=db.session.get(type(ours), person.organisation_id),
                )
        db.session.add(Rsvp(meeting_id=forum.id, organisation_id=ours.id, attending=False))
        db.session.add(Rsvp(meeting_id=call.id, organisation_id=ours.id, attending=True))
        db.session.add(ChangeProposal(organisation_id=ours.id, changes={"website": "https://a.lv"}))
        db.session.add(
            ChangeProposal(
                organisation_id=ours.id,
                changes={"emails": "info@abele.lv"},
                status="declined",
                decided_at=utcnow(),
            )
        )
        db.session.add(
            ChangeProposal(organisation_id=theirs.id, changes={"website": "https://berzs.lv"})
        )
        db.session.commit()

    login_as("signatory", organisation=ours)
    page = text_of(client.get("/portal/"))
    own = _section(page)
    # meetings: the call (one present, answered yes) and the forum (answered no); the
    # members' session is not theirs to see, nor counted
    assert lv_plural("%(num)s meeting so far", "%(num)s meetings so far", 2) in own
    assert "Saruna ar parakstītājiem" in own and "Forums" in own
    assert "Padomes sēde (locekļiem)" not in page
    assert (
        f"02.10.2025. Saruna ar parakstītājiem {lv('Online meeting with signatories')} 1 "
        + lv("will attend")
        in own
    )
    assert f"Forums {lv('Forum')} 0 {lv('will not attend')}" in own
    # delegates: Anna, whose seat is on the organisation's behalf
    assert "Anna Bērziņa" in own and "Jānis Kalniņš" not in own
    # proposals, waiting first, then the answered one
    declined = lv("Declined on %(day)s", day=dt.date.today().strftime("%d.%m.%Y."))
    assert own.index(lv("Waiting for the secretariat")) < own.index(declined)
    assert "https://a.lv" in own and "info@abele.lv" in own and "berzs" not in own


def test_staff_see_the_portal_without_an_organisation(client, login_as):
    login_as("staff")
    page = text_of(client.get("/portal/"))
    assert lv("Your organisation in the council's work") not in page
