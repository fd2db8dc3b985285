"""Hostile input into every form and every query parameter, as every role: never a 5xx,
and a refused request changes nothing.

The forms are found as a person finds them: every route of the app is opened with real
records (the access matrix's sample), and each <form> on each page is read — its fields,
their shown values, its hidden fields and CSRF token. Each field in turn then gets a few
values from HOSTILE while the others keep what the page showed, so one bad value meets
otherwise good input and reaches as deep as it can. Hidden fields are also left out and
tampered with; the CSRF token stays valid, so the view itself answers. Query parameters
(those the pages' filter forms and links use, those the API's OpenAPI description names,
and `page` everywhere) get the same treatment, and every path value is put out of range
(numbers) or made hostile (text), as the roles routing could tell apart.

A request that fails (5xx, or an exception the app let through) is a finding; so is a
refused one (4xx) that committed a write.

The size is bounded: a few values per field, rotated by field and role so that together
they use the whole list, keeps each run to a few seconds. FUZZ_ALL=1 in the environment
posts every value into every field.
"""

import io
import itertools
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from secretariat.extensions import db

from .conftest import PASSWORD, ROLES, csrf_token
from .test_access_matrix import OVERRIDES
from .test_access_matrix import sample as sample  # noqa: F401 - the same real records

#: seed 001's plan as one spreadsheet, as the app ships it
SEED_001_PLAN = Path(__file__).resolve().parent.parent / "secretariat/demo/data/seed_001_plan.csv"

NUL = "Ābele\x00biedrība"
HOSTILE = [
    NUL,
    "te\x01\x02\x1b[31mksts\x7f",
    "pirmā rinda\r\nSet-Cookie: x=1",
    "Ā" * 10_000,
    "1" + "0" * 30,  # 10^30
    "-1",
    "-99999999999999999999",
    "nav skaitlis",
    "",
    b"\xff\xfe\xc3(",  # not UTF-8
    "31.02.2025",
    "01.01.99999",
    "99999999999",
    "0",
    "1e309",
    "\u202eexe.pdf",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
]
PER_FIELD = 3
#: staff and admin are shown the same forms: each posts two values into a field, together
#: four — (values, offset into the list)
SHARED = {"staff": (2, 0), "admin": (2, 2)}
#: how many values each query parameter gets
PER_PARAMETER = 2
#: a file field gets these instead (content, file name)
HOSTILE_FILES = [
    (b"\x00\xff" * 64, "tabula.xlsx"),
    (b"PK\x03\x04" + b"\x00" * 64, "bojats.xlsx"),
    ("Nosaukums;Kontakti\n\x00;\xff\n".encode("latin-1"), "../../tabula.csv"),
    (b"", "tuks.csv"),
    (b"%PDF-1.7 x", "\x00.pdf"),
]
#: path values an integer converter gets
HOSTILE_IDS = ["2147483648", "1" + "0" * 30]
#: the roles path values are tried as
PATH_ROLES = ("anonymous", "staff")
if os.environ.get("FUZZ_ALL"):  # every value everywhere, as everyone: minutes, not seconds
    PER_FIELD, PER_PARAMETER, SHARED, PATH_ROLES = len(HOSTILE), len(HOSTILE), {}, ROLES
    HOSTILE_IDS += ["99999999999", str(2**63)]
#: what a string path value gets
HOSTILE_SEGMENTS = ["%00", "%FF%FE", "x" * 5000]


@dataclass
class Form:
    method: str
    action: str
    multipart: bool
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (name, type, value)


