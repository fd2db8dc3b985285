"""`secretariat demo serve`: what `make run` starts: the development web server and the
scheduler beside it, then, once the server listens, how to sign in (the address last)."""

import signal
import subprocess
import sys
from pathlib import Path

import click
from flask import current_app
from werkzeug.serving import make_server

from .seed import DEMO_ACCOUNTS, demo_password


def start_scheduler(log_path: Path) -> subprocess.Popen:
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "secretariat", "scheduler", "run"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def serve(host: str, port: int) -> None:
    app = current_app._get_current_object()
    server = make_server(host, port, app, threaded=True)
    log_path = Path(app.instance_path) / "scheduler.log"
    scheduler = start_scheduler(log_path)
    click.echo(f"The scheduler runs beside the web server; its log: {log_path}")
    click.echo("Demo accounts, one password for all:")
    for email, role, _name in DEMO_ACCOUNTS:
        click.echo(f"  {role:<10} {email}")
    click.echo("  (admin and staff set up two-factor sign-in, any authenticator app, at first)")
    click.echo(f"  password   {demo_password(app.instance_path)}")
    click.echo(f"Open http://{host}:{server.server_port} (Ctrl+C stops both).")
    # stopped by a signal (a terminal closed, `kill`), the scheduler stops with the server
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        scheduler.terminate()
        scheduler.wait(timeout=10)
