"""The audit trail in the reader's words: record kinds, names and values, never raw codes."""

import sqlalchemy as sa

from secretariat.extensions import db

from ..helpers import lv, text_of


def test_the_trail_speaks_the_readers_language(
    app,
    client,
    login_as,
    make_meeting,
    make_agenda_item,
    make_decision,
    make_person,
    make_body,
    make_membership,
    make_organisation,
):
    from secretariat.decisions.models import Decision
    from secretariat.decisions.services import record_votes
    from secretariat.documents.services import minutes_of, save_minutes
    from secretariat.meetings.models import Meeting
    from secretariat.meetings.services import move_agenda_item
    from secretariat.organisations.models import ChangeProposal, Organisation
    from secretariat.people.models import Person

    body = make_body()
    anna = make_person("Anna Bērziņa")
    make_membership(anna, body)
    meeting = make_meeting(body)
    first = make_agenda_item(meeting, "Pirmais")
    make_agenda_item(meeting, "Otrais")
    decision = make_decision(meeting)
    abele = make_organisation(name="Biedrība Ābele")
    with app.app_context():
        m = db.session.get(Meeting, meeting.id)
        record_votes(
            db.session.get(Decision, decision.id), {db.session.get(Person, anna.id): "against"}
        )
        minutes = minutes_of(m)
        save_minutes(
            minutes,
            minutes.version,
            introduction="Ievads",
            chaired_by="",
            recorded_by="",
            visibility="members",
            discussions={first.id: "Pārrunāja."},
        )
        move_agenda_item(next(i for i in m.agenda_items if i.id == first.id), 1)
        db.session.add(
            ChangeProposal(
                organisation=db.session.get(Organisation, abele.id), changes={"phones": "+371 2000"}
            )
        )
        db.session.commit()
    login_as("admin")
    page = text_of(client.get("/audit/"))
    assert lv("Against") in page and " against" not in page
    assert lv("Minutes: discussion of an agenda item") in page and "minutes_section" not in page
    assert lv("Draft") in page and "draft" not in page.split()
    assert f"{lv('Phones')}: +371 2000" in page and "phones:" not in page
    assert lv("Place in the order") in page
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision)) == 1
