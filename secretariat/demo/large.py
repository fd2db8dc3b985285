"""A large generated data set for benchmarks: 5,000 organisations, ten years of meetings,
20,000 attendance rows, 5,000 follow-up actions, and ten years of monthly updates and calls.

Written with bulk Core inserts (no audit rows: this is not anyone's work).
"""

import datetime as dt
import random

import sqlalchemy as sa

from ..bodies.models import Body, Membership
from ..core.dates import riga_to_utc
from ..core.labels import REGIONS
from ..core.text import search_key
from ..decisions.models import Decision, Vote
from ..extensions import db
from ..followups.models import Action, Conclusion
from ..meetings.models import AgendaItem, Attendance, Breakout, Meeting
from ..organisations.models import Organisation, register_keys
from ..people.models import Person
from ..updates.models import Call, MonthlyUpdate

ORGANISATIONS = 5000
PEOPLE = 400
YEARS = range(2016, 2026)
ATTENDANCE_ROWS = 20000
ACTIONS = 5000
CALLS = 500
MARKER = "Ģenerēta biedrība"

FIRST = (
    "Anna",
    "Jānis",
    "Ilze",
    "Māris",
    "Dace",
    "Andris",
    "Līga",
    "Kārlis",
    "Zane",
    "Ēriks",
    "Inese",
    "Raimonds",
    "Ieva",
    "Gints",
    "Baiba",
    "Ojārs",
    "Solvita",
    "Aigars",
)
LAST = (
    "Bērziņš",
    "Kalniņš",
    "Ozols",
    "Liepiņš",
    "Krūmiņš",
    "Zariņš",
    "Vītols",
    "Eglītis",
    "Kļaviņš",
    "Ošiņš",
    "Šmits",
    "Ķēniņš",
    "Jansons",
    "Āboliņš",
    "Gailītis",
    "Žagars",
)
FIELDS = (
    "sociālā iekļaušana",
    "kultūra",
    "jaunatne",
    "vide",
    "izglītība",
    "seniori",
    "mazākumtautības",
    "cilvēktiesības",
    "reģionālā attīstība",
)


def _insert(model, rows: list[dict]) -> None:
    if rows:
        db.session.execute(sa.insert(model), rows)


def _ids(model, where=None) -> list[int]:
    query = sa.select(model.id)
    if where is not None:
        query = query.where(where)
    return list(db.session.scalars(query.order_by(model.id)))


