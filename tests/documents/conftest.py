"""A council session with everything minutes record, for the document tests."""

import datetime as dt

import pytest

from secretariat.extensions import db
from secretariat.organisations.models import Organisation
from secretariat.people.models import Person

from ..helpers import DIACRITICS


@pytest.fixture
def session(
    app,
    make_body,
    make_person,
    make_membership,
    make_meeting,
    make_agenda_item,
    make_decision,
    make_organisation,
):
    from secretariat.decisions.models import Decision
    from secretariat.decisions.services import record_votes
    from secretariat.meetings.models import Meeting
    from secretariat.meetings.services import record_attendance

    council = make_body(name="NVO un MK sadarbības memoranda īstenošanas padome")
    alliance = make_organisation(name="Latvijas Pilsoniskā alianse")
    anna = make_person("Anna Bērziņa", alliance)
    janis = make_person("Jānis Kalniņš", alliance)
    expert = make_person("Ērika Ģērmane")
    guest = make_person(
        "Viesis Vītols", make_organisation(name="Kultūras ministrija", kind="ministry")
    )
    make_membership(anna, council, position="chair")
    make_membership(janis, council)
    make_membership(make_person("Gints Āboliņš"), council, position="secretary", voting_right=False)
    meeting = make_meeting(
        body=council,
        number="9",
        day=dt.date(2025, 9, 24),
        title="Memoranda padomes sēde",
        place="Valsts kanceleja",
        visibility="members",
    )
    make_agenda_item(
        meeting,
        "Sekretariāta aktualitātes",
        presenter="LPA",
        notes="**Pārrunāja** deleģētā uzdevuma izpildi.",
    )
    item = make_agenda_item(meeting, f"Burti: {DIACRITICS}")
    decision = make_decision(
        meeting,
        title="Par jaunatnes testu",
        number="12",
        agenda_item_id=item.id,
        adopted=True,
        text="1. Atbalstīt jaunatnes testa ieviešanu.",
    )
    with app.app_context():
        m = db.session.get(Meeting, meeting.id)
        record_attendance(
            m,
            db.session.get(Person, anna.id),
            "in_person",
            representing=db.session.get(Organisation, alliance.id),
        )
        record_attendance(m, db.session.get(Person, janis.id), "remote")
        record_attendance(
            m,
            db.session.get(Person, guest.id),
            "remote",
            representing=db.session.get(Person, guest.id).organisation,
        )
        record_attendance(
            m,
            db.session.get(Person, expert.id),
            "delegate",
            delegate_for=db.session.get(Person, janis.id),
        )
        record_votes(
            db.session.get(Decision, decision.id),
            {db.session.get(Person, anna.id): "for", db.session.get(Person, janis.id): "for"},
        )
        db.session.commit()
    return meeting
