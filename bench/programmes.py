"""A plan page with 500 measures and its charts against the meetings list page, served by
the same process.

    .venv/bin/python bench/programmes.py
    BENCH_DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/programmes.py

Loads the large demo data (as bench/pages.py does; BENCH_SCALE=seed for the seeds' only)
into a throw-away instance (SQLite there, or the given database, whose contents it
replaces), adds a public plan of 3 directions, 9 goals and 500 measures
(each with funding for two years, an implementer, statuses of every kind), signs in as
the demo staff account and times requests of both pages through the app (the test client:
routing, the database, templates; no network). Goal (issue 14): the plan page, whose
charts are cached after the first request, at most 2× the time of the meetings list.
Prints the first (uncached) plan request too. It measures; it never fails.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = int(os.environ.get("BENCH_RUNS", "40"))
#: the large demo data (as bench/pages.py): the meetings list shows a full page of 50
SCALE = os.environ.get("BENCH_SCALE", "large")
MEASURES = 500
GOAL = 2.0
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def main() -> None:
    instance = Path(tempfile.mkdtemp(prefix="secretariat-programmes-"))
    try:
        os.environ.update(SECRETARIAT_INSTANCE=str(instance), SECRETARIAT_ENV="development")
        if url := os.environ.get("BENCH_DATABASE_URL"):
            os.environ["DATABASE_URL"] = url
        else:
            os.environ.pop("DATABASE_URL", None)
        secretariat = str(Path(sys.executable).parent / "secretariat")
        quiet = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        if os.environ.get("BENCH_DATABASE_URL"):
            from secretariat import create_app as _create
            from secretariat.extensions import db as _db
            from tests.conftest import reset_schema

            with _create().app_context():
                reset_schema(_db.engine)
        subprocess.run([secretariat, "db", "upgrade"], **quiet)
        subprocess.run([secretariat, "demo", "load", "--scale", SCALE], **quiet)
        password = (instance / "demo-password.txt").read_text().strip()

        from secretariat import create_app
        from secretariat.core.charts import cache_info
        from secretariat.extensions import db
        from secretariat.organisations.models import Organisation
        from secretariat.programmes import services

        app = create_app()
        with app.app_context():
            ministry = db.session.scalar(
                db.select(Organisation).where(Organisation.name == "Kultūras ministrija")
            )
            plan = services.create_plan(
                title="Plāns ar 500 pasākumiem",
                first_year=2019,
                last_year=2020,
                responsible_id=ministry.id,
                visibility="public",
            )
            goals = []
            for d in range(1, 4):
                direction = services.add_direction(plan, str(d), f"Rīcības virziens {d}")
                goals += [
                    services.add_goal(direction, f"{d}.{g}", f"Mērķis {d}.{g}") for g in (1, 2, 3)
                ]
            statuses = ("carried_out",) * 7 + ("not_funded", "in_progress", "cancelled")
            for i in range(MEASURES):
                goal = goals[i % len(goals)]
                status = statuses[i % len(statuses)]
                services.add_measure(
                    plan,
                    goal_id=goal.id,
                    number=f"{goal.number}.{i + 1}",
                    title=f"Pasākums Nr. {i + 1}: līdzdalības veicināšana reģionos",
                    responsible_id=ministry.id,
                    implementer_ids=[ministry.id],
                    status=status,
                    status_reason="Covid-19 ierobežojumu dēļ" if status == "cancelled" else "",
                    result="Sasniegts plānotais rezultāts. " * 3,
                    funding={2019: Decimal("1000.10"), 2020: Decimal("2500.55")},
                )
            db.session.commit()
            plan_id = plan.id

        client = app.test_client()
        token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
        client.post(
            "/login",
            data={"email": "staff@example.org", "password": password, "csrf_token": token},
        )
        pages = {"meetings list": "/meetings/", "plan page": f"/programmes/plans/{plan_id}"}

        started = time.perf_counter()
        first = client.get(pages["plan page"])
        uncached = time.perf_counter() - started
        assert first.status_code == 200 and first.data.count(b"<svg") >= 2

        def timed(path: str) -> float:
            """The best of five rounds, taking turns with the other page: the machine is
            shared, and a round another process slowed down says nothing of the page."""
            started = time.perf_counter()
            for _ in range(RUNS // 5):
                client.get(path)
            return (time.perf_counter() - started) / (RUNS // 5)

        for path in pages.values():
            for _ in range(3):
                assert client.get(path).status_code == 200, path  # warm
        rounds = {name: [] for name in pages}
        for _ in range(5):
            for name, path in pages.items():
                rounds[name].append(timed(path))
        results = {name: min(times) for name, times in rounds.items()}
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats

            cProfile.runctx(
                "for _ in range(20): client.get(pages['plan page'])",
                globals(),
                locals(),
                "/tmp/plan.prof",
            )
            pstats.Stats("/tmp/plan.prof").sort_stats("cumulative").print_stats(40)
        ratio = results["plan page"] / results["meetings list"]
        database = "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL") else "SQLite"
        print(
            f"{database}, {SCALE} demo data, {RUNS} requests each (best of 5 rounds), "
            "one process (test client)"
        )
        print(f"meetings list:                 {results['meetings list'] * 1000:7.1f} ms")
        print(f"plan page, {MEASURES} measures:        {results['plan page'] * 1000:7.1f} ms")
        print(f"plan page, first (charts drawn): {uncached * 1000:5.0f} ms")
        print(f"ratio: {ratio:.2f}× (goal ≤ {GOAL:.0f}×); chart cache: {cache_info()}")
        if ratio > GOAL:
            print("BUDGET MISSED")
    finally:
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
