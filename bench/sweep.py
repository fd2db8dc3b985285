"""One reminder sweep over 1,000 and over 100,000 follow-up actions (1,000 meetings each).

    .venv/bin/python bench/sweep.py
    BENCH_DATABASE_URL=postgresql+psycopg://user:pw@host/scratch .venv/bin/python bench/sweep.py

Without BENCH_DATABASE_URL it runs on a fresh SQLite file; with it, on that database,
WHOSE CONTENTS ARE REPLACED (use a scratch database). Both runs hold the same things in
every rule's window: meetings to invite to and remind of, held meetings without minutes,
a session whose signatory call is planned, actions due soon, overdue yesterday and long
overdue (the weekly digest: it is Monday 08:00), and a nomination round. Everything else
lies outside the windows. A sweep that reads only its windows through the indexes takes
about as long with 100,000 actions as with 1,000 (goal: at most 2×).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MEETINGS = 1000

SETUP = """
import datetime as dt, time, sqlalchemy as sa
from secretariat import create_app
from secretariat.extensions import db
from secretariat.auth.models import User
from secretariat.bodies.models import Body, Membership, NominationRound
from secretariat.core.dates import riga_to_utc
from secretariat.followups.models import Action
from secretariat.meetings.models import Meeting
from secretariat.organisations.models import Organisation
from secretariat.people.models import Person
from secretariat.reminders.rules import sweep

ACTIONS = {actions}
app = create_app()
now = riga_to_utc(dt.date(2026, 6, 1), dt.time(8, 0))  # a Monday: the digest's day
today = now.date()
with app.app_context():
    body = Body(name="Padome", kind="council")
    db.session.add(body)
    owner = Person(name="Atbildīgais", emails="owner@example.lv")
    db.session.add(owner)
    db.session.flush()
    for n in range(20):
        member = Person(name=f"Loceklis {{n}}", emails=f"loceklis{{n}}@example.lv")
        db.session.add(member)
        db.session.flush()
        db.session.add(Membership(person_id=member.id, body_id=body.id, position="member",
                                  voting_right=True, start_on=dt.date(2020, 1, 1)))
    for n in range(30):
        db.session.add(Organisation(name=f"Biedrība {{n}}", emails=f"info{{n}}@biedriba.lv",
                                    memorandum_signed_on=dt.date(2015, 1, 1)))
    for n in range(3):
        db.session.add(User(email=f"staff{{n}}@example.lv", password_hash="x", role="staff",
                            name="Staff", locale="lv", active=True))
    db.session.add(NominationRound(body_id=body.id, period="2026-1", opens_on=today,
                                   closes_on=today + dt.timedelta(days=2),
                                   term_starts_on=today + dt.timedelta(days=30)))

    def meeting(n, starts_at, kind="working_group", status="planned", visibility="members"):
        return dict(body_id=body.id, kind=kind, number="", title=f"Sanāksme {{n}}",
                    starts_at=starts_at, place="", region="", online_url="", status=status,
                    visibility=visibility, description="", version=1, created_at=now)

    in_windows = [meeting(n, now + dt.timedelta(days=1 + n)) for n in range(5)]  # invitations
    in_windows += [meeting(5 + n, now - dt.timedelta(days=8 + n), status="held")
                   for n in range(3)]  # minutes not circulated
    in_windows.append(meeting(8, now + dt.timedelta(days=10), kind="session"))  # its call
    elsewhere = [meeting(n, now + dt.timedelta(days=60 + n % 900), status="planned")
                 for n in range(len(in_windows), {meetings})]
    db.session.execute(sa.insert(Meeting), in_windows + elsewhere)

    def action(n, due):
        return dict(title=f"Uzdevums {{n}}", description="", owner_person_id=owner.id,
                    due_on=due, status="open", version=1, created_at=now)

    rows = [action(n, today + dt.timedelta(days=1)) for n in range(20)]  # due soon
    rows += [action(n, today - dt.timedelta(days=1)) for n in range(20, 40)]  # overdue
    rows += [action(n, today - dt.timedelta(days=30 + n % 20)) for n in range(40, 120)]  # digest
    rows += [action(n, today + dt.timedelta(days=60 + n % 3000)) for n in range(120, ACTIONS)]
    for start in range(0, len(rows), 10_000):
        db.session.execute(sa.insert(Action), rows[start:start + 10_000])
    db.session.commit()
    with db.engine.begin() as conn:  # fresh statistics, as a live database has
        conn.execute(sa.text("ANALYZE"))
    started = time.perf_counter(); written = sweep(now); first = time.perf_counter() - started
    started = time.perf_counter(); sweep(now + dt.timedelta(minutes=1))
    again = time.perf_counter() - started
    print(first, again, written, db.engine.dialect.name)
"""


def _reset(url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def measure(actions: int) -> tuple[float, float, int, str]:
    instance = Path(tempfile.mkdtemp(prefix="secretariat-sweep-"))
    try:
        env = {
            **os.environ,
            "SECRETARIAT_INSTANCE": str(instance),
            "SECRETARIAT_ENV": "development",
        }
        env.pop("DATABASE_URL", None)
        if url := os.environ.get("BENCH_DATABASE_URL"):
            _reset(url)
            env["DATABASE_URL"] = url
        subprocess.run(
            [str(Path(sys.executable).parent / "secretariat"), "db", "upgrade"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        out = subprocess.run(
            [sys.executable, "-c", SETUP.format(actions=actions, meetings=MEETINGS)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        return float(out[0]), float(out[1]), int(out[2]), out[3]
    finally:
        shutil.rmtree(instance, ignore_errors=True)


def main() -> None:
    small = measure(1_000)
    large = measure(100_000)
    print(f"database: {small[3]}")
    print(f"{'actions':>9} {'first sweep':>12} {'next sweep':>11} {'written':>8}")
    for count, (first, again, written, _db) in (("1,000", small), ("100,000", large)):
        print(f"{count:>9} {first * 1000:>10.0f}ms {again * 1000:>9.0f}ms {written:>8}")
    ratio = large[0] / small[0]
    print(f"100,000 rows take {ratio:.2f}× the time of 1,000 (goal ≤ 2×)")
    print(f"the next sweep, with everything written: {large[1] / small[1]:.2f}×")
    if ratio > 2:
        print("BUDGET MISSED")


if __name__ == "__main__":
    main()
