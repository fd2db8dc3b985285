"""One reminder sweep over 1,000 and over 100,000 follow-up actions (1,000 meetings each).

    .venv/bin/python bench/sweep.py

The same few actions and meetings are due in both runs; everything else lies outside
the rules' windows. A sweep that reads only its windows through the indexes takes
about as long with 100,000 rows as with 1,000 (goal: at most 2×).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DUE_ACTIONS = 20
MEETINGS = 1000


def measure(actions: int) -> tuple[float, float, int]:
    instance = Path(tempfile.mkdtemp(prefix="secretariat-sweep-"))
    try:
        env = {
            **os.environ,
            "SECRETARIAT_INSTANCE": str(instance),
            "SECRETARIAT_ENV": "development",
        }
        env.pop("DATABASE_URL", None)
        subprocess.run(
            [str(Path(sys.executable).parent / "secretariat"), "db", "upgrade"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        code = f"""
import datetime as dt, time, sqlalchemy as sa
from secretariat import create_app
from secretariat.extensions import db
from secretariat.bodies.models import Body
from secretariat.core.dates import riga_to_utc
from secretariat.followups.models import Action
from secretariat.meetings.models import Meeting
from secretariat.organisations.models import Person
from secretariat.reminders.rules import sweep
app = create_app()
now = riga_to_utc(dt.date(2026, 6, 1), dt.time(8, 0))
with app.app_context():
    body = Body(name="Padome", kind="council"); db.session.add(body)
    owner = Person(name="Atbildīgais", emails="owner@example.lv"); db.session.add(owner)
    db.session.flush()
    db.session.execute(sa.insert(Meeting), [dict(
        body_id=body.id, kind="working_group", number="", title=f"Sanāksme {{n}}",
        starts_at=now + dt.timedelta(days=30 + n), place="", region="", online_url="",
        status="planned", visibility="internal", description="", version=1,
        created_at=now) for n in range({MEETINGS})])
    rows = []
    for n in range({actions}):
        due = (now.date() + dt.timedelta(days=1) if n < {DUE_ACTIONS}
               else now.date() + dt.timedelta(days=60 + n % 3000))
        rows.append(dict(title=f"Uzdevums {{n}}", description="", owner_person_id=owner.id,
                         due_on=due, status="open", version=1, created_at=now))
    db.session.execute(sa.insert(Action), rows)
    db.session.commit()
    started = time.perf_counter(); written = sweep(now); first = time.perf_counter() - started
    started = time.perf_counter(); sweep(now + dt.timedelta(minutes=1))
    again = time.perf_counter() - started
    print(first, again, written)
"""
        out = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        return float(out[0]), float(out[1]), int(out[2])
    finally:
        shutil.rmtree(instance, ignore_errors=True)


def main() -> None:
    small = measure(1_000)
    large = measure(100_000)
    print(f"{'actions':>9} {'first sweep':>12} {'next sweep':>11} {'written':>8}")
    for count, (first, again, written) in (("1,000", small), ("100,000", large)):
        print(f"{count:>9} {first * 1000:>10.0f}ms {again * 1000:>9.0f}ms {written:>8}")
    ratio = large[0] / small[0]
    print(f"100,000 rows take {ratio:.2f}× the time of 1,000 (goal ≤ 2×)")
    if ratio > 2:
        print("BUDGET MISSED")


if __name__ == "__main__":
    main()