def load(seed: int = 2025) -> dict[str, int]:
    if db.session.scalar(sa.select(sa.func.count()).where(Organisation.name.like(f"{MARKER}%"))):
        return {"already there": 0}
    rng = random.Random(seed)
    council = db.session.scalar(sa.select(Body).where(Body.kind == "council"))
    groups = list(db.session.scalars(sa.select(Body).where(Body.kind == "working_group")))

    org_rows = []
    for n in range(1, ORGANISATIONS + 1):
        name = f'{MARKER} "{rng.choice(FIELDS).capitalize()} {n}"'
        region, field = rng.choice(REGIONS), rng.choice(FIELDS)
        org_rows.append(
            {
                "registration_number": f"4000{n:07d}",
                "name": name,
                **register_keys(name, "", region, field),
                "kind": "ngo",
                "legal_form": "biedrība",
                "region": region,
                "territory": "",
                "fields_of_activity": field,
                "website": "" if n % 4 == 0 else f"https://org{n}.example.org",
                "emails": "" if n % 5 == 0 else f"info@org{n}.example.org",
                "phones": "" if n % 3 == 0 else f"+371 2{n:07d}",
                "memorandum_signed_on": dt.date(2005 + n % 20, 1 + n % 12, 1 + n % 28),
                "status": "active" if n % 17 else "struck_off",
                "memorandum_withdrawn_on": None,
                "struck_off_on": None if n % 17 else dt.date(2024, 1, 1),
                "last_annual_report_year": None if n % 7 == 0 else 2020 + n % 5,
                "created_at": dt.datetime.now(dt.UTC),
            }
        )
    _insert(Organisation, org_rows)
    org_ids = _ids(Organisation, Organisation.name.like(f"{MARKER}%"))

    person_rows = []
    for n in range(PEOPLE):
        name = f"{FIRST[n % len(FIRST)]} {LAST[(n // len(FIRST)) % len(LAST)]} {n}"
        person_rows.append(
            {
                "name": name,
                "search_key": search_key(name),
                "title": "",
                "emails": "",
                "phones": "",
                "organisation_id": rng.choice(org_ids),
            }
        )
    _insert(Person, person_rows)
    person_ids = _ids(Person, Person.name.in_([r["name"] for r in person_rows]))

    voters = person_ids[:14]
    _insert(
        Membership,
        [
            {
                "person_id": pid,
                "body_id": council.id,
                "position": "member",
                "voting_right": True,
                "on_behalf_of_id": rng.choice(org_ids),
                "start_on": dt.date(2016, 1, 1),
                "end_on": None,
            }
            for pid in voters
        ],
    )

    meeting_rows = []
    for year in YEARS:
        for month in range(1, 13):
            day = dt.date(year, month, 20)
            meeting_rows.append(
                _meeting_row(
                    council.id,
                    "session",
                    day,
                    f"{year}/{month}",
                    f"Memoranda padomes sēde {month}/{year}",
                )
            )
        for month, town in ((3, "Cēsīs"), (6, "Rēzeknē"), (9, "Kuldīgā")):
            meeting_rows.append(
                _meeting_row(
                    council.id,
                    "visiting_session",
                    dt.date(year, month, 5),
                    "",
                    f"Izbraukuma sēde {town} {year}",
                )
            )
        meeting_rows.append(
            _meeting_row(
                council.id, "forum", dt.date(year, 9, 15), "", f"Memoranda padomes forums {year}"
            )
        )
        for group in groups:
            meeting_rows.append(
                _meeting_row(
                    group.id,
                    "working_group",
                    dt.date(year, 4, 10),
                    "",
                    f"{group.short_name} {year}",
                )
            )
    _insert(Meeting, meeting_rows)
    meeting_ids = _ids(Meeting, Meeting.title.in_([r["title"] for r in meeting_rows]))

    _insert(
        AgendaItem,
        [
            {
                "meeting_id": mid,
                "position": p,
                "title": f"Darba kārtības jautājums {p}",
                "presenter": "",
                "notes": "",
                "duration_minutes": 20,
            }
            for mid in meeting_ids
            for p in range(1, 6)
        ],
    )
    per_meeting = ATTENDANCE_ROWS // len(meeting_ids)
    attendance_rows = []
    for index, mid in enumerate(meeting_ids):
        count = per_meeting + (1 if index < ATTENDANCE_ROWS % len(meeting_ids) else 0)
        for pid in rng.sample(person_ids, count):
            attendance_rows.append(
                {
                    "meeting_id": mid,
                    "person_id": pid,
                    "note": "",
                    "delegate_for_id": None,
                    "mode": rng.choice(("in_person", "in_person", "remote", "absent", "excused")),
                    "representing_id": rng.choice(org_ids),
                }
            )
    _insert(Attendance, attendance_rows)

    visiting = [
        mid
        for mid, row in zip(meeting_ids, meeting_rows, strict=True)
        if row["kind"] in ("visiting_session", "forum")
    ]
    _insert(
        Breakout,
        [
            {
                "meeting_id": mid,
                "position": p,
                "topic": f"Darba grupa {p}",
                "facilitator": "",
                "summary": "",
                "participants_count": 20,
            }
            for mid in visiting
            for p in range(1, 5)
        ],
    )
    _insert(
        Conclusion,
        [
            {
                "meeting_id": mid,
                "kind": "issue" if p > 2 else "finding",
                "position": p,
                "text": f"Secinājums {p}",
                "breakout_id": None,
            }
            for mid in visiting
            for p in range(1, 5)
        ],
    )
    sessions = [
        mid for mid, row in zip(meeting_ids, meeting_rows, strict=True) if row["kind"] == "session"
    ]
    _insert(
        Decision,
        [
            {
                "meeting_id": mid,
                "position": p,
                "number": str(p),
                "title": f"Lēmums {p}",
                "text": "",
                "adopted": True,
                "vote_mode": "named",
                "agenda_item_id": None,
            }
            for mid in sessions
            for p in range(1, 4)
        ],
    )
    decision_ids = _ids(Decision, Decision.meeting_id.in_(sessions))
    _insert(
        Vote,
        [
            {
                "decision_id": did,
                "person_id": pid,
                "choice": rng.choice(("for", "for", "for", "abstain")),
            }
            for did in decision_ids
            for pid in voters
        ],
    )
    today = dt.date.today()
    _insert(
        Action,
        [
            {
                "title": f"Uzdevums {n}",
                "description": "",
                "meeting_id": rng.choice(meeting_ids),
                "conclusion_id": None,
                "decision_id": None,
                "owner_person_id": rng.choice(person_ids) if n % 2 else None,
                "owner_organisation_id": rng.choice(org_ids),
                "due_on": today + dt.timedelta(days=rng.randint(-3650, 365)),
                "status": rng.choice(("open", "in_progress", "done", "done", "dropped")),
                "completed_on": None,
                "version": 1,
                "created_at": dt.datetime.now(dt.UTC),
            }
            for n in range(1, ACTIONS + 1)
        ],
    )
    updates = _updates_and_calls(rng, [g.id for g in groups])
    return {
        "organisations": len(org_rows),
        "meetings": len(meeting_rows),
        "attendance rows": len(attendance_rows),
        "actions": ACTIONS,
        "monthly updates": updates,
        "calls": CALLS,
    }


