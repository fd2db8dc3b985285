"""Personal API tokens: made and revoked by their owner, shown once, sent as a Bearer token;
a token reads exactly what its owner may read, and stops working when revoked, expired or
its owner is switched off."""

import datetime as dt
import re

import pytest
import time_machine

from secretariat.auth.models import User
from secretariat.extensions import db

from ..conftest import submit
from ..helpers import lv, text_of
from .conftest import MEETINGS, SEES_MEETINGS


def _make_token(client, name="Mūsu iekštīkls", days="90") -> str:
    response = submit(client, "/account/api-tokens", {"name": name, "days": days})
    assert response.status_code == 200
    token = re.search(r'id="new-token">(msk_[\w-]+)<', response.get_data(as_text=True)).group(1)
    assert token not in client.get("/account/api-tokens").get_data(as_text=True)  # shown once
    return token


def _titles(app, token) -> set[str]:
    response = app.test_client().get(
        "/api/v1/meetings?per_page=200", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "private, no-cache"
    return {item["title"] for item in response.get_json()["items"]}


@pytest.mark.parametrize("role", ["signatory", "member", "staff"])
def test_a_token_reads_what_its_owner_may_read(role, app, client, login_as, world):
    login_as(role)
    token = _make_token(client)
    assert _titles(app, token) == {MEETINGS[v] for v in SEES_MEETINGS[role]}


def test_a_revoked_token_stops_working(app, client, login_as, world):
    login_as("member")
    token = _make_token(client)
    page = client.get("/account/api-tokens").get_data(as_text=True)
    revoke = re.search(r'action="(/account/api-tokens/\d+/revoke)"', page).group(1)
    submit(client, revoke, form_url="/account/api-tokens")
    response = app.test_client().get(
        "/api/v1/meetings", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert response.get_json()["message"] == lv(
        "The API token is not valid: it may have expired or been revoked."
    )


def test_an_expired_token_and_a_switched_off_owner_are_refused(app, client, login_as, world):
    user = login_as("member")
    token = _make_token(client, days="30")
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=31)):
        expired = app.test_client().get(
            "/api/v1/meetings", headers={"Authorization": f"Bearer {token}"}
        )
    assert expired.status_code == 401
    lasting = _make_token(client, name="Bez termiņa", days="0")
    assert _titles(app, lasting)
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    switched_off = app.test_client().get(
        "/api/v1/meetings", headers={"Authorization": f"Bearer {lasting}"}
    )
    assert switched_off.status_code == 401


def test_a_wrong_token_is_refused_not_read_as_anonymous(app, world):
    for header in ("Bearer msk_nepareizs", "Bearer ", "Basic dXNlcjpwYXNz", "msk_x"):
        response = app.test_client().get("/api/v1/meetings", headers={"Authorization": header})
        assert response.status_code == 401, header


def test_a_token_opens_no_page_and_changes_nothing(app, client, login_as, world):
    login_as("staff")
    token = _make_token(client)
    other = app.test_client()
    page = other.get("/meetings/", headers={"Authorization": f"Bearer {token}"})
    assert page.status_code == 302 and page.headers["Location"].startswith("/login")


def test_the_openapi_document_declares_the_token(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["components"]["securitySchemes"]["apiToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": document["components"]["securitySchemes"]["apiToken"]["description"],
    }
    assert {"apiToken": []} in document["security"] and {} in document["security"]


def test_the_token_list_shows_name_prefix_and_validity(client, login_as):
    login_as("member")
    token = _make_token(client, name="Atskaišu skripts", days="365")
    page = text_of(client.get("/account/api-tokens"))
    assert "Atskaišu skripts" in page and f"{token[:10]}…" in page
