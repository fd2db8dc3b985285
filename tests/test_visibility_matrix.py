"""The visibility matrix: each kind of record × each visibility × each role, through every
way it can be read — pages, lists, feeds, calendars, the API, PDFs and files.

Every record carries its visibility in its title ("Sanāksme · signatories"), so a channel's
answer can be read off as the set of visibilities it let through. A role must see exactly
the levels it may read (auth.permissions.readable_by) and nothing else, through every
channel that offers that kind of record to that role. Nested records (a decision, minutes,
a file) sit in a public meeting, so only their own visibility decides.
"""

import datetime as dt
import re
from urllib.parse import urlencode

import pytest
from icalendar import Calendar

from secretariat.auth.permissions import VISIBILITIES, readable_by
from secretariat.extensions import db

from .conftest import sign_in
from .helpers import lv_plural

ROLES = ("anonymous", "signatory", "member", "staff")
NOW = dt.datetime.now(dt.UTC)
LEVEL = re.compile(r"· (internal|members|signatories|public)\b")


def levels_in(text: str) -> set[str]:
    return set(LEVEL.findall(text))


@pytest.fixture
def world(app, make_body, make_meeting, make_decision):
    from secretariat.core.dates import riga_to_utc, today_in_riga
    from secretariat.documents.files import store_bytes
    from secretariat.documents.models import Minutes
    from secretariat.documents.services import add_attachment
    from secretariat.meetings.models import Meeting
    from secretariat.updates.models import MonthlyUpdate
    from secretariat.updates.services import add_communication_item, create_call

    body = make_body(name="Memoranda padome")
    soon = today_in_riga() + dt.timedelta(days=10)
    meetings = {
        level: make_meeting(
            body=body, title=f"Sanāksme · {level}", visibility=level, day=soon, status="planned"
        )
        for level in VISIBILITIES
    }
    holder = make_meeting(
        body=body, title="Publiska sēde", visibility="public", day=dt.date(2025, 9, 3)
    )
    decisions = {
        level: make_decision(holder, title=f"Lēmums · {level}", visibility=level)
        for level in VISIBILITIES
    }
    minutes_meetings = {
        level: make_meeting(
            body=body,
            title=f"Sēde ar protokolu {level}",
            visibility="public",
            day=dt.date(2025, 9, 10 + i),
            status="held",
        )
        for i, level in enumerate(VISIBILITIES)
    }
    with app.app_context():
        files = {}
        for level in VISIBILITIES:
            stored = store_bytes(f"%PDF-1.7 {level}".encode(), f"pielikums-{level}.pdf")
            files[level] = add_attachment(
                db.session.get(Meeting, holder.id),
                stored,
                title=f"Pielikums · {level}",
                visibility=level,
            ).id
            db.session.add(
                Minutes(
                    meeting_id=minutes_meetings[level].id,
                    status="approved",
                    visibility=level,
                    introduction=f"Protokola teksts · {level}",
                )
            )
        for i, level in enumerate(VISIBILITIES):
            month = dt.date(2025, 5 + i, 1)
            db.session.add(
                MonthlyUpdate(
                    month=month,
                    title=f"Apskats · {level}",
                    text=f"Apskata teksts · {level}",
                    visibility=level,
                    status="published",
                    published_at=riga_to_utc(month, dt.time(9)),
                )
            )
            create_call(
                kind="survey",
                title=f"Aicinājums · {level}",
                deadline_on=soon,
                visibility=level,
            )
            add_communication_item(
                kind="article",
                title=f"Raksts · {level}",
                url=f"https://example.lv/{level}",
                published_on=dt.date(2025, 9, 1),
                visibility=level,
            )
        programmes = _programmes(db.session.get(Meeting, holder.id))
        db.session.add(
            MonthlyUpdate(
                month=dt.date(2025, 12, 1),
                title="Apskats · public (melnraksts)",
                visibility="public",
                status="draft",
            )
        )
        db.session.commit()
    return {
        "meetings": {level: m.id for level, m in meetings.items()},
        "decisions": {level: d.id for level, d in decisions.items()},
        "minutes": {level: m.id for level, m in minutes_meetings.items()},
        "files": files,
        "months": {level: f"2025-{5 + i:02d}" for i, level in enumerate(VISIBILITIES)},
        "body": body.id,
        **programmes,
    }