class _FormReader(HTMLParser):
    """The <form> elements of a page with the values a browser would send untouched."""

    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and a.get("href", "").startswith("/"):
            self.links.append(a["href"])
        if tag == "form":
            self._form = Form(
                (a.get("method") or "get").lower(),
                a.get("action") or self.page_url,
                a.get("enctype") == "multipart/form-data",
            )
            self.forms.append(self._form)
            return
        form = self._form
        if form is None or not a.get("name") and tag != "option":
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.fields.append((a["name"], kind, a.get("value", "on")))
                elif kind == "radio" and not any(f[0] == a["name"] for f in form.fields):
                    form.fields.append((a["name"], kind, a.get("value", "on")))
            elif kind not in ("submit", "reset", "image"):
                form.fields.append((a["name"], kind, a.get("value", "")))
        elif tag == "button" and a.get("value"):
            form.fields.append((a["name"], "button", a["value"]))
        elif tag == "select":
            self._select, self._select_value = a["name"], None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_value is None or "selected" in a:
                self._select_value = value
        elif tag == "textarea":
            self._textarea, self._text = a["name"], []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._form and self._select:
            self._form.fields.append((self._select, "select", self._select_value or ""))
            self._select = None
        elif tag == "textarea" and self._form and self._textarea:
            text = "".join(self._text).removeprefix("\n")
            self._form.fields.append((self._textarea, "textarea", text))
            self._textarea = None


def _read_page(url: str, body: str) -> _FormReader:
    reader = _FormReader(url)
    reader.feed(body)
    return reader


def _endpoint(app, url: str, method: str = "GET") -> tuple[str, dict] | None:
    try:
        return app.url_map.bind("").match(urlsplit(url).path, method=method.upper())
    except Exception:  # not a route of this app (a static file's address, say)
        return None


class Writes:
    """Counts the transactions the app committed with a write in them: a refused request
    must commit none (whatever it wrote before it was refused is rolled back)."""

    _WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)

    def __init__(self, app):
        with app.app_context():
            engine = db.engine
        self.committed = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)
        event.listen(engine, "rollback", self._rollback)

    def _statement(self, conn, cursor, statement, parameters, context, executemany):
        if self._WRITE.match(statement):
            conn.info["fuzz_wrote"] = True

    def _commit(self, conn):
        if conn.info.pop("fuzz_wrote", False):
            self.committed += 1

    def _rollback(self, conn):
        conn.info.pop("fuzz_wrote", None)


@dataclass
class Findings:
    failures: list[str] = field(default_factory=list)
    half_saved: list[str] = field(default_factory=list)
    causes: Counter = field(default_factory=Counter)
    sent: int = 0

    def fail(self, cause: str, what: str) -> None:
        self.causes[re.sub(r"\d+", "N", cause)[:90]] += 1
        self.failures.append(f"{cause}: {what}")

    def report(self) -> str:
        tally = [f"{n:5} × {cause}" for cause, n in self.causes.most_common()]
        return "\n".join(tally + self.failures[:40] + self.half_saved[:20])


