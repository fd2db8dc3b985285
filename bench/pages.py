"""Page throughput under gunicorn with the large demo data, as a share of hello-world.

    make bench                      # SQLite in a throw-away instance folder
    BENCH_DATABASE_URL=postgresql+psycopg://… make bench   # an empty PostgreSQL database
    BENCH_SECONDS=5 make bench      # shorter runs

Prints, for each page and the account that reads it: requests per second, the ratio to a
hello-world route served by the same gunicorn command in the same run, the 50th and 95th
percentile latency, and the SQL statements one request runs (the "signed-in frame" line is a
staff page with nothing on it: the most any staff page can reach); then each worker's memory
after warm-up and after the rest of the run. Budgets (DESIGN.md): every page at least 30%
of hello-world (the meeting page with 100 attendees 20%), p95 under 25 ms, at most 12
statements, memory flat after warm-up. It measures; it never fails on a missed budget, it
says so.
"""

import contextlib
import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
MIN_RATIO, MIN_MEETING_RATIO, MAX_P95_MS, MAX_STATEMENTS = 0.30, 0.20, 25, 12
#: memory may settle a little after warm-up; more than this per worker is growth
MAX_GROWTH_MB = 8
STAFF = "staff@example.org"
SIGNATORY = "signatory@example.org"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# Sessions are bound to the browser's address and User-Agent (Flask-Login's "strong"
# protection): wrk must send the one the session was opened with, or every page it asks
# for is a redirect to the sign-in page.
USER_AGENT = "secretariat-bench"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    reader: str | None = STAFF  # None: no account
    min_ratio: float = MIN_RATIO
    #: a yardstick served by bench/wsgi.py, not a page of the app: no budget
    reference: bool = False


@dataclass(frozen=True)
class Run:
    requests: int
    rate: float
    p50_ms: float
    p95_ms: float


