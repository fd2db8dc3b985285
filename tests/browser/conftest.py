"""A live server and a headless Chromium driven by Playwright.

The browser is found as `make test` found it (tests/needs.py: Debian's chromium, or
Playwright's own); these tests fail loudly when there is none.
"""

import threading

import pytest
from werkzeug.serving import make_server

from tests.needs import browser_path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = browser_path()
    if executable is None:
        pytest.fail("no Chromium for the browser tests: run `python -m tests.needs`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="lv-LV")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, user, password=None):
    """Sign in through the form as a person does, with the app's code where the account has
    a second factor."""
    from tests.conftest import PASSWORD, totp_code
    from tests.helpers import lv

    page.goto("/login")
    page.get_by_label(lv("E-mail")).fill(user.email)
    page.get_by_label(lv("Password")).fill(password or PASSWORD)
    page.get_by_role("button", name=lv("Sign in")).click()
    if user.totp_secret:
        page.get_by_label(lv("Code")).fill(totp_code(user.totp_secret))
        page.get_by_role("button", name=lv("Sign in")).click()
