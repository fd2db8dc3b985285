"""Enterprise Register sync of a 500,000-row register.csv, against a bare csv.reader pass.

    .venv/bin/python bench/register_sync.py        # BENCH_ROWS=500000 by default

Loads the large demo data (5,000 signatories) into a throw-away instance, writes a
register.csv in the open-data format (our signatories among the rows, some terminated,
liquidated, reorganised or renamed), then times in one process: a bare csv.reader pass
over the file, and `sync_register` applying it. Goals (DESIGN.md): at most 3× the bare
pass, peak memory under 200 MB.
"""

import csv
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ROWS = int(os.environ.get("BENCH_ROWS", "500000"))


def write_register(path: Path, ours: list[str]) -> None:
    from secretariat.organisations.register_sync import COLUMNS

    rng = random.Random(7)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(COLUMNS)
        for n in range(ROWS):
            if n < len(ours):
                regcode, name = ours[n], f"Biedrība {n}"
                terminated = "2024-03-01" if n % 10 == 0 else ""
                closed = "L" if n % 25 == 0 else ("R" if n % 40 == 0 else " ")
            else:
                regcode, name, terminated, closed = f"5{n:010d}", f"SIA Uzņēmums {n}", "", " "
            writer.writerow(
                [
                    regcode,
                    "",
                    name,
                    "",
                    name,
                    "",
                    name,
                    "SIA",
                    "Komercreģistrs",
                    "SIA",
                    "Sabiedrība ar ierobežotu atbildību",
                    "2005-05-05",
                    terminated,
                    closed,
                    f"Rīga, Brīvības iela {rng.randint(1, 200)}",
                    "LV-1010",
                    "100000000",
                    "Rīga",
                    "Rīga",
                    "0010000",
                    "",
                ]
            )


def main() -> None:
    instance = Path(tempfile.mkdtemp(prefix="secretariat-sync-"))
    try:
        os.environ.update(SECRETARIAT_INSTANCE=str(instance), SECRETARIAT_ENV="development")
        os.environ.pop("DATABASE_URL", None)
        if url := os.environ.get("BENCH_DATABASE_URL"):
            os.environ["DATABASE_URL"] = url
        binary = Path(sys.executable).parent / "secretariat"
        for args in (["db", "upgrade"], ["demo", "load", "--scale", "large"]):
            subprocess.run(
                [str(binary), *args],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

        from secretariat import create_app
        from secretariat.extensions import db
        from secretariat.organisations.models import Organisation
        from secretariat.organisations.register_sync import sync_register

        app = create_app()
        with app.app_context():
            ours = list(
                db.session.scalars(
                    db.select(Organisation.registration_number).where(
                        Organisation.registration_number.is_not(None),
                        Organisation.memorandum_signed_on.is_not(None),
                    )
                )
            )
            path = instance / "register.csv"
            write_register(path, ours)
            size = path.stat().st_size / 1e6
            print(f"register.csv: {ROWS:,} rows, {size:.0f} MB, {len(ours):,} of them ours")

            started = time.perf_counter()
            with path.open(encoding="utf-8-sig", newline="") as lines:
                for _row in csv.reader(lines, delimiter=";"):
                    pass
            bare = time.perf_counter() - started

            started = time.perf_counter()
            with path.open(encoding="utf-8-sig", newline="") as lines:
                report = sync_register(lines, apply=True)
            db.session.commit()
            synced = time.perf_counter() - started

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        ratio = synced / bare
        print(f"bare csv.reader pass: {bare:.2f} s")
        print(f"sync_register:        {synced:.2f} s  ({ratio:.2f}× the bare pass; goal ≤ 3×)")
        print(
            f"struck off {len(report.struck_off):,}, names differ {len(report.renamed):,}, "
            f"not found {len(report.not_found):,}"
        )
        print(f"peak memory of the process: {peak:.0f} MB (goal < 200 MB)")
        if ratio > 3 or peak >= 200:
            print("BUDGET MISSED")
    finally:
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
