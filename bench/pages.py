"""Page throughput under gunicorn with the large demo data, as a share of hello-world.

    make bench                      # SQLite in a throw-away instance folder
    BENCH_DATABASE_URL=postgresql+psycopg://… make bench
    BENCH_SECONDS=5 make bench      # shorter runs

Prints, for each page, requests per second, the ratio to a hello-world route served by
the same gunicorn command in the same run, and the SQL statements one request runs.
Budgets (DESIGN.md): at least 30% of hello-world, at most 12 statements. It measures;
it never fails on a missed budget, it says so.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
MIN_RATIO, MAX_STATEMENTS = 0.30, 12
STAFF = "staff@example.org"
SIGNATORY = "signatory@example.org"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# Sessions are bound to the browser's address and User-Agent (Flask-Login's "strong"
# protection): wrk must send the one the session was opened with, or every page it asks
# for is a redirect to the sign-in page.
USER_AGENT = "secretariat-bench"


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
    return env


def sign_in(base: str, password: str, email: str = STAFF) -> str:
    """The session cookie of a demo account, got the way a browser gets it."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", USER_AGENT)]
    token = CSRF.search(opener.open(f"{base}/login").read().decode()).group(1)
    data = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token})
    opener.open(f"{base}/login", data.encode())
    session = next((c.value for c in jar if c.name == "session"), None)
    if session is None:
        raise SystemExit(f"could not sign in as the demo account {email}")
    return session


def check_page(base: str, path: str, cookie: str) -> None:
    request = urllib.request.Request(
        base + path, headers={"Cookie": f"session={cookie}", "User-Agent": USER_AGENT}
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    try:
        status = urllib.request.build_opener(NoRedirect).open(request).status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        raise SystemExit(f"{path} answered {status}, not 200: is the session cookie right?")


def wrk(base: str, path: str, cookie: str) -> float:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{SECONDS}s",
            "-H",
            f"Cookie: session={cookie}",
            "-H",
            f"User-Agent: {USER_AGENT}",
            base + path,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise SystemExit(f"{path}: some answers were not 2xx:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def statement_counts(
    env: dict, paths: dict[str, str], password: str, readers: dict[str, str]
) -> dict[str, int]:
    """SQL statements one request of each page runs, counted in this process, each page
    read by its account (staff unless `readers` names another)."""
    os.environ.update(
        {
            k: v
            for k, v in env.items()
            if k in ("SECRETARIAT_INSTANCE", "DATABASE_URL", "SECRETARIAT_ENV")
        }
    )
    from sqlalchemy import event

    from secretariat import create_app
    from secretariat.extensions import db

    app = create_app()
    clients = {}
    for email in {STAFF, *readers.values()}:
        clients[email] = app.test_client()
        token = CSRF.search(clients[email].get("/login").get_data(as_text=True)).group(1)
        clients[email].post(
            "/login", data={"email": email, "password": password, "csrf_token": token}
        )
    with app.app_context():
        engine = db.engine
    counts = {}
    for name, path in paths.items():
        client = clients[readers.get(name, STAFF)]
        client.get(path)
        seen = []

        def listener(*args, _seen=seen):
            _seen.append(1)

        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(path).status_code == 200, path
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        counts[name] = len(seen)
    return counts


def busiest_session(env: dict) -> int:
    """A council session with the most attendance rows: the heaviest meeting page."""
    code = (
        "from secretariat import create_app; from secretariat.extensions import db; "
        "import sqlalchemy as sa; from secretariat.meetings.models import Attendance as A, "
        "Meeting as M\napp = create_app()\nwith app.app_context():\n"
        "  print(db.session.execute(sa.select(A.meeting_id).join(M).where(M.kind == 'session')"
        ".group_by(A.meeting_id).order_by(sa.func.count().desc()).limit(1)).scalar())"
    )
    return int(
        subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )


def main() -> None:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    instance = Path(tempfile.mkdtemp(prefix="secretariat-bench-"))
    server = None
    try:
        env = prepare(instance)
        password = (instance / "demo-password.txt").read_text().strip()
        meeting = busiest_session(env)
        pages = {
            "hello-world": "/__hello",
            "meetings list": "/meetings/",
            "meeting page": f"/meetings/{meeting}",
            "follow-up tracker": "/followups/",
            "dashboard": "/",
            "register list": "/organisations/",
            "public API list": "/api/v1/meetings",
            "portal home": "/portal/",
        }
        #: pages read by another demo account than staff: the portal is the signatories' home
        readers = {"portal home": SIGNATORY}
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
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
                break
            time.sleep(0.2)
        cookies = {email: sign_in(base, password, email) for email in {STAFF, SIGNATORY}}
        cookie_of = {name: cookies[readers.get(name, STAFF)] for name in pages}
        for name, path in pages.items():
            check_page(base, path, cookie_of[name])
        print(
            f"\nwrk: {SECONDS} s per page, {CONNECTIONS} connections, "
            f"gunicorn {WORKERS} sync workers\n",
            flush=True,
        )
        rates = {name: wrk(base, path, cookie_of[name]) for name, path in pages.items()}
        counts = statement_counts(
            env, {k: v for k, v in pages.items() if k != "hello-world"}, password, readers
        )
        hello = rates["hello-world"]
        print(f"{'page':<20} {'req/s':>9} {'of hello':>9} {'statements':>11}")
        print(f"{'hello-world':<20} {hello:>9.1f} {'100%':>9} {'-':>11}")
        missed = []
        for name in pages:
            if name == "hello-world":
                continue
            ratio = rates[name] / hello
            print(f"{name:<20} {rates[name]:>9.1f} {ratio:>9.0%} {counts[name]:>11}")
            if ratio < MIN_RATIO:
                missed.append(
                    f"BUDGET MISSED: {name} at {ratio:.0%} of hello-world (budget {MIN_RATIO:.0%})"
                )
            if counts[name] > MAX_STATEMENTS:
                missed.append(
                    f"BUDGET MISSED: {name} runs {counts[name]} statements "
                    f"(budget {MAX_STATEMENTS})"
                )
        print("\n".join(["", *missed]) if missed else "\nall pages within budget")
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    main()
