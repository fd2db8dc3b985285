"""Plans and delegated tasks, built through the area's own services."""

import datetime as dt
from decimal import Decimal

import pytest

from secretariat.extensions import db

#: seed 001's split: 38 carried out, 10 not funded, 1 cancelled
SPLIT = ("carried_out",) * 38 + ("not_funded",) * 10 + ("cancelled",)


@pytest.fixture
def make_plan(app, make_organisation):
    """A plan with `directions` × `goals` and the measures' statuses spread over them."""
    from secretariat.programmes import services

    def make(
        statuses=SPLIT,
        visibility="public",
        title="Integrācijas politikas īstenošanas plāns",
        directions=3,
        goals=3,
        **fields,
    ):
        ministry = make_organisation(name="Kultūras ministrija", kind="ministry")
        with app.app_context():
            plan = services.create_plan(
                title=title,
                first_year=2019,
                last_year=2020,
                responsible_id=ministry.id,
                visibility=visibility,
                **fields,
            )
            all_goals = []
            for d in range(1, directions + 1):
                direction = services.add_direction(plan, str(d), f"Rīcības virziens Nr. {d}")
                for g in range(1, goals + 1):
                    all_goals.append(
                        services.add_goal(direction, f"{d}.{g}", f"Mērķis {d}.{g}: līdzdalība")
                    )
            for i, status in enumerate(statuses):
                goal = all_goals[i % len(all_goals)]
                services.add_measure(
                    plan,
                    goal_id=goal.id,
                    number=f"{goal.number}.{i + 1}",
                    title=f"Pasākums Nr. {i + 1} – ģimeņu atbalsts",
                    responsible_id=ministry.id,
                    status=status,
                    status_reason="Covid-19 ierobežojumu dēļ" if status == "cancelled" else "",
                    funding={2019: Decimal("1000.10"), 2020: Decimal("0.20")},
                )
            db.session.commit()
            return plan.id

    return make


@pytest.fixture
def present(app, make_meeting, make_agenda_item):
    """A report on the plan presented at a new session's agenda item."""
    from secretariat.programmes import services
    from secretariat.programmes.models import Plan

    def run(plan_id, visibility="public", meeting_visibility="public", **fields):
        meeting = make_meeting(
            title="Memoranda padomes sēde", day=dt.date(2021, 3, 31), visibility=meeting_visibility
        )
        item = make_agenda_item(meeting, "Par plāna izpildi")
        with app.app_context():
            from secretariat.meetings.models import AgendaItem

            report = services.present_report(
                db.session.get(Plan, plan_id),
                db.session.get(AgendaItem, item.id),
                title=fields.pop("title", "Informatīvais ziņojums par plāna izpildi"),
                presented_on=dt.date(2021, 3, 31),
                presenter="Kultūras ministrija",
                visibility=visibility,
                **fields,
            )
            db.session.commit()
            return report.id, meeting

    return run


#: a name with every Latvian letter with a diacritic, lower and upper case
EVERY_LETTER = "Ābeļu Čūska ĒĢĪĶĻŅŠŪŽ āčēģīķļņšūž"


@pytest.fixture
def make_task(app, make_organisation):
    from secretariat.programmes import services

    def make(visibility="public", **fields):
        performer = make_organisation(name="Zemgales nevalstisko organizāciju atbalsta centrs")
        ministry = make_organisation(name="Kultūras ministrija", kind="ministry")
        with app.app_context():
            task = services.create_task(
                title=fields.pop(
                    "title",
                    "Atsevišķu valsts pārvaldes uzdevumu veikšana mazākumtautību līdzdalības "
                    "veicināšanas jomā",
                ),
                delegating_id=ministry.id,
                performer_id=performer.id,
                contract_number="KM 2020/17",
                starts_on=dt.date(2020, 10, 20),
                ends_on=dt.date(2021, 2, 5),
                objectives="Veicināt Zemgales reģiona mazākumtautību NVO darbību.\n"
                "Sekmēt sadarbību starp mazākumtautību NVO.",
                evaluation="Tika organizēts plašs aktivitāšu klāsts.",
                visibility=visibility,
                **fields,
            )
            services.add_task_row(
                task,
                "indicators",
                name="Atbalsts aprīkojuma iegādei",
                unit="organizācijas",
                target=Decimal(12),
                achieved=Decimal(10),
            )
            services.add_task_row(
                task,
                "indicators",
                name="Individuālās konsultācijas",
                unit="konsultācijas",
                target=Decimal(40),
                achieved=Decimal(50),
            )
            services.add_task_row(
                task, "beneficiaries", name=EVERY_LETTER, received="Portatīvais dators"
            )
            services.add_task_row(
                task,
                "beneficiaries",
                name="Jelgavas krievu biedrība „Istok”",
                received="10 sieviešu krievu tautastērpi",
            )
            services.add_task_row(
                task, "budget", year=2020, planned=Decimal("16000.00"), spent=Decimal("15999.99")
            )
            services.add_task_row(task, "budget", year=2021)
            db.session.commit()
            return task.id

    return make
