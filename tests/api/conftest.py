"""One of each kind of record at each visibility, for the API and open-data tests."""

import datetime as dt

import pytest

from secretariat.extensions import db

#: what each role sees through the API: meeting titles and decision titles
MEETINGS = {
    "internal": "Iekšēja sanāksme",
    "members": "Padomes locekļu sēde",
    "signatories": "Tiešsaistes tikšanās ar parakstītājiem",
    "public": "Publiska padomes sēde Jēkabpilī",
}
DECISIONS = {
    "named": "Par ziņojumu ar vārdiskiem balsojumiem",
    "totals": "Par plānu ar kopsummām",
    "internal_in_public": "Iekšējs lēmums publiskā sēdē",
    "public_in_internal": "Publisks lēmums iekšējā sēdē",
    "members": "Lēmums padomes locekļiem",
    "signatories": "Lēmums parakstītājiem",
}
SEES_MEETINGS = {
    "anonymous": {"public"},
    "signatory": {"public", "signatories"},
    "member": {"public", "signatories", "members"},
    "staff": {"public", "signatories", "members", "internal"},
}
SEES_DECISIONS = {
    "anonymous": {"named", "totals"},
    "signatory": {"named", "totals", "signatories"},
    "member": {"named", "totals", "signatories", "members"},
    "staff": set(DECISIONS),
}


@pytest.fixture
def world(app, make_body, make_meeting, make_agenda_item, make_decision):
    """Meetings and decisions at every visibility, a council with members, a register."""
    from secretariat.bodies.models import Body
    from secretariat.bodies.services import add_membership
    from secretariat.decisions.models import Decision
    from secretariat.decisions.services import record_votes
    from secretariat.meetings.models import Meeting
    from secretariat.meetings.services import add_breakout
    from secretariat.organisations.models import Organisation
    from secretariat.people.models import Person

    council = make_body("Memoranda padome")
    group = make_body("Finanšu un nodokļu darba grupa", kind="working_group")
    meetings = {
        "internal": make_meeting(council, title=MEETINGS["internal"], day=dt.date(2025, 6, 5)),
        "members": make_meeting(
            council, title=MEETINGS["members"], visibility="members", day=dt.date(2025, 7, 2)
        ),
        "signatories": make_meeting(
            council,
            kind="signatory_call",
            title=MEETINGS["signatories"],
            visibility="signatories",
            day=dt.date(2025, 9, 11),
            online_url="https://meet.example.lv/parakstitaji",
        ),
        "public": make_meeting(
            council,
            kind="visiting_session",
            title=MEETINGS["public"],
            visibility="public",
            day=dt.date(2025, 9, 3),
            number="7",
            place="Jēkabpils, Brīvības iela 120",
            region="Sēlija",
            online_url="https://meet.example.lv/sede",
            status="held",
        ),
    }
    make_agenda_item(meetings["public"], "Sēlijas salas stratēģija", presenter="Ņina Šķēle")
    make_agenda_item(meetings["public"], "Birokrātijas mazināšana", duration_minutes=30)

    def decide(key, meeting, visibility, **fields):
        return make_decision(meetings[meeting], DECISIONS[key], visibility=visibility, **fields)

    decisions = {
        "named": decide("named", "public", "public", number="12", adopted=True),
        "totals": decide(
            "totals",
            "public",
            "public",
            vote_mode="totals",
            votes_for=14,
            votes_against=0,
            votes_abstain=1,
            adopted=True,
        ),
        "internal_in_public": decide("internal_in_public", "public", "internal"),
        "public_in_internal": decide("public_in_internal", "internal", "public"),
        "members": decide("members", "members", "members"),
        "signatories": decide("signatories", "signatories", "signatories", adopted=False),
    }
    with app.app_context():
        signatory = Organisation(
            name="Biedrība „Ābele”",
            registration_number="40008000001",
            status="active",
            region="Sēlija",
            memorandum_signed_on=dt.date(2014, 5, 20),
            emails="valde@abele.lv",
            phones="+371 20000000",
        )
        people = {
            name: Person(name=name, organisation=signatory, emails=f"{i}@example.lv")
            for i, name in enumerate(["Andris Broks", "Līga Ērgle", "Ņina Šķēle", "Jānis Vecais"])
        }
        db.session.add_all([signatory, *people.values()])
        body = db.session.get(Body, council.id)
        add_membership(body, people["Andris Broks"], "chair", dt.date(2024, 1, 1), signatory)
        add_membership(body, people["Līga Ērgle"], "member", dt.date(2024, 1, 1))
        add_membership(
            body, people["Ņina Šķēle"], "observer", dt.date(2024, 1, 1), voting_right=False
        )
        add_membership(
            body,
            people["Jānis Vecais"],
            "member",
            dt.date(2020, 1, 1),
            end_on=dt.date(2023, 12, 31),
        )
        record_votes(
            db.session.get(Decision, decisions["named"].id),
            {
                people["Līga Ērgle"]: "for",
                people["Andris Broks"]: "for",
                people["Ņina Šķēle"]: "against",
                people["Jānis Vecais"]: "abstain",
            },
        )
        add_breakout(
            db.session.get(Meeting, meetings["public"].id),
            "Senioru līdzdalība",
            facilitator="Līga Ērgle",
            summary="Jāiesaista vairāk.",
        )
        from secretariat.core.dates import riga_to_utc
        from secretariat.updates.models import MonthlyUpdate

        for month, visibility, status in (
            (dt.date(2025, 9, 1), "public", "published"),
            (dt.date(2025, 8, 1), "members", "published"),
            (dt.date(2025, 10, 1), "public", "draft"),
        ):
            db.session.add(
                MonthlyUpdate(
                    month=month,
                    title=f"Padomes jaunumi {month:%m.%Y.} ({visibility}, {status})",
                    text="**Sēlijas salas** un <script>x</script> birokrātija",
                    visibility=visibility,
                    status=status,
                    published_at=riga_to_utc(month, dt.time(9)) if status == "published" else None,
                )
            )
        programmes = _programmes(db.session.get(Meeting, meetings["public"].id), signatory)
        db.session.commit()
        ids = {
            **{key: record.id for key, record in programmes.items()},
            "signatory": signatory.id,
            "people": {name: p.id for name, p in people.items()},
        }
    return {
        "council": council,
        "group": group,
        "meetings": meetings,
        "decisions": decisions,
        **ids,
    }