def _programmes(holder) -> dict:
    """A plan, a task and a report at each visibility: plans with a measure each, reports
    on the public plan presented at the public meeting, tasks reviewed at it."""
    from secretariat.meetings.services import add_agenda_item
    from secretariat.programmes import services

    item = add_agenda_item(holder, "Par plānu un deleģēto uzdevumu")
    plans, tasks, reports = {}, {}, {}
    for level in VISIBILITIES:
        plan = services.create_plan(
            title=f"Plāns · {level}", first_year=2019, last_year=2020, visibility=level
        )
        goal = services.add_goal(services.add_direction(plan, "1", "Virziens"), "1.1", "Mērķis")
        services.add_measure(
            plan, goal_id=goal.id, number="1.1.1", title=f"Pasākums · {level}", status="planned"
        )
        plans[level] = plan
        tasks[level] = services.create_task(
            title=f"Uzdevums · {level}",
            starts_on=dt.date(2020, 10, 20),
            ends_on=dt.date(2021, 2, 5),
            visibility=level,
            review_item=item,
        ).id
    for level in VISIBILITIES:
        reports[level] = services.present_report(
            plans["public"],
            item,
            title=f"Ziņojums · {level}",
            presented_on=dt.date(2025, 9, 3),
            visibility=level,
        ).id
    return {
        "plans": {level: plan.id for level, plan in plans.items()},
        "tasks": tasks,
        "reports": reports,
    }


@pytest.fixture
def reader(app, make_user):
    """A browser of its own per role, and the role's user (None when signed out)."""

    def open_as(role):
        client = app.test_client()
        if role == "anonymous":
            return client, None
        user = make_user(role)
        assert sign_in(client, user.email).status_code == 302
        return client, user

    return open_as


def _ok(client, url) -> bool:
    with client.get(url) as response:
        assert response.status_code in (200, 302, 404), (url, response.status_code)
        return response.status_code == 200