class Fuzzer:
    def __init__(self, app, client, role: str):
        self.app, self.client, self.role = app, client, role
        self.writes = Writes(app)
        self.found = Findings()
        self.rotation = itertools.count(0 if role in SHARED else ROLES.index(role) * 7)

    def send(self, method: str, url: str, what: str, **kwargs):
        """One request; a 5xx, or an exception the app let through, is a finding; a refused
        request must leave the database as it was."""
        before = self.writes.committed
        self.found.sent += 1
        try:
            response = self.client.open(url, method=method, **kwargs)
        except Exception as error:  # TESTING propagates what would be a 500
            cause = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
            self.found.fail(cause, f"{method} {url} {what}")
            self._recover()
            status = 500
        else:
            status = response.status_code
            response.close()
            if status >= 500:
                self.found.fail(str(status), f"{method} {url} {what}")
        if status >= 400 and self.writes.committed != before:
            self.found.half_saved.append(f"{status} but saved: {method} {url} {what}")

    def _recover(self):
        with self.app.app_context():
            db.session.rollback()

    def values(self) -> list:
        count, offset = SHARED.get(self.role, (PER_FIELD, 0))
        start = next(self.rotation) * (count + offset) + offset
        return [HOSTILE[(start + i) % len(HOSTILE)] for i in range(count)]

    def post_form(self, form: Form, token: str):
        base = [(n, v) for n, kind, v in form.fields if kind != "file" and n != "csrf_token"]
        names = list(dict.fromkeys(n for n, *_ in form.fields if n != "csrf_token"))
        files = [n for n, kind, _ in form.fields if kind == "file"]

        def post(pairs, what, upload=None):
            pairs = [("csrf_token", token), *pairs]
            if form.multipart:
                data = {}
                for name, value in pairs:
                    if isinstance(value, bytes):
                        value = value.decode("utf-8", "replace")
                    data.setdefault(name, []).append(value)
                for name in files if upload else ():
                    data[name] = (io.BytesIO(upload[0]), upload[1])
                self.send("POST", form.action, what, data=data, content_type="multipart/form-data")
            else:
                self.send(
                    "POST",
                    form.action,
                    what,
                    data=urlencode(pairs),
                    content_type="application/x-www-form-urlencoded",
                )

        post([], "with every field missing")
        for name in names:
            kind = next(k for n, k, _ in form.fields if n == name)
            others = [(n, v) for n, v in base if n != name]
            if kind == "file":
                for upload in HOSTILE_FILES[next(self.rotation) % 2 :: 2]:
                    post(base, f"{name}=file {upload[1]!r}", upload)
                continue
            if kind in ("hidden", "select", "radio", "checkbox"):
                post(others, f"without {name}")
            for value in self.values():
                post([*others, (name, value)], f"{name}={_short(value)}")

    def query(self, url: str, params: set[str]):
        for param in sorted(params):
            for value in self.values()[:PER_PARAMETER]:
                path = urlsplit(url).path
                self.send("GET", f"{path}?{urlencode({param: value})}", f"{param}")

    def path_values(self, rule, values: dict, token: str):
        """Each path value in turn out of range (numbers) or hostile (text): a 404."""
        from flask import url_for
        from werkzeug.routing import AnyConverter, IntegerConverter, PathConverter

        for arg, converter in rule._converters.items():
            if isinstance(converter, AnyConverter | PathConverter):
                continue
            number = isinstance(converter, IntegerConverter)
            sentinel = 987654321 if number else "vietturis"
            with self.app.test_request_context():
                url = url_for(
                    rule.endpoint, **{**{a: values[a] for a in rule.arguments}, arg: sentinel}
                )
            for bad in HOSTILE_IDS if number else HOSTILE_SEGMENTS:
                probe = url.replace(str(sentinel), bad, 1)
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    data = {"csrf_token": token} if method == "POST" else None
                    self.send(method, probe, f"path {arg}", data=data)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) < 40 else text[:37] + "…"


def _routes(app, sample):
    from flask import url_for

    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            values = {**sample, **OVERRIDES.get(rule.endpoint, {})}
            url = url_for(rule.endpoint, **{arg: values[arg] for arg in rule.arguments})
            found.append((rule, values, url))
    return found