def _updates_and_calls(rng: random.Random, group_ids: list[int]) -> int:
    """A published update for every month of the ten years the seed's own does not cover,
    and calls of every kind, most of them closed long ago."""
    taken = set(db.session.scalars(sa.select(MonthlyUpdate.month)))
    text = "\n\n".join(f"### Sadaļa {n}\n\n- ieraksts\n- vēl viens ieraksts" for n in range(8))
    now = dt.datetime.now(dt.UTC)
    rows = [
        {
            "month": month,
            "body_id": None,
            "title": f"Memoranda padomes aktualitātes: {month:%Y-%m}",
            "text": text,
            "status": "published",
            "published_at": riga_to_utc(month + dt.timedelta(days=33), dt.time(9, 0)),
            "visibility": "signatories" if month.month % 4 else "public",
            "drafted_for": "signatories" if month.month % 4 else "public",
            "version": 1,
            "created_at": now,
        }
        for month in (dt.date(year, m, 1) for year in YEARS for m in range(1, 13))
        if month not in taken and month < dt.date.today().replace(day=1)
    ]
    _insert(MonthlyUpdate, rows)
    today = dt.date.today()
    _insert(
        Call,
        [
            {
                "kind": rng.choice(("procurement", "expert_pool", "survey", "study", "other")),
                "title": f"Aicinājums {n}",
                "description": "Apraksts **Markdown** formātā.",
                "deadline_on": today + dt.timedelta(days=rng.randint(-3650, 60)),
                "deadline_time": None,
                "status": "open" if n % 3 else "closed",
                "body_id": rng.choice(group_ids) if group_ids and n % 2 else None,
                "link_url": "",
                "visibility": rng.choice(("signatories", "public", "internal")),
                "version": 1,
                "created_at": now,
            }
            for n in range(1, CALLS + 1)
        ],
    )
    return len(rows)


def _meeting_row(body_id, kind, day, number, title) -> dict:
    return {
        "body_id": body_id,
        "kind": kind,
        "number": number,
        "title": title,
        "starts_at": riga_to_utc(day, dt.time(10, 0)),
        "ends_at": riga_to_utc(day, dt.time(12, 0)),
        "place": "Rīga",
        "region": "Rīga",
        "online_url": "",
        "host_organisation_id": None,
        "status": "held" if day < dt.date.today() else "planned",
        "participants_count": None,
        "visibility": "members",
        "follows_id": None,
        "description": "",
        "version": 1,
        "created_at": dt.datetime.now(dt.UTC),
    }
