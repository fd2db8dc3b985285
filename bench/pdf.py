"""Minutes PDF of a full session against a one-page PDF, rendered by the same process.

    .venv/bin/python bench/pdf.py

A session of 15 agenda items, 40 attendees and 10 decisions with named votes.
Goal (DESIGN.md): the minutes take at most 3× the time of a one-page PDF.
"""

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = 5


def main() -> None:
    instance = Path(tempfile.mkdtemp(prefix="secretariat-pdf-"))
    try:
        os.environ.update(SECRETARIAT_INSTANCE=str(instance), SECRETARIAT_ENV="development")
        os.environ.pop("DATABASE_URL", None)
        subprocess.run(
            [str(Path(sys.executable).parent / "secretariat"), "db", "upgrade"],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        from flask import render_template

        from secretariat import create_app
        from secretariat.bodies.models import Body, Membership
        from secretariat.core.dates import riga_to_utc
        from secretariat.core.pdf import render_pdf
        from secretariat.decisions.services import record_decision, record_votes
        from secretariat.documents.builders import minutes_html
        from secretariat.extensions import db
        from secretariat.meetings.models import Meeting
        from secretariat.meetings.queries import meeting_page_options
        from secretariat.meetings.services import add_agenda_item, create_meeting, record_attendance
        from secretariat.organisations.models import Organisation
        from secretariat.people.models import Person

        app = create_app()
        with app.app_context(), app.test_request_context():
            body = Body(name="Memoranda padome", kind="council")
            db.session.add(body)
            db.session.flush()
            meeting = create_meeting(
                body_id=body.id,
                kind="session",
                number="9",
                title="Memoranda padomes sēde",
                place="Rīga",
                starts_at=riga_to_utc(dt.date(2025, 9, 24), dt.time(10)),
            )
            people = []
            for n in range(40):
                org = Organisation(name=f"Biedrība Ābele {n}")
                person = Person(name=f"Persona Bērziņa {n}", organisation=org)
                db.session.add_all([org, person])
                db.session.flush()
                db.session.add(
                    Membership(
                        person=person,
                        body=body,
                        position="member",
                        start_on=dt.date(2020, 1, 1),
                        voting_right=True,
                    )
                )
                record_attendance(
                    meeting, person, "in_person" if n % 5 else "remote", representing=org
                )
                people.append(person)
            items = [
                add_agenda_item(
                    meeting,
                    f"Jautājums Nr. {n} par līdzdalību",
                    notes="Pārrunāja sīki un izvērsti. " * 12,
                )
                for n in range(1, 16)
            ]
            for n in range(10):
                decision = record_decision(
                    meeting,
                    title=f"Lēmums {n}",
                    number=str(n + 1),
                    agenda_item_id=items[n].id,
                    adopted=True,
                    text="1. Atbalstīt.\n2. Uzdot sekretariātam.",
                )
                record_votes(decision, {p: "for" for p in people[:30]})
            db.session.commit()
            full = db.session.get(Meeting, meeting.id, options=meeting_page_options())
            html = minutes_html(full)
            if os.environ.get("BENCH_DUMP"):
                Path(os.environ["BENCH_DUMP"]).write_text(html)
            one_page = render_template(
                "documents/pdf/attendance_sheet.html",
                meeting=full,
                rows=[("Anna Bērziņa", "Ābele")],
                locale="lv",
            )
            render_pdf(one_page)  # warm fonts and caches

            def timed(document: str) -> float:
                started = time.perf_counter()
                for _ in range(RUNS):
                    render_pdf(document)
                return (time.perf_counter() - started) / RUNS

            small, large = timed(one_page), timed(html)
            if os.environ.get("BENCH_PROFILE"):
                import cProfile
                import pstats

                cProfile.runctx("render_pdf(html)", globals(), locals(), "/tmp/pdf.prof")
                pstats.Stats("/tmp/pdf.prof").sort_stats("cumulative").print_stats(25)
        print(f"one-page PDF:   {small * 1000:.0f} ms")
        print(f"session minutes: {large * 1000:.0f} ms  ({large / small:.2f}×; goal ≤ 3×)")
        if large / small > 3:
            print("BUDGET MISSED")
    finally:
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
