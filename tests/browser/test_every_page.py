"""Every page type, as every role, on a phone (390×844) and a desktop (1280×800): the page
never scrolls sideways, no word in a badge or a table header is broken across lines, and
axe-core finds no accessibility violation.

One browser for the whole pass; one context per role (signed in once), each page loaded
once and checked at both widths. The records are the access matrix's sample: one of
everything, visible to every signed-in role.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask import url_for

from ..conftest import PASSWORD, ROLES, totp_code
from ..helpers import lv
from ..test_access_matrix import (  # noqa: F401 - `sample` is a fixture
    OVERRIDES,
    QUERIES,
    RULES,
    sample,
)

pytestmark = pytest.mark.browser

VIEWPORTS = ({"width": 390, "height": 844}, {"width": 1280, "height": 800})

#: routes that answer with something other than an HTML page (files, feeds, JSON) or that
#: only redirect elsewhere; any address ending in a file's extension (.pdf, .csv, .ics …)
#: is a file too (`_is_file`)
NOT_PAGES = {
    "static",
    "health",
    "documents.meeting_pdf",
    "documents.download",
    "updates.pdf",
    "updates.feed",
    "updates.public_calendar",
    "updates.body_calendar",
    "updates.personal_calendar",
    "organisations.export_register",
    "people.export_people",
    "dashboard.activity_report_pdf",
    "dashboard.activity_report_xlsx",
    "open_data.signatories_csv",
    "open_data.decisions_csv",
    "open_data.measures_csv",
    "open_data.tasks_csv",
    "programmes.plan_pdf",
    "programmes.report_pdf",
    "programmes.task_pdf",
}


def _is_file(path: str) -> bool:
    """An address that names a file: ends in an extension, or a choice of them (export.csv)."""
    return re.search(r"\.(\w+|<[^>]+>)$", path) is not None


#: in the page script: words (between spaces, hyphens and slashes) whose letters lie on
#: more than one line, inside the elements the selector finds
BROKEN_WORDS = """
(selector) => {
  const broken = [];
  for (const element of document.querySelectorAll(selector)) {
    if (!element.getClientRects().length) continue;
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
      const pattern = /[^\\s\\-\\u2013\\/]+/g;
      let match;
      while ((match = pattern.exec(node.textContent))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set(
          [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))
        );
        if (lines.size > 1) broken.push(element.tagName.toLowerCase() + ": " + match[0]);
      }
    }
  }
  return broken;
}
"""


NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


def _pages(app, sample_ids, role) -> list[tuple[str, str]]:
    """(endpoint, address) of every HTML page this role may open."""
    pages = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            endpoint = rule.endpoint
            if (
                "GET" not in rule.methods
                or endpoint in NOT_PAGES
                or endpoint.startswith("api.")
                or _is_file(rule.rule)
            ):
                continue
            if RULES[endpoint][role] != "ok":
                continue
            values = {**sample_ids, **OVERRIDES.get(endpoint, {})}
            if endpoint == "documents.minutes":
                values["meeting_id"] = sample_ids["minutes_meeting_id"]
            arguments = {a: values[a] for a in rule.arguments}
            pages.append((endpoint, url_for(endpoint, **arguments, **QUERIES.get(endpoint, {}))))
    return sorted(set(pages))


def _sign_in(page, app, role):
    import pyotp

    from secretariat.auth.services import create_user
    from secretariat.core.types import utcnow
    from secretariat.extensions import db
    from secretariat.organisations.models import Organisation

    if role == "anonymous":
        return
    email = f"{role}-pass@example.org"
    with app.app_context():
        organisation = (
            db.session.scalar(db.select(Organisation).limit(1)) if role == "signatory" else None
        )
        user = create_user(
            email, PASSWORD, role, name=f"Lietotājs {role}", organisation=organisation
        )
        if user.two_factor_required:  # staff have set up their authenticator app
            user.totp_secret, user.totp_confirmed_at = pyotp.random_base32(), utcnow()
        db.session.commit()
        secret = user.totp_secret
    page.goto("/login")
    page.get_by_label(lv("E-mail")).fill(email)
    page.get_by_label(lv("Password")).fill(PASSWORD)
    page.get_by_role("button", name=lv("Sign in")).click()
    if secret:
        page.get_by_label(lv("Code")).fill(totp_code(secret))
        page.get_by_role("button", name=lv("Sign in")).click()
    page.wait_for_url(lambda url: "/login" not in url)


def _axe_violations(page, axe) -> list[dict]:
    """axe-core's findings on the page as it is laid out now; the bundled script is put
    into each page once, however many widths it is checked at."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe.axe_script)
    return page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then((r) => r.violations)"
    )


def _problems(page, axe) -> list[str]:
    found = []
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    if width[0] > width[1]:
        found.append(f"page is {width[0]} px wide in a {width[1]} px window")
    found += [f"word broken: {w}" for w in page.evaluate(BROKEN_WORDS, ".badge, th")]
    for violation in _axe_violations(page, axe):
        targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"][:3])
        found.append(f"axe {violation['id']}: {targets}")
    return found


@pytest.fixture
def approved_minutes(app, sample):  # noqa: F811
    """A held session of the sample's body whose minutes signatories may read (approved at
    the next session): the minutes page is then a page for every signed-in role."""
    import datetime as dt

    from secretariat.core.dates import riga_to_utc
    from secretariat.core.types import utcnow
    from secretariat.decisions.services import record_decision
    from secretariat.documents import services
    from secretariat.extensions import db
    from secretariat.meetings.services import create_meeting

    with app.app_context():

        def session(day):
            return create_meeting(
                body_id=sample["body_id"],
                kind="session",
                title=f"Padomes sēde {day:%d.%m.}",
                starts_at=riga_to_utc(day, dt.time(10)),
                status="held",
                visibility="signatories",
            )

        held, later = session(dt.date(2025, 8, 27)), session(dt.date(2025, 9, 3))
        minutes = services.minutes_of(held)
        minutes.visibility = "signatories"
        minutes.introduction = "Sēdi atklāj plkst. 10.00.\n- pirmais\n- otrais"
        services.circulate(minutes, utcnow())
        approval = record_decision(later, title="Par protokola apstiprināšanu", adopted=True)
        services.approve(minutes, approval, utcnow())
        db.session.commit()
        return held.id


@pytest.mark.parametrize("role", ROLES)
def test_every_page_at_both_widths_as(
    role,
    app,
    browser,
    live_server,
    sample,  # noqa: F811
    approved_minutes,
):
    context = browser.new_context(base_url=live_server, locale="lv-LV")
    page = context.new_page()
    page.set_default_timeout(15_000)
    axe = Axe()
    wrong = []
    try:
        _sign_in(page, app, role)
        ids = {**sample, "minutes_meeting_id": approved_minutes}
        for endpoint, address in _pages(app, ids, role):
            page.set_viewport_size(VIEWPORTS[0])
            response = page.goto(address)
            if response is None or response.status >= 400:
                wrong.append(f"{address} ({endpoint}): status {response and response.status}")
                continue
            for viewport in VIEWPORTS:
                page.set_viewport_size(viewport)
                page.evaluate(NEXT_FRAME)  # the page script has seen the new width
                for problem in _problems(page, axe):
                    wrong.append(f"{address} ({endpoint}) at {viewport['width']} px: {problem}")
    finally:
        context.close()
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