@pytest.fixture
def records(app, sample):
    """The access matrix's sample, and what makes the remaining forms appear: minutes at
    each step, a draft update, a failed message, a meeting signatories may still answer,
    a signatory the register says ended."""
    import datetime as dt

    from secretariat.core.dates import riga_to_utc
    from secretariat.core.types import utcnow
    from secretariat.decisions.services import record_decision
    from secretariat.documents import services as documents
    from secretariat.meetings.models import Meeting
    from secretariat.meetings.services import add_agenda_item, create_meeting
    from secretariat.organisations.models import Organisation
    from secretariat.reminders.models import Outbox
    from secretariat.reminders.outbox import enqueue
    from secretariat.updates.services import draft_update

    with app.app_context():
        first = db.session.get(Meeting, sample["meeting_id"])
        add_agenda_item(first, "Otrais jautājums")

        def meeting(day, **fields):
            return create_meeting(
                body_id=first.body_id,
                kind="session",
                title=f"Sēde {day}",
                starts_at=riga_to_utc(day, dt.time(10)),
                visibility="signatories",
                **fields,
            )

        draft = meeting(dt.date(2025, 10, 1), status="held")
        circulated = meeting(dt.date(2025, 10, 8), status="held")
        approved = meeting(dt.date(2025, 10, 15), status="held")
        later = meeting(dt.date(2025, 11, 5), status="held")
        meeting(dt.date(2027, 1, 14))  # signatories may still say whether they come
        approving = record_decision(later, title="Apstiprināt protokolus")
        documents.minutes_of(draft)
        for minutes in (documents.minutes_of(circulated), documents.minutes_of(approved)):
            documents.circulate(minutes, utcnow())
        documents.approve(documents.minutes_of(approved), approving, utcnow())
        draft_update(dt.date(2025, 10, 1), visibility="public")
        enqueue("failed", "action_due", "y@example.org", "Temats", "t", "<p>t</p>", utcnow())
        db.session.execute(
            sa.update(Outbox).where(Outbox.idempotency_key == "failed").values(next_attempt_at=None)
        )
        db.session.add(
            Organisation(
                name="Biedrība Beigusies",
                registration_number="40008000002",
                status="active",
                memorandum_signed_on=dt.date(2020, 1, 1),
            )
        )
        # a person to merge into the sample's, a call still open, an account with a second
        # factor (an administrator may reset it) and one invited (invited again)
        from secretariat.auth.models import User
        from secretariat.people.models import Person
        from secretariat.updates.services import create_call

        other = Person(name="Otra Persona")
        db.session.add(other)
        create_call(
            kind="survey",
            title="Atvērta aptauja",
            deadline_on=dt.date.today() + dt.timedelta(days=30),
            visibility="public",
        )
        reader = db.session.get(User, sample["user_id"])
        reader.totp_secret, reader.totp_confirmed_at = "JBSWY3DPEHPK3PXP", utcnow()
        invited = User(email="uzaicinats@example.org", role="member", name="Uzaicināts")
        db.session.add(invited)
        db.session.commit()
        pages = [f"/meetings/{m.id}/minutes" for m in (draft, circulated, approved)]
        pages += [f"/people/{sample['person_id']}/merge?other={other.id}", f"/users/{invited.id}"]
    return {**sample, "pages": pages}


#: pages only a post reaches (an import's preview): (url, form data) posted to find forms on
def _previews(client, token, plan_id):
    csv = "Nosaukums;Reģistrācijas numurs\nBiedrība Ābele;40008000001\n".encode()
    directory = "Jēkabpils novads\nDome\t+371 29802373 dome@jekabpils.lv\n".encode()
    register = b"regcode;name;terminated;closed\n40008000002;Beigusies;2024-01-01;\n"
    people = "Vārds, uzvārds;E-pasts\nAnna Ābele;anna@example.lv\n".encode()
    plan = SEED_001_PLAN.read_text(encoding="utf-8").splitlines(keepends=True)[:3]
    for url, content, name in (
        ("/organisations/import", csv, "tabula.csv"),
        ("/contacts/import", directory, "kontakti.tsv"),
        ("/register/sync", register, "register.csv"),
        ("/people/import", people, "personas.csv"),
        (f"/programmes/plans/{plan_id}/import", "".join(plan).encode(), "plans.csv"),
    ):
        yield (
            url,
            client.post(
                url,
                data={"csrf_token": token, "file": (io.BytesIO(content), name)},
                content_type="multipart/form-data",
            ),
        )