def _programmes(meeting, signatory) -> dict:
    """A public plan with a measure and a report at the public meeting, an internal plan,
    and a public delegated task reviewed at the internal meeting."""
    from decimal import Decimal

    from secretariat.programmes import services

    plan = services.create_plan(
        title="Integrācijas politikas plāns",
        first_year=2019,
        last_year=2020,
        responsible_id=signatory.id,
        links="https://www.km.gov.lv/plans",
        visibility="public",
    )
    goal = services.add_goal(
        services.add_direction(plan, "1", "Pilsoniskā sabiedrība"), "1.1", "Līdzdalība"
    )
    services.add_measure(
        plan,
        goal_id=goal.id,
        number="1.1.1",
        title="Valsts budžeta programma „NVO fonds”",
        status="not_funded",
        status_reason="Netika piešķirts finansējums",
        implementer_ids=[signatory.id],
        funding={2019: Decimal("16000.00"), 2020: Decimal("0.10")},
    )
    internal = services.create_plan(
        title="Iekšējs plāns", first_year=2021, last_year=2027, visibility="internal"
    )
    services.present_report(
        plan, meeting.agenda_items[0], title="Ziņojums", presented_on=dt.date(2025, 9, 3)
    )
    task = services.create_task(
        title="Mazākumtautību līdzdalība",
        performer_id=signatory.id,
        starts_on=dt.date(2020, 10, 20),
        ends_on=dt.date(2021, 2, 5),
        objectives="Veicināt līdzdalību.\nSekmēt sadarbību.",
        report_due_on=dt.date(2021, 3, 1),
        visibility="public",
    )
    services.add_task_row(
        task, "indicators", name="Konsultācijas", target=Decimal(40), achieved=Decimal("50.5")
    )
    services.add_task_row(task, "beneficiaries", name="Biedrība „Ļanok”", received="Dators")
    services.add_task_row(
        task, "budget", year=2020, planned=Decimal("16000.00"), spent=Decimal("15999.99")
    )
    services.add_task_row(task, "budget", year=2021)
    return {"plan": plan, "internal_plan": internal, "task": task}
