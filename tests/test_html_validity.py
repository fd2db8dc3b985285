"""Every page type, as every role sees it, passes the Nu HTML checker with no error.

The pages are the access matrix's: every GET route with one of every record, for each
role that may open it, then the form pages as they come back with errors, and the error
pages. They are validated in one run of the checker (it takes many files), found as
`make test` found it (tests/needs.py: vnu-jar on a Java runtime)."""

import json
import subprocess

import pytest

from tests.needs import vnu_command

from .conftest import ROLES, csrf_token
from .test_access_matrix import _requests, sample  # noqa: F401 - the fixture

#: Markdown as staff type it: headings at every level, which the page nests under its own
MARKDOWN = """# Padomes sēde

Teksts ar **svarīgu** vārdu un [saiti](https://nvo.lv).

## Lēmumi

### Sīkāk

- viens
- divi

| Nr. | Lēmums |
| --- | --- |
| 1 | Pieņemts |
"""


@pytest.fixture
def rich_sample(app, sample, make_meeting):  # noqa: F811
    """The sample, with typed Markdown where pages show it, circulated minutes (the
    approval form), a meeting signatories can answer for and a call still open."""
    import datetime as dt

    from secretariat.core.types import utcnow
    from secretariat.documents import services as documents
    from secretariat.extensions import db
    from secretariat.meetings.models import AgendaItem, Meeting
    from secretariat.updates.models import MonthlyUpdate
    from secretariat.updates.services import create_call

    soon = (utcnow() + dt.timedelta(days=30)).date()
    make_meeting(title="Tiešsaistes saruna", day=soon, visibility="signatories")
    with app.app_context():
        for update in db.session.scalars(db.select(MonthlyUpdate)):
            update.text = MARKDOWN
        for item in db.session.scalars(db.select(AgendaItem)):
            item.notes = MARKDOWN
        meeting = db.session.get(Meeting, sample["meeting_id"])
        meeting.status = "held"
        minutes = documents.minutes_of(meeting)
        minutes.introduction = MARKDOWN
        documents.circulate(minutes, utcnow())
        create_call(
            kind="study",
            title="Pētījums",
            description=MARKDOWN,
            deadline_on=soon,
            visibility="public",
        )
        db.session.commit()
    return sample


def _save(folder, name: str, response, pages: list) -> None:
    if response.mimetype == "text/html" and response.status_code < 500:
        path = folder / f"{len(pages):03d}-{name}.html"
        body = response.data
        if not body.lstrip().lower().startswith(b"<!doctype"):
            # a fragment a page fetches (the minutes' preview): checked inside a document
            body = b'<!doctype html><html lang="lv"><head><title>-</title></head><body>' + body
            body += b"</body></html>"
        path.write_bytes(body)
        pages.append(path)


def _pages(app, client, login_as, records, folder) -> list:
    pages: list = []
    requests = _requests(app, records)
    for role in ROLES:
        with client.session_transaction() as session:
            session.clear()
        login_as(role)
        for endpoint, method, url in requests:
            if method == "GET":
                response = client.get(url)
                if response.status_code == 200:
                    _save(folder, f"{role}-{endpoint}", response, pages)
                response.close()
    # the forms as they come back with errors (staff post each one empty), and the error
    # pages: not found, forbidden, not allowed, an expired form
    token = csrf_token(client, "/login")
    for endpoint, method, url in requests:
        if method == "POST" and "delete" not in endpoint and endpoint != "auth.logout":
            _save(folder, f"errors-{endpoint}", client.post(url, data={"csrf_token": token}), pages)
    _save(folder, "404", client.get("/meetings/999999"), pages)
    _save(folder, "405", client.get("/logout"), pages)
    _save(folder, "400-csrf", client.post("/meetings/new", data={}), pages)
    with client.session_transaction() as session:
        session.clear()
    login_as("signatory")
    _save(folder, "403", client.get("/outbox/"), pages)
    return pages


def test_every_page_passes_the_nu_html_checker(app, client, login_as, rich_sample, tmp_path):
    command = vnu_command()
    if command is None:
        pytest.fail("no Nu HTML checker: run `python -m tests.needs` (make test does)")
    pages = _pages(app, client, login_as, rich_sample, tmp_path)
    assert len(pages) > 150
    checked = subprocess.run(
        [*command, "--format", "json", "--errors-only", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(checked.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{m['url'].rsplit('/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
        f" [{m.get('extract', '').strip()[:80]}]"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors)