#: POST routes no page offers a form for, and why
NO_FORM = {
    # the mail provider posts List-Unsubscribe=One-Click with no page; fuzzed below
    "reminders.unsubscribe_one_click",
    # the minutes editor's script posts the text being written; fuzzed below
    "documents.preview_minutes",
    # reached between the password and the code, signed out: fuzzed in the anonymous run
    "auth.second_factor",
    "auth.two_factor_setup",
}
#: forms only another role is shown (each fuzzed in that role's run)
FORMS_OF = {
    "anonymous": {"auth.login_page", "auth.second_factor", "auth.two_factor_setup"},
    "signatory": {"organisations.my_organisation", "updates.rsvp"},
    # members may switch their second factor off (staff may not)
    "member": {"account.two_factor_off"},
    "admin": {
        "users.detail",
        "users.invite",
        "users.invite_again",
        "users.reset_second_factor",
        "users.switch",
    },
}
#: how many pages of one route the crawl opens
PAGES_PER_ROUTE = 4


def _discover(app, client, routes, records, token, role):
    """Open every route and the pages their links lead to (a few per route), as the role;
    returns the forms to post, the query parameters each route is given, and the pages."""
    forms: dict[tuple, Form] = {}
    params: dict[str, set[str]] = {}
    opened: dict[str, str] = {}  # url → endpoint, of pages that answered 200
    visits: dict[str, int] = {}

    def read(url, response):
        page = _read_page(url, response.get_data(as_text=True))
        for form in page.forms:
            match = _endpoint(app, form.action, form.method)
            if match is None:
                continue
            names = tuple(sorted({n for n, *_ in form.fields}))
            if form.method == "post":
                forms.setdefault((match[0], names), form)
            else:
                params.setdefault(match[0], set()).update(n for n in names if n)
        return page.links

    queue = [url for rule, _, url in routes if "GET" in rule.methods and rule.endpoint != "static"]
    queue += records["pages"]
    seen = set(queue)
    while queue:
        url = queue.pop(0)
        match = _endpoint(app, url)
        if match is None or visits.get(match[0], 0) >= PAGES_PER_ROUTE:
            continue
        visits[match[0]] = visits.get(match[0], 0) + 1
        response = client.get(url)
        if response.status_code == 200:
            opened[url] = match[0]
            if response.mimetype == "text/html":
                for link in read(url, response):
                    target = _endpoint(app, link)
                    if target and (query := urlsplit(link).query):
                        params.setdefault(target[0], set()).update(k for k, _ in parse_qsl(query))
                    path = urlsplit(link).path
                    if target and path not in seen and target[0] != "static":
                        seen.add(path)
                        queue.append(path)
        response.close()
    if role in ("staff", "admin"):
        for url, response in _previews(client, token, records["record_id"]):
            read(url, response)
    # the API's parameters, as its description names them
    api = client.get("/api/v1/openapi.json").get_json()
    base = api["servers"][0]["url"]
    for path, item in api["paths"].items():
        if "{" not in path and (match := _endpoint(app, base + path)):
            names = {p["name"] for p in item["get"].get("parameters", ()) if p["in"] == "query"}
            params.setdefault(match[0], set()).update(names)
    return forms, params, opened