def _text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _calendar_levels(text: str) -> set[str]:
    return {
        level
        for event in Calendar.from_ical(text).walk("VEVENT")
        for level in levels_in(str(event["summary"]))
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_channel_shows_each_role_exactly_what_it_may_read(role, reader, world, app):
    client, user = reader(role)
    may_read = set(readable_by(None if role == "anonymous" else role))
    seen: dict[str, set[str]] = {}

    # --- pages, one record at a time ---------------------------------------------------
    seen["meeting page"] = {
        level for level, i in world["meetings"].items() if _ok(client, f"/meetings/{i}")
    }
    seen["decision page"] = {
        level for level, i in world["decisions"].items() if _ok(client, f"/decisions/{i}")
    }
    seen["minutes page"] = {
        level for level, i in world["minutes"].items() if _ok(client, f"/meetings/{i}/minutes")
    }
    seen["minutes PDF"] = {
        level for level, i in world["minutes"].items() if _ok(client, f"/meetings/{i}/minutes.pdf")
    }
    seen["summary PDF"] = {
        level for level, i in world["meetings"].items() if _ok(client, f"/meetings/{i}/summary.pdf")
    }
    seen["file download"] = {
        level for level, i in world["files"].items() if _ok(client, f"/files/{i}")
    }
    seen["update page"] = {
        level for level, month in world["months"].items() if _ok(client, f"/updates/{month}")
    }
    for kind, channel in (("plans", "plan"), ("tasks", "task"), ("reports", "report")):
        seen[f"{channel} page"] = {
            level for level, i in world[kind].items() if _ok(client, f"/programmes/{kind}/{i}")
        }
        seen[f"{channel} PDF"] = {
            level for level, i in world[kind].items() if _ok(client, f"/programmes/{kind}/{i}.pdf")
        }
    seen["update PDF"] = {
        level for level, month in world["months"].items() if _ok(client, f"/updates/{month}.pdf")
    }

    # --- lists, feeds and calendars --------------------------------------------------------
    holder_page = client.get(f"/meetings/{_holder(world, app)}")
    assert holder_page.status_code == 200  # a public meeting: everyone reads its page
    page = holder_page.get_data(as_text=True)
    seen["decisions on the meeting page"] = {lv for lv in VISIBILITIES if f"Lēmums · {lv}" in page}
    seen["files on the meeting page"] = {lv for lv in VISIBILITIES if f"Pielikums · {lv}" in page}
    seen["reports on the meeting page"] = {lv for lv in VISIBILITIES if f"Ziņojums · {lv}" in page}
    seen["tasks on the meeting page"] = {lv for lv in VISIBILITIES if f"Uzdevums · {lv}" in page}
    plan_page = _text(client, f"/programmes/plans/{world['plans']['public']}")
    seen["reports on the plan page"] = levels_in(" ".join(re.findall(r"Ziņojums · \w+", plan_page)))
    if role != "anonymous":
        index = _text(client, "/programmes/")
        seen["plans list"] = {lv for lv in VISIBILITIES if f"Plāns · {lv}" in index}
        seen["tasks list"] = {lv for lv in VISIBILITIES if f"Uzdevums · {lv}" in index}
    if role != "anonymous":
        listing = _text(client, "/meetings/")
        seen["meetings list"] = {lv for lv in VISIBILITIES if f"Sanāksme · {lv}" in listing}
        personal = _text(client, f"/calendar/u/{user.calendar_token}.ics")
        seen["personal calendar"] = _calendar_levels(personal)
    seen["body calendar"] = _calendar_levels(_text(client, f"/calendar/{world['body']}.ics"))
    seen["public calendar"] = _calendar_levels(_text(client, "/calendar/public.ics"))
    atom = _text(client, "/updates/feed.atom")
    seen["update feed"] = {lv for lv in VISIBILITIES if f"Apskats · {lv}" in atom}
    if role in ("signatory", "staff"):
        portal = _text(client, "/portal/")
        seen["calls on the portal"] = {lv for lv in VISIBILITIES if f"Aicinājums · {lv}" in portal}
        seen["updates on the portal"] = {lv for lv in VISIBILITIES if f"Apskats · {lv}" in portal}
    public = _text(client, "/public/")
    seen["the public page"] = levels_in(public)

    # --- search: one kind at a time, so each answer holds only that kind's titles ----------
    for kind, words in (
        ("meeting", "Sanāksme"),
        ("decision", "Lēmums"),
        ("attachment", "Pielikums"),
        ("minutes", "protokola teksts"),
        ("update", "Apskats"),
        ("call", "Aicinājums"),
        ("plan", "Plāns"),
        ("measure", "Pasākums"),
        ("task", "Uzdevums"),
    ):
        found = _text(client, "/search/?" + urlencode({"q": words, "kind": kind}))
        seen[f"search: {kind}"] = levels_in(found)
        if kind == "meeting":  # what a reader may not see is not even counted
            assert lv_plural("%(num)s result", "%(num)s results", len(may_read)) in found
        if kind == "update" and role != "staff":
            assert "melnraksts" not in found  # a draft is the secretariat's

    # --- the API ------------------------------------------------------------------------
    api = client.get("/api/v1/meetings?per_page=200").get_json()["items"]
    seen["API meetings"] = {lv for m in api for lv in levels_in(m["title"])}
    api = client.get("/api/v1/decisions?per_page=200").get_json()["items"]
    seen["API decisions"] = {lv for d in api for lv in levels_in(d["title"])}
    api = client.get("/api/v1/updates?per_page=200").get_json()["items"]
    seen["API updates"] = {lv for u in api for lv in levels_in(u["title"])}
    api = client.get("/api/v1/plans?per_page=200").get_json()["items"]
    seen["API plans"] = {lv for p in api for lv in levels_in(p["title"])}
    api = client.get("/api/v1/measures?per_page=200").get_json()["items"]
    seen["API measures"] = {lv for m in api for lv in levels_in(m["title"])}
    api = client.get("/api/v1/tasks?per_page=200").get_json()["items"]
    seen["API tasks"] = {lv for t in api for lv in levels_in(t["title"])}
    seen["measures CSV"] = levels_in(_text(client, "/open-data/measures.csv"))
    seen["tasks CSV"] = levels_in(_text(client, "/open-data/delegated-tasks.csv"))

    public_only = ("public calendar", "update feed", "the public page", "measures CSV", "tasks CSV")
    expected = {channel: may_read for channel in seen if channel not in public_only}
    # what the open feeds, files and the public page show is public whoever opens them
    expected |= {channel: {"public"} for channel in public_only if channel in seen}
    wrong = {
        channel: {"seen": sorted(seen[channel]), "expected": sorted(expected[channel])}
        for channel in seen
        if seen[channel] != expected[channel]
    }
    assert not wrong, f"{role}: {wrong}"


def _holder(world, app) -> int:
    from secretariat.meetings.models import Meeting

    with app.app_context():
        return db.session.scalar(db.select(Meeting.id).where(Meeting.title == "Publiska sēde"))