def pages(meeting_id: int) -> list[Page]:
    return [
        Page("hello-world", "/__hello", None, reference=True),
        Page("signed-in frame", "/__frame", reference=True),
        Page("start page", "/"),
        Page("dashboard", "/dashboard/"),
        Page("search", "/search/?q=s%C4%93de"),
        Page("meetings list", "/meetings/"),
        Page("meeting page", f"/meetings/{meeting_id}", min_ratio=MIN_MEETING_RATIO),
        Page("bodies", "/bodies/"),
        Page("follow-up tracker", "/followups/"),
        Page("register list", "/organisations/"),
        Page("people", "/people/"),
        Page("programmes", "/programmes/"),
        Page("monthly updates", "/updates/"),
        Page("calls", "/calls/"),
        Page("nominations", "/rounds/"),
        Page("outbox", "/outbox/"),
        Page("portal home", "/portal/", SIGNATORY),
        Page("public page", "/public/", None),
        Page("public feed", "/updates/feed.atom", None),
        Page("API meetings", "/api/v1/meetings", None),
        Page("API organisations", "/api/v1/organisations", None),
        Page("API decisions", "/api/v1/decisions", None),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(args, env):
    print("$", " ".join(args), flush=True)
    subprocess.run(args, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def prepare(instance: Path) -> dict:
    env = {**os.environ, "SECRETARIAT_INSTANCE": str(instance), "SECRETARIAT_ENV": "development"}
    if url := os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = url
    else:
        env.pop("DATABASE_URL", None)
    run([str(BIN / "secretariat"), "db", "upgrade"], env)
    started = time.perf_counter()
    run([str(BIN / "secretariat"), "demo", "load", "--scale", "large"], env)
    print(f"  large demo data loaded in {time.perf_counter() - started:.0f} s", flush=True)
    os.environ.update(
        {k: env[k] for k in ("SECRETARIAT_INSTANCE", "DATABASE_URL", "SECRETARIAT_ENV") if k in env}
    )
    if "DATABASE_URL" not in env:
        os.environ.pop("DATABASE_URL", None)
    return env


class Harness:
    """The app in this process, on the bench's database: it sets the demo staff account's
    authenticator up (staff sign in with a second factor), finds the heaviest meeting and
    counts statements."""

    def __init__(self):
        import pyotp

        from secretariat import create_app
        from secretariat.auth.models import User
        from secretariat.core.types import utcnow
        from secretariat.extensions import db

        self.app, self.db, self.User = create_app(), db, User
        with self.app.app_context():
            staff = db.session.scalar(db.select(User).where(User.email == STAFF))
            staff.totp_secret, staff.totp_confirmed_at = pyotp.random_base32(), utcnow()
            self.secret = staff.totp_secret
            db.session.commit()

    def code(self) -> str:
        """A fresh code: the last one used is forgotten, as this harness signs in twice."""
        import pyotp

        with self.app.app_context():
            self.db.session.execute(
                self.db.update(self.User)
                .where(self.User.email == STAFF)
                .values(totp_last_step=None)
            )
            self.db.session.commit()
        return pyotp.TOTP(self.secret).now()

    def busiest_session(self) -> int:
        """A council session with the most attendance rows: the heaviest meeting page."""
        import sqlalchemy as sa

        from secretariat.meetings.models import Attendance, Meeting

        with self.app.app_context():
            return self.db.session.execute(
                sa.select(Attendance.meeting_id)
                .join(Meeting)
                .where(Meeting.kind == "session")
                .group_by(Attendance.meeting_id)
                .order_by(sa.func.count().desc())
                .limit(1)
            ).scalar_one()

    def statement_counts(self, pages: list[Page], password: str) -> dict[str, int]:
        """SQL statements one request of each page runs, each read by its account."""
        from sqlalchemy import event

        clients = {None: self.app.test_client()}
        for email in {page.reader for page in pages} - {None}:
            client = clients[email] = self.app.test_client()
            token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
            answer = client.post(
                "/login", data={"email": email, "password": password, "csrf_token": token}
            )
            if answer.headers.get("Location") == "/login/two-factor":
                page = client.get("/login/two-factor").get_data(as_text=True)
                client.post(
                    "/login/two-factor",
                    data={"code": self.code(), "csrf_token": CSRF.search(page).group(1)},
                )
        with self.app.app_context():
            engine = self.db.engine
        counts = {}
        for page in pages:
            client = clients[page.reader]
            client.get(page.path)
            seen = []

            def listener(*args, _seen=seen):
                _seen.append(1)

            event.listen(engine, "before_cursor_execute", listener)
            try:
                assert client.get(page.path).status_code == 200, page.path
            finally:
                event.remove(engine, "before_cursor_execute", listener)
            counts[page.name] = len(seen)
        return counts


def sign_in(base: str, password: str, email: str, code=None) -> str:
    """The session cookie of a demo account, got the way a browser gets it."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    token = CSRF.search(opener.open(f"{base}/login").read().decode()).group(1)
    data = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token})
    answer = opener.open(f"{base}/login", data.encode())
    if answer.url.endswith("/login/two-factor"):
        token = CSRF.search(answer.read().decode()).group(1)
        data = urllib.parse.urlencode({"code": code(), "csrf_token": token})
        opener.open(f"{base}/login/two-factor", data.encode())
    session = next((c.value for c in jar if c.name == "session"), None)
    if session is None:
        raise SystemExit(f"could not sign in as the demo account {email}")
    return session


def headers(cookie: str | None) -> dict[str, str]:
    return {"User-Agent": USER_AGENT, **({"Cookie": f"session={cookie}"} if cookie else {})}


def check_page(base: str, path: str, cookie: str | None) -> None:
    request = urllib.request.Request(base + path, headers=headers(cookie))

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    try:
        status = urllib.request.build_opener(NoRedirect).open(request).status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise SystemExit(f"{path} answered {status}, not 200: is the session cookie right?")


def wrk(base: str, path: str, cookie: str | None, seconds: int = SECONDS) -> Run:
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "-s", "bench/latency.lua"]
    for name, value in headers(cookie).items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run(
        [*args, base + path], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    requests, p50, p95, failed = map(int, re.search(r"^BENCH (.*)$", out, re.M).group(1).split())
    if failed or "Non-2xx" in out:
        raise SystemExit(f"{path}: some answers were not 2xx:\n{out}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return Run(requests, rate, p50 / 1000, p95 / 1000)


def worker_memory(master: int) -> dict[int, float]:
    """Resident memory (MB) of each of gunicorn's workers."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    memory = {}
    for pid in map(int, children):
        status = Path(f"/proc/{pid}/status").read_text()
        memory[pid] = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024
    return memory


def start_server(env: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "-c",
            "python:secretariat.serving",
            "-w",
            str(WORKERS),
            "-k",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "bench.wsgi:app",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    for _ in range(100):
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"{base}/health", timeout=1)
            return server, base
        time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def report(runs: dict[str, Run], counts: dict[str, int], all_pages: list[Page]) -> list[str]:
    hello = runs["hello-world"]
    print(f"{'page':<20} {'req/s':>8} {'of hello':>9} {'p50 ms':>7} {'p95 ms':>7} {'SQL':>4}")
    missed = []
    for page in all_pages:
        result = runs[page.name]
        ratio = result.rate / hello.rate
        statements = counts.get(page.name, "-")
        print(
            f"{page.name:<20} {result.rate:>8.1f} {ratio:>9.0%} {result.p50_ms:>7.1f} "
            f"{result.p95_ms:>7.1f} {statements:>4}"
        )
        if page.reference:
            continue
        if ratio < page.min_ratio:
            missed.append(f"{page.name} at {ratio:.0%} of hello-world ({page.min_ratio:.0%})")
        if result.p95_ms > MAX_P95_MS:
            missed.append(f"{page.name}: p95 {result.p95_ms:.1f} ms ({MAX_P95_MS} ms)")
        if statements != "-" and statements > MAX_STATEMENTS:
            missed.append(f"{page.name} runs {statements} statements ({MAX_STATEMENTS})")
    return missed


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    instance = Path(tempfile.mkdtemp(prefix="secretariat-bench-"))
    server = None
    try:
        env = prepare(instance)
        password = (instance / "demo-password.txt").read_text().strip()
        harness = Harness()
        all_pages = pages(harness.busiest_session())
        server, base = start_server(env)
        cookies = {None: None, SIGNATORY: sign_in(base, password, SIGNATORY)}
        cookies[STAFF] = sign_in(base, password, STAFF, harness.code)
        for page in all_pages:
            check_page(base, page.path, cookies[page.reader])
        for page in all_pages:  # warm-up: every page once through each worker, and more
            wrk(base, page.path, cookies[page.reader], seconds=1)
        warm = worker_memory(server.pid)
        print(
            f"\nwrk: {SECONDS} s per page, {CONNECTIONS} connections, "
            f"gunicorn {WORKERS} sync workers\n",
            flush=True,
        )
        runs = {page.name: wrk(base, page.path, cookies[page.reader]) for page in all_pages}
        after = worker_memory(server.pid)
        counts = harness.statement_counts(
            [page for page in all_pages if not page.reference], password
        )
        missed = report(runs, counts, all_pages)
        served = sum(result.requests for result in runs.values())
        print(f"\nworker memory (MB) after warm-up → after {served:,} more requests:")
        for pid in sorted(warm):
            growth = after.get(pid, 0) - warm[pid]
            print(f"  worker {pid}: {warm[pid]:.0f} → {after.get(pid, 0):.0f} ({growth:+.1f})")
            if pid not in after:
                missed.append(f"worker {pid} did not last the run")
            elif growth > MAX_GROWTH_MB:
                missed.append(f"worker {pid} grew {growth:.0f} MB after warm-up")
        print("\n".join(["", *(f"BUDGET MISSED: {m}" for m in missed)]) or "")
        if not missed:
            print("\nall pages within budget")
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