@pytest.mark.parametrize("role", ROLES)
def test_hostile_input_never_fails_the_server(role, app, client, login_as, make_user, records):
    user = login_as(role, two_factor=True) if role != "anonymous" else None
    if user is not None:  # a token of their own to revoke
        from secretariat.auth import api_tokens
        from secretariat.auth.models import User
        from secretariat.core.types import utcnow

        with app.app_context():
            api_tokens.create(db.session.get(User, user.id), "Skripts", None, utcnow())
            db.session.commit()
    token = csrf_token(client, "/login")
    fuzzer = Fuzzer(app, client, role)
    routes = _routes(app, records)
    forms, params, opened = _discover(app, client, routes, records, token, role)
    if role == "anonymous":  # half signed in: the code, and setting an authenticator up
        for second_factor in (True, False):
            person = make_user("staff", two_factor=second_factor)
            sign_in_step = client.post(
                "/login",
                data={
                    "email": person.email,
                    "password": PASSWORD,
                    "csrf_token": csrf_token(client, "/login"),
                },
            )
            assert sign_in_step.status_code == 302, sign_in_step.get_data(as_text=True)[:2000]
            url = sign_in_step.headers["Location"]
            page = _read_page(url, client.get(url).get_data(as_text=True))
            for form in page.forms:
                if (match := _endpoint(app, form.action, form.method)) is not None:
                    forms.setdefault((match[0], tuple(sorted({n for n, *_ in form.fields}))), form)
            with client.session_transaction() as session:
                session.clear()

    # forms that change state late, deleting ones later and signing out last of all
    def order(item):
        (endpoint, _), _form = item
        return (endpoint == "auth.logout", "delete" in endpoint or "end_" in endpoint, endpoint)

    for (endpoint, _names), form in sorted(forms.items(), key=order):
        if endpoint != "auth.logout":
            fuzzer.post_form(form, token)
    for endpoint, url in {endpoint: url for url, endpoint in reversed(opened.items())}.items():
        fuzzer.query(url, params.get(endpoint, set()) | {"page"})
    if role in PATH_ROLES:  # routing refuses them before any view or role is asked
        for rule, values, _url in routes:
            if rule.endpoint != "static":
                fuzzer.path_values(rule, values, token)

    from secretariat.reminders.rules import unsubscribe_token

    with app.app_context():
        one_click = f"/unsubscribe/{unsubscribe_token('x@example.org', 'meeting_invitation')}"
    for value in fuzzer.values():
        fuzzer.send(
            "POST",
            f"{one_click}/one-click",
            "List-Unsubscribe",
            data=urlencode({"List-Unsubscribe": value}),
            content_type="application/x-www-form-urlencoded",
        )

    if role == "staff":  # what the minutes editor's script sends
        for value in fuzzer.values():
            fuzzer.send(
                "POST",
                f"/meetings/{records['meeting_id']}/minutes/preview",
                "text",
                data=urlencode({"text": value, "csrf_token": token}),
                content_type="application/x-www-form-urlencoded",
            )

    posted = {endpoint for endpoint, _ in forms}
    missing = FORMS_OF.get(role, set()) - posted
    if role == "staff":  # every other POST route offers its form to staff somewhere
        post_routes = {r.endpoint for r, *_ in routes if "POST" in r.methods}
        others = set().union(*FORMS_OF.values())
        missing |= post_routes - posted - others - NO_FORM
    assert not missing, f"POST routes no form was found for: {sorted(missing)}"
    found = fuzzer.found
    print(f"\n{role}: {len(forms)} forms, {found.sent} requests, {len(found.failures)} 5xx")
    print("\n".join(f"{n:5} × {cause}" for cause, n in found.causes.most_common()))
    assert not fuzzer.found.failures and not fuzzer.found.half_saved, (
        f"{len(fuzzer.found.failures)} failures, {len(fuzzer.found.half_saved)} half-saved\n"
        + fuzzer.found.report()
    )


def test_the_fuzz_reads_forms_as_a_browser_sends_them():
    page = _read_page(
        "/x",
        '<form method="post" action="/a"><input type="hidden" name="csrf_token" value="t">'
        '<input name="title" value="Sēde"><select name="kind"><option value="a">A</option>'
        '<option value="b" selected>B</option></select><textarea name="notes">\nTeksts'
        '</textarea><input type="checkbox" name="c" value="1"><input type="checkbox" '
        'name="d" value="2" checked><button name="direction" value="up">↑</button></form>',
    )
    (form,) = page.forms
    assert form.action == "/a" and form.method == "post"
    assert form.fields == [
        ("csrf_token", "hidden", "t"),
        ("title", "text", "Sēde"),
        ("kind", "select", "b"),
        ("notes", "textarea", "Teksts"),
        ("d", "checkbox", "2"),
        ("direction", "button", "up"),
    ]
