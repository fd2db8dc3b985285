"""The page frame is built once per kind of reader: each kind still gets its own."""

import re

from tests.conftest import sign_in
from tests.helpers import lv

NAV = re.compile(r'<nav class="main"[^>]*>(.*?)</nav>', re.S)


def nav_links(client) -> list[str]:
    page = client.get("/meetings/").get_data(as_text=True)
    return re.findall(r">([^<]+)</a>", NAV.search(page).group(1))


def test_each_role_keeps_its_own_navigation(app, make_user, make_organisation):
    staff, signatory, anonymous = app.test_client(), app.test_client(), app.test_client()
    sign_in(staff, make_user("staff").email)
    sign_in(signatory, make_user("signatory", organisation=make_organisation()).email)

    for _ in range(2):  # the second round is served from what the first built
        assert lv("Register") in nav_links(staff) and lv("Portal") not in nav_links(staff)
        signatory_links = nav_links(signatory)
        assert lv("Portal") in signatory_links and lv("My organisation") in signatory_links
        assert lv("Register") not in signatory_links and lv("Outbox") not in signatory_links

    page = anonymous.get("/public/").get_data(as_text=True)
    assert lv("Meetings") not in re.findall(r">([^<]+)</a>", NAV.search(page).group(1))
