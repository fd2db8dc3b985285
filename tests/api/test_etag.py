"""Every read carries an ETag, and sending it back saves the body."""

import pytest

URLS = [
    "/api/v1/meetings",
    "/api/v1/meetings/{meeting}",
    "/api/v1/decisions",
    "/api/v1/decisions/{decision}",
    "/api/v1/bodies",
    "/api/v1/bodies/{body}",
    "/api/v1/organisations",
    "/api/v1/organisations/{organisation}",
    "/api/v1/openapi.json",
    "/open-data/signatories.csv",
    "/open-data/decisions.csv",
]


def _url(template, world):
    return template.format(
        meeting=world["meetings"]["public"].id,
        decision=world["decisions"]["named"].id,
        body=world["council"].id,
        organisation=world["signatory"],
    )


@pytest.mark.parametrize("template", URLS)
def test_if_none_match_answers_304_without_a_body(template, client, world):
    url = _url(template, world)
    first = client.get(url)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == etag
    stale = client.get(url, headers={"If-None-Match": '"something-else"'})
    assert stale.status_code == 200 and stale.data == first.data


def test_the_etag_changes_with_the_data(client, world, app):
    from secretariat.extensions import db
    from secretariat.meetings.models import Meeting

    url = f"/api/v1/meetings/{world['meetings']['public'].id}"
    etag = client.get(url).headers["ETag"]
    with app.app_context():
        db.session.get(Meeting, world["meetings"]["public"].id).title = "Pārdēvēta sēde"
        db.session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.get_json()["title"] == "Pārdēvēta sēde"


def test_each_reader_has_their_own_tag(client, login_as, world):
    anonymous = client.get("/api/v1/meetings")
    assert anonymous.headers["Cache-Control"] == "no-cache"
    assert "Cookie" in anonymous.headers["Vary"]
    login_as("staff")
    staff = client.get("/api/v1/meetings", headers={"If-None-Match": anonymous.headers["ETag"]})
    assert staff.status_code == 200, "a staff member must not reuse the public answer"
    assert staff.headers["Cache-Control"] == "private, no-cache"


def test_errors_carry_no_etag(client, world):
    assert "ETag" not in client.get("/api/v1/meetings?page=0").headers
    assert "ETag" not in client.get("/api/v1/meetings/999999").headers


def test_any_site_may_read_the_public_api_without_cookies(client, world):
    response = client.get("/api/v1/meetings", headers={"Origin": "https://dati.example.lv"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers
    preflight = client.options(
        "/api/v1/meetings",
        headers={
            "Origin": "https://dati.example.lv",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match",
        },
    )
    assert preflight.status_code == 200
    # a page elsewhere may send a token it was given (never a cookie)
    assert preflight.headers["Access-Control-Allow-Headers"] == "If-None-Match, Authorization"
